"""Private storage: uploaded and issued files live here and are served only through views that ask
the access rules (DESIGN.md R8). Looked up through settings.STORAGES["private"], so a deployment can
point it at an S3-compatible store by configuration."""

import logging
import weakref

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import FileField
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)


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


def _concrete(storage):
    """The storage behind a lazy one, fixed now: a clean-up that runs later must reach the same place."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the stored file %s", name)


def delete_after_commit(storage, name: str) -> None:
    """Delete a stored file once the transaction that deleted its row commits (at once outside one)."""
    if name:
        storage = _concrete(storage)
        transaction.on_commit(lambda: _delete_quietly(storage, name))


class _Committed:
    """The on-commit hook of one stored file: it notes the commit. Django drops the hook, unrun, when the
    transaction (or the savepoint it was registered in) rolls back."""

    __slots__ = ("state", "__weakref__")

    def __init__(self, state: dict):
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def _delete_unless_committed(state: dict, storage, name: str) -> None:
    if not state["committed"]:
        _delete_quietly(storage, name)


def delete_unless_committed(storage, name: str) -> None:
    """Remove a file just written for a row unless the transaction saving that row commits.

    Django has no on-rollback hook, but on a rollback it drops the on-commit hooks registered in the
    rolled-back transaction or savepoint; the file goes when its hook is dropped without having run.
    This covers a failed commit and a caller's enclosing transaction that fails later, not only an
    error in the service itself. Call it inside the transaction, right after the file is written.
    """
    if not name:
        return
    storage = _concrete(storage)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("delete_unless_committed() belongs inside the transaction that saves the row.")
    state = {"committed": False}
    hook = _Committed(state)
    # CPython frees the hook as soon as Django lets go of it: on commit after it ran, on rollback unrun.
    weakref.finalize(hook, _delete_unless_committed, state, storage, name)
    transaction.on_commit(hook)


def delete_files_with_row(sender, instance, **kwargs) -> None:
    """post_delete receiver: a deleted row's stored files go once the deletion commits, however it was
    deleted (a service, the admin, a cascade from its campaign or dossier). Connected per model in the
    apps' ready()."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField):
            delete_after_commit(field.storage, getattr(instance, field.attname).name)
