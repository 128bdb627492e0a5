"""The office's review screens (issue 15, item 4): the vote grid fits 1280 px (sticky names column, short
headers with the full name on hover, labels not codes), several nominations approved in one submit with
each refusal named, and "Duyệt" hidden where it cannot succeed, saying why."""

import datetime as dt
import re

import pytest

from awards.models import Approval, Vote
from awards.review import services as review
from tests.awards.conftest import make_accepted_dossier
from tests.factories import director_user, inspector_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def _grid(meeting) -> str:
    return f"/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/"


def _shortlist(campaign) -> str:
    return f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"


def _passed(campaign, office, meeting, council, make_pdf, *, individuals=1, collective=False):
    _, nominations = make_accepted_dossier(campaign, office, individuals=individuals, collective=collective,
                                           files=make_pdf)
    for nomination in nominations:
        review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]},
                            by=office)
    return nominations


def test_vote_grid_headers_are_short_with_the_full_name_on_hover(office_client, meeting, campaign, office, council,
                                                                 make_pdf, django_assert_max_num_queries):
    council[0].full_name = "Nguyễn Thị Minh Khai"
    council[0].position = "Phó Giám đốc"
    council[0].save()
    make_accepted_dossier(campaign, office, individuals=2, files=make_pdf)
    with django_assert_max_num_queries(30):
        html = office_client.get(_grid(meeting)).content.decode()
    assert ('<th scope="col" class="vg-member" title="Nguyễn Thị Minh Khai – Phó Giám đốc">'
            '<abbr title="Nguyễn Thị Minh Khai">N.T.M. Khai</abbr></th>') in html
    assert '<div class="vote-grid-scroll" tabindex="0" role="region" aria-label="Bảng phiếu biểu quyết">' in html
    assert html.count('<th scope="row" class="vg-name">') == 2  # the names column (sticky in office_admin.css)
    assert "css/office_admin.css" in html


def test_vote_grid_page_query_count_does_not_grow_with_rows(office_client, meeting, campaign, office, council,
                                                            make_pdf, django_assert_max_num_queries):
    _passed(campaign, office, meeting, council, make_pdf)
    with django_assert_max_num_queries(40) as few:
        office_client.get(_grid(meeting))
    baseline = len(few.captured_queries)
    _passed(campaign, office, meeting, council, make_pdf, individuals=3, collective=True)
    with django_assert_max_num_queries(baseline):
        office_client.get(_grid(meeting))


def test_read_only_vote_grid_shows_vote_labels_not_codes(client, meeting, campaign, office, council, make_pdf):
    (nomination,) = _passed(campaign, office, meeting, council, make_pdf)
    client.force_login(director_user(username="giamdoc", agency=campaign.agency))
    html = client.get(_grid(meeting)).content.decode()
    cells = re.findall(r'<td class="vg-cell">([^<]*)</td>', html)
    assert cells == ["Tán thành"] * 6
    assert ">agree<" not in html and "<select" not in html
    assert Vote.objects.filter(nomination=nomination).count() == 6


def test_approve_several_in_one_submit_names_each_refusal(office_client, meeting, campaign, office, council,
                                                          make_pdf):
    campaign.collective_quota = 1
    campaign.save()
    first = _passed(campaign, office, meeting, council, make_pdf, individuals=2, collective=True)
    second = _passed(campaign, office, meeting, council, make_pdf, individuals=0, collective=True)
    chosen = [*first, *second]  # two collectives (one place) and two individuals
    page = office_client.get(_shortlist(campaign)).content.decode()
    assert '<form method="post" id="approve-many"' in page
    assert page.count('type="checkbox" name="nominations"') == 4
    response = office_client.post(
        _shortlist(campaign), {"op": "approve_many", "nominations": [n.pk for n in chosen]}, follow=True
    )
    html = response.content.decode()
    approved = set(Approval.objects.values_list("nomination_id", flat=True))
    assert approved == {first[0].pk, first[1].pk, first[2].pk}
    names = ", ".join(n.nominee_name for n in sorted(
        (first[0], first[1], first[2]), key=lambda n: (n.kind, n.dossier.unit.display_order, n.pk)))
    assert f"Đã duyệt khen thưởng cho 3 đề nghị: {names}." in html
    assert (f"Không duyệt {second[0].nominee_name}: Vượt chỉ tiêu: chỉ tiêu khen thưởng là 01 tập thể, đã duyệt "
            f"01 tập thể. Không thể duyệt thêm {second[0].nominee_name}.") in html


def test_approve_many_with_nothing_chosen_changes_nothing(office_client, meeting, campaign, office, council,
                                                          make_pdf):
    _passed(campaign, office, meeting, council, make_pdf)
    html = office_client.post(_shortlist(campaign), {"op": "approve_many"}, follow=True).content.decode()
    assert "Chưa chọn đề nghị nào; không có gì được duyệt." in html
    bad = office_client.post(_shortlist(campaign), {"op": "approve_many", "nominations": ["1x"]}, follow=True)
    assert "mã đề nghị phải là một số" in bad.content.decode()
    assert Approval.objects.count() == 0


def test_approve_many_is_refused_to_those_who_may_not_approve(client, meeting, campaign, office, council, make_pdf):
    (nomination,) = _passed(campaign, office, meeting, council, make_pdf)
    client.force_login(director_user(username="giamdoc", agency=campaign.agency))
    response = client.post(_shortlist(campaign), {"op": "approve_many", "nominations": [nomination.pk]})
    assert response.status_code == 403
    assert Approval.objects.count() == 0


def test_duyet_is_hidden_where_it_cannot_succeed_and_the_row_says_why(office_client, meeting, campaign, office,
                                                                      council, make_pdf,
                                                                      django_assert_max_num_queries):
    campaign.collective_quota = 1
    campaign.save()
    (passed_collective,) = _passed(campaign, office, meeting, council, make_pdf, individuals=0, collective=True)
    (other_collective,) = _passed(campaign, office, meeting, council, make_pdf, individuals=0, collective=True)
    _, (unvoted,) = make_accepted_dossier(campaign, office, files=make_pdf)
    _, (failed,) = make_accepted_dossier(campaign, office, files=make_pdf)
    review.record_votes(meeting=meeting, nomination=failed, votes={m.pk: "disagree" for m in council[:6]}, by=office)
    review.approve_nomination(nomination=passed_collective, by=office)
    with django_assert_max_num_queries(45):
        html = office_client.get(_shortlist(campaign)).content.decode()
    rows = {row.split("<strong>")[1].split("</strong>")[0]: row
            for row in html.split('<table class="aw-table" id="shortlist">')[1].split("</table>")[0].split("<tr>")[2:]}
    assert "Hết chỉ tiêu tập thể (đã duyệt 1/1)." in rows[other_collective.nominee_name]
    assert "Chưa được Hội đồng biểu quyết." in rows[unvoted.nominee_name]
    assert "Không được Hội đồng thông qua (Không đạt)." in rows[failed.nominee_name]
    for name in (other_collective.nominee_name, unvoted.nominee_name, failed.nominee_name):
        assert 'value="Duyệt"' not in rows[name] and 'type="checkbox"' not in rows[name]
    assert "Đã duyệt" in rows[passed_collective.nominee_name]
    assert 'id="approve-many"' not in html  # nothing left that could be approved: no bulk form either


def test_shortlist_query_count_does_not_grow_with_rows(office_client, meeting, campaign, office, council, make_pdf,
                                                      django_assert_max_num_queries):
    _passed(campaign, office, meeting, council, make_pdf)
    with django_assert_max_num_queries(60) as few:
        office_client.get(_shortlist(campaign))
    baseline = len(few.captured_queries)
    _passed(campaign, office, meeting, council, make_pdf, individuals=3, collective=True)
    with django_assert_max_num_queries(baseline):
        office_client.get(_shortlist(campaign))


def test_an_admin_form_lists_each_error_at_the_top(office_client, campaign, council):
    data = {"campaign": campaign.pk, "level": "grassroots", "quorum_percent": "abc",
            "votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"}
    response = office_client.post("/quan-tri/awards/councilmeeting/add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    start = html.index('<div class="errornote" role="alert" id="error-summary">')
    summary = html[start:html.index("</div>", start)]
    assert "Vui lòng sửa các lỗi dưới đây:" in summary
    assert re.search(r'<a href="#id_held_on"[^>]*>[^<]+</a>: ', summary)
    assert re.search(r'<a href="#id_quorum_percent"[^>]*>[^<]+</a>: ', summary)


def test_in_tren_phoi_is_offered_only_to_those_who_may_print_on_blanks(client, signed_decision, office, director,
                                                                       campaign):
    board = inspector_user(username="thanhtra", agency=campaign.agency)
    blank = f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/giay-khen-tren-phoi.pdf"
    for user, shown in ((office, True), (director, False), (board, False)):
        client.force_login(user)
        for url in ("/quan-tri/awards/awarddecision/", f"/quan-tri/awards/awarddecision/{signed_decision.pk}/change/"):
            html = client.get(url).content.decode()
            assert ("In trên phôi" in html) is shown, (user.username, url)
            assert (blank in html) is shown, (user.username, url)
            assert "In Quyết định" in html


def test_a_new_council_meeting_is_offered_only_plans_whose_emulation_is_over(office_client, campaign):
    from tests.factories import CampaignFactory

    running = CampaignFactory(agency=campaign.agency, number="77/KH-SCT", emulation_end=dt.date(2023, 12, 31),
                              submission_deadline=dt.date(2024, 1, 10))
    html = office_client.get("/quan-tri/awards/councilmeeting/add/").content.decode()
    select = html[html.index('name="campaign"'):html.index("</select>", html.index('name="campaign"'))]
    assert re.findall(r'<option value="(\d+)"', select) == [str(campaign.pk)]
    response = office_client.post("/quan-tri/awards/councilmeeting/add/", {
        "campaign": running.pk, "level": "grassroots", "votes-TOTAL_FORMS": "0", "votes-INITIAL_FORMS": "0"})
    assert "Kế hoạch này chưa kết thúc thời gian thi đua" in response.content.decode()
