"""The remaining notifications through the outbox (issue 15 point 7): the list published for comment (every
unit), a decision signed (each unit with awardees, the office's copy), the board's recommendations and their
answers, the province's return or acceptance of a Tờ trình. Each event queues one mail per recipient group,
to this agency's people only; the worker sends them; every new template renders with its sample values; the
template editor previews what was typed without saving it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from awards.issuing import services as issuing
from awards.province import services as province
from campaign.mail.defaults import KINDS, sample_context
from campaign.mail.models import MailStatus, MailTemplate, OutgoingMail
from campaign.mail.services import check_template
from campaign.models import Role
from campaign.recommendations import services as recommendations
from core.errors import DomainError
from tests.awards.conftest import (  # noqa: F401 (fixtures)
    AFTER_PUBLICATION,
    UNIT_A,
    UNIT_B,
    _after_the_cutoff,
    build_approved_list,
    campaign,
    council,
    director,
    office,
)
from tests.factories import (
    AgencyFactory,
    UnitFactory,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import run_tasks, vn
from tests.province.conftest import committee, provincial, signed_proposal  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

NEW_KEYS = [
    "list_published", "decision_signed", "decision_signed_office", "recommendation_filed",
    "recommendation_answered", "proposal_returned", "proposal_accepted",
]


@pytest.fixture
def _frozen():
    """The outbox tests' fixed 01/11/2023 clock is replaced by the review's (13/11/2023, awards' conftest)."""
    yield


@pytest.fixture
def stranger(db):
    """Another agency with its unit, staff, office and board, all with addresses: they must hear nothing."""
    other = AgencyFactory(code="SYT", name="Sở Y tế", office_email="vanphong@syt.dongthap.gov.vn")
    unit = UnitFactory(agency=other, name="Phòng Nghiệp vụ Y", email="nghiepvu@syt.dongthap.gov.vn")
    people = [
        staff_user(unit, username="canbo.syt"),
        office_user(username="vanphong.syt", agency=other),
        inspector_user(username="thanhtra.syt", agency=other),
    ]
    return {"vanphong@syt.dongthap.gov.vn", "nghiepvu@syt.dongthap.gov.vn"} | {p.email for p in people}


def _mails(kind):
    return list(OutgoingMail.objects.filter(kind=kind).order_by("pk"))


def _no_stranger(stranger):
    for sent in OutgoingMail.objects.all():
        assert not set(sent.recipient_list) & stranger, sent.recipients


def _sent(kind):
    run_tasks()
    assert {row.status for row in _mails(kind)} == {MailStatus.SENT}
    return [message for message in mail.outbox if message.subject in {row.subject for row in _mails(kind)}]


# The templates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", NEW_KEYS)
def test_each_new_template_renders_with_its_sample_values(key):
    kind = KINDS[key]
    subject, body = check_template(key, kind.subject, kind.body)
    assert subject.startswith("[Thi đua]")
    for name, value in sample_context(key).items():
        if value and "\n" not in value:
            assert value in subject + body, (key, name)
    assert "{{" not in subject + body and "{%" not in subject + body


# 1. The list published for comment ----------------------------------------------------------------------


def test_publishing_the_list_sends_each_unit_one_mail_with_the_link_and_the_deadline(
    campaign, office, council, make_pdf, stranger, django_capture_on_commit_callbacks  # noqa: F811
):
    # The council's unit has only its own address; a unit with no address at all gets no mail.
    campaign.agency.units.filter(name="Ban Giám đốc Sở").update(email="bgd@sct.dongthap.gov.vn")
    UnitFactory(agency=campaign.agency, name="Tổ không có địa chỉ")
    with django_capture_on_commit_callbacks(execute=True):
        units, _, publication = build_approved_list(campaign, office, council, make_pdf)
    queued = _mails("list_published")
    # Every unit of the agency with an address: the two proposing units and the council's unit.
    assert len(queued) == 3
    assert ["bgd@sct.dongthap.gov.vn"] in [row.recipient_list for row in queued]
    by_unit = {row.subject: row for row in queued}
    assert len(by_unit) == 1  # one subject, one mail per unit
    # The level as a sentence says it, not its label's nested parentheses.
    assert list(by_unit) == ["[Thi đua] Công khai danh sách đề nghị khen thưởng: Giấy khen của Giám đốc Sở"]
    clerk_a = units[UNIT_A].staff.get(user__isnull=False).user.email
    mail_a = next(row for row in queued if row.body.startswith(f"Kính gửi {UNIT_A},"))
    assert clerk_a in mail_a.recipient_list
    assert clerk_a not in next(row for row in queued if row.body.startswith(f"Kính gửi {UNIT_B},")).recipient_list
    assert f"/cong-khai/{publication.pk}/" in mail_a.body
    assert "đến hết ngày 20/11/2023" in mail_a.body
    _no_stranger(stranger)
    messages = _sent("list_published")
    assert len(messages) == 3


# 2. A decision signed -------------------------------------------------------------------------------------


def test_signing_a_decision_tells_each_unit_its_awardees_and_the_office_gets_a_copy(
    campaign, office, council, director, make_pdf, stranger, django_capture_on_commit_callbacks  # noqa: F811
):
    units, _, _ = build_approved_list(campaign, office, council, make_pdf)
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    OutgoingMail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    to_units = _mails("decision_signed")
    assert len(to_units) == 2  # the two units with awardees, not the council's unit
    mail_a = next(row for row in to_units if row.body.startswith(f"Kính gửi {UNIT_A},"))
    assert "Quyết định số 125/QĐ-SCT" in mail_a.body and "24/11/2023" in mail_a.body
    assert "Ông Trần Văn Khoa, Trưởng phòng" in mail_a.body
    assert f"Tập thể {UNIT_A}" in mail_a.body
    assert "Phạm Thị Thúy Vy" not in mail_a.body  # another unit's awardee
    assert "có 4 tập thể, cá nhân" in mail_a.subject
    copy = _mails("decision_signed_office")
    assert len(copy) == 1
    assert office.email in copy[0].recipient_list
    assert "7 tập thể, cá nhân" in copy[0].subject
    assert "Phạm Thị Thúy Vy" in copy[0].body and "Trần Văn Khoa" in copy[0].body
    assert set(OutgoingMail.objects.values_list("kind", flat=True)) == {"decision_signed", "decision_signed_office"}
    _no_stranger(stranger)
    assert len(_sent("decision_signed")) == 2


def test_a_refused_signature_sends_nothing(campaign, office, council, director, make_pdf,  # noqa: F811
                                           django_capture_on_commit_callbacks):
    build_approved_list(campaign, office, council, make_pdf)
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        issuing.sign_decision(decision=decision, by=director, now=vn(2023, 11, 15, 9))  # inside the window
    assert not OutgoingMail.objects.filter(kind__startswith="decision_signed").exists()


# 3. The inspection board's recommendations ------------------------------------------------------------------


@pytest.fixture
def board_people(db, stranger):
    agency = AgencyFactory()
    return {
        "agency": agency,
        "board": inspector_user(username="thanhtra", agency=agency),
        "board2": inspector_user(username="thanhtra2", agency=agency),
        "director": director_user(username="giamdoc", agency=agency),
        "office": office_user(username="vanphong", agency=agency),
    }


def test_a_new_recommendation_goes_to_the_office_and_its_answer_to_the_board(
    board_people, stranger, django_capture_on_commit_callbacks
):
    people = board_people
    with time_machine.travel(vn(2024, 3, 1, 9), tick=True), django_capture_on_commit_callbacks(execute=True):
        recommendation = recommendations.file_recommendation(
            agency=people["agency"], by=people["board"], title="Công khai danh sách chưa đủ thời gian",
            content="Đề nghị niêm yết danh sách đủ 5 ngày làm việc.", now=vn(2024, 3, 1, 9),
        )
    filed = _mails("recommendation_filed")
    assert len(filed) == 1
    assert people["office"].email in filed[0].recipient_list
    assert people["board"].email not in filed[0].recipient_list
    assert f"/kien-nghi/{recommendation.pk}/" in filed[0].body
    assert "Công khai danh sách chưa đủ thời gian" in filed[0].subject
    with time_machine.travel(vn(2024, 3, 4, 9), tick=True), django_capture_on_commit_callbacks(execute=True):
        recommendations.answer_recommendation(
            recommendation=recommendation, by=people["director"], decision="partly", text="Niêm yết lại từ 05/03.",
            reasons="Một phần đã đủ thời gian.", now=vn(2024, 3, 4, 9),
        )
    answered = _mails("recommendation_answered")
    assert len(answered) == 1
    assert set(answered[0].recipient_list) == {people["board"].email, people["board2"].email}
    assert "Niêm yết lại từ 05/03." in answered[0].body
    _no_stranger(stranger)
    assert len(_sent("recommendation_filed")) == 1
    assert len([m for m in mail.outbox if m.subject == answered[0].subject]) == 1


def test_a_refused_recommendation_sends_nothing(board_people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        recommendations.file_recommendation(agency=board_people["agency"], by=board_people["board"], title="",
                                            content="x")
    assert not OutgoingMail.objects.exists()


# The province's committee returns or accepts the agency's Tờ trình ----------------------------------------


def test_the_office_hears_when_the_committee_returns_then_accepts_the_proposal(
    signed_proposal, office, director, committee, stranger, django_capture_on_commit_callbacks  # noqa: F811
):
    OutgoingMail.objects.all().delete()
    with time_machine.travel(AFTER_PUBLICATION, tick=True):
        with django_capture_on_commit_callbacks(execute=True):
            proposal = province.send(proposal=signed_proposal, by=office, now=AFTER_PUBLICATION)
        assert not OutgoingMail.objects.exists()  # sending is the office's own step: no mail
        with django_capture_on_commit_callbacks(execute=True):
            province.return_proposal(proposal=proposal, note="Bổ sung tóm tắt thành tích.", by=committee,
                                     now=AFTER_PUBLICATION)
        returned = _mails("proposal_returned")
        assert len(returned) == 1
        assert office.email in returned[0].recipient_list
        assert "Tờ trình số 45/TTr-SCT" in returned[0].subject
        assert "Bổ sung tóm tắt thành tích." in returned[0].body
        proposal = province.reopen(proposal=proposal, by=office, now=AFTER_PUBLICATION)
        proposal = issuing.sign_proposal(proposal=proposal, by=director, now=AFTER_PUBLICATION)
        proposal = province.send(proposal=proposal, by=office, now=AFTER_PUBLICATION)
        with django_capture_on_commit_callbacks(execute=True):
            province.accept(proposal=proposal, by=committee, now=AFTER_PUBLICATION)
    accepted = _mails("proposal_accepted")
    assert len(accepted) == 1 and office.email in accepted[0].recipient_list
    assert set(OutgoingMail.objects.values_list("kind", flat=True)) == {"proposal_returned", "proposal_accepted"}
    _no_stranger(stranger)
    run_tasks()
    assert len(mail.outbox) == 2


# 5. The template editor's preview ---------------------------------------------------------------------------


def test_the_preview_shows_the_text_as_typed_without_saving_it(client, office):  # noqa: F811
    client.force_login(office)
    client.get("/quan-tri/mail/mailtemplate/")
    template = MailTemplate.objects.get(agency=role_agency(office), key="list_published")
    url = f"/quan-tri/mail/mailtemplate/{template.pk}/change/"
    response = client.post(url, {
        "subject": "[Thi đua] Mời góp ý: {{ cap_khen }}",
        "body": "Kính gửi {{ don_vi }}, góp ý trước ngày {{ han_y_kien }}.",
        "_preview": "Xem trước",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "[Thi đua] Mời góp ý: Giấy khen của Giám đốc Sở" in page
    assert "Kính gửi Phòng Quản lý Công nghiệp, góp ý trước ngày 17/11/2023." in page
    # What was typed stays in the form; nothing is saved.
    assert "Mời góp ý: {{ cap_khen }}" in page
    template.refresh_from_db()
    assert (template.subject, template.customised) == (KINDS["list_published"].subject, False)


def test_a_preview_of_a_broken_text_shows_the_error_and_saves_nothing(client, office):  # noqa: F811
    client.force_login(office)
    client.get("/quan-tri/mail/mailtemplate/")
    template = MailTemplate.objects.get(agency=role_agency(office), key="list_published")
    response = client.post(f"/quan-tri/mail/mailtemplate/{template.pk}/change/", {
        "subject": "Tiêu đề {{ khong_co }}", "body": "{% if %}", "_preview": "Xem trước",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "khong_co" in page and "Tiêu đề {{ khong_co }}" in page
    template.refresh_from_db()
    assert template.customised is False


def role_agency(user):
    return user.memberships.get(role=Role.OFFICE).agency
