from django.contrib.sessions.backends import cached_db

from . import PreparedSessionRead


class SessionStore(PreparedSessionRead, cached_db.SessionStore):
    pass
