"""A DOCX zip bomb uploaded to a dossier is refused and nothing of it is stored (issue 12, point 9)."""

from pathlib import Path

import pytest

from dossiers import services
from dossiers.models import DocumentKind, DossierFile
from tests.core.test_zip_bombs import BOMB_MESSAGE, _bomb, _upload

pytestmark = pytest.mark.django_db


def test_a_docx_bomb_uploaded_to_a_dossier_is_refused_and_nothing_is_stored(draft, clerk, settings):
    with pytest.raises(services.DomainError) as refused:
        services.upload_document(
            dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=_upload(_bomb())
        )

    assert refused.value.message == BOMB_MESSAGE.format(name="bao-cao.docx")
    assert not DossierFile.objects.exists()
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not [p for p in private.rglob("*") if p.is_file()]
