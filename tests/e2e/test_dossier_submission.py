"""A unit prepares and submits its dossier in the browser, reading what the portal tells it."""

import re

import pytest

from campaign.models import Campaign, StaffMember
from core.time import local_today, vn_date
from dossiers import services
from dossiers.models import DossierFile

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

DEMO_NUMBER = "01/KH-SCT-DEMO"
UNIT = "Phòng Quản lý Công nghiệp"
STAFF_LOGIN = "donvi.congnghiep"

# Small files with the signatures the portal recognises.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def demo_campaign() -> Campaign:
    return Campaign.objects.get(number=DEMO_NUMBER, year=local_today().year)


def write(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def stored_files(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def upload_form(scope, kind: str):
    return scope.locator(f"form.upload-form[data-kind={kind}]")


def upload(form, path) -> None:
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name=re.compile(r"^Tải lên")).click()


def test_unit_staff_prepares_and_submits_a_grassroots_dossier(
    page, live_server, demo_data, login, screenshot, tmp_path, private_media
):
    campaign = demo_campaign()
    summary_report = write(tmp_path, "bao-cao-tom-tat-dat.pdf", PDF_BYTES)
    collective_report = write(tmp_path, "bao-cao-tom-tat-phong.pdf", PDF_BYTES)
    letter = write(tmp_path, "cong-van-de-nghi.pdf", PDF_BYTES)
    minutes = write(tmp_path, "bien-ban-hop.png", PNG_BYTES)

    login(page, live_server, STAFF_LOGIN)
    page.locator("#nav").get_by_role("link", name="Hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ của đơn vị: {UNIT}")

    page.get_by_role("link", name="+ Tạo hồ sơ đề nghị").click()
    page.get_by_label("Phong trào thi đua").select_option(label=f"{campaign.title} ({DEMO_NUMBER})")
    page.get_by_role("radio", name=re.compile(r"^Cấp cơ sở")).check()
    page.get_by_role("button", name="Tạo hồ sơ nháp").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tạo hồ sơ nháp.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ đề nghị khen thưởng – {UNIT}")

    # An individual, with the summary report attached in the same form.
    adding = page.locator("#add-nomination")
    adding.get_by_role("radio", name="Cá nhân của đơn vị").check()
    adding.get_by_label("Cá nhân", exact=True).select_option(label="Nguyễn Thành Đạt – Chuyên viên")
    adding.get_by_role("textbox", name="Tóm tắt thành tích").fill(
        "Hoàn thành xuất sắc nhiệm vụ; tích cực tham gia thực hiện Quy chế dân chủ ở cơ sở."
    )
    adding.locator("input[type=file][name=report]").set_input_files(str(summary_report))
    adding.get_by_role("button", name="Thêm vào hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thêm đề nghị khen thưởng cho Nguyễn Thành Đạt.")

    # The unit itself; its report comes afterwards, through the nomination's own upload form.
    adding = page.locator("#add-nomination")
    adding.get_by_role("radio", name=f"Tập thể {UNIT}").check()
    adding.get_by_role("textbox", name="Tóm tắt thành tích").fill(
        "Tập thể đoàn kết, hoàn thành tốt nhiệm vụ năm."
    )
    adding.get_by_role("button", name="Thêm vào hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã thêm đề nghị khen thưởng cho {UNIT}.")

    nominations = page.locator("li.nomination")
    expect(nominations.locator(".nominee-name")).to_have_text(
        ["Phòng Quản lý Công nghiệp", "Ông Nguyễn Thành Đạt"]
    )
    collective = nominations.filter(has=page.locator(".nominee-name", has_text=re.compile(f"^{UNIT}$")))
    upload(upload_form(collective, "achievement_report"), collective_report)
    expect(page.get_by_role("alert")).to_contain_text("Đã tải lên “bao-cao-tom-tat-phong.pdf” (phiên bản 1).")

    upload(upload_form(page.locator("#doc-proposal_letter"), "proposal_letter"), letter)
    expect(page.get_by_role("alert")).to_contain_text("Đã tải lên “cong-van-de-nghi.pdf” (phiên bản 1).")
    upload(upload_form(page.locator("#doc-meeting_minutes"), "meeting_minutes"), minutes)
    expect(page.get_by_role("alert")).to_contain_text("Đã tải lên “bien-ban-hop.png” (phiên bản 1).")

    checklist = page.locator("#checklist ul.checklist li")
    expect(checklist).to_have_text(
        [
            "✔ Công văn đề nghị",
            "✔ Biên bản họp xét đề nghị khen thưởng",
            "✔ Ít nhất một tập thể hoặc cá nhân được đề nghị",
            f"✔ Báo cáo tóm tắt thành tích của {UNIT}",
            "✔ Báo cáo tóm tắt thành tích của Nguyễn Thành Đạt",
        ]
    )
    expect(page.locator("#checklist li.missing")).to_have_count(0)

    page.locator("#submit-dossier").click()
    # The review step (issue 15): nothing is submitted until the box is ticked and “Xác nhận nộp” pressed.
    expect(page.locator("h1")).to_have_text("Kiểm tra trước khi nộp hồ sơ")
    page.get_by_label("Tôi đã kiểm tra các thành phần và tệp của hồ sơ ở trên và xác nhận nộp hồ sơ này.").check()
    page.get_by_role("button", name="Xác nhận nộp").click()

    expect(page.get_by_role("alert").first).to_contain_text("Đã nộp hồ sơ về Văn phòng Sở. Trạng thái: Đã nộp.")
    expect(page.locator("#dossier-code")).to_have_text(re.compile(r"^SCT-\d{4}-\d{4}$"))
    page.get_by_role("link", name="Xem hồ sơ").click()
    expect(page.locator(".state-badge")).to_have_text("Đã nộp")
    expect(page.locator("#timeline ol.timeline > li strong")).to_have_text(["Nháp", "Đã nộp"])
    expect(page.locator("#submit-dossier")).to_have_count(0)
    screenshot("e2e_dossier_detail")
    assert len(stored_files(private_media)) == 4


def test_a_text_file_renamed_to_pdf_is_refused_next_to_the_field_and_not_stored(
    page, live_server, demo_data, login, screenshot, tmp_path, private_media
):
    khoa = StaffMember.objects.get(full_name="Trần Văn Khoa")
    dossier = services.create_dossier(
        campaign=demo_campaign(), unit=khoa.unit, level="grassroots", by=khoa.user
    )
    fake = write(tmp_path, "cong-van.pdf", "Đây chỉ là một tệp văn bản.\n".encode())

    login(page, live_server, STAFF_LOGIN)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    slot = page.locator("#doc-proposal_letter")
    upload(upload_form(slot, "proposal_letter"), fake)

    error = upload_form(page.locator("#doc-proposal_letter"), "proposal_letter").locator(".invalid-feedback")
    expect(error).to_contain_text("không phải là tệp PDF thật")
    expect(error).to_contain_text("“cong-van.pdf”")
    expect(page.locator("#doc-proposal_letter")).to_contain_text("Chưa có tệp")
    screenshot("e2e_upload_error")
    assert DossierFile.objects.filter(dossier=dossier).count() == 0
    assert stored_files(private_media) == []


def test_home_page_shows_the_demo_campaign_with_its_nine_content_items_and_countdowns(
    page, live_server, demo_data, screenshot
):
    campaign = demo_campaign()
    year = local_today().year

    page.goto(f"{live_server.url}/")

    card = page.locator(f"#campaign-{campaign.pk}")
    expect(card).to_contain_text(f"Kế hoạch số {DEMO_NUMBER}")
    expect(card.get_by_role("heading", level=2)).to_have_text(
        f"Phong trào thi đua thử nghiệm năm {year} (dữ liệu mẫu)"
    )
    expect(card.locator("ol.content-items li")).to_have_count(9)
    expect(card.locator(".countdown > div.small.text-muted")).to_have_text(
        ["Thời gian thi đua", "Hạn nộp hồ sơ đề nghị khen thưởng"]
    )
    expect(card.locator(".countdown .value")).to_have_text([re.compile(r"^còn \d+ ngày \d+ giờ$")] * 2)
    expect(card.locator(".countdown > div.small:not(.text-muted)")).to_have_text(
        [
            f"đến hết ngày {vn_date(campaign.emulation_end)}",
            f"đến hết ngày {vn_date(campaign.submission_deadline)}",
        ]
    )
    screenshot("e2e_home")


def test_on_an_object_store_an_upload_lands_in_the_bucket_and_an_unreachable_store_is_answered_at_the_field(
    page, live_server, demo_data, s3_storage, login, screenshot, tmp_path, settings
):
    """PRIVATE_S3_BUCKET: the unit's file goes to the bucket and comes back through the portal; when the
    store cannot be reached, the message is beside the field and nothing is kept."""
    khoa = StaffMember.objects.get(full_name="Trần Văn Khoa")
    dossier = services.create_dossier(campaign=demo_campaign(), unit=khoa.unit, level="grassroots", by=khoa.user)
    login(page, live_server, STAFF_LOGIN)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    upload(upload_form(page.locator("#doc-proposal_letter"), "proposal_letter"),
           write(tmp_path, "cong-van.pdf", PDF_BYTES))
    expect(page.locator("#doc-proposal_letter")).to_contain_text("cong-van.pdf")
    stored = DossierFile.objects.get(dossier=dossier)
    assert s3_storage.keys() == [stored.file.name] and s3_storage.read(stored.file.name) == PDF_BYTES
    with page.expect_download() as download:
        page.locator("#doc-proposal_letter").get_by_role("link", name=re.compile("cong-van.pdf")).click()
    assert download.value.path().read_bytes() == PDF_BYTES

    entry = settings.STORAGES["private"]
    unreachable = {**entry, "OPTIONS": {**entry["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}}
    settings.STORAGES = {**settings.STORAGES, "private": unreachable, "default": unreachable}
    upload(upload_form(page.locator("#doc-meeting_minutes"), "meeting_minutes"),
           write(tmp_path, "bien-ban.pdf", PDF_BYTES))

    error = upload_form(page.locator("#doc-meeting_minutes"), "meeting_minutes").locator(".invalid-feedback")
    expect(error).to_contain_text("Không lưu được tệp “bien-ban.pdf” vào kho lưu trữ của máy chủ")
    expect(page.locator("#doc-meeting_minutes")).to_contain_text("Chưa có tệp")
    screenshot("e2e_upload_store_unreachable")
    assert DossierFile.objects.filter(dossier=dossier).count() == 1
    assert s3_storage.keys() == [stored.file.name]
