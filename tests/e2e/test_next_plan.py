"""The office makes next year's plan from the 2023 plan in the admin, and reads the warning on a plan that
cites a decree no longer in force (issue 13 points 1 and 6)."""

import pytest
from django.core.management import call_command

from campaign.models import Campaign

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def test_the_office_makes_next_years_plan(page, live_server, demo_data, login, screenshot):
    call_command("seed_demo_legal", quiet=True)
    plan_2023 = Campaign.objects.get(year=2023, agency__code="SCT")
    login(page, live_server, "vanphong")

    page.goto(f"{live_server.url}/quan-tri/campaign/campaign/{plan_2023.pk}/change/")
    page.get_by_role("link", name="Tạo kế hoạch mới từ kế hoạch này").click()
    page.get_by_label("Số kế hoạch mới").fill("45/KH-SCT")
    page.get_by_label("Năm").fill("2024")
    page.get_by_label("Ngày ký kế hoạch").fill("10/05/2024")
    page.get_by_label("Ngày phát động").fill("15/05/2024")
    page.get_by_label("Hết thời hạn thi đua").fill("01/05/2024")
    page.get_by_label("Hạn nộp hồ sơ").fill("10/11/2024")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "Thời hạn thi đua (01/05/2024) không được trước ngày phát động (15/05/2024)."
    )
    expect(page.get_by_label("Số kế hoạch mới")).to_have_value("45/KH-SCT")
    page.get_by_label("Hết thời hạn thi đua").fill("31/10/2024")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()

    expect(page.locator(".messagelist")).to_contain_text("Đã tạo kế hoạch 45/KH-SCT năm 2024 từ kế hoạch …/KH-SCT")
    expect(page.locator("#legal-warning")).to_have_count(0)
    bases = page.locator("#legal_bases-group textarea:not([name*='__prefix__'])")
    expect(bases.nth(1)).to_have_value("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    expect(bases.last).to_have_value(
        "Căn cứ Kế hoạch số 45/KH-SCT ngày 10 tháng 5 năm 2024 của Sở Công Thương về phát động phong trào thi đua "
        "thực hiện Quy chế dân chủ cơ sở năm 2024."
    )
    screenshot("e2e_next_plan_created")
    new = Campaign.objects.get(number="45/KH-SCT", year=2024)
    assert (new.content_items.count(), new.dossiers.count()) == (plan_2023.content_items.count(), 0)

    # A current-year demo plan cites Decree 98/2023, ended 30/06/2025: the office is warned.
    current = Campaign.objects.get(number="01/KH-SCT-DEMO")
    page.goto(f"{live_server.url}/quan-tri/campaign/campaign/{current.pk}/change/")
    expect(page.locator("#legal-warning")).to_contain_text(
        "dẫn 98/2023/NĐ-CP, văn bản hết hiệu lực từ sau ngày 30/06/2025 (thay thế bởi Nghị định 152/2025/NĐ-CP)"
    )
    screenshot("e2e_next_plan_warning")
