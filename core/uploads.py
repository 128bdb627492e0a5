"""What may be uploaded: PDF, DOCX, DOC, JPG and PNG, recognised by their content (magic bytes).

An extension alone proves nothing: a spreadsheet renamed to .pdf is refused. A DOCX that unpacks to
absurd sizes (a zip bomb) is refused too. Messages are in Vietnamese and say what to do.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .errors import DomainError


class UploadRefused(DomainError):
    """A file refused by the upload policy; `message` says why and what to do."""


@dataclass(frozen=True)
class FileType:
    name: str
    content_type: str


PDF = FileType("PDF", "application/pdf")
DOCX = FileType("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOC = FileType("DOC", "application/msword")
JPEG = FileType("JPG", "image/jpeg")
PNG = FileType("PNG", "image/png")

BY_EXTENSION = {".pdf": PDF, ".docx": DOCX, ".doc": DOC, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
ACCEPT_ATTRIBUTE = ",".join(BY_EXTENSION)  # for <input type="file" accept="...">
ALLOWED_LABEL = "PDF, DOCX, DOC, JPG, PNG"


# A DOCX or XLSX is a zip archive. Read from its central directory alone (nothing is decompressed), these
# bounds refuse "zip bombs": a few kilobytes that unpack to gigabytes. Real office files stay far inside
# them (text XML compresses about 5-20:1); the ratios count only above 1 MB, where unpacking starts to cost.
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100  # the whole archive
ZIP_MAX_MEMBER_RATIO = 200
ZIP_RATIO_FROM = 1024 * 1024


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return (f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")) + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte"


def clean_file_name(name: str) -> str:
    """The user's file name, safe to display and to offer back on download."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\x00", "")
    name = PurePath(name.replace("\\", "/")).name  # drops any "../" or folder
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    if len(name) > 200:
        stem, suffix = PurePath(name).stem, PurePath(name).suffix[:10]
        name = stem[: 200 - len(suffix)] + suffix
    return name or "tep-tai-len"


def sniff(upload: UploadedFile) -> FileType | None:
    """Recognise the file by its first bytes (and, for DOCX, its zip directory)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def _ratio(uncompressed: int, compressed: int) -> float:
    return uncompressed / max(compressed, 1)


def zip_looks_like_a_bomb(handle) -> bool:
    """True when the zip archive in `handle` (a file object) unpacks to absurd sizes, has absurdly many
    members or members that overlap; judged from its central directory, never decompressed."""
    handle.seek(0, 2)
    archive_size = handle.tell()
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # not a readable zip: the type check refuses it with its own message
    finally:
        handle.seek(0)
    if len(members) > ZIP_MAX_MEMBERS:
        return True
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    # More packed data than the archive has bytes: members overlap (the other way to build a bomb).
    if total > ZIP_MAX_UNCOMPRESSED or packed > archive_size:
        return True
    if total > ZIP_RATIO_FROM and _ratio(total, packed) > ZIP_MAX_RATIO:
        return True
    return any(
        member.file_size > ZIP_RATIO_FROM
        and _ratio(member.file_size, member.compress_size) > ZIP_MAX_MEMBER_RATIO
        for member in members
    )


def zip_bomb_message(name: str) -> str:
    return (
        f"Tệp “{name}” có vẻ đã bị hỏng hoặc là một “bom nén” (tệp nén nhỏ nhưng khi giải nén lớn bất "
        "thường), nên không được nhận. Hãy mở tệp bằng Word hoặc Excel, lưu lại thành tệp mới rồi tải lên."
    )


def check_upload(upload: UploadedFile) -> FileType:
    """Refuse empty, oversize, unknown or disguised files; return the recognised type."""
    name = clean_file_name(upload.name)
    if upload.size == 0:
        raise UploadRefused(f"Tệp “{name}” rỗng (0 byte). Vui lòng chọn đúng tệp.")
    if upload.size > max_bytes():
        raise UploadRefused(
            f"Tệp “{name}” có dung lượng {human_size(upload.size)}, vượt quá giới hạn "
            f"{human_size(max_bytes())} cho mỗi tệp. Vui lòng nén hoặc chia nhỏ tệp."
        )
    expected = BY_EXTENSION.get(PurePath(name).suffix.lower())
    if expected is None:
        raise UploadRefused(f"Tệp “{name}” không thuộc loại được chấp nhận. Chỉ nhận tệp {ALLOWED_LABEL}.")
    actual = sniff(upload)
    if actual != expected:
        raise UploadRefused(
            f"Nội dung tệp “{name}” không phải là tệp {expected.name} thật (có thể tệp đã bị đổi đuôi). "
            f"Chỉ nhận tệp {ALLOWED_LABEL}; hãy lưu lại đúng định dạng rồi tải lên."
        )
    if actual == DOCX and zip_looks_like_a_bomb(upload):
        raise UploadRefused(zip_bomb_message(name))
    return actual
