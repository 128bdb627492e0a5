from django.contrib.sessions.backends import db

from . import PreparedSessionRead


class SessionStore(PreparedSessionRead, db.SessionStore):
    pass
