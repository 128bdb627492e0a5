"""What may be uploaded: PDF, DOCX, DOC, JPG and PNG, recognised by their content (magic bytes).

An extension alone proves nothing: a spreadsheet renamed to .pdf is refused. Messages are in
Vietnamese and say what to do.
"""

import hashlib
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
    return actual


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
