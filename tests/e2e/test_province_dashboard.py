"""The steering committee's province dashboard in the browser: from the navigation to the table, sorting
by a column and back, and the XLSX export in the order shown; on a phone the table and charts scroll."""

import io

import pytest
from openpyxl import load_workbook

from tests.reports.test_province_dashboard import build_agency, committee_user, make_plan, make_province

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

PASSWORD = "ThiDua@2023"


@pytest.fixture
def province_world(transactional_db, settings, private_media):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = make_plan(make_province())
    agencies = [
        build_agency(plan, 1, acknowledged=0, reported=3),
        build_agency(plan, 2, acknowledged=2, reported=1),
        build_agency(plan, 3, acknowledged=1, reported=2),
    ]
    committee = committee_user(plan.province)
    committee.set_password(PASSWORD)
    committee.save()
    return plan, agencies


def agency_order(page) -> list[str]:
    return page.locator(".province-table tbody th[scope=row]").all_inner_texts()


def test_the_committee_sorts_the_agencies_and_exports_them(page, live_server, province_world, login, screenshot):
    plan, agencies = province_world
    login(page, live_server, "bcd.tinh", PASSWORD)

    page.locator("#nav").get_by_role("link", name="Theo dõi toàn tỉnh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng theo dõi cấp tỉnh")
    expect(page.get_by_text("Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023 của UBND tỉnh")).to_be_visible()
    assert agency_order(page) == ["Sở số 01", "Sở số 02", "Sở số 03"]
    expect(page.locator("svg.chart")).to_have_count(3)

    # Acknowledgement: the largest first, then the other way round.
    page.get_by_role("link", name="Xác nhận nắm Kế hoạch").click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Xác nhận nắm Kế hoạch")
    assert agency_order(page) == ["Sở số 02", "Sở số 03", "Sở số 01"]
    page.get_by_role("link", name="Xác nhận nắm Kế hoạch").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Xác nhận nắm Kế hoạch")
    assert agency_order(page) == ["Sở số 01", "Sở số 03", "Sở số 02"]
    screenshot("province_dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất bảng theo dõi (Excel)").click()
    assert download.value.suggested_filename == "theo-doi-cap-tinh-2023-157.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))["Theo cơ quan"]
    names = [row[1] for row in sheet.iter_rows(min_row=7, max_row=9, values_only=True)]
    assert names == ["Sở số 01", "Sở số 03", "Sở số 02"]  # the order on the page

    # On a phone the table scrolls sideways inside its card; the page itself does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("province_dashboard_phone")
