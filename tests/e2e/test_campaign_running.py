"""Running the demo campaign in the browser: a staff member acknowledges the plan, a unit leader reports
progress on a content item, the inspection board files a supervision report, the office reads the
dashboard and checks a staff spreadsheet."""

import io
import re

import pytest
from openpyxl import Workbook

from campaign.models import Acknowledgement, Campaign, ProgressReport, StaffMember, SupervisionReport
from core.time import local_today, vn_date

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

DEMO_NUMBER = "01/KH-SCT-DEMO"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REPORT = (
    "Sinh hoạt chuyên đề về văn hóa giao tiếp, quy tắc ứng xử của công chức; 100% công chức của phòng "
    "tham dự và ký cam kết thực hiện."
)


def demo_campaign() -> Campaign:
    return Campaign.objects.get(number=DEMO_NUMBER, year=local_today().year)


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


def test_staff_acknowledges_the_plan_and_the_leader_reports_progress(
    page, live_server, demo_data, login, screenshot, tmp_path, private_media
):
    campaign = demo_campaign()
    evidence = tmp_path / "bien-ban-sinh-hoat-chuyen-de.pdf"
    evidence.write_bytes(PDF_BYTES)

    # A staff member of the Trung tâm Khuyến công reads the plan and confirms.
    login(page, live_server, "donvi.khuyencong")
    page.locator("#nav").get_by_role("link", name="Thực hiện", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thực hiện kế hoạch – Trung tâm Khuyến công và Xúc tiến thương mại"
    )
    page.get_by_role("button", name="Tôi đã đọc và nắm nội dung Kế hoạch").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận: bạn đã đọc và nắm nội dung Kế hoạch.")
    expect(page.locator("#xac-nhan .acknowledged")).to_contain_text("Bạn đã xác nhận")
    expect(page.get_by_role("button", name="Tôi đã đọc và nắm nội dung Kế hoạch")).to_have_count(0)
    screenshot("campaign_acknowledged")
    assert Acknowledgement.objects.filter(
        campaign=campaign, staff=StaffMember.objects.get(full_name="Phạm Thị Thúy Vy")
    ).exists()
    log_out(page)

    # The head of the Phòng Quản lý Công nghiệp sees who has not confirmed, and reports on item 2.
    login(page, live_server, "donvi.congnghiep")
    page.locator("#nav").get_by_role("link", name="Thực hiện", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thực hiện kế hoạch – Phòng Quản lý Công nghiệp")
    expect(page.locator("#can-bo-xac-nhan .ack-pending li")).to_have_text(["• Trần Văn Khoa – Trưởng phòng"])
    expect(page.locator("#can-bo-xac-nhan .ack-no-login li")).to_have_count(2)
    expect(page.locator("#tien-do .reported-count")).to_have_text("0/9")

    page.get_by_role("link", name="Báo cáo nội dung 2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo nội dung số 2")
    page.get_by_label("Đơn vị đã thực hiện").fill(REPORT)
    page.get_by_label("Ngày thực hiện").fill(vn_date(local_today()))
    page.get_by_label("Tệp minh chứng (không bắt buộc)").set_input_files(str(evidence))
    screenshot("campaign_progress_form")
    page.get_by_role("button", name="Lưu báo cáo").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu báo cáo nội dung số 2.")
    expect(page.locator("#tien-do .reported-count")).to_have_text("1/9")
    item = page.locator("#noi-dung-2")
    expect(item.locator(".badge")).to_have_text("Đã báo cáo")
    expect(item.locator(".report-text")).to_have_text(REPORT)
    expect(item.locator(".evidence-list a")).to_have_text("bien-ban-sinh-hoat-chuyen-de.pdf")
    screenshot("campaign_work_leader")

    report = ProgressReport.objects.get(campaign=campaign, unit__name="Phòng Quản lý Công nghiệp")
    assert (report.content_item.number, report.description, report.activity_date) == (2, REPORT, local_today())
    stored = [p for p in private_media.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [PDF_BYTES]

    # The evidence downloads through the portal, named as uploaded.
    with page.expect_download() as download:
        item.locator(".evidence-list a").click()
    assert download.value.suggested_filename == "bien-ban-sinh-hoat-chuyen-de.pdf"


def test_the_board_files_a_supervision_report_and_the_director_reads_the_dashboard(
    page, live_server, demo_data, login, screenshot
):
    campaign = demo_campaign()
    today = vn_date(local_today())
    start = vn_date(campaign.launch_date)

    login(page, live_server, "thanhtra")
    page.locator("#nav").get_by_role("link", name="Giám sát").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo giám sát của Ban Thanh tra nhân dân")
    form = page.locator("#gui-bao-cao")
    form.get_by_label("Giám sát từ ngày").fill(start)
    form.get_by_label("đến ngày").fill(today)
    form.get_by_label("Kết quả giám sát").fill("Các phòng đã niêm yết công khai quy chế chi tiêu nội bộ.")
    form.get_by_label("Kiến nghị").fill("Phòng Quản lý Năng lượng tổ chức sinh hoạt chuyên đề trong tháng.")
    form.get_by_role("button", name="Gửi báo cáo giám sát").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi báo cáo giám sát.")
    expect(page.locator(".supervision-report h2")).to_have_text(f"Giám sát từ {start} đến {today}")
    screenshot("campaign_supervision")
    assert SupervisionReport.objects.filter(campaign=campaign).count() == 1
    log_out(page)

    login(page, live_server, "giamdoc")
    page.locator("#nav").get_by_role("link", name="Theo dõi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng theo dõi thực hiện kế hoạch")
    expect(page.locator("svg.chart")).to_have_count(2)
    row = page.locator("tr", has=page.get_by_role("link", name="Văn phòng Sở", exact=True))
    expect(row.locator(".items-figure")).to_have_text("3/9")
    expect(row.locator(".ack-figure")).to_have_text("1/1")
    # The supervision reports beside the exports, with their count (not inside the nominations' figures).
    expect(page.get_by_role("link", name="Báo cáo giám sát (1)", exact=True)).to_be_visible()
    screenshot("campaign_dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="Danh sách đề nghị + thống kê (Excel)").click()
    assert re.fullmatch(r"danh-sach-de-nghi-\d{4}-01\.xlsx", download.value.suggested_filename)

    page.get_by_role("link", name="Văn phòng Sở", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn phòng Sở")
    screenshot("campaign_unit_overview")


def test_the_office_checks_a_staff_spreadsheet_and_sees_each_error_with_its_row(
    page, live_server, demo_data, login, screenshot, tmp_path
):
    workbook = Workbook()
    units = workbook.active
    units.title = "Đơn vị"
    units.append(["Tên đơn vị", "Loại đơn vị", "Thứ tự", "Email"])
    units.append(["Tổ Công nghệ thông tin", "Phòng chuyên môn", 11, ""])
    staff = workbook.create_sheet("Cán bộ")
    staff.append(["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"])
    staff.append(["Võ Minh Khang", "Nam", "Tổ trưởng", "Tổ Công nghệ thông tin", "x", ""])
    staff.append(["Lê Thị Ngọc Hạnh", "N", "Chuyên viên", "Tổ Công nghệ thông tin", "", ""])
    staff.append(["Võ Minh Khang", "Nam", "Chuyên viên", "Văn phòng Sở", "", ""])
    staff.append(["Trần Thanh Sơn", "Nam", "Chuyên viên", "Phòng Tổ chức", "", ""])
    path = tmp_path / "danh-sach-can-bo.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    login(page, live_server, "vanphong")
    page.locator("#nav").get_by_role("link", name="Theo dõi", exact=True).click()
    page.get_by_role("link", name="Nhập đơn vị, cán bộ từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()

    errors = page.locator(".import-errors li")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("dòng 3: Giới tính “N” không hợp lệ")
    expect(errors.nth(1)).to_contain_text("dòng 4: Trùng người: “Võ Minh Khang” đã có ở dòng 2.")
    expect(errors.nth(2)).to_contain_text("dòng 5: Không có đơn vị “Phòng Tổ chức”")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    screenshot("campaign_import_errors")
    assert not StaffMember.objects.filter(full_name="Võ Minh Khang").exists()
