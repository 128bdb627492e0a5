"""What the browser itself says on a form speaks Vietnamese too: the file pickers ("Chọn tệp", the names
chosen, files dropped on them) and the messages of its checks before a form is sent (static/js/portal.js),
whatever the language of the computer's Windows."""

import re

import pytest

from campaign.models import ContentItem, ProgressReport, StaffMember
from dossiers import services
from dossiers.models import DossierFile
from tests.e2e.test_dossier_submission import PDF_BYTES, UNIT, demo_campaign, upload_form, write

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

STAFF_LOGIN = "donvi.congnghiep"


def validation_message(locator) -> str:
    return locator.evaluate("field => field.validationMessage")


def test_the_report_form_picks_and_drops_files_and_checks_in_vietnamese(
    page, live_server, demo_data, login, screenshot, tmp_path
):
    campaign = demo_campaign()
    item = ContentItem.objects.filter(campaign=campaign).order_by("number").first()
    first = write(tmp_path, "bien-ban-sinh-hoat.pdf", PDF_BYTES)
    second = write(tmp_path, "danh-sach-tham-du.pdf", PDF_BYTES)
    login(page, live_server, STAFF_LOGIN)
    page.goto(f"{live_server.url}/ke-hoach/{campaign.pk}/noi-dung/{item.pk}/bao-cao/")

    native = page.get_by_label("Tệp minh chứng (không bắt buộc)")
    picker = page.locator(".file-native + .input-group")
    expect(picker.locator(".file-choose")).to_have_text("Chọn các tệp")
    expect(picker.locator(".file-chosen")).to_have_text("Chưa chọn tệp nào")
    box = native.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)  # the browser's own English button is hidden

    # Sent empty: the browser stops it, in Vietnamese, and nothing is saved.
    page.get_by_role("button", name="Lưu báo cáo").click()
    description = page.get_by_label("Đơn vị đã thực hiện")
    assert validation_message(description) == "Vui lòng điền vào mục này."
    description.fill("Sinh hoạt chuyên đề về Quy chế dân chủ ở cơ sở.")
    assert validation_message(description) == ""
    assert validation_message(page.get_by_label("Ngày thực hiện")) == "Vui lòng điền vào mục này."

    # Chosen with the dialog, then dropped on the picker: the names are shown.
    native.set_input_files([str(first), str(second)])
    expect(picker.locator(".file-chosen")).to_have_text("2 tệp: bien-ban-sinh-hoat.pdf, danh-sach-tham-du.pdf")
    picker.evaluate("""group => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(["%PDF-1.4\\n%%EOF\\n"], "anh-hoi-nghi.pdf", {type: "application/pdf"}));
        group.dispatchEvent(new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
    }""")
    expect(picker.locator(".file-chosen")).to_have_text("anh-hoi-nghi.pdf")
    assert native.evaluate("input => input.files.length") == 1

    # A kind the field does not take, dropped: refused beside the field, the file chosen before kept.
    picker.evaluate("""group => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(["MZ"], "cai-dat.exe", {type: "application/x-msdownload"}));
        group.dispatchEvent(new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
    }""")
    expect(page.locator(".file-refused")).to_have_text(
        "Không nhận “cai-dat.exe”: chỉ nhận tệp PDF, DOCX, DOC, JPG, JPEG, PNG."
    )
    expect(picker.locator(".file-chosen")).to_have_text("anh-hoi-nghi.pdf")
    assert native.evaluate("input => input.files[0].name") == "anh-hoi-nghi.pdf"
    screenshot("vietnamese_file_refused")
    # A file dropped beside the field does not replace the page (and what was typed) with the file.
    assert page.evaluate("""() => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(["%PDF"], "lac-cho.pdf", {type: "application/pdf"}));
        const drop = new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true});
        document.querySelector("h1").dispatchEvent(drop);
        return drop.defaultPrevented;
    }""")
    expect(description).to_have_value("Sinh hoạt chuyên đề về Quy chế dân chủ ở cơ sở.")
    native.set_input_files(str(first))
    expect(page.locator(".file-refused")).to_be_hidden()
    screenshot("vietnamese_file_picker")
    assert not ProgressReport.objects.filter(campaign=campaign, content_item=item, unit__name=UNIT).exists()


def test_an_upload_sent_without_a_file_is_stopped_in_vietnamese_and_a_chosen_one_uploads(
    page, live_server, demo_data, login, screenshot, tmp_path
):
    khoa = StaffMember.objects.get(full_name="Trần Văn Khoa")
    dossier = services.create_dossier(campaign=demo_campaign(), unit=khoa.unit, level="grassroots", by=khoa.user)
    login(page, live_server, STAFF_LOGIN)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    form = upload_form(page.locator("#doc-proposal_letter"), "proposal_letter")
    expect(form.locator(".file-choose")).to_have_text("Chọn tệp")

    form.get_by_role("button", name="Tải lên").click()
    assert validation_message(form.locator("input[type=file]")) == "Vui lòng chọn tệp."
    expect(form.locator(".file-chosen")).to_have_class(re.compile(r"\bis-invalid\b"))
    assert not DossierFile.objects.filter(dossier=dossier).exists()

    form.locator("input[type=file]").set_input_files(str(write(tmp_path, "cong-van.pdf", PDF_BYTES)))
    assert validation_message(form.locator("input[type=file]")) == ""
    expect(form.locator(".file-chosen")).to_have_text("cong-van.pdf")
    expect(form.locator(".file-chosen")).not_to_have_class(re.compile(r"\bis-invalid\b"))
    screenshot("vietnamese_upload_picker")
    form.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#doc-proposal_letter")).to_contain_text("cong-van.pdf")
    assert DossierFile.objects.filter(dossier=dossier).count() == 1


def test_the_admins_file_field_speaks_vietnamese_too(page, live_server, demo_data, login, screenshot, tmp_path):
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/dossiers/formtemplate/add/")
    picker = page.locator(".file-native + .file-picker")
    expect(picker.locator(".file-choose")).to_have_text("Chọn tệp")
    expect(picker.locator(".file-chosen")).to_have_text("Chưa chọn tệp nào")
    native = page.locator("input[type=file]")
    box = native.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)
    # The note of a refused drop is out of sight until a drop is refused (the admin's .errornote is a red box).
    expect(page.locator(".file-refused")).to_be_hidden()
    button = picker.locator(".file-choose").bounding_box()
    assert button["height"] >= 28, button  # as tall as the admin's other buttons, not a label-sized chip
    native.set_input_files(str(write(tmp_path, "mau-cong-van.docx", b"PK\x03\x04")))
    expect(picker.locator(".file-chosen")).to_have_text("mau-cong-van.docx")
    screenshot("vietnamese_admin_file_picker")
    # A PDF dropped on a field that takes only DOCX: refused beside it, the template chosen before kept.
    picker.evaluate("""group => {
        const dropped = new DataTransfer();
        dropped.items.add(new File(["%PDF-1.4"], "cong-van.pdf", {type: "application/pdf"}));
        group.dispatchEvent(new DragEvent("drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
    }""")
    expect(page.locator(".file-refused")).to_be_visible()
    expect(page.locator(".file-refused")).to_contain_text("Không nhận “cong-van.pdf”")
    expect(picker.locator(".file-chosen")).to_have_text("mau-cong-van.docx")
