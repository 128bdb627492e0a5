"""An uploaded dossier file stays in the storage only if the transaction that records it commits
(issue 12, point 8)."""

from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from dossiers import services
from dossiers.models import DocumentKind, DossierFile

pytestmark = pytest.mark.django_db


def _stored_files(settings) -> list[Path]:
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in private.rglob("*") if p.is_file()]


def test_an_upload_whose_enclosing_transaction_rolls_back_leaves_no_file(draft, clerk, make_pdf, settings):
    with pytest.raises(DatabaseError), transaction.atomic():
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf())
        assert len(_stored_files(settings)) == 1
        raise DatabaseError("a later statement of the same transaction fails")

    assert not DossierFile.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_commit_fails_leaves_no_record_and_no_file(draft, clerk, make_pdf, settings, monkeypatch):
    def refuse_commit():
        raise DatabaseError("could not serialize access")

    monkeypatch.setattr(connection, "commit", refuse_commit)
    with pytest.raises(DatabaseError):
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf())
    monkeypatch.undo()

    assert not DossierFile.objects.exists()
    assert _stored_files(settings) == []


def test_deleting_a_dossier_removes_its_files(draft, clerk, make_pdf, settings, django_capture_on_commit_callbacks):
    services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf())
    assert len(_stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()

    assert _stored_files(settings) == []
