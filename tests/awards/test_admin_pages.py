"""The office's award pages in the admin: vote grid, shortlist, publication, feedback, dashboard."""

import pytest

from awards.models import Approval, Publication, Vote
from awards.review import services as review
from tests.awards.conftest import make_accepted_dossier
from tests.factories import inspector_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_vote_grid_records_every_members_vote_and_shows_the_tally(office_client, meeting, campaign, office, council,
                                                                  make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    url = f"/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/"
    data = {f"v_{nomination.pk}_{m.pk}": "agree" for m in council[:5]}
    data[f"v_{nomination.pk}_{council[5].pk}"] = "disagree"
    response = office_client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Đã ghi phiếu biểu quyết cho 1 đề nghị." in html
    assert "Tán thành 5/7 (71,4%)" in html and "Đạt" in html
    assert Vote.objects.count() == 6


def test_shortlist_approves_within_the_quota_and_says_why_not(office_client, meeting, campaign, office, council,
                                                              make_pdf):
    collectives = []
    for _ in range(3):
        _, (collective,) = make_accepted_dossier(campaign, office, individuals=0, collective=True, files=make_pdf)
        review.record_votes(meeting=meeting, nomination=collective, votes={m.pk: "agree" for m in council[:6]},
                            by=office)
        collectives.append(collective)
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    for collective in collectives:
        response = office_client.post(url, {"op": "approve", "nomination": collective.pk}, follow=True)
    html = response.content.decode()
    assert "Vượt chỉ tiêu: chỉ tiêu khen thưởng là 02 tập thể, đã duyệt 02 tập thể." in html
    assert "2/2 tập thể" in html
    assert Approval.objects.count() == 2


def test_publish_then_answer_feedback_from_the_shortlist(office_client, meeting, campaign, office, council, make_pdf,
                                                         commenter):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]}, by=office)
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    office_client.post(url, {"op": "approve", "nomination": nomination.pk})
    html = office_client.post(url, {"op": "publish", "publish-working_days": 5, "publish-confirm": "on"}, follow=True).content.decode()
    assert "Đã công khai danh sách đến hết ngày 20/11/2023." in html
    publication = Publication.objects.get()
    feedback = review.send_feedback(publication=publication, nomination=nomination, by=commenter, text="Ý kiến")
    html = office_client.post(url, {"op": "answer", "feedback": feedback.pk, "answer": "Đã xem xét."},
                              follow=True).content.decode()
    assert "Đã lưu câu trả lời." in html
    feedback.refresh_from_db()
    assert feedback.answer == "Đã xem xét."


def test_publishing_with_nothing_approved_shows_the_refusal(office_client, campaign):
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    html = office_client.post(url, {"op": "publish", "publish-working_days": 5, "publish-confirm": "on"}, follow=True).content.decode()
    assert "Chưa có tập thể, cá nhân nào được duyệt; không có danh sách để công khai." in html
    assert Publication.objects.count() == 0


def test_inspection_board_sees_the_shortlist_but_cannot_act(client, campaign, meeting):
    client.force_login(inspector_user())
    url = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"
    html = client.get(url).content.decode()
    assert "Xét duyệt, công khai" in html and 'value="approve"' not in html
    # The board sees the campaign's shortlist, so acting on it is refused (403), not hidden (404).
    refused = client.post(url, {"op": "publish", "publish-working_days": 5, "publish-confirm": "on"})
    assert refused.status_code == 403
    assert "Chỉ Văn phòng Sở của cơ quan mới thực hiện được thao tác này" in refused.content.decode()
    assert Publication.objects.count() == 0
    assert client.get(f"/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/").status_code == 200


def test_dashboard_counts_and_its_query_count_does_not_grow(office_client, campaign, office, make_pdf,
                                                            django_assert_max_num_queries):
    make_accepted_dossier(campaign, office, files=make_pdf)
    with django_assert_max_num_queries(25) as few:
        office_client.get("/quan-tri/awards/approval/tong-hop/")
    for _ in range(5):
        make_accepted_dossier(campaign, office, files=make_pdf)
    with django_assert_max_num_queries(25) as many:
        response = office_client.get("/quan-tri/awards/approval/tong-hop/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng hợp thi đua – khen thưởng" in html and "0/2</strong> tập thể" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_admin_home_links_the_awards_summary_only_for_those_who_may_open_it(client, office, campaign):
    from tests.factories import committee_user

    summary = "/quan-tri/awards/approval/tong-hop/"
    for user, may in ((office, True), (inspector_user(agency=campaign.agency), True), (committee_user(), False)):
        client.force_login(user)
        assert client.get(summary).status_code == (200 if may else 404), user
        assert (f'href="{summary}"' in client.get("/quan-tri/").content.decode()) is may, user


@pytest.mark.parametrize("path, choices", [
    ("/quan-tri/awards/approval/", (("tinh_trang=duyet", "Đang được duyệt"), ("tinh_trang=bo", "Đã bỏ duyệt"))),
    ("/quan-tri/awards/feedback/", (("da_tra_loi=khong", "Chưa trả lời"), ("da_tra_loi=co", "Đã trả lời"))),
    ("/quan-tri/otp_totp/totpdevice/", (("confirmed=1", "Có"), ("confirmed=0", "Không"))),
    ("/quan-tri/campaign/staffmember/", (("tai_khoan=co", "Đã có"), ("tai_khoan=chua", "Chưa có"))),
])
def test_each_two_way_filter_offers_its_choices_and_marks_the_one_chosen(office_client, path, choices):
    for choice, label in choices:
        response = office_client.get(f"{path}?{choice}")
        assert response.status_code == 200, choice  # a filter Django does not know sends to ?e=1
        html = response.content.decode()
        assert f'<li class="selected">\n    <a href="?{choice}">{label}</a>' in html, choice
        other = next(c for c, _ in choices if c != choice)
        assert f'<li>\n    <a href="?{other}">' in html, other
