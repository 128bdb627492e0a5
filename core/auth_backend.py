"""Django's ModelBackend, with the read of the signed-in user compiled once per process
(core/prepared.py, issue 17): every request reads it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.prepared import Prepared

_USER = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), int)


class PreparedModelBackend(ModelBackend):
    def get_user(self, user_id):
        if type(user_id) is not int:  # a custom user model's key: the ORM's own read
            return super().get_user(user_id)
        user = _USER.first(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
