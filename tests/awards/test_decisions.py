"""The award decision: its number, signing under R4, the frozen list with register numbers and cash, the
Tờ trình, the portal pages, the admin and the demo command."""

import datetime as dt
import unicodedata

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from awards.issuing import services as issuing
from awards.models import (
    Approval,
    Award,
    AwardDecision,
    DecisionState,
    Feedback,
    IssuedDocument,
    ProvincialProposal,
)
from awards.review import services as review
from campaign.models import Gender
from core.errors import DomainError, NotAllowed
from dossiers.models import NomineeKind
from tests.awards.conftest import (
    AFTER_PUBLICATION,
    UNIT_A,
    UNIT_B,
    build_approved_list,
)
from tests.factories import CampaignFactory, UserFactory, allocate, staff_user, verify_second_factor
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def draft(campaign, office, **fields):
    fields.setdefault("number", "125/QĐ-SCT")
    fields.setdefault("signing_date", dt.date(2023, 11, 24))
    fields.setdefault("signer_name", "Nguyễn Hữu Dũng")
    return issuing.create_decision(campaign=campaign, by=office, **fields)


# The number (from the agency's register) ---------------------------------------------------------------


@pytest.mark.parametrize("raw", ["123/QD-SCT", "123-QĐ-SCT", "QĐ-SCT", "123/QĐ-SXD", "0/QĐ-SCT", "123/QĐ-SCT-VP",
                                 "số 123/QĐ-SCT", "12a/QĐ-SCT"])
def test_a_malformed_decision_number_is_refused_with_the_agency_pattern(approved, campaign, office, raw):
    with pytest.raises(issuing.NumberError) as refused:
        draft(campaign, office, number=raw)
    assert refused.value.message == (
        f"Số quyết định “{raw}” không đúng mẫu của Sở Công Thương: phải có dạng số/QĐ-SCT, ví dụ 123/QĐ-SCT."
    )
    assert AwardDecision.objects.count() == 0


@pytest.mark.parametrize("raw", ["  125 / qđ-sct ", "125/QÐ-SCT", "125/QĐ-SCT"])
def test_the_number_is_stored_in_the_registers_form(approved, campaign, office, raw):
    decision = draft(campaign, office, number=raw)
    assert (decision.number, decision.serial, decision.year) == ("125/QĐ-SCT", 125, 2023)


def test_a_number_already_used_by_the_agency_in_the_year_is_refused(approved, campaign, office):
    draft(campaign, office, number="125/QĐ-SCT")
    other = CampaignFactory(agency=campaign.agency)
    Approval.objects.filter(campaign=campaign).update(campaign=other)  # the other plan has a list too
    with pytest.raises(issuing.NumberError) as refused:
        draft(other, office, number="0125/QĐ-SCT", signing_date=dt.date(2023, 12, 1))
    assert refused.value.message == (
        "Số 0125/QĐ-SCT đã được dùng cho quyết định khác của Sở Công Thương trong năm 2023 "
        "(125/QĐ-SCT, ngày 24/11/2023). Hãy kiểm tra lại sổ đăng ký văn bản."
    )
    # The same number in another year is another register entry.
    assert draft(other, office, number="125/QĐ-SCT", signing_date=dt.date(2024, 1, 5)).year == 2024


def test_the_database_keeps_a_number_unique_per_agency_and_year(approved, campaign, office):
    first = draft(campaign, office)
    other = CampaignFactory(agency=campaign.agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardDecision.objects.create(
            agency=campaign.agency, campaign=other, number="125/QĐ-SCT", serial=first.serial,
            signing_date=dt.date(2023, 12, 1), signer_name="X", signer_title="Giám đốc", subject="S",
            recipients="R", created_by=office,
        )


def test_a_draft_may_wait_for_its_number_but_signing_needs_one(approved, campaign, office, director):
    decision = draft(campaign, office, number="")
    assert decision.number_display == "\u00a0" * 6 + "/QĐ-SCT"
    with pytest.raises(issuing.NumberError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        "Chưa có số quyết định: Văn thư vào sổ, cấp số (dạng 123/QĐ-SCT) trước khi ký."
    )
    signed = issuing.sign_decision(decision=decision, by=director, number="125/QĐ-SCT", now=AFTER_PUBLICATION)
    assert (signed.state, signed.number) == (DecisionState.SIGNED, "125/QĐ-SCT")


def test_one_decision_per_campaign_and_level(approved, campaign, office):
    draft(campaign, office)
    with pytest.raises(DomainError) as refused:
        draft(campaign, office, number="126/QĐ-SCT")
    assert refused.value.message.startswith("Kế hoạch này đã có quyết định khen thưởng: Quyết định 125/QĐ-SCT")


def test_the_provincial_level_gets_a_to_trinh_not_a_decision(approved, campaign, office):
    with pytest.raises(DomainError) as refused:
        draft(campaign, office, level="provincial")
    assert refused.value.message == (
        "Khen thưởng cấp tỉnh do Ban Chỉ đạo Tỉnh quyết định; Sở lập Tờ trình đề nghị thay cho quyết định."
    )


def test_a_deputy_signs_for_the_director_with_kt(approved, campaign, office):
    with pytest.raises(DomainError) as refused:
        draft(campaign, office, signer_title="Giám đốc", is_deputy=True)
    assert refused.value.message == (
        "Ký thay (KT.) là cấp phó ký thay Giám đốc: chức danh người ký phải là cấp phó (ví dụ Phó Giám đốc), "
        "không phải Giám đốc."
    )
    with pytest.raises(DomainError) as refused:
        draft(campaign, office, signer_title="Phó Giám đốc", is_deputy=False)
    assert refused.value.message == "Phó Giám đốc ký thay Giám đốc: hãy đánh dấu “Ký thay (KT.)”."
    decision = draft(campaign, office, signer_name="Trần Thị Thu Hà", signer_title="Phó Giám đốc", is_deputy=True)
    from awards.issuing.pdf import signer_lines

    assert signer_lines(decision) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_the_draft_takes_its_texts_from_the_campaign(approved, campaign, office):
    campaign.recipients = "Ban Dân vận Tỉnh ủy;\nSở Nội vụ;\nLưu: VT, VP(Cường, 02b)."
    campaign.save()
    decision = issuing.create_decision(campaign=campaign, by=office, signer_name="Nguyễn Hữu Dũng")
    assert decision.subject == (
        "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc, tiêu biểu trong thực hiện "
        "Quy chế dân chủ ở cơ sở năm 2023"
    )
    assert decision.recipient_lines() == ["Như Điều 3;", "Ban Dân vận Tỉnh ủy;", "Sở Nội vụ;", "Lưu: VT, VP."]
    assert (decision.proposer, decision.signing_date) == ("Chánh Văn phòng Sở", dt.date(2023, 11, 13))


# Signing (R4) ----------------------------------------------------------------------------------------


def test_signing_before_the_submission_cutoff_is_refused_with_every_blocker(approved, campaign, office, director):
    decision = draft(campaign, office)
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=vn(2023, 11, 10, 23, 59, 59))
    assert refused.value.message == (
        "Chưa thể ký quyết định: chưa hết hạn nộp hồ sơ (hết ngày 10/11/2023); "
        "đang trong thời gian công khai (đến hết ngày 20/11/2023)."
    )
    decision.refresh_from_db()
    assert (decision.state, Award.objects.count()) == (DecisionState.DRAFT, 0)


def test_signing_on_the_last_day_of_the_publication_window_is_refused(approved, campaign, office, director):
    decision = draft(campaign, office)
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=vn(2023, 11, 20, 23, 59, 59))
    assert refused.value.message == "Chưa thể ký quyết định: đang trong thời gian công khai (đến hết ngày 20/11/2023)."
    signed = issuing.sign_decision(decision=decision, by=director, signing_date=dt.date(2023, 11, 21),
                                   now=vn(2023, 11, 21, 0, 0, 0))
    assert signed.is_signed


def test_signing_with_unanswered_feedback_is_refused_until_it_is_answered(approved, campaign, office, director,
                                                                         commenter):
    _, staff, publication = approved
    nomination = staff["Nguyễn Thành Đạt"].nominations.get()
    feedback = review.send_feedback(publication=publication, nomination=nomination, by=commenter,
                                    text="Đề nghị làm rõ thành tích", now=vn(2023, 11, 15, 9))
    decision = draft(campaign, office)
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == "Chưa thể ký quyết định: còn 1 ý kiến chưa được trả lời."
    review.answer_feedback(feedback=feedback, by=office, answer="Đã xác minh.")
    assert issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION).is_signed
    assert Feedback.objects.get().is_answered


def test_the_signing_date_must_follow_the_publication_and_not_be_in_the_future(approved, campaign, office, director):
    decision = draft(campaign, office, signing_date=dt.date(2023, 11, 20))
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        "Ngày ký quyết định (20/11/2023) phải sau thời gian công khai (hết ngày 20/11/2023)."
    )
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, signing_date=dt.date(2023, 11, 25),
                              now=AFTER_PUBLICATION)
    assert refused.value.message == "Ngày ký quyết định (25/11/2023) không được sau ngày hôm nay (24/11/2023)."


def test_signing_freezes_the_list_with_register_numbers_and_cash(signed_decision):
    awards = list(signed_decision.awards.order_by("order"))
    assert [(a.register_number, a.kind, a.display_name, a.details, a.amount) for a in awards] == [
        (1, NomineeKind.COLLECTIVE, UNIT_A, "", 1_080_000),
        (2, NomineeKind.COLLECTIVE, UNIT_B, "", 1_080_000),
        (3, NomineeKind.INDIVIDUAL, "Ông Nguyễn Thành Đạt", f"Chuyên viên, {UNIT_A}", 540_000),
        (4, NomineeKind.INDIVIDUAL, "Bà Lê Thị Hồng Nhung", f"Phó Trưởng phòng, {UNIT_A}", 540_000),
        (5, NomineeKind.INDIVIDUAL, "Ông Trần Văn Khoa", f"Trưởng phòng, {UNIT_A}", 540_000),
        (6, NomineeKind.INDIVIDUAL, "Bà Phạm Thị Thúy Vy", f"Viên chức, {UNIT_B}", 540_000),
        (7, NomineeKind.INDIVIDUAL, "Ông Võ Hoàng Nam", f"Viên chức, {UNIT_B}", 540_000),
    ]
    assert sum(a.amount for a in awards) == 4_860_000
    assert (signed_decision.state, signed_decision.signed_at) == (DecisionState.SIGNED, AFTER_PUBLICATION)


def test_the_award_keeps_what_was_signed_when_the_person_changes(signed_decision, approved):
    _, staff, _ = approved
    person = staff["Nguyễn Thành Đạt"]
    person.position, person.full_name = "Phó Trưởng phòng", "Nguyễn Thành Đạt (đổi)"
    person.save()
    award = Award.objects.get(staff=person)
    assert (award.display_name, award.details) == ("Ông Nguyễn Thành Đạt", f"Chuyên viên, {UNIT_A}")


def test_register_numbers_continue_in_the_year_and_a_start_must_be_free(signed_decision, office, council, director,
                                                                        make_pdf):
    from campaign.models import Unit

    for index, name in enumerate([UNIT_A, UNIT_B]):  # unit names are unique per agency
        Unit.objects.filter(name=name).update(name=f"{name} (cũ {index})")
    second = CampaignFactory(agency=signed_decision.agency, title="Phong trào thứ hai")
    build_approved_list(second, office, council, make_pdf, people=(), held_on=dt.date(2023, 11, 14))
    decision = draft(second, office, number="140/QĐ-SCT", register_start=5)
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        "Số sổ 05 – 06 trùng với số sổ đã cấp trong năm 2023: 05, 06. Hãy sửa số sổ bắt đầu hoặc để trống."
    )
    issuing.update_decision(decision=decision, by=office, register_start=None)
    issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert list(decision.awards.order_by("order").values_list("register_number", flat=True)) == [8, 9]


def test_a_signed_decision_is_immutable(signed_decision, office, director):
    with pytest.raises(DomainError) as refused:
        issuing.update_decision(decision=signed_decision, by=office, subject="Sửa")
    assert refused.value.message == "Quyết định số 125/QĐ-SCT đã được ký ngày 24/11/2023; văn bản đã ký không được sửa."
    with pytest.raises(DomainError):
        issuing.sign_decision(decision=signed_decision, by=director, now=AFTER_PUBLICATION)
    assert Award.objects.count() == 7


def test_more_awards_than_the_quota_can_never_be_signed(approved, campaign, office, director):
    # approve_nomination never goes beyond the quota; data written around it must still not reach a decision.
    from dossiers.models import Nomination

    extra = Nomination.objects.filter(kind=NomineeKind.COLLECTIVE).first()
    third = Nomination.objects.create(
        dossier=extra.dossier, campaign=campaign, level="grassroots", kind=NomineeKind.COLLECTIVE,
        nominee_unit=extra.dossier.unit, achievement_summary="x", is_live=False,
    )
    Approval.objects.create(nomination=third, campaign=campaign, level="grassroots", kind=NomineeKind.COLLECTIVE,
                            approved_by=office, approved_at=AFTER_PUBLICATION)
    decision = draft(campaign, office)
    with pytest.raises(DomainError) as refused:
        issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        "Danh sách được duyệt có 03 tập thể, vượt chỉ tiêu 02 tập thể; không thể lập quyết định. "
        "Hãy báo quản trị hệ thống kiểm tra dữ liệu."
    )
    assert Award.objects.count() == 0


def test_only_the_director_or_the_office_signs(approved, campaign, office):
    decision = draft(campaign, office)
    clerk = staff_user(decision.campaign.agency.units.first())
    with pytest.raises(NotAllowed):
        issuing.sign_decision(decision=decision, by=clerk, now=AFTER_PUBLICATION)


def test_a_director_not_named_as_signer_cannot_sign(approved, campaign, office):
    from tests.factories import StaffMemberFactory, director_user

    deputy = director_user(username="phogiamdoc", agency=campaign.agency)
    StaffMemberFactory(unit=campaign.agency.units.first(), user=deputy, full_name="Trần Thị Thu Hà")
    decision = draft(campaign, office)
    with pytest.raises(NotAllowed) as refused:
        issuing.sign_decision(decision=decision, by=deputy, now=AFTER_PUBLICATION)
    assert refused.value.message == (
        "Quyết định ghi người ký là Nguyễn Hữu Dũng; Trần Thị Thu Hà không ký thay được. "
        "Văn phòng Sở sửa người ký trong dự thảo nếu cần."
    )


def test_names_with_every_vietnamese_diacritic_are_kept_in_nfc_whatever_the_input(campaign, office, council,
                                                                                   director, make_pdf):
    name = "Đặng Thị Ngọc Ánh"
    position = "Chuyên viên"
    people = ((UNIT_A, unicodedata.normalize("NFD", name), Gender.FEMALE, unicodedata.normalize("NFD", position)),)
    build_approved_list(campaign, office, council, make_pdf, people=people, collectives=False)
    decision = draft(campaign, office, signer_name=unicodedata.normalize("NFD", "Nguyễn Hữu Dũng"))
    issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    award = Award.objects.get()
    assert award.recipient_name == name and unicodedata.is_normalized("NFC", award.recipient_name)
    assert decision.signer_name == "Nguyễn Hữu Dũng"


# The Tờ trình to the province -----------------------------------------------------------------------


def test_the_to_trinh_lists_the_provincial_approvals_within_the_allocation(campaign, office, council, director,
                                                                          make_pdf):
    allocate(campaign, collectives=2, individuals=2)
    people = ((UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
              (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"))
    build_approved_list(campaign, office, council, make_pdf, people=people, level="provincial")
    with pytest.raises(DomainError) as refused:
        issuing.create_decision(campaign=campaign, by=office, level="provincial")
    assert refused.value.message.startswith("Khen thưởng cấp tỉnh do Ban Chỉ đạo Tỉnh quyết định")
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    assert proposal.addressee == "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh Đồng Tháp"
    assert [a.nomination.nominee_name for a in issuing.provincial_list(campaign)] == [
        UNIT_A, UNIT_B, "Nguyễn Thành Đạt", "Phạm Thị Thúy Vy"
    ]
    with pytest.raises(issuing.NumberError):
        issuing.update_proposal(proposal=proposal, by=office, number="45/QĐ-SCT")
    signed = issuing.sign_proposal(proposal=proposal, by=director, now=AFTER_PUBLICATION)
    assert (signed.state, ProvincialProposal.objects.get().number) == (DecisionState.SIGNED, "45/TTr-SCT")


# Portal pages ----------------------------------------------------------------------------------------


def test_the_office_drafts_a_decision_and_a_malformed_number_is_shown_on_the_field(client, approved, campaign, office):
    client.force_login(office)
    url = f"/khen-thuong/quyet-dinh/lap/{campaign.pk}/"
    form = {"number": "125/QD-SCT", "signing_date": "24/11/2023", "signer_name": "Nguyễn Hữu Dũng",
            "signer_title": "Giám đốc", "subject": "Về việc tặng Giấy khen", "proposer": "Chánh Văn phòng Sở",
            "executors": "Chánh Văn phòng Sở", "recipients": "Như Điều 3;\nLưu: VT, VP."}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Số quyết định “125/QD-SCT” không đúng mẫu của Sở Công Thương: phải có dạng số/QĐ-SCT, ví dụ 123/QĐ-SCT." in (
        response.content.decode()
    )
    response = client.post(url, {**form, "number": "125/QĐ-SCT"}, follow=True)
    assert "Đã lập dự thảo quyết định khen thưởng." in response.content.decode()
    assert AwardDecision.objects.get().number == "125/QĐ-SCT"


def test_the_draft_form_refuses_a_duplicate_number_with_a_vietnamese_message(client, approved, campaign, office):
    other = CampaignFactory(agency=campaign.agency)
    Approval.objects.filter(campaign=campaign).update(campaign=other)
    draft(other, office, number="125/QĐ-SCT")
    Approval.objects.filter(campaign=other).update(campaign=campaign)
    client.force_login(office)
    response = client.post(f"/khen-thuong/quyet-dinh/lap/{campaign.pk}/", {
        "number": "125/QĐ-SCT", "signing_date": "28/11/2023", "signer_name": "Nguyễn Hữu Dũng",
        "signer_title": "Giám đốc", "subject": "Về việc", "proposer": "Chánh Văn phòng Sở", "executors": "VP",
        "recipients": "Như Điều 3;",
    })
    assert response.status_code == 400
    assert ("Số 125/QĐ-SCT đã được dùng cho quyết định khác của Sở Công Thương trong năm 2023 "
            "(125/QĐ-SCT, ngày 24/11/2023). Hãy kiểm tra lại sổ đăng ký văn bản.") in response.content.decode()


def test_the_decision_page_names_the_blockers_and_offers_no_signing(client, approved, campaign, office, director):
    decision = draft(campaign, office)
    client.force_login(director)
    verify_second_factor(client, director)
    html = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    assert "Chưa thể ký quyết định: đang trong thời gian công khai (đến hết ngày 20/11/2023)." in html
    assert "Ký quyết định</button>" not in html
    response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                           {"number": "125/QĐ-SCT", "signing_date": "13/11/2023", "confirm": "on"})
    assert response.status_code == 400
    assert "Chưa thể ký quyết định: đang trong thời gian công khai (đến hết ngày 20/11/2023)." in response.content.decode()


def test_the_director_signs_on_the_decision_page(client, approved, campaign, office, director):
    import time_machine

    decision = draft(campaign, office)
    with time_machine.travel(AFTER_PUBLICATION, tick=False):
        client.force_login(director)
        verify_second_factor(client, director)
        html = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
        assert "Ký quyết định</button>" in html
        unconfirmed = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                                  {"number": "125/QĐ-SCT", "signing_date": "24/11/2023"})
        assert "Hãy xác nhận đã đọc bản dự thảo trước khi ký." in unconfirmed.content.decode()
        response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                               {"number": "125/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on"}, follow=True)
    html = response.content.decode()
    assert "Đã ký Quyết định số 125/QĐ-SCT ngày 24/11/2023: 7 Giấy khen đã vào sổ khen thưởng." in html
    assert AwardDecision.objects.get().is_signed


def test_staff_see_no_decision_page(client, signed_decision):
    client.force_login(staff_user(signed_decision.awards.first().unit))
    assert client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").status_code == 404
    assert client.get("/khen-thuong/so-khen-thuong/").status_code == 404


def test_the_award_register_lists_every_signed_award_in_order(client, signed_decision, office):
    client.force_login(office)
    html = client.get("/khen-thuong/so-khen-thuong/?nam=2023").content.decode()
    assert html.count("125/QĐ-SCT</a>") == 7
    assert html.index("Phòng Quản lý Công nghiệp</td>") < html.index("Ông Võ Hoàng Nam")
    assert "4.860.000" in html


def test_a_staff_member_sees_their_award_history_and_not_another_units(client, signed_decision, approved):
    units, staff, _ = approved
    person = staff["Phạm Thị Thúy Vy"]
    person.user = UserFactory()
    person.save()
    client.force_login(person.user)
    response = client.get("/khen-thuong/qua-trinh-khen-thuong/", follow=True)
    html = response.content.decode()
    assert "Bà Phạm Thị Thúy Vy, Viên chức, Trung tâm Khuyến công và Xúc tiến thương mại" in html
    assert "Được khen thưởng (QĐ 125/QĐ-SCT)" in html
    other = staff["Nguyễn Thành Đạt"]
    assert client.get(f"/khen-thuong/qua-trinh-khen-thuong/{other.pk}/").status_code == 404
    colleague = staff["Võ Hoàng Nam"]
    assert client.get(f"/khen-thuong/qua-trinh-khen-thuong/{colleague.pk}/").status_code == 200


# Admin -----------------------------------------------------------------------------------------------


def test_the_admin_shows_a_signed_decision_read_only(client, signed_decision, office):
    client.force_login(office)
    response = client.get(f"/quan-tri/awards/awarddecision/{signed_decision.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="number"' not in html and "125/QĐ-SCT" in html
    response = client.post(f"/quan-tri/awards/awarddecision/{signed_decision.pk}/change/", {"subject": "Sửa"})
    assert response.status_code == 403
    signed_decision.refresh_from_db()
    assert signed_decision.subject.startswith("Về việc tặng Giấy khen")


def test_the_admin_add_form_refuses_a_duplicate_number(client, signed_decision, office):
    other = CampaignFactory(agency=signed_decision.agency)
    client.force_login(office)
    response = client.post("/quan-tri/awards/awarddecision/add/", {
        "campaign": other.pk, "number": "125/QĐ-SCT", "signing_date": "01/12/2023", "signer_name": "A",
        "signer_title": "Giám đốc", "subject": "Về việc", "proposer": "VP", "executors": "VP", "recipients": "X",
    })
    assert response.status_code == 200
    assert ("Số 125/QĐ-SCT đã được dùng cho quyết định khác của Sở Công Thương trong năm 2023 "
            "(125/QĐ-SCT, ngày 24/11/2023). Hãy kiểm tra lại sổ đăng ký văn bản.") in response.content.decode()
    assert AwardDecision.objects.count() == 1


def test_the_admin_sign_action_reports_the_blockers(client, approved, campaign, office):
    decision = draft(campaign, office)
    client.force_login(office)
    verify_second_factor(client, office)
    response = client.post("/quan-tri/awards/awarddecision/", {
        "action": "sign_action", "_selected_action": [decision.pk],
    }, follow=True)
    assert ("125/QĐ-SCT: Chưa thể ký quyết định: đang trong thời gian công khai (đến hết ngày 20/11/2023)."
            in response.content.decode())
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT


def test_the_admin_print_action_hands_over_to_the_print_view(client, signed_decision, office):
    client.force_login(office)
    response = client.post("/quan-tri/awards/awarddecision/", {
        "action": "print_certificates_action", "_selected_action": [signed_decision.pk],
    })
    assert response.status_code == 302
    assert response["Location"] == f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/giay-khen.pdf"
    assert IssuedDocument.objects.count() == 0


# The demo ---------------------------------------------------------------------------------------------


def test_seed_demo_awards_leaves_the_2023_decision_ready_for_the_director(settings, tmp_path):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo_awards", quiet=True)
    call_command("seed_demo_awards", quiet=True)  # idempotent
    decision = AwardDecision.objects.get()
    assert (decision.number, decision.signing_date, decision.state) == (
        "125/QĐ-SCT", dt.date(2023, 11, 24), DecisionState.DRAFT
    )
    assert Approval.objects.filter(kind=NomineeKind.COLLECTIVE).count() == 2
    assert Approval.objects.filter(kind=NomineeKind.INDIVIDUAL).count() == 5
    assert Feedback.objects.count() == 1 and Feedback.objects.get().is_answered
    from django.contrib.auth.models import User

    director = User.objects.get(username="giamdoc")
    signed = issuing.sign_decision(decision=decision, by=director, now=vn(2026, 1, 5, 9))
    assert signed.awards.count() == 7


def test_the_inspection_board_reads_decisions_and_changes_nothing(client, approved, campaign, office):
    from tests.factories import inspector_user

    decision = draft(campaign, office)
    client.force_login(inspector_user(username="thanhtra"))
    html = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    assert "Ký quyết định</button>" not in html and "Sửa dự thảo" not in html
    assert "In Quyết định" in html and "In trên phôi" not in html
    assert client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/quyet-dinh.pdf").status_code == 200
    # The board sees the decision and its campaign: signing, editing or drafting one is refused (403).
    for url in (f"/khen-thuong/quyet-dinh/{decision.pk}/ky/", f"/khen-thuong/quyet-dinh/{decision.pk}/sua/",
                f"/khen-thuong/quyet-dinh/lap/{campaign.pk}/"):
        assert client.post(url, {"number": "1/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on"}).status_code == 403
    assert client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/").status_code == 405
    assert client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/in/quyet-dinh.pdf").status_code == 405
    decision.refresh_from_db()
    assert (decision.state, decision.number) == (DecisionState.DRAFT, "125/QĐ-SCT")


# Under real concurrency (PostgreSQL row locks) ---------------------------------------------------------


def _all_at_once(calls):
    """Run the callables in threads released together; return what each returned or the refusal's message."""
    import threading

    from django.db import connection, connections

    barrier = threading.Barrier(len(calls))
    outcomes, lock = [], threading.Lock()

    def run(call):
        try:
            connection.ensure_connection()
            barrier.wait()
            result = call()
        except DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL=postgres://...; CI does)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_signatures_at_once_sign_once(approved, campaign, office, director):
    _postgres_only()
    decision = draft(campaign, office)
    outcomes = _all_at_once([
        lambda: issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION) and "ok"
        for _ in range(6)
    ])
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {
        "Quyết định số 125/QĐ-SCT đã được ký ngày 24/11/2023; văn bản đã ký không được sửa."
    }
    assert sorted(Award.objects.values_list("register_number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_decisions_signed_at_once_never_share_a_register_number(approved, campaign, office, council, director,
                                                                 make_pdf):
    _postgres_only()
    from campaign.models import Unit

    for index, name in enumerate([UNIT_A, UNIT_B]):
        Unit.objects.filter(name=name).update(name=f"{name} (cũ {index})")
    second = CampaignFactory(agency=campaign.agency, title="Phong trào thứ hai")
    build_approved_list(second, office, council, make_pdf, people=(), held_on=dt.date(2023, 11, 14))
    first_decision, second_decision = draft(campaign, office), draft(second, office, number="140/QĐ-SCT")
    outcomes = _all_at_once([
        lambda: issuing.sign_decision(decision=first_decision, by=director, now=AFTER_PUBLICATION) and "ok",
        lambda: issuing.sign_decision(decision=second_decision, by=director, now=AFTER_PUBLICATION) and "ok",
    ])
    assert outcomes == ["ok", "ok"]
    assert sorted(Award.objects.values_list("register_number", flat=True)) == list(range(1, 10))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_first_print_from_several_clerks_at_once_is_issued_once(signed_decision, office):
    _postgres_only()
    from awards.issuing import pdf

    def print_certificates():
        issued = issuing.issue_pdf(
            owner=signed_decision, key="certificates-A4", title="Giấy khen", download_name="g.pdf", by=office,
            render=lambda: pdf.certificates_pdf(signed_decision, list(signed_decision.awards.all())),
        )
        return issuing.read_issued(issued)

    outcomes = _all_at_once([print_certificates for _ in range(4)])
    assert len(set(outcomes)) == 1 and outcomes[0].startswith(b"%PDF")
    assert IssuedDocument.objects.count() == 1
    from dossiers.models import private_storage

    _, files = private_storage().listdir(f"awards/qd{signed_decision.pk}")
    assert len(files) == 1  # the other renderings were removed, not left behind


def test_the_admin_pages_of_decisions_and_layouts_open_for_the_office_and_the_director(
    client, approved, campaign, office, director
):
    decision = draft(campaign, office)
    client.force_login(office)
    for url in ("/quan-tri/awards/awarddecision/", f"/quan-tri/awards/awarddecision/{decision.pk}/change/",
                f"/quan-tri/awards/awarddecision/add/?campaign={campaign.pk}", "/quan-tri/awards/certificatelayout/add/",
                "/quan-tri/awards/provincialproposal/"):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/quan-tri/awards/awarddecision/{decision.pk}/change/").content.decode()
    assert 'name="number"' in html and "In Giấy khen</a>" in html
    response = client.post("/quan-tri/awards/certificatelayout/add/", {
        "agency": campaign.agency_id, "paper": "A4", "issuer_title": "", "offset_x_mm": "2.5", "offset_y_mm": "-1",
        "text_left_mm": "38", "text_width_mm": "221", "name_top_mm": "93", "details_top_mm": "105",
        "reason_top_mm": "117", "decision_left_mm": "28", "decision_top_mm": "172", "signature_left_mm": "160",
        "signature_width_mm": "115", "date_top_mm": "138", "signer_title_top_mm": "146",
        "signer_name_top_mm": "180", "name_font_pt": "22", "text_font_pt": "15",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    from awards.models import CertificateLayout

    assert str(CertificateLayout.objects.get().offset_x_mm) == "2.5"
    client.force_login(director)
    html = client.get(f"/quan-tri/awards/awarddecision/{decision.pk}/change/").content.decode()
    assert 'name="number"' not in html  # the Director reads the draft in the admin, signs on the portal
