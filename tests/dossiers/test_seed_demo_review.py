import pytest
from django.core.management import call_command

from dossiers.models import Dossier, DossierFile

pytestmark = pytest.mark.django_db


def test_review_demo_has_dossiers_in_each_review_state_and_runs_once():
    call_command("seed_demo", quiet=True)
    call_command("seed_demo_review", quiet=True)
    states = sorted(Dossier.objects.filter(campaign__number="02/KH-SCT-DEMO").values_list("state", flat=True))
    assert states == ["accepted", "returned", "submitted", "submitted"]
    files = DossierFile.objects.count()
    assert files == 4 * 2 + 9  # letter and minutes per dossier, one report per nominee
    call_command("seed_demo_review", quiet=True)
    assert Dossier.objects.count() == 4 and DossierFile.objects.count() == files
    campaign = Dossier.objects.first().campaign
    assert campaign.is_emulation_over() and campaign.is_submission_open()
