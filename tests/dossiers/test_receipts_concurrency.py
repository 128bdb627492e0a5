"""Dossier codes under real concurrency on PostgreSQL: many units of one agency submitting at the same moment
each get their own code, numbered 0001 to N without a gap or a duplicate."""


import pytest
from django.db import connection

from dossiers import services
from dossiers.models import DocumentKind, Dossier, DossierCodeSequence
from tests.factories import CampaignFactory, UnitFactory, staff_user
from tests.helpers import all_at_once, pdf_bytes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def _complete_draft(campaign, index: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(name):
        return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")

    unit = UnitFactory(agency=campaign.agency, name=f"Phòng {index:02d}")
    person = staff_user(unit, username=f"vanthu{index}")
    dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=person)
    services.upload_document(dossier=dossier, by=person, kind=DocumentKind.PROPOSAL_LETTER, upload=upload("cv.pdf"))
    services.upload_document(dossier=dossier, by=person, kind=DocumentKind.MEETING_MINUTES, upload=upload("bb.pdf"))
    services.add_nomination(dossier=dossier, by=person, kind="collective", staff=None, achievement_summary="Tốt.",
                            report=upload("bc.pdf"))
    return dossier, person


def test_units_submitting_at_the_same_moment_get_distinct_consecutive_codes(settings, tmp_path):
    import time_machine

    from tests.helpers import vn

    with time_machine.travel(vn(2023, 11, 1, 9), tick=True):
        campaign = CampaignFactory()
        drafts = [_complete_draft(campaign, i) for i in range(THREADS)]
        outcomes = all_at_once(
            [lambda d=d, p=p: services.submit_dossier(dossier=d, by=p) for d, p in drafts]
        )
    assert outcomes == ["ok"] * THREADS
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"SCT-2023-{n:04d}" for n in range(1, THREADS + 1)]
    assert DossierCodeSequence.objects.get().last_number == THREADS
