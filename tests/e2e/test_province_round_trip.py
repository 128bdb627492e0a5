"""The round trip with the provincial steering committee in the browser (issue 11): the Director signs the
Tờ trình and the office sends it; the committee returns it with a note; the office reopens it, the
Director signs it again and the office re-sends it; the committee accepts it and records one award, which
the nominee then sees in “Quá trình khen thưởng”, marked as the province's."""

import datetime as dt

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.issuing import services as issuing
from awards.models import ProposalStep, ProvincialOutcome, ProvincialProposal, SendingState
from campaign.models import Board, BoardKind, BoardMembership, StaffMember
from tests.awards.conftest import UNIT_A, build_approved_list
from tests.factories import (
    CampaignFactory,
    StaffMemberFactory,
    UnitFactory,
    UserFactory,
    allocate,
    committee_user,
    director_user,
    office_user,
)
from tests.province.conftest import PEOPLE

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

PASSWORD = "matkhau-thu-nghiem"  # the factories' password


@pytest.fixture
def drafted(transactional_db, settings, private_media, make_pdf):
    """Two units' provincial nominations approved and published, and the office's draft Tờ trình."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    campaign = CampaignFactory()
    board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    leaders = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
    council = [StaffMemberFactory(unit=leaders, full_name=f"Thành viên {i}") for i in range(1, 8)]
    for member in council:
        BoardMembership.objects.create(board=board, staff=member)
    office = office_user(username="vanphong")
    director = director_user(username="giamdoc")
    # The signer's second factor (issue 14): the Director's authenticator app.
    TOTPDevice.objects.create(user=director, name="Ứng dụng xác thực", confirmed=True)
    allocate(campaign, collectives=2, individuals=2)
    build_approved_list(campaign, office, council, make_pdf, people=PEOPLE, level="provincial")
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    committee_user(username="bcd.tinh")
    nominee = StaffMember.objects.get(full_name="Nguyễn Thành Đạt", unit__name=UNIT_A)
    nominee.user = UserFactory(username="thanhdat")
    nominee.save()
    return proposal


def current_code(username: str) -> str:
    """A code the device accepts now. A code is accepted once: after a signing in this time step, the next step's
    code (the device takes codes up to `tolerance` steps ahead, as from a phone whose clock runs ahead); only past
    that does it wait for the clock."""
    import time

    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user__username=username)
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    while device.last_t is not None and totp.t() <= device.last_t:
        ahead = device.last_t + 1 - totp.t()
        if ahead <= device.tolerance:
            totp.time = totp.time + ahead * device.step
            break
        time.sleep(1)
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign(page, live_server, login, proposal, number: str, date: str) -> None:
    login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/xac-thuc-hai-lop/nhap-ma/?next=/khen-thuong/to-trinh/{proposal.pk}/")
    page.get_by_label("Mã xác thực (6 chữ số)").fill(current_code("giamdoc"))
    page.get_by_role("button", name="Xác thực").click()
    page.goto(f"{live_server.url}/khen-thuong/to-trinh/{proposal.pk}/")
    signing = page.locator("#signing")
    signing.get_by_label("Số tờ trình").fill(number)
    signing.get_by_label("Ngày ký").fill(date)
    signing.get_by_label("Tôi đã đọc bản dự thảo; sau khi ký, văn bản và danh sách kèm theo không thể sửa.").check()
    signing.get_by_role("button", name="Ký tờ trình").click()
    expect(page.locator("#signing")).to_have_count(0)
    logout(page)


def send(page, live_server, login, proposal) -> None:
    login(page, live_server, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/khen-thuong/to-trinh/{proposal.pk}/")
    sending = page.locator("#sending")
    sending.get_by_label("Tôi xác nhận gửi Tờ trình số", exact=False).check()
    sending.get_by_role("button", name="Gửi Ban Chỉ đạo").click()
    expect(page.get_by_role("alert")).to_contain_text("đến Ban Chỉ đạo Tỉnh.")


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_round_trip_with_the_steering_committee(page, live_server, drafted, login, screenshot):
    proposal = drafted
    sign(page, live_server, lambda *a: login(*a[:3], PASSWORD), proposal, "45/TTr-SCT", "24/11/2023")
    send(page, live_server, login, proposal)
    expect(page.locator("#timeline")).to_contain_text("Gửi Ban Chỉ đạo Tỉnh")
    logout(page)

    # The committee finds it in its inbox and returns it with a note.
    login(page, live_server, "bcd.tinh", PASSWORD)
    page.locator("#nav").get_by_role("link", name="Tờ trình các cơ quan").click()
    expect(page.locator("#inbox")).to_contain_text("Chờ xem xét")
    page.locator("#inbox").get_by_role("link", name="Số 45/TTr-SCT").click()
    expect(page.locator("#nominee-" + str(proposal.campaign.approvals.first().pk))).to_be_visible()
    screenshot("e2e_province_committee_reads")
    answer = page.locator("#answer")
    answer.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(answer).to_contain_text("Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại tờ trình.")
    page.locator("#answer").get_by_label("Nội dung cần chỉnh sửa").fill("Ngày tờ trình chưa đúng; đề nghị ghi ngày 27/11/2023.")
    page.locator("#answer").get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã trả lại Tờ trình số 45/TTr-SCT")
    logout(page)

    # The office reads the note, reopens, corrects the date; the Director signs again; the office re-sends.
    login(page, live_server, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/khen-thuong/to-trinh/{proposal.pk}/")
    expect(page.locator("#sending")).to_contain_text("Ngày tờ trình chưa đúng")
    page.locator("#sending").get_by_role("button", name="Mở lại để chỉnh sửa").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở lại tờ trình để chỉnh sửa")
    logout(page)
    sign(page, live_server, lambda *a: login(*a[:3], PASSWORD), proposal, "46/TTr-SCT", "27/11/2023")
    send(page, live_server, login, proposal)
    expect(page.locator("#timeline")).to_contain_text("Gửi lại Ban Chỉ đạo Tỉnh")
    screenshot("e2e_province_resent")
    logout(page)

    # The committee accepts it and records one award.
    login(page, live_server, "bcd.tinh", PASSWORD)
    page.goto(f"{live_server.url}/tinh/to-trinh/{proposal.pk}/")
    page.locator("#answer").get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tiếp nhận Tờ trình số 46/TTr-SCT")
    approval = proposal.campaign.approvals.get(nomination__staff__full_name="Nguyễn Thành Đạt")
    card = page.locator(f"#nominee-{approval.pk}")
    card.get_by_text("Ghi kết quả khen thưởng").click()
    card.get_by_label("Được khen thưởng", exact=True).check()
    card.get_by_label("Số quyết định của tỉnh").fill("1234/QĐ-UBND")
    card.get_by_label("Ngày quyết định").fill("20/12/2023")
    card.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi kết quả khen thưởng cấp tỉnh của Nguyễn Thành Đạt")
    expect(page.locator(f"#nominee-{approval.pk}")).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")
    screenshot("e2e_province_outcome")
    logout(page)

    # The nominee sees it in their award history.
    login(page, live_server, "thanhdat", PASSWORD)
    page.goto(f"{live_server.url}/khen-thuong/qua-trinh-khen-thuong/")
    row = page.locator("#individual-awards .provincial-award")
    expect(row).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")
    expect(row).to_contain_text("Khen thưởng cấp tỉnh")
    expect(row).to_contain_text("1234/QĐ-UBND")
    screenshot("e2e_province_history")

    proposal = ProvincialProposal.objects.get(pk=proposal.pk)
    assert (proposal.sending_state, proposal.number, proposal.revision) == (SendingState.ACCEPTED, "46/TTr-SCT", 2)
    assert ProposalStep.objects.filter(proposal=proposal).count() == 5
    assert ProvincialOutcome.objects.get().decision_number == "1234/QĐ-UBND"
