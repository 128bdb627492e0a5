"""The lean upload path (issue 17, item 2): few queries per dossier step, each file hashed in the pass
that writes it, and fsynced (file and folder) before its row is written and committed; a failing fsync
leaves neither a row nor a file."""

import hashlib
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from dossiers import services
from dossiers.models import DocumentKind, Dossier, DossierFile
from tests.helpers import pdf_bytes

# Transactional, so each step's own BEGIN/COMMIT is counted as in production.
pytestmark = pytest.mark.django_db(transaction=True)

STEP_LIMIT = 20  # issue 17: at most 20 queries per dossier step (PostgreSQL statements)


def _pdf(name: str, size: int = 300_000) -> SimpleUploadedFile:
    body = pdf_bytes(name)
    return SimpleUploadedFile(name, body + b"%" * (size - len(body)), content_type="application/pdf")


def _statements(queries) -> int:
    """Statements PostgreSQL receives: SQLite's explicit BEGIN and COMMIT are not among them (psycopg opens
    the transaction with the first statement; the commit is a protocol call, not a captured query)."""
    return sum(1 for q in queries if q["sql"].strip().upper() not in {"BEGIN", "COMMIT"})


def _stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.STORAGES["private"]["OPTIONS"]["location"]).rglob("*") if p.is_file()]


def test_each_dossier_step_stays_within_the_query_budget(
    client, campaign, unit, clerk, colleague, django_assert_max_num_queries
):
    client.force_login(clerk)
    counts = {}
    with django_assert_max_num_queries(STEP_LIMIT + 2), CaptureQueriesContext(connection) as ctx:
        response = client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "grassroots"})
    assert response.status_code == 302
    counts["create"] = _statements(ctx.captured_queries)
    pk = Dossier.objects.get().pk
    for kind in (DocumentKind.PROPOSAL_LETTER, DocumentKind.MEETING_MINUTES):
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as ctx:
            response = client.post(f"/ho-so/{pk}/tai-len/", {"kind": kind, "file": _pdf(f"{kind}.pdf")})
        assert response.status_code == 302
        counts[kind] = _statements(ctx.captured_queries)
    with django_assert_max_num_queries(STEP_LIMIT + 2), CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/ho-so/{pk}/de-nghi/them/", {
            "kind": "individual", "staff": colleague.pk, "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ.",
            "report": _pdf("bao-cao.pdf"),
        })
    assert response.status_code == 302
    counts["nominee with report"] = _statements(ctx.captured_queries)

    # The first dossier of a campaign also opens the campaign's record chain (one INSERT, no savepoint).
    assert counts["create"] <= STEP_LIMIT, counts
    assert counts[DocumentKind.PROPOSAL_LETTER] <= 10, counts
    assert counts[DocumentKind.MEETING_MINUTES] <= 10, counts
    assert counts["nominee with report"] <= STEP_LIMIT, counts
    assert DossierFile.objects.count() == 3


def test_the_file_and_its_folder_are_fsynced_before_the_row_is_written(draft, clerk, monkeypatch, settings):
    events = []
    real_fsync = os.fsync

    def recording_fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def on_row(sender, instance, **kwargs):
        events.append(("row", instance.file.name))

    monkeypatch.setattr(os, "fsync", recording_fsync)
    pre_save.connect(on_row, sender=DossierFile, dispatch_uid="test-fsync-order")
    try:
        stored = services.upload_document(
            dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=_pdf("cong-van.pdf")
        )
    finally:
        pre_save.disconnect(dispatch_uid="test-fsync-order", sender=DossierFile)

    path = Path(stored.file.path)
    row_at = events.index(("row", stored.file.name))
    synced = [target for kind, target in events[:row_at] if kind == "fsync"]
    assert str(path) in synced  # the bytes
    assert str(path.parent) in synced  # the name, in its folder
    assert synced.index(str(path)) < synced.index(str(path.parent))
    # The folders made for this dossier are themselves recorded in their parents.
    assert str(path.parent.parent) in synced


def test_the_sha256_is_taken_in_the_pass_that_writes_the_file(draft, clerk, monkeypatch):
    """One pass: the upload is read once (by the storage writing it), never again to hash it."""
    body = pdf_bytes("mot lan") + os.urandom(3 * 1024 * 1024)  # > FILE_UPLOAD_MAX_MEMORY_SIZE too
    upload = SimpleUploadedFile("bao-cao.pdf", body, content_type="application/pdf")
    passes = []
    real_chunks = upload.chunks

    def counting_chunks(*args, **kwargs):
        passes.append(1)
        return real_chunks(*args, **kwargs)

    monkeypatch.setattr(upload, "chunks", counting_chunks)
    stored = services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=upload)

    assert len(passes) == 1
    assert stored.sha256 == hashlib.sha256(body).hexdigest()
    assert Path(stored.file.path).read_bytes() == body


def test_a_failing_fsync_leaves_no_row_and_no_file(client, draft, clerk, monkeypatch, settings):
    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    client.force_login(clerk)
    monkeypatch.setattr(os, "fsync", broken_fsync)
    response = client.post(f"/ho-so/{draft.pk}/tai-len/", {"kind": "proposal_letter", "file": _pdf("cong-van.pdf")})
    monkeypatch.undo()

    assert response.status_code == 400
    assert "Không lưu được tệp “cong-van.pdf”" in response.content.decode()
    assert not DossierFile.objects.exists()
    assert _stored_files(settings) == []


def test_a_failing_fsync_of_a_nominees_report_adds_no_nominee(client, draft, clerk, colleague, monkeypatch, settings):
    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    client.force_login(clerk)
    monkeypatch.setattr(os, "fsync", broken_fsync)
    response = client.post(f"/ho-so/{draft.pk}/de-nghi/them/", {
        "kind": "individual", "staff": colleague.pk, "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ.",
        "report": _pdf("bao-cao.pdf"),
    })
    monkeypatch.undo()

    assert response.status_code == 400
    assert "Không lưu được tệp “bao-cao.pdf”" in response.content.decode()
    assert not draft.nominations.exists()
    assert not DossierFile.objects.exists()
    assert _stored_files(settings) == []


def test_submitting_stays_within_the_query_budget(client, complete_draft, clerk):
    """The confirmed POST changes the state, gives the code, writes the timeline (and its record link) and
    enqueues one task for the mail; the receipt is the GET that follows, the mail is the worker's."""
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so/{complete_draft.pk}/bien-nhan/"
    dossier = Dossier.objects.get(pk=complete_draft.pk)
    assert dossier.state == "submitted" and dossier.code
    assert _statements(ctx.captured_queries) <= STEP_LIMIT, [q["sql"][:80] for q in ctx.captured_queries]
    # Nothing about the mail was computed in the request: one task row with the keys.
    assert not any('"mail_' in q["sql"] or '"auth_user"."email" AS' in q["sql"] for q in ctx.captured_queries)
    assert sum("dbtaskresult" in q["sql"] for q in ctx.captured_queries) == 1
    assert dossier.nominations.get().snapshot_name  # the nominees' snapshot, taken in the same transaction
    assert dossier.nominations.get().history.first().history_user == clerk


def test_a_second_submission_takes_the_next_code(complete_draft):
    """The code's counter is one upsert: created at 1 for a new agency and year, then advanced."""
    from dossiers import receipts

    first = receipts.give_code(Dossier(campaign=complete_draft.campaign))
    second = receipts.give_code(Dossier(campaign=complete_draft.campaign))
    assert first.endswith("-0001") and second.endswith("-0002"), (first, second)


def test_submitting_locks_the_campaign_before_its_record_chain(client, complete_draft, clerk):
    """Every dossier step locks the dossier, its campaign and its unit, then the record chain: the same order
    everywhere, so a submit and a nominee's addition at the same moment wait instead of deadlocking."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite has no row locks)")
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    assert response.status_code == 302
    locks = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert 'FOR UPDATE OF "dossiers_dossier", "campaign_campaign", "campaign_unit"' in locks[0], locks[0][-200:]
    assert any('FROM "campaign_recordchain"' in sql for sql in locks[1:])
