"""A restore is all or nothing: a damaged or hostile archive, or a storage failing half-way, leaves the
current rows and files exactly as they were, with a Vietnamese message and no traceback."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db.models import Value
from django.db.models.functions import Concat

from campaign.models import Unit
from core.storage import private_storage

pytestmark = pytest.mark.django_db(transaction=True)


def _files() -> dict[str, str]:
    root = Path(private_storage().location)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _state():
    counts = {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}
    units = sorted(Unit.objects.values_list("pk", "name"))
    return counts, units, _files()


@pytest.fixture
def archive(tmp_path):
    """A backup of the demo; then the portal moves on: other rows, other bytes under the same file names."""
    call_command("seed_demo", quiet=True)
    call_command("seed_demo_review", quiet=True)
    path = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(path))
    storage = private_storage()
    for name in _files():
        with storage.open(name, "wb") as handle:
            handle.write(f"nội dung hiện tại của {name}".encode())
    Unit.objects.update(name=Concat("name", Value(" (tên hiện tại)")))
    Group.objects.create(name="Nhóm tạo sau bản sao lưu")
    return path


def _members(path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path, "r:gz") as source:
        return [(member, source.extractfile(member).read()) for member in source.getmembers()]


def _write(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as target:
        for member, data in members:
            target.addfile(member, io.BytesIO(data) if member.isreg() else None)
    return path


def _member(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _with_manifest(members, change) -> list[tuple[tarfile.TarInfo, bytes]]:
    out = []
    for member, data in members:
        if member.name == "manifest.json":
            manifest = json.loads(data)
            change(manifest)
            member, data = _member("manifest.json", json.dumps(manifest).encode())
        out.append((member, data))
    return out


def _refused(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--force")
    return refused.value.args[0]


def test_a_storage_failing_half_way_leaves_the_current_rows_and_files_as_they_were(archive, monkeypatch):
    before = _state()
    assert len(before[2]) == 17
    saves = []
    real_save = FileSystemStorage.save

    def failing_save(self, name, content, max_length=None):
        if len(saves) == 6:
            raise OSError(28, "No space left on device")
        saves.append(name)
        return real_save(self, name, content, max_length=max_length)

    monkeypatch.setattr(FileSystemStorage, "save", failing_save)
    message = _refused(archive)
    assert message.startswith("Khôi phục thất bại và đã được hoàn tác (OSError: [Errno 28] No space left on device)")
    assert message.endswith("dữ liệu và tệp hiện có được giữ nguyên.")
    assert len(saves) == 6
    assert _state() == before


def test_the_same_archive_restores_once_the_storage_works(archive):
    call_command("restore", str(archive), "--force")
    assert not Unit.objects.filter(name__endswith="(tên hiện tại)").exists()
    assert not Group.objects.filter(name="Nhóm tạo sau bản sao lưu").exists()
    assert all(not content.startswith(b"n") for content in (Path(private_storage().path(n)).read_bytes()[:1]
                                                              for n in _files()))


def test_a_member_climbing_out_with_dotdot_is_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    members = _with_manifest(_members(archive), lambda m: m["files"].update({"../x": hashlib.sha256(b"x").hexdigest()}))
    hostile = _write(tmp_path / "leo-ra.tar.gz", [*members, _member("files/../x", b"x")])
    assert _refused(hostile) == "Tệp sao lưu có tên thành phần không hợp lệ hoặc trùng lặp: 'files/../x'; không khôi phục."
    assert _state() == before
    assert not (tmp_path / "x").exists()


def test_a_symlink_member_is_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    link = tarfile.TarInfo("files/lien-ket.pdf")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    hostile = _write(tmp_path / "lien-ket.tar.gz", [*_members(archive), (link, b"")])
    assert _refused(hostile) == (
        "Tệp sao lưu có thành phần 'files/lien-ket.pdf' không phải tệp thường (liên kết, thư mục hoặc thiết bị); "
        "không khôi phục."
    )
    assert _state() == before


def test_a_truncated_archive_is_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    data = archive.read_bytes()
    truncated = tmp_path / "cat-cut.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    assert _refused(truncated).startswith(f"Không đọc được tệp sao lưu {truncated}: tệp bị hỏng hoặc bị cắt cụt")
    assert _state() == before


def test_an_archive_cut_anywhere_is_refused_as_truncated(archive, tmp_path):
    """Wherever the copy stopped (inside a member, at a member's header, just before the end), the office reads
    that the file is damaged or cut short, never that it is not a backup of the portal."""
    before = _state()
    data = archive.read_bytes()
    for share in range(1, 20):
        cut = len(data) * share // 20
        truncated = tmp_path / f"cat-{share}.tar.gz"
        truncated.write_bytes(data[:cut])
        message = _refused(truncated)
        assert message.startswith(f"Không đọc được tệp sao lưu {truncated}: tệp bị hỏng hoặc bị cắt cụt") or (
            message.startswith("Tệp sao lưu bị cắt cụt ở ")), (cut, message)
    assert _state() == before


def test_a_file_whose_sha256_does_not_match_is_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    members = _members(archive)
    index, (member, data) = next((i, m) for i, m in enumerate(members) if m[0].name.startswith("files/"))
    members[index] = (member, data[:-1] + bytes([data[-1] ^ 1]))
    altered = _write(tmp_path / "sua.tar.gz", members)
    name = member.name.removeprefix("files/")
    assert _refused(altered) == f"Tệp {name} trong bản sao lưu bị hỏng (SHA-256 không khớp)."
    assert _state() == before


def test_a_file_missing_from_the_archive_is_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    members = _members(archive)
    dropped = sorted(m.name for m, _ in members if m.name.startswith("files/"))[0]
    short = _write(tmp_path / "thieu.tar.gz", [(m, d) for m, d in members if m.name != dropped])
    assert _refused(short) == (
        f"Tệp sao lưu thiếu 1 tệp ghi trong manifest (ví dụ {dropped.removeprefix('files/')}); không khôi phục."
    )
    assert _state() == before


def test_a_restore_leaves_no_staging_folder_behind(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(FileSystemStorage, "save", lambda *a, **k: (_ for _ in ()).throw(OSError("hỏng")))
    _refused(archive)
    monkeypatch.undo()
    call_command("restore", str(archive), "--force")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["private", "sao-luu.tar.gz"]


def test_row_counts_that_do_not_match_the_dump_are_refused_and_nothing_changes(archive, tmp_path):
    before = _state()
    members = _with_manifest(_members(archive), lambda m: m["counts"].update({"campaign.unit": 999}))
    lying = _write(tmp_path / "dem-sai.tar.gz", members)
    assert _refused(lying).startswith("Bản sao lưu không khớp số bản ghi của campaign.unit: db.json có ")
    assert _refused(lying).endswith(", manifest ghi 999; không khôi phục.")
    assert _state() == before
