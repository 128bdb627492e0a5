"""The office records the council's votes in one page and approves within the quota."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from awards.models import Approval
from awards.review import council
from awards.review import services as review
from campaign.models import Campaign
from core.time import local_today

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def test_office_fills_the_vote_grid_and_approves(page, live_server, demo_data, login, screenshot):
    call_command("seed_demo_review", quiet=True)
    campaign = Campaign.objects.get(number="02/KH-SCT-DEMO")
    office = User.objects.get(username="vanphong")
    members = list(council.council_members(campaign))
    meeting = review.create_meeting(campaign=campaign, level="grassroots", held_on=local_today(),
                                    present=members[:6], by=office)

    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/")
    rows = page.locator("table.aw-table tbody tr")
    expect(rows).to_have_count(2)  # the accepted dossier of Phòng Quản lý Năng lượng: two individuals
    first = rows.nth(0)
    first.get_by_role("button", name="Tất cả tán thành").click()
    first.locator("select").nth(5).select_option("disagree")  # one exception, typed by hand
    page.get_by_role("button", name="Lưu phiếu biểu quyết").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã ghi phiếu biểu quyết cho 1 đề nghị.")
    expect(rows.nth(0)).to_contain_text("Đạt")
    expect(rows.nth(0)).to_contain_text("Tán thành 5/7")
    screenshot("e2e_vote_grid")

    page.get_by_role("link", name="→ Xét duyệt trong chỉ tiêu và công khai danh sách").click()
    page.locator("#shortlist").get_by_role("button", name="Duyệt").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Đã duyệt khen thưởng cho")
    expect(page.locator("#quota")).to_contain_text("1/5 cá nhân")
    assert Approval.objects.filter(campaign=campaign).count() == 1
