"""The private storage on an S3-compatible object store (PRIVATE_S3_BUCKET, config/s3.py) against a real S3
server over HTTP (moto's): a unit's upload lands in the bucket and only there, is served back by the
portal's view after its access check and its SHA-256 check, goes with its rolled-back or deleted row, and a
store that fails answers with the same Vietnamese message as a full disk, leaving nothing behind."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dossiers import services
from dossiers.models import DocumentKind, DossierFile
from tests.factories import UnitFactory, staff_user
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf(name: str, size: int = 3_000_000) -> SimpleUploadedFile:
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE, so the upload is spooled to disk as in production."""
    body = pdf_bytes(name)
    return SimpleUploadedFile(name, body + b"%" * (size - len(body)), content_type="application/pdf")


def _local_files(tmp_path) -> list[Path]:
    """The test's private folder on disk (tests/conftest.py), which the bucket replaces."""
    folder = tmp_path / "private"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_an_upload_is_stored_in_the_bucket_and_served_back_by_the_portal(client, draft, clerk, s3_storage, tmp_path):
    client.force_login(clerk)
    upload = _pdf("cong-van.pdf")
    body = upload.read()
    upload.seek(0)

    response = client.post(f"/ho-so/{draft.pk}/tai-len/", {"kind": DocumentKind.PROPOSAL_LETTER, "file": upload})

    assert response.status_code == 302
    stored = DossierFile.objects.get()
    assert s3_storage.keys() == [stored.file.name]
    assert s3_storage.read(stored.file.name) == body
    assert stored.sha256 == hashlib.sha256(body).hexdigest() and stored.size == len(body)
    assert _local_files(tmp_path) == []  # nothing on the app server's disk

    download = client.get(f"/ho-so/tep/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == body
    assert download["Content-Disposition"] == 'attachment; filename="cong-van.pdf"'


def test_another_units_staff_cannot_fetch_the_object_through_the_portal(client, draft, clerk, s3_storage):
    stored = services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                      upload=_pdf("cong-van.pdf", 50_000))
    stranger = staff_user(UnitFactory(agency=draft.campaign.agency, name="Phòng Kế hoạch"), username="nguoi.khac")
    client.force_login(stranger)

    assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 404
    # The store's own address for the object is unsigned: a private bucket does not serve it.
    assert "X-Amz-Signature" not in stored.file.url


def test_an_object_changed_in_the_bucket_is_not_handed_out(client, draft, clerk, s3_storage):
    stored = services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                      upload=_pdf("cong-van.pdf", 50_000))
    s3_storage.client.put_object(Bucket=s3_storage.name, Key=stored.file.name, Body=b"%PDF-1.4 changed")
    client.force_login(clerk)

    response = client.get(f"/ho-so/tep/{stored.pk}/")

    assert response.status_code == 409


def test_a_missing_object_is_a_clear_not_found(client, draft, clerk, s3_storage):
    stored = services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                      upload=_pdf("cong-van.pdf", 50_000))
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=stored.file.name)
    client.force_login(clerk)

    assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 404


def test_a_rolled_back_upload_leaves_no_object(draft, clerk, s3_storage):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                 upload=_pdf("cong-van.pdf", 50_000))
        assert len(s3_storage.keys()) == 1  # stored before the row, as on disk
        raise Refused

    assert not DossierFile.objects.exists()
    assert s3_storage.keys() == []


def test_a_deleted_row_takes_its_object_once_the_deletion_commits(draft, clerk, s3_storage):
    stored = services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                      upload=_pdf("cong-van.pdf", 50_000))
    with transaction.atomic():
        stored.delete()
        assert s3_storage.keys() == [stored.file.name]  # not before the commit
    assert s3_storage.keys() == []


def test_a_store_that_refuses_the_upload_answers_in_vietnamese_and_keeps_nothing(
    client, draft, clerk, s3_storage, tmp_path
):
    s3_storage.client.delete_bucket(Bucket=s3_storage.name)  # the store answers, but not with a bucket
    client.force_login(clerk)

    response = client.post(f"/ho-so/{draft.pk}/tai-len/", {"kind": "proposal_letter", "file": _pdf("cong-van.pdf")})

    assert response.status_code == 400
    assert "Không lưu được tệp “cong-van.pdf”" in response.content.decode()
    assert not DossierFile.objects.exists()
    assert _local_files(tmp_path) == []


def test_an_unreachable_store_answers_in_vietnamese_and_keeps_nothing(
    client, draft, clerk, colleague, s3_storage, settings, tmp_path
):
    entry = settings.STORAGES["private"]
    closed = {**entry, "OPTIONS": {**entry["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}}  # nobody listens
    settings.STORAGES = {**settings.STORAGES, "private": closed, "default": closed}
    client.force_login(clerk)

    response = client.post(f"/ho-so/{draft.pk}/de-nghi/them/", {
        "kind": "individual", "staff": colleague.pk,
        "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ.", "report": _pdf("bao-cao.pdf", 50_000),
    })

    assert response.status_code == 400
    assert "Không lưu được tệp “bao-cao.pdf”" in response.content.decode()
    assert not DossierFile.objects.exists() and not draft.nominations.exists()
    assert s3_storage.keys() == []


def test_backup_and_restore_carry_the_bucket_s_objects(s3_storage, complete_draft, tmp_path):
    from django.core.management import call_command

    before = {stored.file.name: stored.sha256 for stored in DossierFile.objects.all()}
    assert sorted(before) == s3_storage.keys() and len(before) == 3
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    for key in s3_storage.keys():
        s3_storage.client.delete_object(Bucket=s3_storage.name, Key=key)
    call_command("flush", "--noinput", verbosity=0)

    call_command("restore", str(archive))

    assert {stored.file.name: stored.sha256 for stored in DossierFile.objects.all()} == before
    assert s3_storage.keys() == sorted(before)
    assert {key: hashlib.sha256(s3_storage.read(key)).hexdigest() for key in s3_storage.keys()} == before
