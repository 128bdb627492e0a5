"""One archive holds the whole portal: the database (Django's portable JSON dump, so a SQLite backup
restores into PostgreSQL and back) and every private file, with a manifest of row counts and SHA-256.
"""

import hashlib
import io
import json
import tarfile
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection, transaction

from core.storage import private_storage

FORMAT = "thidua-backup/1"
# Rebuilt by migrate, or not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class ArchiveError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in ("contenttypes", "sessions") or label == "auth.permission":
            continue
        counts[label] = model._default_manager.count()
    return counts


def _walk(storage: Storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield str(PurePosixPath(folder) / name) if folder else name
    for sub in folders:
        yield from _walk(storage, str(PurePosixPath(folder) / sub) if folder else sub)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


@dataclass
class Summary:
    rows: int
    files: int
    bytes: int


def backup(path: str) -> Summary:
    storage = private_storage()
    with transaction.atomic():  # one consistent view of the database (REPEATABLE READ on PostgreSQL)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        dump = io.StringIO()
        call_command("dumpdata", "--natural-foreign", "--natural-primary", *[f"--exclude={e}" for e in EXCLUDED],
                     stdout=dump)
        counts = _counts()
        names = list(_walk(storage)) if storage.exists("") else []
    files = {}
    total = 0
    with tarfile.open(path, "w:gz") as archive:
        data = dump.getvalue().encode()
        _add(archive, "db.json", data)
        for name in sorted(names):
            with storage.open(name, "rb") as handle:
                content = handle.read()
            files[name] = _sha256(content)
            total += len(content)
            _add(archive, f"files/{name}", content)
        manifest = {"format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "vendor": connection.vendor,
                    "counts": counts, "files": files, "db_sha256": _sha256(data)}
        _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return Summary(rows=sum(counts.values()), files=len(files), bytes=total)


def _has_data() -> bool:
    counts = _counts()
    # Role groups and their permissions come back with every migrate; they do not count as data.
    counts.pop("auth.group", None)
    counts.pop("auth.group_permissions", None)
    return any(counts.values())


def restore(path: str, *, force: bool = False) -> Summary:
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise ArchiveError(f"Không đọc được tệp sao lưu {path}: {error}") from None
    with archive:
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read())
            data = archive.extractfile("db.json").read()
        except (KeyError, AttributeError, ValueError):
            raise ArchiveError("Tệp sao lưu thiếu manifest.json hoặc db.json; không phải bản sao lưu của cổng.") from None
        if manifest.get("format") != FORMAT:
            raise ArchiveError(f"Định dạng sao lưu không được hỗ trợ: {manifest.get('format')!r}.")
        if _sha256(data) != manifest["db_sha256"]:
            raise ArchiveError("Bản sao lưu cơ sở dữ liệu bị hỏng (SHA-256 không khớp).")
        contents = {}
        for name, digest in manifest["files"].items():
            member = archive.extractfile(f"files/{name}")
            content = member.read() if member else b""
            if _sha256(content) != digest:
                raise ArchiveError(f"Tệp {name} trong bản sao lưu bị hỏng (SHA-256 không khớp).")
            contents[name] = content
    if _has_data() and not force:
        raise ArchiveError("Cơ sở dữ liệu đang có dữ liệu. Khôi phục sẽ xoá toàn bộ dữ liệu hiện có: "
                           "chạy lại với --force nếu chắc chắn.")
    storage = private_storage()
    with transaction.atomic():
        call_command("flush", "--noinput", verbosity=0)
        _load(data)
        counts = _counts()
        for label, expected in manifest["counts"].items():
            if counts.get(label, 0) != expected:
                raise ArchiveError(f"Khôi phục không khớp số bản ghi của {label}: {counts.get(label, 0)} ≠ {expected}.")
    for name, content in contents.items():
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            raise ArchiveError(f"Không ghi lại được tệp {name} đúng tên.")
    return Summary(rows=sum(manifest["counts"].values()), files=len(contents), bytes=sum(map(len, contents.values())))


def _load(data: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(data)
        handle.flush()
        call_command("loaddata", handle.name, verbosity=0)
