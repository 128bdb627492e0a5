"""Private storage: uploaded and issued files live here and are served only through views that ask
the access rules (DESIGN.md R8). Looked up through settings.STORAGES["private"], so a deployment can
point it at an S3-compatible store by configuration."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """The "private" storage of settings.STORAGES, looked up when first used (and again after the
    setting changes)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    return _private_storage
