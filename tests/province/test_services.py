"""The province's services (issue 11): allocations, sending, the committee's answer, outcomes."""

import datetime as dt

import pytest
import time_machine

from awards.issuing import services as issuing
from awards.models import (
    Approval,
    DecisionState,
    IssuedDocument,
    ProposalStep,
    ProvincialOutcome,
    ProvincialProposal,
    SendingState,
)
from awards.province import services
from awards.review import quota
from campaign.models import Agency, Allocation, AwardLevel, Campaign, ProvincialPlan
from core.errors import DomainError, NotAllowed
from tests.awards.conftest import AFTER_PUBLICATION
from tests.factories import AgencyFactory, UserFactory, committee_user, office_user, province_plan

pytestmark = pytest.mark.django_db


# Allocations -------------------------------------------------------------------------------------------


def test_the_committee_enters_an_allocation_with_a_reason_and_it_becomes_the_quota(campaign, committee):
    plan = province_plan(campaign.agency)
    campaign.provincial_plan = plan
    campaign.save()
    assert quota.quota_for(campaign, AwardLevel.PROVINCIAL, "individual") == 0  # none entered = none (R5)
    with pytest.raises(DomainError) as refused:
        services.set_allocation(plan=plan, agency=campaign.agency, collectives=1, individuals=3, reason=" ",
                                by=committee)
    assert refused.value.message.startswith("Hãy ghi lý do")
    assert not Allocation.objects.exists()
    allocation = services.set_allocation(plan=plan, agency=campaign.agency, collectives=1, individuals=3,
                                         reason="Theo Công văn 12/BCĐ", by=committee)
    campaign = Campaign.objects.get(pk=campaign.pk)  # the allocation is read once per campaign object
    assert quota.quota_for(campaign, AwardLevel.PROVINCIAL, "individual") == 3
    assert quota.quota_for(campaign, AwardLevel.PROVINCIAL, "collective") == 1
    record = allocation.history.get()
    assert (record.history_change_reason, record.history_user) == ("Theo Công văn 12/BCĐ", committee)


def test_an_allocation_never_goes_below_what_the_agency_has_forwarded(provincial, campaign, committee):
    allocation, _, _ = provincial
    with pytest.raises(DomainError) as refused:
        services.set_allocation(plan=allocation.provincial_plan, agency=campaign.agency, collectives=2,
                                individuals=1, reason="Giảm", by=committee)
    assert refused.value.message == (
        "Sở Công Thương đã duyệt đề nghị 2 cá nhân cấp tỉnh; phân bổ cá nhân không thể thấp hơn 2."
    )
    allocation.refresh_from_db()
    assert (allocation.collectives, allocation.individuals) == (2, 2)
    raised = services.set_allocation(plan=allocation.provincial_plan, agency=campaign.agency, collectives=3,
                                     individuals=2, reason="Bổ sung", by=committee)
    assert (raised.collectives, raised.individuals) == (3, 2)


@pytest.mark.parametrize("value", [-1, "abc", None, 10_000])
def test_an_allocation_out_of_bounds_is_refused(campaign, committee, value):
    plan = province_plan(campaign.agency)
    with pytest.raises(DomainError):
        services.set_allocation(plan=plan, agency=campaign.agency, collectives=value, individuals=0,
                                reason="Thử", by=committee)
    assert not Allocation.objects.exists()


def test_only_the_committee_of_the_province_allocates(campaign, office):
    plan = province_plan(campaign.agency)
    with pytest.raises(NotAllowed):
        services.set_allocation(plan=plan, agency=campaign.agency, collectives=1, individuals=1, reason="Tự nhập",
                                by=office)
    other_province = committee_user(username="bcd.khac", province=_other_plan().province)
    with pytest.raises(NotAllowed):
        services.set_allocation(plan=plan, agency=campaign.agency, collectives=1, individuals=1, reason="Khác tỉnh",
                                by=other_province)
    assert not Allocation.objects.exists()


def test_an_agency_outside_the_province_gets_no_allocation(committee):
    plan = province_plan()
    elsewhere = AgencyFactory(code="SXD", name="Sở Xây dựng")
    with pytest.raises(DomainError) as refused:
        services.set_allocation(plan=plan, agency=elsewhere, collectives=1, individuals=1, reason="Thử",
                                by=committee)
    assert "không thuộc Tỉnh Đồng Tháp" in refused.value.message


def _other_plan() -> ProvincialPlan:
    from campaign.models import Province

    province = Province.objects.create(name="Tỉnh An Giang", code="AG", place_name="An Giang")
    return ProvincialPlan.objects.create(province=province, number="10/KH-UBND", signing_date=dt.date(2023, 3, 1),
                                         issuer="UBND tỉnh An Giang", title="Dân chủ cơ sở", year=2023)


# Sending, returning, re-sending, accepting ------------------------------------------------------------------


def test_only_a_signed_proposal_is_sent_by_its_office(provincial, campaign, office, director, committee):
    draft = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                    signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    with pytest.raises(DomainError) as refused:
        services.send(proposal=draft, by=office)
    assert refused.value.message.startswith("Chỉ gửi được tờ trình đã ký")
    with pytest.raises(NotAllowed):
        services.send(proposal=draft, by=director)
    other_office = office_user(username="vp.khac", agency=AgencyFactory(code="SXD", name="Sở Xây dựng"))
    with pytest.raises(NotAllowed):
        services.send(proposal=draft, by=other_office)
    draft.refresh_from_db()
    assert draft.sending_state == SendingState.NOT_SENT
    assert not ProposalStep.objects.exists()


def test_the_round_trip_send_return_reopen_resign_resend_accept(signed_proposal, office, director, committee):
    proposal = services.send(proposal=signed_proposal, by=office)
    assert (proposal.sending_state, proposal.sent_by) == (SendingState.SENT, office)
    with pytest.raises(DomainError):
        services.send(proposal=proposal, by=office)  # already sent
    with pytest.raises(NotAllowed):
        services.return_proposal(proposal=proposal, note="Sửa", by=office)
    with pytest.raises(DomainError) as refused:
        services.return_proposal(proposal=proposal, note="  ", by=committee)
    assert refused.value.message.startswith("Hãy ghi rõ nội dung cần chỉnh sửa")
    # An issued PDF of the first revision, kept through the correction.
    IssuedDocument.objects.create(proposal=proposal, key="proposal", title="Tờ trình 45/TTr-SCT",
                                  file="awards/x.pdf", download_name="x.pdf", size=1, sha256="0" * 64, pages=1,
                                  issued_by=office, issued_at=AFTER_PUBLICATION)
    proposal = services.return_proposal(proposal=proposal, note="Bổ sung số liệu thành tích năm 2023", by=committee)
    assert (proposal.sending_state, proposal.committee_note) == (
        SendingState.RETURNED, "Bổ sung số liệu thành tích năm 2023"
    )
    with pytest.raises(DomainError) as refused:
        services.send(proposal=proposal, by=office)  # not corrected yet
    assert "hãy mở lại để chỉnh sửa" in refused.value.message
    proposal = services.reopen(proposal=proposal, by=office)
    assert (proposal.state, proposal.revision, proposal.signed_at) == (DecisionState.DRAFT, 2, None)
    assert IssuedDocument.objects.get().key == "proposal@1"
    proposal = issuing.update_proposal(proposal=proposal, by=office, number="46/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 27))
    with time_machine.travel(AFTER_PUBLICATION + dt.timedelta(days=3), tick=True):
        proposal = issuing.sign_proposal(proposal=proposal, by=director)
        proposal = services.send(proposal=proposal, by=office)
    assert (proposal.sending_state, proposal.number) == (SendingState.SENT, "46/TTr-SCT")
    with pytest.raises(DomainError) as refused:
        services.record_outcome(proposal=proposal, approval=Approval.objects.first(), awarded=False, by=committee)
    assert refused.value.message.startswith("Chỉ ghi kết quả khen thưởng sau khi Ban Chỉ đạo Tỉnh đã tiếp nhận")
    proposal = services.accept(proposal=proposal, by=committee, note="Đủ hồ sơ")
    assert proposal.sending_state == SendingState.ACCEPTED
    assert [(s.from_state, s.to_state) for s in proposal.steps.order_by("pk")] == [
        ("not_sent", "sent"), ("sent", "returned"), ("returned", "returned"), ("returned", "sent"),
        ("sent", "accepted"),
    ]
    with pytest.raises(DomainError):
        services.return_proposal(proposal=proposal, note="Muộn", by=committee)


# Outcomes -----------------------------------------------------------------------------------------------------


@pytest.fixture
def accepted(signed_proposal, office, committee):
    services.send(proposal=signed_proposal, by=office)
    return services.accept(proposal=signed_proposal, by=committee)


def test_the_committee_records_an_award_per_nominee(accepted, committee, provincial):
    _, _, staff = provincial
    approval = Approval.objects.get(nomination__staff=staff["Nguyễn Thành Đạt"])
    with pytest.raises(DomainError) as refused:
        services.record_outcome(proposal=accepted, approval=approval, awarded=True, form="Bằng khen", by=committee)
    assert refused.value.message == "Hãy nhập số quyết định, ngày quyết định của khen thưởng cấp tỉnh."
    outcome = services.record_outcome(
        proposal=accepted, approval=approval, awarded=True, form="Bằng khen của Chủ tịch UBND tỉnh",
        decision_number="1234/QĐ-UBND", decision_date=dt.date(2023, 12, 20), by=committee,
    )
    assert (outcome.awarded, outcome.form, outcome.recorded_by) == (True, "Bằng khen của Chủ tịch UBND tỉnh", committee)
    # A correction keeps the first in the history.
    services.record_outcome(proposal=accepted, approval=approval, awarded=False, by=committee, note="Không đủ điều kiện")
    assert ProvincialOutcome.objects.get().awarded is False
    assert ProvincialOutcome.history.count() == 2


def test_an_outcome_before_the_proposal_date_or_outside_its_list_is_refused(accepted, committee, campaign):
    approval = Approval.objects.filter(campaign=campaign).first()
    with pytest.raises(DomainError) as refused:
        services.record_outcome(proposal=accepted, approval=approval, awarded=True, form="Bằng khen",
                                decision_number="1/QĐ-UBND", decision_date=dt.date(2023, 1, 1), by=committee)
    assert "không thể trước ngày tờ trình (24/11/2023)" in refused.value.message
    approval.revoked_at = AFTER_PUBLICATION
    approval.save()
    with pytest.raises(DomainError) as refused:
        services.record_outcome(proposal=accepted, approval=approval, awarded=False, by=committee)
    assert not ProvincialOutcome.objects.exists()


def test_the_office_cannot_record_outcomes(accepted, office):
    with pytest.raises(NotAllowed):
        services.record_outcome(proposal=accepted, approval=Approval.objects.first(), awarded=False, by=office)


def test_a_committee_account_holds_no_agency_role(committee):
    from django.core.exceptions import ValidationError

    from campaign.models import CommitteeMembership, Membership, Role, validate_one_agency

    agency = Agency.objects.get(code="SCT") if Agency.objects.filter(code="SCT").exists() else AgencyFactory()
    with pytest.raises(ValidationError):
        validate_one_agency(committee.pk, agency.pk)
    office = office_user(username="vp.mot")
    membership = CommitteeMembership(user=office, province=province_plan().province)
    with pytest.raises(ValidationError):
        membership.full_clean()
    assert Membership.objects.filter(user=office, role=Role.OFFICE).exists()
    assert UserFactory(username="khong-vai-tro") is not None
    assert ProvincialProposal.objects.count() == 0
