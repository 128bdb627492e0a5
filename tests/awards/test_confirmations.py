"""Confirmations that name what becomes final (issue 15 item 2): publishing the approved list, signing a
decision, signing a Tờ trình. Without the ticked box the POST changes nothing and says why."""

import datetime as dt

import pytest
import time_machine

from awards.issuing import services as issuing
from awards.models import AwardDecision, ProvincialProposal, Publication
from awards.review import services as review
from tests.awards.conftest import AFTER_PUBLICATION, build_approved_list, make_accepted_dossier
from tests.factories import allocate, verify_second_factor
from tests.province.conftest import PEOPLE

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


# Publishing the list -------------------------------------------------------------------------------------


@pytest.fixture
def shortlist(client, office, meeting, campaign, council, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]}, by=office)
    review.approve_nomination(nomination=nomination, by=office)
    client.force_login(office)
    return f"/quan-tri/awards/approval/xet-duyet/{campaign.pk}/grassroots/"


def test_the_publish_form_names_what_becomes_final(client, shortlist):
    html = _html(client.get(shortlist))
    assert "Khi công khai, những điều sau trở thành chính thức:" in html
    assert "Danh sách 00 tập thể, 01 cá nhân đã duyệt sẽ được công khai cho toàn thể cán bộ để lấy ý kiến." in html
    assert "Các đề nghị đã duyệt sẽ bị khóa: không duyệt thêm, không bỏ duyệt được nữa." in html
    assert 'name="publish-confirm"' in html and "required" in html.split('name="publish-confirm"')[1][:200]


def test_publishing_without_the_confirmation_changes_nothing_and_says_why(client, shortlist):
    response = client.post(shortlist, {"op": "publish", "publish-working_days": 5})
    assert response.status_code == 200
    assert "Hãy đánh dấu ô xác nhận công khai. Danh sách chưa được công khai." in _html(response)
    assert Publication.objects.count() == 0


def test_publishing_with_the_confirmation_publishes(client, shortlist):
    html = _html(client.post(shortlist, {"op": "publish", "publish-working_days": 5, "publish-confirm": "on"},
                             follow=True))
    assert "Đã công khai danh sách đến hết ngày 20/11/2023." in html
    assert Publication.objects.count() == 1


# Signing a decision --------------------------------------------------------------------------------------


@pytest.fixture
def decision(approved, campaign, office):
    return issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                   signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")


def test_the_signing_form_names_the_decision_and_its_certificates(client, decision, director):
    with time_machine.travel(AFTER_PUBLICATION, tick=False):
        client.force_login(director)
        verify_second_factor(client, director)
        html = _html(client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/"))
    assert "Khi ký, những điều sau trở thành chính thức:" in html
    assert "Quyết định số 125/QĐ-SCT sẽ được ký và không sửa được nữa." in html
    assert "07 Giấy khen (" in html and "sẽ vào sổ khen thưởng." in html


def test_signing_a_decision_without_the_confirmation_changes_nothing(client, decision, director):
    with time_machine.travel(AFTER_PUBLICATION, tick=False):
        client.force_login(director)
        verify_second_factor(client, director)
        response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                               {"number": "125/QĐ-SCT", "signing_date": "24/11/2023"})
    assert response.status_code == 400
    assert "Hãy xác nhận đã đọc bản dự thảo trước khi ký." in _html(response)
    assert "Khi ký, những điều sau trở thành chính thức:" in _html(response)
    assert not AwardDecision.objects.get().is_signed


# Signing a Tờ trình ----------------------------------------------------------------------------------------


@pytest.fixture
def proposal(campaign, office, council, make_pdf):
    allocate(campaign, collectives=2, individuals=2)
    build_approved_list(campaign, office, council, make_pdf, people=PEOPLE, level="provincial")
    return issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                   signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")


def test_the_proposal_signing_form_names_the_list_and_refuses_without_the_confirmation(
    client, proposal, director
):
    with time_machine.travel(AFTER_PUBLICATION, tick=False):
        client.force_login(director)
        verify_second_factor(client, director)
        html = _html(client.get(f"/khen-thuong/to-trinh/{proposal.pk}/"))
        assert "Tờ trình số 45/TTr-SCT sẽ được ký và không sửa được nữa." in html
        assert "Danh sách 04 tập thể, cá nhân đề nghị khen thưởng cấp tỉnh kèm theo được chốt" in html
        response = client.post(f"/khen-thuong/to-trinh/{proposal.pk}/ky/",
                               {"number": "45/TTr-SCT", "signing_date": "24/11/2023"})
        assert response.status_code == 400
        assert "Hãy xác nhận đã đọc bản dự thảo trước khi ký." in _html(response)
        assert not ProvincialProposal.objects.get().is_signed
        signed = client.post(f"/khen-thuong/to-trinh/{proposal.pk}/ky/",
                             {"number": "45/TTr-SCT", "signing_date": "24/11/2023", "confirm": "on"})
    assert signed.status_code == 302
    assert ProvincialProposal.objects.get().is_signed
