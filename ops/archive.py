"""One archive holds the whole portal: the database (Django's portable JSON dump, so a SQLite backup
restores into PostgreSQL and back) and every private file, with a manifest of row counts and SHA-256.

Both directions stream: a file goes through in chunks and is hashed on the way, so memory stays the same
whatever the size of the files. A restore is all or nothing: the whole archive is checked and its files
staged on disk before anything changes; the database is then replaced in one transaction and the files put
in place, and if either fails the current rows and files are put back as they were.
"""

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection, transaction

from core.storage import private_storage

logger = logging.getLogger(__name__)

FORMAT = "thidua-backup/1"
# Rebuilt by migrate, or not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Derived from the other rows and recounted after a restore (the dashboard's kept figures, reports/figures.py):
# not in the backup, nor in its counts.
DERIVED = ["reports.unitfigures", "reports.campaignfigures"]
CHUNK = 1024 * 1024
# The manifest is read whole (it lists every file); anything bigger is not one of ours.
MANIFEST_LIMIT = 64 * 1024 * 1024
FILE_MODE = 0o600
SHA256 = re.compile(r"[0-9a-f]{64}")


class ArchiveError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in ("contenttypes", "sessions") or label == "auth.permission" or label in DERIVED:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _walk(storage: Storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield str(PurePosixPath(folder) / name) if folder else name
    for sub in folders:
        yield from _walk(storage, str(PurePosixPath(folder) / sub) if folder else sub)


def _stored_names(storage: Storage):
    """Every file of the private storage: a folder's tree, or a bucket's keys (under its prefix). A folder
    never made (a new deployment) has none."""
    local = _local_path(storage, "")
    if local is not None and not os.path.isdir(local):
        return []
    return _walk(storage)


class _Hashing:
    """A read-only file that hashes what is read through it (tarfile copies members in chunks)."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _copy(source, target) -> tuple[str, int]:
    """Copy in chunks; return the SHA-256 and the size of what went through."""
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _private_file(path: Path):
    """A new file only its owner reads (0600 whatever the umask)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def _add(archive: tarfile.TarFile, name: str, handle, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = FILE_MODE
    info.mtime = int(time.time())
    archive.addfile(info, handle)


@dataclass
class Summary:
    rows: int
    files: int
    bytes: int


def backup(path: str) -> Summary:
    """Write the archive to `path` (mode 0600). It is written under a temporary name beside it and renamed
    when complete, so a failed backup leaves no half archive under the expected name."""
    storage = private_storage()
    target = Path(path)
    work = Path(tempfile.mkdtemp(prefix=".thidua-backup-", dir=target.parent))  # 0700
    try:
        dump = work / "db.json"
        with transaction.atomic():  # one consistent view of the database (REPEATABLE READ on PostgreSQL)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # dumpdata iterates the rows and writes as it goes: the dump never sits in memory whole.
            with _private_file(dump) as raw, open(raw.fileno(), "w", encoding="utf-8", closefd=False) as text:
                call_command("dumpdata", "--natural-foreign", "--natural-primary",
                             *[f"--exclude={e}" for e in EXCLUDED + DERIVED], stdout=text)
            counts = _counts()
            names = sorted(_stored_names(storage))
        files = {}
        total = 0
        partial = work / "archive.tar.gz"
        with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            with dump.open("rb") as handle:
                reader = _Hashing(handle)
                _add(archive, "db.json", reader, dump.stat().st_size)
            db_sha256 = reader.digest.hexdigest()
            for name in names:
                with storage.open(name, "rb") as handle:
                    reader = _Hashing(handle)
                    _add(archive, f"files/{name}", reader, handle.size)
                files[name] = reader.digest.hexdigest()
                total += reader.size
            manifest = {"format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "vendor": connection.vendor, "counts": counts, "files": files, "db_sha256": db_sha256}
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            manifest_path = work / "manifest.json"
            with _private_file(manifest_path) as handle:
                handle.write(data)
            with manifest_path.open("rb") as handle:
                _add(archive, "manifest.json", handle, len(data))
        os.replace(partial, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Summary(rows=sum(counts.values()), files=len(files), bytes=total)


def _has_data() -> bool:
    counts = _counts()
    # Role groups and their permissions come back with every migrate; they do not count as data.
    counts.pop("auth.group", None)
    counts.pop("auth.group_permissions", None)
    # So do the law by date's regimes, texts and base salaries (the data migration legal/0002).
    return any(count for label, count in counts.items() if not label.startswith("legal."))


# Restore ---------------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    """A relative POSIX name without `..`, `.`, empty parts, backslashes or control characters."""
    if not name or name.startswith("/") or "\\" in name or any(ord(c) < 32 for c in name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


@dataclass
class _Staged:
    folder: Path
    db: Path | None = None
    db_sha256: str = ""
    manifest: dict | None = None
    files: dict[str, tuple[Path, str, int]] = field(default_factory=dict)  # name -> (path, sha256, size)


def _stage_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> tuple[str, int]:
    source = archive.extractfile(member)
    with source, _private_file(target) as handle:
        digest, size = _copy(source, handle)
    if size != member.size:
        raise ArchiveError(f"Tệp sao lưu bị cắt cụt ở {member.name}.")
    return digest, size


def _stage(path: str, folder: Path) -> _Staged:
    """Read the archive once, front to back, refusing anything unexpected; copy its files into `folder`."""
    staged = _Staged(folder=folder)
    (folder / "files").mkdir(mode=0o700)
    seen = set()
    try:
        # gzip's own reader, not tarfile's "r|gz": it raises EOFError where the compressed stream stops short.
        # tarfile alone takes a stream that ends at a member's header for the end of the archive, so a cut
        # there would read as an archive without its manifest instead of a truncated one.
        with gzip.open(path, "rb") as raw, tarfile.open(fileobj=raw, mode="r|") as archive:
            for member in archive:
                name = member.name
                if not _safe_name(name) or name in seen:
                    raise ArchiveError(f"Tệp sao lưu có tên thành phần không hợp lệ hoặc trùng lặp: {name!r}; "
                                       "không khôi phục.")
                seen.add(name)
                if member.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
                    raise ArchiveError(f"Tệp sao lưu có thành phần {name!r} không phải tệp thường "
                                       "(liên kết, thư mục hoặc thiết bị); không khôi phục.")
                if name == "manifest.json":
                    if member.size > MANIFEST_LIMIT:
                        raise ArchiveError("manifest.json trong tệp sao lưu lớn bất thường; không khôi phục.")
                    staged.manifest = json.loads(archive.extractfile(member).read().decode())
                elif name == "db.json":
                    staged.db = folder / "db.json"
                    staged.db_sha256, _ = _stage_member(archive, member, staged.db)
                elif name.startswith("files/"):
                    target = folder / "files" / str(len(staged.files))
                    digest, size = _stage_member(archive, member, target)
                    staged.files[name.removeprefix("files/")] = (target, digest, size)
                else:
                    raise ArchiveError(f"Tệp sao lưu có thành phần lạ {name!r}; không khôi phục.")
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ArchiveError(f"Không đọc được tệp sao lưu {path}: tệp bị hỏng hoặc bị cắt cụt ({error}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveError("manifest.json trong tệp sao lưu không đọc được; không khôi phục.") from None
    except OSError as error:
        raise ArchiveError(f"Không đọc được tệp sao lưu {path}: {error}") from None
    return staged


def _check(staged: _Staged) -> dict:
    manifest = staged.manifest
    if manifest is None or staged.db is None:
        raise ArchiveError("Tệp sao lưu thiếu manifest.json hoặc db.json; không phải bản sao lưu của cổng.")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ArchiveError(f"Định dạng sao lưu không được hỗ trợ: {found!r}.")
    counts, files = manifest.get("counts"), manifest.get("files")
    if not (isinstance(counts, dict) and all(isinstance(n, int) and n >= 0 for n in counts.values())
            and isinstance(files, dict) and all(isinstance(d, str) and SHA256.fullmatch(d) for d in files.values())):
        raise ArchiveError("manifest.json trong tệp sao lưu không đúng cấu trúc; không khôi phục.")
    if staged.db_sha256 != manifest.get("db_sha256"):
        raise ArchiveError("Bản sao lưu cơ sở dữ liệu bị hỏng (SHA-256 không khớp).")
    _check_rows(staged.db, counts)
    missing = sorted(set(files) - set(staged.files))
    if missing:
        raise ArchiveError(f"Tệp sao lưu thiếu {len(missing)} tệp ghi trong manifest (ví dụ {missing[0]}); "
                           "không khôi phục.")
    extra = sorted(set(staged.files) - set(files))
    if extra:
        raise ArchiveError(f"Tệp sao lưu có {len(extra)} tệp không ghi trong manifest (ví dụ {extra[0]}); "
                           "không khôi phục.")
    for name, (_, digest, _) in sorted(staged.files.items()):
        if digest != files[name]:
            raise ArchiveError(f"Tệp {name} trong bản sao lưu bị hỏng (SHA-256 không khớp).")
    return manifest


def _check_rows(db: Path, counts: dict[str, int]) -> None:
    """The dump holds as many rows of each model as the manifest says (checked again after loading)."""
    try:
        with db.open("rb") as handle:
            rows = json.load(handle)
        found: dict[str, int] = {}
        for row in rows:
            found[row["model"]] = found.get(row["model"], 0) + 1
    except (ValueError, TypeError, KeyError):
        raise ArchiveError("db.json trong tệp sao lưu không đọc được; không khôi phục.") from None
    for label in sorted(set(found) | set(counts)):
        if found.get(label, 0) != counts.get(label, 0):
            raise ArchiveError(f"Bản sao lưu không khớp số bản ghi của {label}: db.json có {found.get(label, 0)}, "
                               f"manifest ghi {counts.get(label, 0)}; không khôi phục.")


class _StagedFile(File):
    """A staged file the storage may move into place instead of copying (FileSystemStorage does)."""

    def __init__(self, path: Path):
        super().__init__(path.open("rb"), name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def _local_path(storage: Storage, name: str) -> str | None:
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


class _Placement:
    """Puts the staged files into the storage, remembering enough to put everything back."""

    def __init__(self, storage: Storage, folder: Path):
        self.storage = storage
        self.old = folder / "old"
        self.old.mkdir(mode=0o700)
        self.placed: list[str] = []
        self.kept: list[tuple[str, Path]] = []  # current files moved aside, to put back on failure

    def put(self, name: str, staged: Path) -> None:
        if self.storage.exists(name):
            aside = self.old / str(len(self.kept))
            local = _local_path(self.storage, name)
            if local is not None:
                shutil.move(local, aside)  # a rename on the same disk
            else:
                with self.storage.open(name, "rb") as source, _private_file(aside) as target:
                    _copy(source, target)
                self.storage.delete(name)
            self.kept.append((name, aside))
        with _StagedFile(staged) as content:
            saved = self.storage.save(name, content)
        self.placed.append(saved)
        if saved != name:
            raise ArchiveError(f"Không ghi lại được tệp {name} đúng tên.")

    def undo(self) -> list[str]:
        """Remove what was placed and put the moved-aside files back; return the names that failed."""
        failed = []
        for name in reversed(self.placed):
            try:
                self.storage.delete(name)
            except Exception:
                logger.exception("Restore: could not remove %s while undoing", name)
                failed.append(name)
        for name, aside in reversed(self.kept):
            try:
                local = _local_path(self.storage, name)
                if local is not None:
                    shutil.move(aside, local)
                else:
                    with _StagedFile(aside) as content:
                        self.storage.save(name, content)
            except Exception:
                logger.exception("Restore: could not put %s back while undoing", name)
                failed.append(name)
        return failed


def _staging_folder(storage: Storage) -> Path:
    """Beside the private folder when it is on this disk (files then move into place by rename), else in
    the temporary folder; created 0700."""
    local = _local_path(storage, "")
    if local is not None:
        try:
            parent = Path(local).parent
            parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=".thidua-restore-", dir=parent))
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="thidua-restore-"))


def restore(path: str, *, force: bool = False) -> Summary:
    if not os.path.isfile(path):
        raise ArchiveError(f"Không đọc được tệp sao lưu {path}: không có tệp này.")
    if _has_data() and not force:
        raise ArchiveError("Cơ sở dữ liệu đang có dữ liệu. Khôi phục sẽ xoá toàn bộ dữ liệu hiện có: "
                           "chạy lại với --force nếu chắc chắn.")
    storage = private_storage()
    try:
        folder = _staging_folder(storage)
    except OSError as error:
        raise ArchiveError(f"Không tạo được thư mục tạm để kiểm tra bản sao lưu: {error}") from None
    try:
        staged = _stage(path, folder)
        manifest = _check(staged)
        placement = _Placement(storage, folder)
        try:
            with transaction.atomic():
                call_command("flush", "--noinput", verbosity=0)
                call_command("loaddata", str(staged.db), format="json", verbosity=0)
                # The kept figures, half made by the database's triggers while the rows went in: counted afresh.
                from reports.figures import rebuild

                rebuild()
                counts = _counts()
                for label, expected in manifest["counts"].items():
                    if counts.get(label, 0) != expected:
                        raise ArchiveError(f"Khôi phục không khớp số bản ghi của {label}: "
                                           f"{counts.get(label, 0)} ≠ {expected}.")
                # Still inside the transaction: if a file cannot be written, the database rolls back too.
                for name, (staged_path, _, _) in sorted(staged.files.items()):
                    placement.put(name, staged_path)
        except BaseException as error:
            failed = placement.undo()
            if failed:
                logger.error("Restore undone, but these files could not be put back: %s", failed)
            if not isinstance(error, Exception):
                raise
            cause = error.message if isinstance(error, ArchiveError) else f"{type(error).__name__}: {error}"
            kept = ("dữ liệu và tệp hiện có được giữ nguyên." if not failed else
                    f"dữ liệu hiện có được giữ nguyên nhưng {len(failed)} tệp không trả lại được "
                    f"(ví dụ {failed[0]}); xem nhật ký.")
            raise ArchiveError(f"Khôi phục thất bại và đã được hoàn tác ({cause}); {kept}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Summary(rows=sum(manifest["counts"].values()), files=len(staged.files),
                   bytes=sum(size for _, _, size in staged.files.values()))
