"""An issued PDF stays in the storage only if the transaction that records it commits (issue 12, point 8)."""

from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from awards.issuing import services as issuing
from awards.issuing.pdf import RenderedPdf
from awards.models import IssuedDocument

pytestmark = pytest.mark.django_db


def _stored_files(settings) -> list[Path]:
    """The issued files (the dossiers' uploads live elsewhere in the same storage)."""
    issued = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "awards"
    return [p for p in issued.rglob("*") if p.is_file()]


def _issue(decision, office) -> IssuedDocument:
    return issuing.issue_pdf(
        owner=decision, key="decision-A4", title="Quyết định", download_name="qd.pdf",
        render=lambda: RenderedPdf(content=b"%PDF-1.4 x", pages=1), by=office,
    )


def test_an_issued_pdf_whose_enclosing_transaction_rolls_back_leaves_no_file(signed_decision, office, settings):
    with pytest.raises(DatabaseError), transaction.atomic():
        _issue(signed_decision, office)
        assert len(_stored_files(settings)) == 1
        raise DatabaseError("a later statement of the same transaction fails")
    assert IssuedDocument.objects.count() == 0
    assert _stored_files(settings) == []


def test_an_issued_pdf_whose_transaction_commits_keeps_its_file(signed_decision, office, settings):
    with transaction.atomic():
        issued = _issue(signed_decision, office)
    assert [p.name for p in _stored_files(settings)] == [Path(issued.file.name).name]


@pytest.mark.django_db(transaction=True)
def test_an_issued_pdf_whose_commit_fails_leaves_no_record_and_no_file(
    signed_decision, office, settings, monkeypatch
):
    def refuse_commit():
        raise DatabaseError("could not serialize access")

    monkeypatch.setattr(connection, "commit", refuse_commit)
    with pytest.raises(DatabaseError):
        _issue(signed_decision, office)
    monkeypatch.undo()
    assert IssuedDocument.objects.count() == 0
    assert _stored_files(settings) == []


def test_deleting_an_issued_document_removes_its_file(
    signed_decision, office, settings, django_capture_on_commit_callbacks
):
    with transaction.atomic():
        issued = _issue(signed_decision, office)

    with django_capture_on_commit_callbacks(execute=True):
        IssuedDocument.objects.filter(pk=issued.pk).delete()

    assert _stored_files(settings) == []


def test_a_store_that_fails_refuses_to_issue_and_records_nothing(signed_decision, office, settings, monkeypatch):
    from core.errors import DomainError
    from core.storage import StoreFailed
    from tests.helpers import full_disk

    full_disk(monkeypatch)
    with pytest.raises(DomainError) as refused:
        _issue(signed_decision, office)

    assert refused.value.message == issuing.ISSUE_STORAGE_FAILED
    assert isinstance(refused.value, StoreFailed)  # the page says to try again later (503)
    assert IssuedDocument.objects.count() == 0
    assert _stored_files(settings) == []
