"""The province's pages and what each side may see (issue 11)."""

import datetime as dt
import re

import pytest

from awards.models import Approval, ProvincialOutcome, SendingState
from awards.province import services
from campaign.models import Allocation
from campaign.rules import scope_for
from dossiers.models import DocumentKind, Dossier, DossierFile, Nomination
from tests.factories import AgencyFactory, CampaignFactory, UserFactory, allocate, committee_user, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(signed_proposal, office):
    return services.send(proposal=signed_proposal, by=office)


def _page(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {})


# What the committee reads -----------------------------------------------------------------------------------


def test_the_committee_reads_a_sent_proposal_its_list_and_reports_in_few_queries(
    client, sent, committee, django_assert_max_num_queries
):
    client.force_login(committee)
    with django_assert_max_num_queries(20):
        inbox = client.get("/tinh/to-trinh/")
    assert inbox.status_code == 200 and "Số 45/TTr-SCT" in inbox.content.decode()
    with django_assert_max_num_queries(25):
        page = client.get(f"/tinh/to-trinh/{sent.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    for name in ("Nguyễn Thành Đạt", "Phạm Thị Thúy Vy", "Hoàn thành xuất sắc nhiệm vụ", "Tiếp nhận"):
        assert name in text
    # Exactly the achievement reports of the forwarded nominations, nothing else of the dossiers.
    reports = DossierFile.objects.filter(nomination__approval__campaign=sent.campaign,
                                         kind=DocumentKind.ACHIEVEMENT_REPORT, nomination__level="provincial")
    assert reports.exists()
    for stored in reports:
        assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 200
    for stored in DossierFile.objects.exclude(pk__in=reports.values("pk")):
        assert client.get(f"/ho-so/tep/{stored.pk}/").status_code == 404
    for dossier in Dossier.objects.all():
        assert client.get(f"/ho-so/{dossier.pk}/").status_code == 404


def test_the_committee_sees_no_draft_and_no_grassroots_work(client, signed_proposal, committee, office):
    client.force_login(committee)
    # Signed but not sent: not forwarded.
    assert client.get(f"/tinh/to-trinh/{signed_proposal.pk}/").status_code == 404
    assert client.get(f"/khen-thuong/to-trinh/{signed_proposal.pk}/").status_code == 404
    assert not scope_for(committee, Nomination.objects.all()).exists()
    assert not scope_for(committee, Approval.objects.all()).exists()
    # Sent, returned, reopened as a draft: gone again until signed anew.
    services.send(proposal=signed_proposal, by=office)
    assert scope_for(committee, Nomination.objects.all()).count() == 4
    assert not scope_for(committee, Nomination.objects.filter(level="grassroots")).exists()
    services.return_proposal(proposal=signed_proposal, note="Sửa ngày", by=committee)
    assert not scope_for(committee, Nomination.objects.all()).exists()
    services.reopen(proposal=signed_proposal, by=office)
    assert client.get(f"/tinh/to-trinh/{signed_proposal.pk}/").status_code == 404


def test_another_provinces_committee_sees_nothing(client, sent):
    from campaign.models import Province

    elsewhere = committee_user(username="bcd.angiang",
                               province=Province.objects.create(name="Tỉnh An Giang", code="AG", place_name="An Giang"))
    client.force_login(elsewhere)
    assert client.get(f"/tinh/to-trinh/{sent.pk}/").status_code == 404
    assert "45/TTr-SCT" not in client.get("/tinh/to-trinh/").content.decode()
    assert not scope_for(elsewhere, Allocation.objects.all()).exists()


# Agencies never see each other's allocations or Tờ trình ---------------------------------------------------------


def test_agency_b_sees_neither_the_allocation_nor_the_proposal_of_agency_a(client, sent, campaign):
    agency_b = AgencyFactory(code="SYT", name="Sở Y tế")
    office_b = office_user(username="vp.syt", agency=agency_b)
    plan_b = CampaignFactory(agency=agency_b, number="38/KH-SYT")
    allocate(plan_b, collectives=1, individuals=1)
    assert list(scope_for(office_b, Allocation.objects.all())) == list(Allocation.objects.filter(agency=agency_b))
    client.force_login(office_b)
    assert client.get(f"/khen-thuong/to-trinh/{sent.pk}/").status_code == 404
    assert client.post(f"/tinh/co-quan/to-trinh/{sent.pk}/mo-lai/").status_code == 404
    # Agency A's plan is public once launched, but not its allocation.
    text = client.get(f"/ke-hoach/{campaign.pk}/").content.decode()
    assert "Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023" in text
    assert 'id="allocation"' not in text
    assert "/tinh/" not in client.get("/").content.decode()  # no committee menu


def test_the_office_reads_its_allocation_on_its_plan_page(client, provincial, campaign, office):
    text = _page(client, office, f"/ke-hoach/{campaign.pk}/").content.decode()
    assert "(đã phân bổ: 02 tập thể, 02 cá nhân)" in text


# The office sends; the committee answers and records -------------------------------------------------------------


def test_the_office_sends_only_with_the_confirmation(client, signed_proposal, office):
    response = _page(client, office, f"/tinh/co-quan/to-trinh/{signed_proposal.pk}/gui/", "post")
    assert response.status_code == 302
    signed_proposal.refresh_from_db()
    assert signed_proposal.sending_state == SendingState.NOT_SENT
    response = client.post(f"/tinh/co-quan/to-trinh/{signed_proposal.pk}/gui/", {"confirm": "1"}, follow=True)
    assert "Đã gửi Tờ trình số 45/TTr-SCT đến Ban Chỉ đạo Tỉnh." in response.content.decode()
    signed_proposal.refresh_from_db()
    assert signed_proposal.sending_state == SendingState.SENT


def test_a_return_without_a_note_keeps_everything(client, sent, committee):
    response = _page(client, committee, f"/tinh/to-trinh/{sent.pk}/tra-lai/", "post", {"return-note": " "})
    assert response.status_code == 400
    assert "Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại tờ trình." in response.content.decode()
    sent.refresh_from_db()
    assert sent.sending_state == SendingState.SENT


def test_the_outcome_form_keeps_what_was_typed_and_the_award_reaches_the_history(client, sent, committee, provincial):
    _, _, staff = provincial
    services.accept(proposal=sent, by=committee)
    person = staff["Nguyễn Thành Đạt"]
    approval = Approval.objects.get(nomination__staff=person)
    url = f"/tinh/to-trinh/{sent.pk}/ket-qua/{approval.pk}/"
    prefix = f"o{approval.pk}"
    response = _page(client, committee, url, "post", {f"{prefix}-awarded": "1", f"{prefix}-form": "Bằng khen đặc biệt",
                                                      f"{prefix}-decision_date": "31/02/2023"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập số quyết định của tỉnh." in text and "Bằng khen đặc biệt" in text
    assert not ProvincialOutcome.objects.exists()
    response = client.post(url, {f"{prefix}-awarded": "1", f"{prefix}-form": "Bằng khen của Chủ tịch UBND tỉnh",
                                 f"{prefix}-decision_number": "1234/QĐ-UBND",
                                 f"{prefix}-decision_date": "20/12/2023"})
    assert response.status_code == 302
    # The person sees it in their award history, marked as the province's.
    member_login = UserFactory(username="dat.login")
    person.user = member_login
    person.save()
    history = _page(client, member_login, "/khen-thuong/qua-trinh-khen-thuong/", "get")
    history = client.get(history.url)
    text = history.content.decode()
    assert "Khen thưởng cấp tỉnh" in text and "1234/QĐ-UBND" in text and "20/12/2023" in text


def test_the_allocation_page_refuses_bad_input_and_keeps_it(client, provincial, committee, campaign):
    allocation, _, _ = provincial
    url = f"/tinh/phan-bo/{allocation.provincial_plan_id}/{campaign.agency_id}/"
    prefix = f"a{campaign.agency_id}"
    response = _page(client, committee, url, "post", {f"{prefix}-collectives": "5", f"{prefix}-individuals": "1",
                                                      f"{prefix}-reason": "Điều chỉnh giảm"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "phân bổ cá nhân không thể thấp hơn 2" in text and "Điều chỉnh giảm" in text
    allocation.refresh_from_db()
    assert (allocation.collectives, allocation.individuals) == (2, 2)
    response = client.post(url, {f"{prefix}-collectives": "3", f"{prefix}-individuals": "2",
                                 f"{prefix}-reason": "Bổ sung một tập thể"})
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.collectives == 3
    page = client.get("/tinh/phan-bo/").content.decode()
    assert "Bổ sung một tập thể" in page


def test_the_committee_pages_do_not_exist_for_an_agency(client, sent, office):
    client.force_login(office)
    assert client.get("/tinh/to-trinh/").status_code == 404
    assert client.get("/tinh/phan-bo/").status_code == 404
    assert client.post(f"/tinh/to-trinh/{sent.pk}/tiep-nhan/").status_code == 404
    assert dt.date.today()  # the clock is the test's


def test_the_allocations_page_costs_the_same_for_two_agencies_or_eight(client, provincial, committee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    allocation, _, _ = provincial
    client.force_login(committee)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tinh/phan-bo/").status_code == 200
        return len(queries)

    for n in range(1):
        agency = AgencyFactory(code=f"S{n}", name=f"Sở số {n}")
        agency.province = allocation.provincial_plan.province
        agency.save()
        allocate(CampaignFactory(agency=agency, number=f"{n}/KH-S{n}"), collectives=1, individuals=1)
    few = cost()
    for n in range(1, 7):
        agency = AgencyFactory(code=f"S{n}", name=f"Sở số {n}")
        agency.province = allocation.provincial_plan.province
        agency.save()
        allocate(CampaignFactory(agency=agency, number=f"{n}/KH-S{n}"), collectives=1, individuals=1)
    assert cost() == few


def test_the_committees_allocation_page_names_the_agency_and_person_without_links_it_may_not_open(
    client, provincial, committee
):
    allocation, _, _ = provincial
    client.force_login(committee)
    html = client.get(f"/quan-tri/campaign/allocation/{allocation.pk}/change/").content.decode()
    assert allocation.agency.name in html
    for link in re.findall(r'href="(/quan-tri/[^"]+)"', html):
        if "/change/" in link or "/auth/" in link:
            assert client.get(link).status_code == 200, link
