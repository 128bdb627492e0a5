"""A DOCX that unpacks to absurd sizes is refused before it is stored (issue 12, point 9)."""

import functools
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, UploadRefused, check_upload, zip_looks_like_a_bomb

MB = 1024 * 1024
BOMB_MESSAGE = (
    "Tệp “{name}” có vẻ đã bị hỏng hoặc là một “bom nén” (tệp nén nhỏ nhưng khi giải nén lớn bất thường), "
    "nên không được nhận. Hãy mở tệp bằng Word hoặc Excel, lưu lại thành tệp mới rồi tải lên."
)


def _docx(*, zeros: int = 0, members: int = 0, document: str = "<w:document/>") -> bytes:
    """A minimal DOCX; `zeros` bytes of zeros in one compressed member, `members` extra tiny members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        if zeros:
            with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
                chunk = bytes(MB)
                for _ in range(zeros // MB):
                    member.write(chunk)
        for n in range(members):
            archive.writestr(f"word/media/p{n}.xml", "")
    return buffer.getvalue()


@functools.cache
def _bomb() -> bytes:
    return _docx(zeros=50 * MB)


def _upload(content: bytes, name: str = "bao-cao.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=DOCX.content_type)


def test_a_docx_that_unpacks_to_50_mb_of_zeros_is_refused_as_a_bomb():
    bomb = _bomb()
    assert len(bomb) < 100 * 1024  # about 50 KB on the wire

    started = time.perf_counter()
    with pytest.raises(UploadRefused) as refused:
        check_upload(_upload(bomb))

    assert refused.value.message == BOMB_MESSAGE.format(name="bao-cao.docx")
    assert time.perf_counter() - started < 1  # judged from the central directory, nothing unpacked


def test_the_bomb_check_refuses_the_bomb_and_only_the_bomb():
    assert zip_looks_like_a_bomb(io.BytesIO(_bomb()))
    assert not zip_looks_like_a_bomb(io.BytesIO(_docx()))


def test_a_docx_with_more_than_10000_members_is_refused_as_a_bomb():
    with pytest.raises(UploadRefused) as refused:
        check_upload(_upload(_docx(members=10_001)))

    assert refused.value.message == BOMB_MESSAGE.format(name="bao-cao.docx")


def _claiming_more_packed_bytes(content: bytes, member: str, extra: int) -> bytes:
    """The archive with `member`'s compressed size in the central directory raised by `extra` bytes."""
    content = bytearray(content)
    at = content.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(content[at + 28 : at + 30], "little")
        if bytes(content[at + 46 : at + 46 + name_length]) == member.encode():
            packed = int.from_bytes(content[at + 20 : at + 24], "little")
            content[at + 20 : at + 24] = (packed + extra).to_bytes(4, "little")
            return bytes(content)
        at = content.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def test_a_docx_whose_members_overlap_is_refused_as_a_bomb():
    # The central directory claims more packed data than the archive holds: members share their bytes.
    content = _claiming_more_packed_bytes(_docx(), "word/document.xml", 10_000)

    with pytest.raises(UploadRefused) as refused:
        check_upload(_upload(content))

    assert refused.value.message == BOMB_MESSAGE.format(name="bao-cao.docx")
