"""The council's e-ballot (issue 14 point 4): the office opens it for a meeting, the members marked present
vote once each inside the window, closing turns the ballots into the meeting's votes (the same path as the
paper grid, so the tally and approval follow the meeting's settings), a secret ballot never links a member
to a choice (pages, admin, history, minutes), and the minutes of the council meeting print as a PDF."""

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader

from awards.models import (
    CouncilBallot,
    CouncilBallotChoice,
    CouncilBallotParticipation,
    CouncilBallotState,
    Vote,
)
from awards.review import ballots, council
from awards.review import services as review
from core.errors import DeadlineError, DomainError, NotAllowed
from tests.awards.council_ballot_world import CLOSES, OPENS, build, choices_for
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    UnitFactory,
    director_user,
    inspector_user,
    staff_user,
)
from tests.helpers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(campaign, office, make_pdf):
    return build(campaign, office, make_pdf, secret=True)


@pytest.fixture
def open_world(campaign, office, make_pdf):
    return build(campaign, office, make_pdf, secret=False)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# Opening ------------------------------------------------------------------------------------------------


def test_the_office_opens_a_ballot_with_its_window_and_secrecy(world):
    ballot = world.ballot
    assert (ballot.state, ballot.secret, ballot.opens_at, ballot.closes_at) == ("open", True, OPENS, CLOSES)
    assert ballot.history.count() == 1  # opened; the office is its only user


def test_only_the_office_opens_a_ballot(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, open_ballot=False)
    for user in (director_user(), inspector_user(), world.members[0]):
        with pytest.raises(NotAllowed):
            ballots.open_ballot(meeting=world.meeting, by=user, opens_at=OPENS, closes_at=CLOSES, secret=True)
    assert CouncilBallot.objects.count() == 0


def test_a_window_in_the_past_or_backwards_is_refused(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, open_ballot=False)
    with pytest.raises(DomainError) as refused:
        ballots.open_ballot(meeting=world.meeting, by=office, opens_at=CLOSES, closes_at=OPENS, secret=True)
    assert refused.value.message == "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu."
    with pytest.raises(DeadlineError) as refused:
        ballots.open_ballot(
            meeting=world.meeting, by=office, opens_at=vn(2023, 11, 12, 8), closes_at=vn(2023, 11, 12, 17),
            secret=True,
        )
    assert refused.value.message.startswith("Thời điểm kết thúc biểu quyết (17:00 ngày 12/11/2023) đã qua")
    assert CouncilBallot.objects.count() == 0


def test_a_meeting_opens_one_ballot_only_and_never_after_paper_votes(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, open_ballot=False)
    paper = world.nominations[0]
    review.record_votes(meeting=world.meeting, nomination=paper, votes={world.members[0].staff_member.pk: "agree"},
                        by=office)
    with pytest.raises(DomainError) as refused:
        ballots.open_ballot(meeting=world.meeting, by=office, opens_at=OPENS, closes_at=CLOSES, secret=True)
    assert "bảng nhập phiếu" in refused.value.message
    Vote.objects.all().delete()
    ballots.open_ballot(meeting=world.meeting, by=office, opens_at=OPENS, closes_at=CLOSES, secret=True)
    with pytest.raises(DomainError) as refused:
        ballots.open_ballot(meeting=world.meeting, by=office, opens_at=OPENS, closes_at=CLOSES, secret=False)
    assert refused.value.message == "Phiên họp này đã có biểu quyết điện tử; mỗi phiên họp chỉ mở một lần."
    assert CouncilBallot.objects.count() == 1


def test_the_paper_grid_refuses_an_e_ballot_meeting_and_attendance_is_frozen(world, office):
    with pytest.raises(DomainError) as refused:
        review.record_votes(meeting=world.meeting, nomination=world.nominations[0],
                            votes={world.members[0].staff_member.pk: "agree"}, by=office)
    assert "biểu quyết điện tử" in refused.value.message
    meeting = world.meeting
    with pytest.raises(DomainError):
        review.update_meeting(
            meeting=meeting, by=office, level="grassroots", held_on=meeting.held_on,
            present=[u.staff_member for u in world.members], quorum_percent=50, vote_base="all",
            pass_threshold_percent=50,
        )
    assert Vote.objects.count() == 0
    assert meeting.members_present.count() == 4


# Voting -------------------------------------------------------------------------------------------------


def test_a_member_present_votes_once_on_every_nomination(world):
    member = world.members[0]
    ballots.cast(ballot=world.ballot, by=member, choices=choices_for(world, "agree", "conflict"))
    assert CouncilBallotParticipation.objects.get().member == member.staff_member
    assert sorted(CouncilBallotChoice.objects.values_list("choice", flat=True)) == ["agree", "conflict"]
    with pytest.raises(NotAllowed) as refused:
        ballots.cast(ballot=world.ballot, by=member, choices=choices_for(world, "disagree", "disagree"))
    assert refused.value.message == "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."
    assert CouncilBallotChoice.objects.count() == 2


def test_absent_members_outsiders_the_board_and_former_staff_cannot_vote(world, campaign):
    absent = world.members[4]
    outsider = staff_user(UnitFactory(agency=campaign.agency))
    other_agency = staff_user(UnitFactory(agency=AgencyFactory(name="Sở Tài chính", code="STC")))
    for user in (absent, outsider, other_agency, inspector_user(), director_user(), world.office):
        with pytest.raises(NotAllowed) as refused:
            ballots.cast(ballot=world.ballot, by=user, choices=choices_for(world, "agree", "agree"))
        assert refused.value.message  # a Vietnamese reason
    leaver = world.members[1]
    leaver.staff_member.is_active = False
    leaver.staff_member.save()
    leaver = type(leaver).objects.get(pk=leaver.pk)  # a fresh login: its standing is read again
    with pytest.raises(NotAllowed):
        ballots.cast(ballot=world.ballot, by=leaver, choices=choices_for(world, "agree", "agree"))
    assert CouncilBallotParticipation.objects.count() == 0
    assert CouncilBallotChoice.objects.count() == 0


def test_only_inside_the_window_and_with_every_nomination_answered(world):
    member = world.members[0]
    with pytest.raises(DeadlineError) as refused:
        ballots.cast(ballot=world.ballot, by=member, choices=choices_for(world, "agree", "agree"),
                     now=vn(2023, 11, 13, 7, 59))
    assert refused.value.message == "Chưa đến thời gian biểu quyết (bắt đầu lúc 08:00 ngày 13/11/2023)."
    with pytest.raises(DeadlineError) as refused:
        ballots.cast(ballot=world.ballot, by=member, choices=choices_for(world, "agree", "agree"),
                     now=vn(2023, 11, 13, 17, 0, 1))
    assert refused.value.message == "Đã hết thời gian biểu quyết (kết thúc lúc 17:00 ngày 13/11/2023)."
    first, _ = list(ballots.ballot_nominations(world.meeting))
    with pytest.raises(DomainError) as refused:
        ballots.cast(ballot=world.ballot, by=member, choices={first.pk: "agree"})
    assert refused.value.message.startswith("Hãy chọn Tán thành, Không tán thành, Không biểu quyết hoặc Xung đột")
    with pytest.raises(DomainError):
        ballots.cast(ballot=world.ballot, by=member, choices=choices_for(world, "agree", "maybe"))
    assert CouncilBallotParticipation.objects.count() == 0


def test_no_vote_after_the_office_closes(world, office):
    ballots.close_ballot(ballot=world.ballot, by=office)
    with pytest.raises(NotAllowed) as refused:
        ballots.cast(ballot=world.ballot, by=world.members[0], choices=choices_for(world, "agree", "agree"))
    assert refused.value.message.startswith("Biểu quyết đã kết thúc lúc")
    with pytest.raises(NotAllowed):
        ballots.close_ballot(ballot=world.ballot, by=office)
    with pytest.raises(NotAllowed):
        ballots.close_ballot(ballot=world.ballot, by=director_user())


# Closing: the meeting's votes, the tally by the grid's functions, approval --------------------------------


def _everyone_votes(world, *rows):
    for user, row in zip(world.members, rows, strict=False):
        ballots.cast(ballot=world.ballot, by=user, choices=choices_for(world, *row))


def test_closing_a_secret_ballot_gives_votes_without_members_and_the_meeting_settings_decide(world, office):
    # 5 members, 4 present, base all members: more than 50% of 5 (minus conflicts) must agree.
    _everyone_votes(world, ("agree", "agree"), ("agree", "disagree"), ("agree", "abstain"), ("disagree", "conflict"))
    assert ballots.tally_rows(world.ballot) == []  # never watched while open
    ballots.close_ballot(ballot=world.ballot, by=office)
    assert Vote.objects.count() == 8
    assert set(Vote.objects.values_list("member_id", flat=True)) == {None}
    assert set(Vote.history.values_list("member_id", flat=True)) == {None}
    first, second = list(ballots.ballot_nominations(world.meeting))
    tallies = council.meeting_tallies(world.meeting)
    assert (tallies[first.pk].agree, tallies[first.pk].disagree, tallies[first.pk].passed) == (3, 1, True)
    # The second: 1 agree of base 5 - 1 conflict = 4.
    assert (tallies[second.pk].agree, tallies[second.pk].conflict, tallies[second.pk].base) == (1, 1, 4)
    assert tallies[second.pk].passed is False
    closed = CouncilBallot.objects.get(pk=world.ballot.pk)
    rows = {row.nomination.pk: row.result for row in ballots.tally_rows(closed)}
    assert rows == tallies
    # The same path as the grid: the counting tally approves the first, refuses the second.
    review.approve_nomination(nomination=first, by=office)
    with pytest.raises(DomainError) as refused:
        review.approve_nomination(nomination=second, by=office)
    assert "Không đạt" in refused.value.message


def test_an_open_ballot_keeps_each_members_vote(open_world, office):
    world = open_world
    _everyone_votes(world, ("agree", "agree"), ("disagree", "agree"))
    assert ballots.own_choices(world.ballot, world.members[1]) == choices_for(world, "disagree", "agree")
    ballots.close_ballot(ballot=world.ballot, by=office)
    first, _ = list(ballots.ballot_nominations(world.meeting))
    by_member = dict(Vote.objects.filter(nomination=first).values_list("member_id", "choice"))
    assert by_member == {world.members[0].staff_member.pk: "agree", world.members[1].staff_member.pk: "disagree"}


def test_the_threshold_and_base_of_the_meeting_apply(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, vote_base="present", pass_threshold_percent=60)
    # Base: 4 present. 60% of 4 = 2.4, so 3 agree pass and 2 do not.
    _everyone_votes(world, ("agree", "agree"), ("agree", "agree"), ("agree", "disagree"), ("abstain", "abstain"))
    ballots.close_ballot(ballot=world.ballot, by=office)
    first, second = list(ballots.ballot_nominations(world.meeting))
    tallies = council.meeting_tallies(world.meeting)
    assert (tallies[first.pk].base, tallies[first.pk].passed) == (4, True)
    assert (tallies[second.pk].agree, tallies[second.pk].passed) == (2, False)


# Secrecy: nothing links a member to a choice ---------------------------------------------------------------


def test_a_secret_ballot_stores_no_voter_and_no_page_or_export_links_one(world, office, client, admin_user):
    # Each member votes a pattern of their own; if any page tied a name to a choice it would show.
    _everyone_votes(world, ("agree", "agree"), ("disagree", "agree"), ("abstain", "conflict"), ("agree", "disagree"))
    assert set(CouncilBallotChoice.objects.values_list("voter_id", flat=True)) == {None}
    assert not hasattr(CouncilBallotChoice, "history")
    # The member's own page says they voted, never what.
    client.force_login(world.members[1])
    page = client.get(f"/hoi-dong/bieu-quyet/{world.ballot.pk}/").content.decode()
    assert "Bạn đã bỏ phiếu" in page and 'id="my-choices"' not in page
    ballots.close_ballot(ballot=world.ballot, by=office)
    urls = [
        f"/hoi-dong/bieu-quyet/{world.ballot.pk}/",
        f"/quan-tri/awards/councilballot/{world.ballot.pk}/change/",
        f"/quan-tri/awards/councilballot/{world.ballot.pk}/history/",
        f"/quan-tri/awards/councilmeeting/{world.meeting.pk}/change/",
        f"/quan-tri/awards/councilmeeting/{world.meeting.pk}/bieu-quyet/",
        "/quan-tri/awards/vote/",
    ]
    seen = []
    for user in (office, director_user(), inspector_user(), admin_user):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                assert user != office or url.endswith("/vote/"), (url, response.status_code)
                continue
            seen.append(url)
            html = response.content.decode()
            assert 'checked' not in html.split('id="vote-grid"')[-1] or "bieu-quyet" not in url
            for member in world.members[:4]:
                name = member.staff_member.full_name
                # A name appears only in the list of who voted, never in a row with a choice.
                for row in html.split("<tr")[1:]:
                    if name in row:
                        assert not any(label in row for label in (
                            "Tán thành", "Không tán thành", "Xung đột", "Agree", "Disagree", "Abstain", "Conflict",
                            "Đồng ý", "tán thành",
                        )), (url, name)
    assert len(seen) >= 15
    # The choice rows are not in the admin at all.
    client.force_login(admin_user)
    assert client.get("/quan-tri/awards/councilballotchoice/").status_code == 404
    text = _pdf_text(ballots_minutes(world))
    for member in world.members[:4]:
        assert member.staff_member.full_name.split()[-1] in text  # present members are listed by name …
    assert "Tán thành" in text  # … and only counts are given


def ballots_minutes(world) -> bytes:
    from awards.review import ballot_minutes

    return ballot_minutes.minutes_pdf(CouncilBallot.objects.get(pk=world.ballot.pk)).content


def test_the_vote_grid_of_an_e_ballot_meeting_shows_no_member_choice(world, office, client):
    _everyone_votes(world, ("agree", "agree"), ("disagree", "agree"))
    ballots.close_ballot(ballot=world.ballot, by=office)
    client.force_login(office)
    html = client.get(f"/quan-tri/awards/councilmeeting/{world.meeting.pk}/bieu-quyet/").content.decode()
    assert " checked" not in html
    assert "Phiên họp biểu quyết điện tử" in html
    response = client.post(f"/quan-tri/awards/councilmeeting/{world.meeting.pk}/bieu-quyet/", {})
    assert response.status_code == 403
    assert Vote.objects.count() == 4


# Pages ---------------------------------------------------------------------------------------------------


def test_the_member_votes_on_the_ballot_page(world, client):
    member = world.members[2]
    client.force_login(member)
    url = f"/hoi-dong/bieu-quyet/{world.ballot.pk}/"
    page = client.get(url).content.decode()
    assert "Phiếu biểu quyết" in page and "Xung đột lợi ích" in page
    first, second = list(ballots.ballot_nominations(world.meeting))
    # One nomination left out: the page says so, keeps the other choice, records nothing.
    response = client.post(url + "bo-phieu/", {f"n{first.pk}": "agree"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy chọn một phương án cho tập thể, cá nhân này." in html
    assert f'value="agree" id="id_n{first.pk}_0" checked' in html
    assert CouncilBallotParticipation.objects.count() == 0
    response = client.post(url + "bo-phieu/", {f"n{first.pk}": "agree", f"n{second.pk}": "conflict"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Bạn đã bỏ phiếu" in page and 'id="cast-ballot"' not in page
    # Twice: refused, nothing more recorded.
    response = client.post(url + "bo-phieu/", {f"n{first.pk}": "disagree", f"n{second.pk}": "disagree"})
    assert response.status_code == 400
    assert "mỗi thành viên chỉ bỏ phiếu một lần" in response.content.decode()
    assert CouncilBallotChoice.objects.count() == 2


def test_pages_for_each_role(world, office, client, campaign):
    url = f"/hoi-dong/bieu-quyet/{world.ballot.pk}/"
    absent = world.members[4]
    client.force_login(absent)
    # An absent member of the agency does not see the ballot at all.
    assert client.get(url).status_code == 404
    assert client.post(url + "bo-phieu/", {}).status_code == 404
    client.force_login(staff_user(UnitFactory(agency=AgencyFactory(name="Sở Y tế", code="SYT"))))
    assert client.get(url).status_code == 404
    client.force_login(director_user())
    assert client.get(url).status_code == 200
    assert client.post(url + "ket-thuc/").status_code == 403
    assert client.post(url + "bo-phieu/", {}).status_code == 403
    client.force_login(world.members[0])
    assert client.post(url + "ket-thuc/").status_code == 403
    assert client.get(url + "bien-ban.pdf").status_code == 403
    client.force_login(office)
    assert 'id="close-button"' in client.get(url).content.decode()
    response = client.post(url + "ket-thuc/")
    assert response.status_code == 302
    assert CouncilBallot.objects.get().state == CouncilBallotState.CLOSED
    for user in (office, director_user(), inspector_user()):
        client.force_login(user)
        response = client.get(url + "bien-ban.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_office_opens_a_ballot_in_the_portal_and_what_was_typed_stays(campaign, office, make_pdf, client):
    world = build(campaign, office, make_pdf, open_ballot=False)
    client.force_login(office)
    listing = client.get("/hoi-dong/bieu-quyet/").content.decode()
    assert f"/hoi-dong/phien-hop/{world.meeting.pk}/mo-bieu-quyet/" in listing
    url = f"/hoi-dong/phien-hop/{world.meeting.pk}/mo-bieu-quyet/"
    response = client.post(url, {"opens_at": "2023-11-13T08:00", "closes_at": "2023-11-12T17:00", "secret": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu." in html
    assert 'value="2023-11-12T17:00"' in html
    assert CouncilBallot.objects.count() == 0
    response = client.post(url, {"opens_at": "không phải ngày", "closes_at": "2023-11-13T17:00"})
    assert "Hãy nhập ngày giờ đúng dạng" in response.content.decode()
    response = client.post(url, {"opens_at": "2023-11-13T08:00", "closes_at": "2023-11-13T17:00", "secret": "on"})
    ballot = CouncilBallot.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hoi-dong/bieu-quyet/{ballot.pk}/"
    assert (ballot.secret, ballot.opens_at, ballot.closes_at) == (True, OPENS, CLOSES)
    client.force_login(director_user())
    assert client.post(url, {"opens_at": "2023-11-13T08:00", "closes_at": "2023-11-13T17:00"}).status_code in (302, 403)
    assert CouncilBallot.objects.count() == 1


def test_garbage_ids_are_404(world, client, office):
    client.force_login(office)
    for url in ("/hoi-dong/bieu-quyet/99999999/", "/hoi-dong/phien-hop/99999999/mo-bieu-quyet/",
                "/hoi-dong/bieu-quyet/99999999/bien-ban.pdf"):
        assert client.get(url).status_code == 404
    assert client.get("/hoi-dong/bieu-quyet/abc/").status_code == 404


def test_the_minutes_pdf_from_the_tally(world, office):
    _everyone_votes(world, ("agree", "agree"), ("agree", "disagree"), ("agree", "abstain"), ("disagree", "conflict"))
    draft = _pdf_text(ballots_minutes(world))
    assert "DỰ THẢO" in draft and "Chưa có kết quả" in draft
    ballots.close_ballot(ballot=world.ballot, by=office)
    text = " ".join(_pdf_text(ballots_minutes(world)).split())
    assert "BIÊN BẢN" in text and "Họp Hội đồng Thi đua - Khen thưởng" in text
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "DỰ THẢO" not in text
    assert "bỏ phiếu kín trực tuyến" in text
    assert "04/04" in text  # members who voted of those present
    assert "Đạt" in text and "Không đạt" in text
    assert "Trần Quốc Hưng" in text  # the chair signs


def test_the_pages_issue_a_bounded_number_of_queries(campaign, office, make_pdf, client, django_assert_max_num_queries):
    world = build(campaign, office, make_pdf, members=5, present=5, individuals=8)
    for user in world.members:
        ballots.cast(ballot=world.ballot, by=user, choices=choices_for(world, *["agree"] * 8))
    ballots.close_ballot(ballot=world.ballot, by=office)
    client.force_login(office)
    with django_assert_max_num_queries(25):
        assert client.get(f"/hoi-dong/bieu-quyet/{world.ballot.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/hoi-dong/bieu-quyet/").status_code == 200
    client.force_login(world.members[0])
    with django_assert_max_num_queries(25):
        assert client.get(f"/hoi-dong/bieu-quyet/{world.ballot.pk}/").status_code == 200


def test_another_agency_cannot_open_a_ballot_on_our_meeting(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, open_ballot=False)
    other = CampaignFactory(agency=AgencyFactory(name="Sở Xây dựng", code="SXD"))
    from tests.factories import office_user

    stranger = office_user(username="vanphong-sxd", agency=other.agency)
    with pytest.raises(NotAllowed):
        ballots.open_ballot(meeting=world.meeting, by=stranger, opens_at=OPENS, closes_at=CLOSES, secret=True)
    assert CouncilBallot.objects.count() == 0


def test_time_travel_is_in_the_window(world):
    with time_machine.travel(vn(2023, 11, 13, 12), tick=False):
        ballots.cast(ballot=world.ballot, by=world.members[3], choices=choices_for(world, "agree", "agree"))
    assert CouncilBallotParticipation.objects.count() == 1
    assert dt.timedelta(hours=9) == CLOSES - OPENS
