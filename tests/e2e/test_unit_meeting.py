"""The unit's review meeting in the browser (issue 16): the unit head opens it, two staff find it in their
"Việc cần làm" and vote on their own phones' worth of pages, the head closes it and confirms the minutes, which land in the dossier as its
“Biên bản họp xét đề nghị khen thưởng”; the dossier is then submitted."""

import re

import pytest
from django.contrib.auth.models import User

from campaign.models import Campaign, StaffMember
from core.time import local_today
from dossiers import services
from dossiers.models import (
    Ballot,
    DocumentKind,
    DossierFile,
    MeetingParticipation,
    NomineeKind,
    ReviewMeeting,
)
from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS
from tests.helpers import pdf_bytes

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

UNIT = "Phòng Quản lý Công nghiệp"
HEAD_LOGIN = "donvi.congnghiep"  # Trần Văn Khoa, Trưởng phòng
VOTERS = (("congnghiep.nhung", "Lê Thị Hồng Nhung"), ("congnghiep.dat", "Nguyễn Thành Đạt"))


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def _draft_with_nominees():
    """The unit's draft, with its proposal letter and two nominees with their reports, but no minutes."""
    campaign = Campaign.objects.get(number="01/KH-SCT-DEMO", year=local_today().year)
    head = User.objects.get(username=HEAD_LOGIN)
    unit = head.staff_member.unit
    dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=head)
    services.upload_document(dossier=dossier, by=head, kind=DocumentKind.PROPOSAL_LETTER, upload=_pdf("cong-van.pdf"))
    services.add_nomination(dossier=dossier, by=head, kind=NomineeKind.COLLECTIVE,
                            achievement_summary="Tập thể hoàn thành xuất sắc nhiệm vụ.", report=_pdf("bc-phong.pdf"))
    dat = StaffMember.objects.get(unit=unit, full_name="Nguyễn Thành Đạt")
    services.add_nomination(dossier=dossier, by=head, kind=NomineeKind.INDIVIDUAL, staff=dat,
                            achievement_summary="Hoàn thành xuất sắc nhiệm vụ.", report=_pdf("bc-dat.pdf"))
    for username, full_name in VOTERS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        StaffMember.objects.filter(unit=unit, full_name=full_name).update(user=user)
    return dossier


def test_a_unit_meeting_from_opening_to_the_minutes_in_a_submitted_dossier(
    browser, page, live_server, demo_data, login, screenshot
):
    dossier = _draft_with_nominees()
    page.on("dialog", lambda dialog: dialog.accept())  # "Kết thúc biểu quyết?" asks before closing

    # The head opens the meeting from the dossier's page.
    login(page, live_server, HEAD_LOGIN)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    expect(page.locator("#checklist")).to_contain_text("✘ Biên bản họp xét đề nghị khen thưởng")
    page.get_by_role("link", name="Mở cuộc họp xét").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mở cuộc họp xét đề nghị khen thưởng")
    page.get_by_label("Địa điểm họp").fill("Phòng họp số 2, trụ sở Sở Công Thương")
    expect(page.get_by_label("Người chủ trì")).to_have_value(str(StaffMember.objects.get(user__username=HEAD_LOGIN).pk))
    page.get_by_label("Thư ký").select_option(label="Lê Thị Hồng Nhung, Phó Trưởng phòng")
    expect(page.get_by_label("Bỏ phiếu kín")).to_be_checked()
    page.get_by_role("button", name="Mở cuộc họp").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở cuộc họp xét")
    expect(page.locator("#meeting-state")).to_contain_text("Đang biểu quyết")
    meeting = ReviewMeeting.objects.get(dossier=dossier)
    meeting_url = page.url
    screenshot("unit-meeting-opened")

    # Two staff of the unit vote, each in their own browser session.
    for (username, _), choices in zip(VOTERS, (("Đồng ý", "Đồng ý"), ("Đồng ý", "Không biểu quyết")), strict=True):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        voter_page = context.new_page()
        login(voter_page, live_server, username)
        # "Việc cần làm" on the home page leads each voter to the meeting.
        voter_page.goto(f"{live_server.url}/")
        line = voter_page.locator("#todo-dossiers-to-vote")
        expect(line).to_contain_text("Cuộc họp xét khen thưởng chờ bạn biểu quyết")
        expect(line).to_contain_text("biểu quyết kết thúc lúc")
        if username == VOTERS[0][0]:
            SCREENSHOTS.mkdir(exist_ok=True)
            voter_page.screenshot(path=str(SCREENSHOTS / "unit-meeting-todo.png"), full_page=True)
        line.click()
        expect(voter_page).to_have_url(meeting_url)
        ballot = voter_page.locator("#ballot")
        expect(ballot).to_contain_text("Phiếu kín")
        questions = ballot.locator("fieldset.question")
        expect(questions).to_have_count(2)
        for index, choice in enumerate(choices):
            questions.nth(index).get_by_label(choice, exact=True).check()
        if username == VOTERS[1][0]:  # the ballot on a phone, for the record
            voter_page.set_viewport_size({"width": 390, "height": 844})
            SCREENSHOTS.mkdir(exist_ok=True)
            voter_page.screenshot(path=str(SCREENSHOTS / "unit-meeting-ballot.png"), full_page=True)
        voter_page.get_by_role("button", name="Gửi phiếu").click()
        expect(voter_page.get_by_role("alert")).to_contain_text("Đã ghi nhận phiếu của bạn.")
        expect(voter_page.locator("#ballot-status")).to_contain_text("Bạn đã bỏ phiếu lúc")
        expect(voter_page.locator("#ballot")).to_have_count(0)
        voter_page.goto(f"{live_server.url}/")  # voted: nothing left to do there
        expect(voter_page.locator("#todo-dossiers-to-vote")).to_have_count(0)
        context.close()
    assert MeetingParticipation.objects.filter(meeting=meeting).count() == 2
    assert list(Ballot.objects.filter(meeting=meeting).values_list("voter", flat=True)) == [None, None]

    # The head sees who voted (not what), closes the vote and reads the tally.
    page.goto(meeting_url)
    expect(page.locator("#attendance-count")).to_contain_text("đã bỏ phiếu: 2")
    expect(page.locator("#attendance .person").filter(has_text="Nguyễn Thành Đạt")).to_contain_text("Đã bỏ phiếu")
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã kết thúc biểu quyết.")
    rows = page.locator("#tally tr.tally-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(re.compile(r"Tập thể Phòng Quản lý Công nghiệp\s*2\s*0\s*0"))
    expect(rows.nth(1)).to_contain_text(re.compile(r"Ông Nguyễn Thành Đạt, Chuyên viên\s*1\s*0\s*1"))
    screenshot("unit-meeting-closed")

    # Confirming files the minutes in the dossier; the dossier is complete and is submitted.
    page.get_by_role("button", name="Xác nhận biên bản và đưa vào hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã xác nhận biên bản và đưa vào hồ sơ")
    minutes = page.locator("#doc-meeting_minutes")
    expect(minutes).to_contain_text(re.compile(r"bien-ban-hop-xet-\d{4}-\d{2}-\d{2}\.pdf"))
    expect(page.locator("#checklist")).to_contain_text("✔ Biên bản họp xét đề nghị khen thưởng")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_label("Tôi đã kiểm tra các thành phần và tệp của hồ sơ ở trên và xác nhận nộp hồ sơ này.").check()
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã nộp hồ sơ")
    screenshot("unit-meeting-dossier-submitted")

    dossier.refresh_from_db()
    assert dossier.state == "submitted"
    stored = DossierFile.objects.get(dossier=dossier, kind=DocumentKind.MEETING_MINUTES)
    assert ReviewMeeting.objects.get(pk=meeting.pk).minutes_file == stored
    # Submitting lands on the receipt, which lists the minutes received; the file is downloaded from the dossier.
    expect(page.locator("main")).to_contain_text(stored.original_name)
    page.goto(f"{live_server.url}/ho-so/{dossier.pk}/")
    with page.expect_download() as download:
        minutes.get_by_role("link", name=stored.original_name).click()
    assert download.value.suggested_filename == stored.original_name
