"""No evidence file without its row (issue 12, point 8): deleted with the report, however it is deleted,
and never left behind by a transaction that does not commit."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from campaign import services
from campaign.models import ProgressEvidence, ProgressReport
from tests.helpers import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]


def _evidence_files(settings) -> list[Path]:
    folder = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "progress"
    return [p for p in folder.rglob("*") if p.is_file()]


def _report_with_evidence(plan, item, by) -> ProgressReport:
    return services.save_progress_report(
        campaign=plan, content_item=item, by=by, description="Tổ chức hội nghị quán triệt.",
        activity_date=dt.date(2023, 10, 5),
        evidence=[
            SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")
            for name in ("bien-ban.pdf", "danh-sach.pdf")
        ],
    )


def test_deleting_a_report_in_the_admin_removes_its_evidence_files(
    client, plan, items, member, office, settings, django_capture_on_commit_callbacks
):
    saved = _report_with_evidence(plan, items[1], member)
    assert len(_evidence_files(settings)) == 2
    client.force_login(office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/quan-tri/campaign/progressreport/{saved.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ProgressReport.objects.exists()
    assert _evidence_files(settings) == []


def test_deleting_reports_with_the_admin_action_removes_their_evidence_files(
    client, plan, items, member, office, settings, django_capture_on_commit_callbacks
):
    first = _report_with_evidence(plan, items[1], member)
    second = _report_with_evidence(plan, items[2], member)
    assert len(_evidence_files(settings)) == 4
    client.force_login(office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/quan-tri/campaign/progressreport/",
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not ProgressReport.objects.exists()
    assert _evidence_files(settings) == []


def test_deleting_a_campaign_removes_the_evidence_files_of_its_reports(
    plan, items, member, settings, django_capture_on_commit_callbacks
):
    _report_with_evidence(plan, items[1], member)

    with django_capture_on_commit_callbacks(execute=True):
        plan.delete()

    assert not ProgressEvidence.objects.exists()
    assert _evidence_files(settings) == []


def test_a_deletion_that_rolls_back_keeps_the_evidence_files(plan, items, member, settings):
    saved = _report_with_evidence(plan, items[1], member)

    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.get(pk=saved.pk).delete()
        raise DatabaseError("the deletion fails later")

    assert ProgressEvidence.objects.filter(report=saved).count() == 2
    assert len(_evidence_files(settings)) == 2


def test_evidence_of_a_report_whose_enclosing_transaction_rolls_back_leaves_no_file(plan, items, member, settings):
    with pytest.raises(DatabaseError), transaction.atomic():
        _report_with_evidence(plan, items[1], member)
        assert len(_evidence_files(settings)) == 2
        raise DatabaseError("a later statement of the same transaction fails")

    assert not ProgressReport.objects.exists()
    assert _evidence_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_evidence_of_a_report_whose_commit_fails_leaves_no_file(plan, items, member, settings, monkeypatch):
    def refuse_commit():
        raise DatabaseError("could not serialize access")

    monkeypatch.setattr(connection, "commit", refuse_commit)
    with pytest.raises(DatabaseError):
        _report_with_evidence(plan, items[1], member)
    monkeypatch.undo()

    assert not ProgressReport.objects.exists()
    assert _evidence_files(settings) == []
