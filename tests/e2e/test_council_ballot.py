"""The council's e-ballot in the browser (issue 14 point 4): the office opens a secret ballot for a council
meeting, two members present vote on their own pages (one with a conflict of interest), the office closes
it, reads the tally under the meeting's settings and downloads the minutes of the council meeting (PDF)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from awards.models import CouncilBallot, CouncilBallotChoice, CouncilBallotParticipation, Vote
from awards.review import services as review
from campaign.models import Campaign, StaffMember
from core.time import local_today
from tests.e2e.conftest import DEMO_PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

PRESENT = ("Nguyễn Hữu Dũng", "Trần Thị Thu Hà", "Phạm Thị Ngọc Lan", "Phan Thị Bích Trâm", "Trương Minh Tuấn")


def test_office_opens_two_members_vote_office_closes_tally_and_minutes(
    page, live_server, demo_data, login, screenshot
):
    call_command("seed_demo_review", quiet=True)
    campaign = Campaign.objects.get(number="02/KH-SCT-DEMO")
    office = User.objects.get(username="vanphong")
    present = list(StaffMember.objects.filter(unit__agency=campaign.agency, full_name__in=PRESENT))
    meeting = review.create_meeting(campaign=campaign, level="grassroots", held_on=local_today(), present=present,
                                    by=office)
    ha = User.objects.create_user(username="hoidong.ha", password=DEMO_PASSWORD)
    StaffMember.objects.filter(full_name="Trần Thị Thu Hà", unit__agency=campaign.agency).update(user=ha)
    page.on("dialog", lambda dialog: dialog.accept())  # "Kết thúc biểu quyết?" asks before closing

    # The office opens a secret e-ballot from “Hội đồng”.
    login(page, live_server, "vanphong")
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.locator("#meetings-waiting").get_by_role("link", name="Mở biểu quyết điện tử").click()
    expect(page.get_by_label("Bỏ phiếu kín")).to_be_checked()
    page.get_by_role("button", name="Mở biểu quyết").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở biểu quyết điện tử")
    expect(page.locator("#voted-count")).to_contain_text("0/5")
    ballot = CouncilBallot.objects.get(meeting=meeting)
    assert ballot.secret

    # Two members vote on their own “Phiếu biểu quyết”: the Director (who chairs the council) and Bà Hà.
    for username, choices in (("giamdoc", ("Tán thành", "Tán thành")), ("hoidong.ha", ("Tán thành", "Xung đột lợi ích"))):
        page.get_by_role("button", name="Đăng xuất").click()
        login(page, live_server, username)
        if username == "hoidong.ha":  # from "Việc cần làm" on the home page
            page.goto(f"{live_server.url}/")
            line = page.locator("#todo-awards-council-ballot")
            expect(line).to_contain_text("Phiếu biểu quyết của Hội đồng Thi đua - Khen thưởng chờ bạn")
            line.click()
        else:  # from the menu
            page.get_by_role("link", name="Hội đồng", exact=True).click()
            page.locator(".ballot-row a").first.click()
        ballot_card = page.locator("#ballot")
        expect(ballot_card).to_contain_text("Phiếu biểu quyết")
        groups = ballot_card.locator("fieldset.nomination")
        expect(groups).to_have_count(2)
        for index, label in enumerate(choices):
            groups.nth(index).get_by_label(label, exact=True).check()
        if username == "hoidong.ha":
            screenshot("e2e_council_ballot_member")
        page.get_by_role("button", name="Gửi phiếu").click()
        expect(page.locator("#ballot-status")).to_contain_text("Bạn đã bỏ phiếu")
        expect(page.locator("#ballot")).to_have_count(0)
        page.goto(f"{live_server.url}/")  # voted: the line is gone
        expect(page.locator("#todo-awards-council-ballot")).to_have_count(0)
    assert CouncilBallotParticipation.objects.filter(ballot=ballot).count() == 2
    assert set(CouncilBallotChoice.objects.values_list("voter", flat=True)) == {None}

    # The office sees who voted (not what), closes, and reads the tally.
    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/hoi-dong/bieu-quyet/{ballot.pk}/")
    expect(page.locator("#voted-count")).to_contain_text("2/5")
    expect(page.locator("#tally")).to_contain_text("Kết quả được công bố khi Văn phòng kết thúc biểu quyết.")
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã kết thúc biểu quyết")
    rows = page.locator("#tally tr.tally-row")
    expect(rows).to_have_count(2)
    # 7 members, base all members: 2 agree of 7 does not pass; the conflict leaves the base (6).
    expect(rows.nth(0)).to_contain_text("Không đạt")
    assert Vote.objects.filter(meeting=meeting).count() == 4
    assert set(Vote.objects.filter(meeting=meeting).values_list("member", flat=True)) == {None}
    screenshot("e2e_council_ballot_tally")

    # The minutes of the council meeting, as a PDF.
    with page.expect_download() as download_info:
        page.evaluate("""url => { const a = document.createElement('a'); a.href = url; a.download = 'bb.pdf';
                                  document.body.appendChild(a); a.click(); }""",
                      page.locator("#minutes-pdf").get_attribute("href"))
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "Họp Hội đồng Thi đua - Khen thưởng" in text and "bỏ phiếu kín trực tuyến" in text
