"""Private storage: uploaded and issued files live here and are served only through views that ask
the access rules (DESIGN.md R8). Looked up through settings.STORAGES["private"]: a folder on disk
(DurableFileSystemStorage, below) or, with PRIVATE_S3_BUCKET, a bucket of an S3-compatible store
(config/s3.py)."""

import hashlib
import logging
import os
import sys
import weakref
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import FileField
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from core.errors import DomainError

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


class DurableFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage whose save() returns only once the file is on disk: its bytes are fsynced, then
    its folder (so the new name survives a crash too), and the parents of any folder it had to create.
    The services write the row after the save, so a committed row never points at a file that a power cut
    could still take away. Set `fsync=False` in the storage's OPTIONS only to measure what fsync costs.

    The file is always copied chunk by chunk, never renamed from the upload's temporary file, so a
    HashingFile passed in is hashed in the same pass that writes it (no second read)."""

    CHUNK = 1024 * 1024

    def __init__(self, *args, fsync: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fsync = fsync

    def _make_folders(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            try:
                if self.directory_permissions_mode is not None:
                    old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
                    try:
                        made.mkdir(self.directory_permissions_mode)
                    finally:
                        os.umask(old_umask)
                else:
                    made.mkdir()
            except FileExistsError:
                continue
            if self.fsync:
                fsync_folder(made.parent)

    def _save(self, name, content):
        full_path = Path(self.path(name))
        self._make_folders(full_path.parent)
        while True:
            try:
                fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = Path(self.path(name))
                continue
            break
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks(self.CHUNK):
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                if self.fsync:
                    os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(full_path, self.file_permissions_mode)
            if self.fsync:
                fsync_folder(full_path.parent)
        except BaseException:
            full_path.unlink(missing_ok=True)
            raise
        return str(name).replace("\\", "/")


def fsync_folder(folder) -> None:
    """Make a folder's entries (a new file's name) durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class HashingFile(File):
    """An upload seen through a SHA-256 digest: whatever reads its chunks (the storage writing it) hashes
    it in the same pass. `hexdigest()` is that digest once everything was read, else a fresh read."""

    def __init__(self, upload):
        super().__init__(upload, name=upload.name)
        self.upload = upload
        self.size = upload.size
        self._digest = hashlib.sha256()
        self._hashed = 0

    def chunks(self, chunk_size=None):
        self._digest, self._hashed = hashlib.sha256(), 0
        for chunk in self.upload.chunks(chunk_size):
            self._digest.update(chunk)
            self._hashed += len(chunk)
            yield chunk

    def read(self, *args):
        # A storage that reads rather than iterates (S3) gets the bytes unhashed: hexdigest() reads again.
        self._hashed = -1
        return self.upload.read(*args)

    def hexdigest(self) -> str:
        if self._hashed != self.size:
            digest = hashlib.sha256()
            for chunk in self.upload.chunks():
                digest.update(chunk)
            return digest.hexdigest()
        return self._digest.hexdigest()


def _concrete(storage):
    """The storage behind a lazy one, fixed now: a clean-up that runs later must reach the same place."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


STORAGE_FAILED = (
    "Không lưu được tệp “{name}” vào kho lưu trữ của máy chủ; chưa có gì thay đổi. "
    "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo Văn phòng Sở."
)


class StoreFailed(DomainError):
    """The store itself failed (not the user's input): trying again later may work."""


def store_for_row(field_file, name: str, content, *, refused: str = STORAGE_FAILED) -> None:
    """Write `content` as the file of a row that the caller's transaction is about to save (the row is not
    saved here). The file is in the storage before the row is written (fsynced on disk; a whole object in a
    bucket) and goes again unless that transaction commits. If the store fails (a full or broken disk, a
    bucket that refuses or cannot be reached), nothing was kept and the action is refused with `refused`
    (its {name} filled in), the message the user sees."""
    with refused_if_the_store_fails(refused.format(name=name), what=name):
        field_file.save(name, content, save=False)
    delete_unless_committed(field_file.storage, field_file.name)


@contextmanager
def refused_if_the_store_fails(message: str, *, what: str):
    """A failure of the store inside the block (is_storage_error) is logged and becomes StoreFailed(message);
    any other error goes on as it is."""
    try:
        yield
    except Exception as error:
        if not is_storage_error(error):
            raise
        logger.exception("Could not store %s", what)
        raise StoreFailed(message) from None


def is_storage_error(error: BaseException) -> bool:
    """A failure of the store itself rather than of the code: the disk's (OSError) or, on an S3-compatible
    store, botocore's and boto3's errors (the store unreachable, a refused PUT, a failed upload). Those
    modules are loaded only when such a store is in use, so they are looked up, not imported."""
    if isinstance(error, OSError):
        return True
    kinds = []
    botocore = sys.modules.get("botocore.exceptions")
    if botocore is not None:
        kinds += [botocore.BotoCoreError, botocore.ClientError]
    boto3 = sys.modules.get("boto3.exceptions")
    if boto3 is not None:
        kinds.append(boto3.Boto3Error)
    return bool(kinds) and isinstance(error, tuple(kinds))


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception as error:
        if not is_storage_error(error):
            raise
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
