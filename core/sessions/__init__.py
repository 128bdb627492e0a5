"""Django's database session engines, with the read of the session row compiled once per process
(core/prepared.py, issue 17): it is read on every request. Use `core.sessions.db` (the default) or
`core.sessions.cached_db` (several app servers with Redis) as SESSION_ENGINE."""

import logging

from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from core.prepared import Prepared

_SESSION = Prepared(lambda key: Session.objects.filter(session_key=key), str)


class PreparedSessionRead:
    """The row of the session key, if it has not expired: what Django's engine reads, without building the
    query again. Sessions in Django's own table only (not a custom session model)."""

    def _get_session_from_db(self):
        try:
            session = _SESSION.first(self.session_key)
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            session = None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
