"""seed_demo_legal: the demo's agencies get their basis of competence and the current-year plans the Căn
cứ of the regime of their date; a second run changes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from campaign.models import Agency, LegalBasis
from core.time import local_today
from legal.models import LegalRegime
from tests.factories import AgencyFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def test_current_plans_get_their_regimes_lines_once():
    today = local_today()
    agency = AgencyFactory()
    current = CampaignFactory(agency=agency, year=today.year, number="01/KH-SCT-DEMO",
                              launch_date=today - dt.timedelta(days=30), emulation_end=today,
                              submission_deadline=today + dt.timedelta(days=8))
    old = CampaignFactory(agency=agency)
    law_2003 = "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;"
    for plan in (current, old):
        LegalBasis.objects.create(campaign=plan, order=1, text=law_2003)

    call_command("seed_demo_legal", quiet=True)

    agency.refresh_from_db()
    assert agency.competence_basis.startswith("Căn cứ Quyết định số …/QĐ-UBND của Ủy ban nhân dân Tỉnh Đồng Tháp")
    regime_lines = list(LegalRegime.objects.get(code="2024").bases.values_list("text", flat=True))
    lines = list(current.legal_bases.values_list("text", flat=True))
    assert lines[1:4] == regime_lines
    assert lines[0] == agency.competence_basis + ";" and lines[-1].startswith("Căn cứ Kế hoạch số 01/KH-SCT-DEMO")
    assert list(old.legal_bases.values_list("text", flat=True)) == [law_2003]

    before = list(LegalBasis.objects.order_by("pk").values_list("pk", "text"))
    call_command("seed_demo_legal", quiet=True)
    assert list(LegalBasis.objects.order_by("pk").values_list("pk", "text")) == before
    assert Agency.objects.get(pk=agency.pk).competence_basis == agency.competence_basis
