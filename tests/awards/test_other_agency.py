"""One deployment, many agencies (R8): the people of another agency (its staff, office, Director and
inspection board) reach nothing of agency A's review and issuing (decisions, certificates, the Tờ trình,
the calibration page, staff histories, the published list, the register), in the portal, in the admin
or through the services, and change nothing. Agency A's inspection board reads A's decision and
published list, so what it may not do there is refused (403), not hidden (404)."""

import datetime as dt

import pytest
from django.apps import apps

from awards.issuing import services as issuing
from awards.models import (
    Approval,
    Award,
    AwardDecision,
    CertificateLayout,
    Feedback,
    ProvincialProposal,
    Publication,
)
from awards.review import services as review
from campaign.models import Board, BoardKind, BoardMembership, Gender
from campaign.rules import reason
from core.errors import NotAllowed
from tests.awards.conftest import AFTER_PUBLICATION, UNIT_A, build_approved_list, make_accepted_dossier
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    StaffMemberFactory,
    UnitFactory,
    allocate,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    """Every row of the awards app, as values: a refusal leaves all of them as they were."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("awards").get_models()
    }


@pytest.fixture
def agency_a(campaign):
    return campaign.agency


@pytest.fixture
def world_a(signed_decision, approved, campaign, office, council, make_pdf, commenter):
    """Agency A (Sở Công Thương): a signed decision with its register entries, a published list with a
    comment, a draft Tờ trình, a council meeting, and the office's print layout for blanks."""
    units, staff, publication = approved
    allocate(campaign, individuals=1)
    _, (provincial,) = make_accepted_dossier(campaign, office, unit=units[UNIT_A], level="provincial", files=make_pdf)
    meeting = review.create_meeting(campaign=campaign, level="provincial", held_on=dt.date(2023, 11, 13),
                                    present=council[:6], by=office)
    review.record_votes(meeting=meeting, nomination=provincial, votes={m.pk: "agree" for m in council[:6]},
                        by=office)
    review.approve_nomination(nomination=provincial, by=office)
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="7/TTr-SCT", signer_name="Nguyễn Hữu Dũng")
    nomination = staff["Nguyễn Thành Đạt"].nominations.get(level="grassroots")
    feedback = Feedback.objects.create(publication=publication, nomination=nomination, author=commenter,
                                       text="Đề nghị làm rõ thành tích.", created_at=AFTER_PUBLICATION)
    layout = CertificateLayout.objects.create(agency=campaign.agency)
    return {
        "campaign": campaign, "decision": signed_decision, "award": signed_decision.awards.first(),
        "proposal": proposal, "publication": publication, "feedback": feedback, "meeting": meeting,
        "approval": Approval.objects.get(nomination=nomination), "layout": layout,
        "person": staff["Phạm Thị Thúy Vy"], "provincial": provincial,
    }


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="SYT", name="Sở Y tế")


@pytest.fixture
def people_b(agency_b):
    """Every kind of login agency B (Sở Y tế) has."""
    unit = UnitFactory(agency=agency_b, name="Phòng Nghiệp vụ Dược")
    return {
        "staff": staff_user(unit, username="canbo.syt"),
        "office": office_user(username="vanphong.syt", agency=agency_b),
        "director": director_user(username="giamdoc.syt", agency=agency_b),
        "board": inspector_user(username="thanhtra.syt", agency=agency_b),
    }


@pytest.fixture
def decision_b(agency_b, people_b, make_pdf):
    """Agency B's own signed decision, so its register is not empty."""
    campaign_b = CampaignFactory(agency=agency_b, number="05/KH-SYT", signer_name="Lê Văn Bình")
    board = Board.objects.create(agency=agency_b, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    leaders = UnitFactory(agency=agency_b, name="Ban Giám đốc Sở", display_order=0)
    members = [StaffMemberFactory(unit=leaders, full_name=f"Ủy viên {i}") for i in range(1, 8)]
    for member in members:
        BoardMembership.objects.create(board=board, staff=member)
    people = ((UNIT_A, "Hồ Thị Lan", Gender.FEMALE, "Dược sĩ"),)
    build_approved_list(campaign_b, people_b["office"], members, make_pdf, people=people, collectives=False)
    decision = issuing.create_decision(campaign=campaign_b, by=people_b["office"], number="9/QĐ-SYT",
                                       signing_date=dt.date(2023, 11, 24))
    return issuing.sign_decision(decision=decision, by=people_b["director"], now=AFTER_PUBLICATION)


def _portal_urls(world: dict) -> list[str]:
    decision, proposal = world["decision"].pk, world["proposal"].pk
    return [
        f"/khen-thuong/quyet-dinh/{decision}/",
        f"/khen-thuong/quyet-dinh/{decision}/in/quyet-dinh.pdf",
        f"/khen-thuong/quyet-dinh/{decision}/in/giay-khen.pdf",
        f"/khen-thuong/quyet-dinh/{decision}/in/giay-khen-tren-phoi.pdf",
        f"/khen-thuong/giay-khen/{world['award'].pk}.pdf",
        f"/khen-thuong/to-trinh/{proposal}/",
        f"/khen-thuong/to-trinh/{proposal}/in/to-trinh.pdf",
        f"/khen-thuong/in-tren-phoi/{world['campaign'].agency_id}/can-chinh.pdf",
        f"/khen-thuong/qua-trinh-khen-thuong/{world['person'].pk}/",
        f"/cong-khai/{world['publication'].pk}/",
    ]


@pytest.mark.parametrize("role", ["staff", "office", "director", "board"])
def test_another_agencys_people_get_404_on_every_awards_page_of_agency_a(client, world_a, people_b, role):
    before = _snapshot()
    client.force_login(people_b[role])
    for url in _portal_urls(world_a):
        assert client.get(url).status_code == 404, url
    assert before == _snapshot()  # not even an issued PDF was stored


@pytest.mark.parametrize("role", ["staff", "office", "director", "board"])
def test_another_agencys_people_cannot_comment_on_agency_as_published_list(client, world_a, people_b, role):
    publication, nomination = world_a["publication"], world_a["feedback"].nomination
    before = _snapshot()
    client.force_login(people_b[role])
    response = client.post(f"/cong-khai/{publication.pk}/", {"nomination": nomination.pk, "text": "Ý kiến lạ"})
    assert response.status_code == 404
    assert before == _snapshot()


@pytest.mark.parametrize("role", ["staff", "office", "director", "board"])
def test_another_agencys_people_cannot_draft_edit_or_sign_agency_as_documents(client, world_a, people_b, role):
    campaign, decision, proposal = world_a["campaign"], world_a["decision"], world_a["proposal"]
    data = {"number": "1/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on", "signer_name": "X"}
    before = _snapshot()
    client.force_login(people_b[role])
    for url in (f"/khen-thuong/quyet-dinh/lap/{campaign.pk}/", f"/khen-thuong/quyet-dinh/{decision.pk}/sua/",
                f"/khen-thuong/quyet-dinh/{decision.pk}/ky/", f"/khen-thuong/to-trinh/lap/{campaign.pk}/",
                f"/khen-thuong/to-trinh/{proposal.pk}/sua/", f"/khen-thuong/to-trinh/{proposal.pk}/ky/"):
        assert client.post(url, data).status_code == 404, url
    assert before == _snapshot()


@pytest.mark.parametrize("role", ["office", "director", "board"])
def test_another_agencys_register_lists_its_own_awards_and_none_of_agency_as(client, world_a, decision_b, people_b,
                                                                              role):
    client.force_login(people_b[role])
    response = client.get("/khen-thuong/so-khen-thuong/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [award.decision.number for award in response.context["awards"]] == ["9/QĐ-SYT"]
    assert "Bà Hồ Thị Lan" in html
    assert "125/QĐ-SCT" not in html and "Nguyễn Thành Đạt" not in html
    assert [c.number for c in response.context["campaigns"]] == ["05/KH-SYT"]
    decisions = client.get("/khen-thuong/quyet-dinh/")
    assert [d.number for d in decisions.context["decisions"]] == ["9/QĐ-SYT"]
    assert list(decisions.context["proposals"]) == []


def test_another_agencys_office_is_offered_no_document_or_calibration_of_agency_a(client, world_a, people_b,
                                                                                 agency_b):
    client.force_login(people_b["office"])
    response = client.get("/khen-thuong/quyet-dinh/")
    assert response.context["awaiting"] == {"grassroots": [], "provincial": []}
    assert response.context["agencies"] == [agency_b]


def test_another_agencys_staff_have_no_register(client, world_a, people_b):
    client.force_login(people_b["staff"])
    assert client.get("/khen-thuong/so-khen-thuong/").status_code == 404
    assert list(client.get("/khen-thuong/giay-khen/").context["awards"]) == []


# Services ------------------------------------------------------------------------------------------


def test_another_agencys_office_cannot_act_on_agency_as_objects_through_the_services(world_a, people_b, council):
    office_b = people_b["office"]
    campaign = world_a["campaign"]
    before = _snapshot()
    refusals = [
        lambda: review.create_meeting(campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 14),
                                      present=council[:6], by=office_b),
        lambda: review.record_votes(meeting=world_a["meeting"], nomination=world_a["provincial"],
                                    votes={council[0].pk: "disagree"}, by=office_b),
        lambda: review.approve_nomination(nomination=world_a["provincial"], by=office_b),
        lambda: review.revoke_approval(approval=world_a["approval"], by=office_b),
        lambda: review.publish_list(campaign=campaign, level="provincial", working_days=5, by=office_b),
        lambda: review.answer_feedback(feedback=world_a["feedback"], by=office_b, answer="Trả lời lạ"),
        lambda: issuing.create_decision(campaign=CampaignFactory(agency=campaign.agency), by=office_b),
        lambda: issuing.update_decision(decision=world_a["decision"], by=office_b, subject="Sửa"),
        lambda: issuing.sign_decision(decision=world_a["decision"], by=office_b),
        lambda: issuing.update_proposal(proposal=world_a["proposal"], by=office_b, addressee="Nơi lạ"),
        lambda: issuing.sign_proposal(proposal=world_a["proposal"], by=office_b, now=AFTER_PUBLICATION),
    ]
    for refused in refusals:
        with pytest.raises(NotAllowed):
            refused()
    assert before == _snapshot()


@pytest.mark.parametrize("role", ["staff", "director", "board"])
def test_another_agencys_people_cannot_sign_or_comment_through_the_services(world_a, people_b, role):
    user = people_b[role]
    before = _snapshot()
    with pytest.raises(NotAllowed):
        issuing.sign_decision(decision=world_a["decision"], by=user)
    with pytest.raises(NotAllowed):
        issuing.sign_proposal(proposal=world_a["proposal"], by=user, now=AFTER_PUBLICATION)
    with pytest.raises(NotAllowed):
        review.send_feedback(publication=world_a["publication"], nomination=world_a["feedback"].nomination,
                             by=user, text="Ý kiến lạ")
    assert before == _snapshot()


# The admin -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", "director", "board"])
def test_another_agencys_admin_changelists_show_none_of_agency_as_rows(client, world_a, people_b, role):
    client.force_login(people_b[role])
    for model in ("awarddecision", "provincialproposal", "approval", "publication", "feedback", "councilmeeting",
                  "certificatelayout"):
        response = client.get(f"/quan-tri/awards/{model}/")
        assert response.status_code == 200, model
        assert list(response.context["cl"].result_list) == [], model
    dashboard = client.get("/quan-tri/awards/approval/tong-hop/")
    assert dashboard.status_code == 200 and dashboard.context["blocks"] == []


@pytest.mark.parametrize("role", ["office", "director", "board"])
def test_another_agencys_vote_grid_shortlist_and_change_pages_of_agency_a_are_404(client, world_a, people_b, role):
    campaign, meeting = world_a["campaign"], world_a["meeting"]
    before = _snapshot()
    client.force_login(people_b[role])
    shortlist = f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/provincial/"
    vote_grid = f"/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/"
    assert client.get(shortlist).status_code == 404
    assert client.post(shortlist, {"op": "revoke", "approval": world_a["approval"].pk}).status_code == 404
    assert client.get(vote_grid).status_code == 404
    votes = {f"v_{world_a['provincial'].pk}_{m.pk}": "disagree" for m in meeting.members_present.all()}
    assert client.post(vote_grid, votes).status_code == 404
    # Another agency's object answers as a missing one would, on its change and history pages.
    for model, obj in (("awarddecision", world_a["decision"]), ("provincialproposal", world_a["proposal"]),
                       ("councilmeeting", meeting), ("feedback", world_a["feedback"]),
                       ("approval", world_a["approval"]), ("publication", world_a["publication"]),
                       ("certificatelayout", world_a["layout"])):
        for page in ("change", "history"):
            seen = client.get(f"/quan-tri/awards/{model}/{obj.pk}/{page}/")
            missing = client.get(f"/quan-tri/awards/{model}/999999/{page}/")
            assert (seen.status_code, seen.get("Location")) == (missing.status_code, missing.get("Location")), model
            assert seen.status_code in (302, 404), (model, page)
    assert before == _snapshot()


def test_another_agencys_office_cannot_draft_a_decision_for_agency_as_campaign_in_the_admin(client, world_a,
                                                                                          people_b):
    other = CampaignFactory(agency=world_a["campaign"].agency)
    client.force_login(people_b["office"])
    response = client.post("/quan-tri/awards/awarddecision/add/", {
        "campaign": other.pk, "number": "", "signing_date": "01/12/2023", "signer_name": "A",
        "signer_title": "Giám đốc", "subject": "Về việc", "proposer": "VP", "executors": "VP", "recipients": "X",
    })
    assert response.status_code == 200  # the form refuses a campaign it does not offer
    assert "campaign" in response.context["adminform"].form.errors
    assert AwardDecision.objects.count() == 1


# Agency A's own inspection board: it reads, so it is refused (403) --------------------------------------


def test_agency_as_board_is_refused_403_on_what_it_reads_and_nothing_changes(client, world_a, agency_a):
    board = inspector_user(username="thanhtra.sct", agency=agency_a)
    publication, nomination = world_a["publication"], world_a["feedback"].nomination
    decision, proposal = world_a["decision"], world_a["proposal"]
    before = _snapshot()
    client.force_login(board)
    assert client.get(f"/cong-khai/{publication.pk}/").status_code == 200
    comment = client.post(f"/cong-khai/{publication.pk}/", {"nomination": nomination.pk, "text": "Ý kiến"})
    assert comment.status_code == 403
    assert reason(board, "awards.add_feedback", publication) in comment.content.decode()
    sign = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                       {"number": "125/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on"})
    assert sign.status_code == 403
    assert "Chỉ Lãnh đạo Sở hoặc Văn phòng Sở mới ký được văn bản này." in sign.content.decode()
    assert client.post(f"/khen-thuong/to-trinh/{proposal.pk}/ky/",
                       {"number": "7/TTr-SCT", "signing_date": "24/11/2023", "confirm": "on"}).status_code == 403
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/giay-khen-tren-phoi.pdf").status_code == 403
    assert client.get(f"/khen-thuong/in-tren-phoi/{agency_a.pk}/can-chinh.pdf").status_code == 403
    with pytest.raises(NotAllowed):
        review.send_feedback(publication=publication, nomination=nomination, by=board, text="Ý kiến")
    assert before == _snapshot()
    assert Publication.objects.get().feedback.count() == 1
    assert ProvincialProposal.objects.get().state == "draft" and Award.objects.filter(decision=decision).count() == 7


def test_agency_as_director_is_refused_403_on_the_edit_page_of_a_decision(client, world_a, director):
    decision = world_a["decision"]
    client.force_login(director)
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/sua/")
    assert response.status_code == 403
    assert "Chỉ Văn phòng Sở của cơ quan mới thực hiện được thao tác này" in response.content.decode()
