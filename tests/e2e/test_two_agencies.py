"""One deployment, two agencies, in the browser: Sở Y tế's people see their own plan and nothing of
Sở Công Thương's dossiers, in the portal and in the admin; typing an address of the other agency
gives the page that says it does not exist."""

import re

import pytest

from campaign.models import Campaign
from core.time import local_today
from dossiers import services
from dossiers.models import Dossier

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def _sct_dossier() -> Dossier:
    from django.contrib.auth.models import User

    from campaign.rules import standing

    clerk = User.objects.get(username="donvi.congnghiep")
    campaign = Campaign.objects.get(number="01/KH-SCT-DEMO", year=local_today().year)
    return services.create_dossier(campaign=campaign, unit=standing(clerk).staff.unit, level="grassroots", by=clerk)


def test_the_second_agencys_office_sees_only_its_own_agency(page, live_server, demo_data, login, screenshot):
    dossier = _sct_dossier()
    login(page, live_server, "vanphong.syt")

    page.goto(f"{live_server.url}/")
    page.locator("#plans > summary").click()  # the plans are folded below "Việc cần làm" (issue 15)
    expect(page.locator("#plans").get_by_text("Kế hoạch số 01/KH-SYT-DEMO")).to_be_visible()
    expect(page.get_by_text("01/KH-SCT-DEMO")).to_have_count(0)
    screenshot("two_agencies_home_syt")

    page.goto(f"{live_server.url}/ho-so/")
    expect(page.get_by_text("Phòng Quản lý Công nghiệp")).to_have_count(0)

    response = page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Phòng Quản lý Công nghiệp")).to_have_count(0)

    page.goto(f"{live_server.url}/quan-tri/dossiers/dossier/")
    expect(page.get_by_text("Phòng Quản lý Công nghiệp")).to_have_count(0)
    page.goto(f"{live_server.url}/quan-tri/campaign/unit/")
    expect(page.get_by_role("link", name="Phòng Nghiệp vụ Y")).to_be_visible()
    expect(page.get_by_text("Phòng Quản lý Công nghiệp")).to_have_count(0)
    screenshot("two_agencies_admin_units_syt")


def test_the_second_agencys_staff_cannot_reach_the_first_agencys_dossier_nor_its_plan(
    page, live_server, demo_data, login
):
    dossier = _sct_dossier()
    login(page, live_server, "donvi.syt")
    response = page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    plans = [text for text in page.locator("#id_campaign option").all_inner_texts() if "(" in text]
    assert plans and all(re.search(r"\(01/KH-SYT-DEMO\)$", text) for text in plans)
