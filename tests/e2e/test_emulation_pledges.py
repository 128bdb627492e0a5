"""Pledges in the browser: a unit registers its pledge with a target per content item, sees it beside
its progress reports, and the office sees who has registered and who has not."""

import pytest

from emulation.models import Pledge

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def test_a_unit_registers_its_pledge_and_the_office_sees_it(page, live_server, demo_data, login, screenshot):
    login(page, live_server, "donvi.congnghiep")
    page.locator("#nav").get_by_role("link", name="Thi đua", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thi đua – Phòng Quản lý Công nghiệp")
    expect(page.locator("#dang-ky-don-vi")).to_contain_text("Chưa đăng ký")
    page.get_by_label("Danh hiệu đăng ký").select_option("excellent_collective")
    page.get_by_label("Chỉ tiêu nội dung 1").fill("100% cán bộ được quán triệt Kế hoạch")
    page.get_by_label("Chỉ tiêu (số) nội dung 2").fill("4,5")
    page.get_by_role("button", name="Lưu đăng ký").click()
    expect(page.get_by_text("Đã lưu đăng ký thi đua của Phòng Quản lý Công nghiệp.")).to_be_visible()
    expect(page.locator("#dang-ky-don-vi")).to_contain_text("Đã đăng ký")
    pledge = Pledge.objects.get(unit__name="Phòng Quản lý Công nghiệp", staff__isnull=True)
    assert [t.shown for t in pledge.targets.order_by("content_item__number")] == [
        "100% cán bộ được quán triệt Kế hoạch", "4,5"]

    # Beside the unit's progress reports.
    page.locator("#nav").get_by_role("link", name="Thực hiện", exact=True).click()
    expect(page.locator("#dang-ky-thi-dua")).to_contain_text("Nội dung 1: 100% cán bộ được quán triệt Kế hoạch")
    screenshot("emulation-pledge-beside-progress")

    # The office sees who has registered and who has not.
    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server, "vanphong")
    page.locator("#nav").get_by_role("link", name="Thi đua", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng hợp đăng ký thi đua")
    expect(page.locator(".register-summary")).to_contain_text("1/10 đơn vị đã đăng ký")
    row = page.locator("#register tr", has_text="Phòng Quản lý Công nghiệp")
    expect(row).to_contain_text("✔")
    expect(page.locator("#register tr", has_text="Phòng Quản lý Thương mại")).to_contain_text("Chưa đăng ký")
    screenshot("emulation-register")
