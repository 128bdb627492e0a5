"""The province's side of provincial awards (issue 11): allocations, sending the Tờ trình, the steering
committee's answer and the province's outcome per nominee.

Every step runs in a transaction under row locks and is asked of the rules first; a refused step changes
nothing. The way of a Tờ trình:

    not sent --send--> sent --return (note)--> returned --reopen--> draft again (revision + 1)
                        |                                 --sign (Director)--> --send--> sent ...
                        +--accept--> accepted --record outcome per nominee (awarded or not)

A returned Tờ trình is corrected within the agency's own rules: the office reopens it as a draft (the
PDF issued for the earlier revision is kept, under its revision), changes its number, date, subject or
addressee (the list follows the approved list, which changes only through the review's rules), the
Director signs it again, and the office sends it again.
"""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from awards import notifications
from awards.issuing.services import provincial_list
from awards.models import (
    Approval,
    DecisionState,
    IssuedDocument,
    ProposalStep,
    ProvincialOutcome,
    ProvincialProposal,
    SendingState,
    nfc,
)
from awards.review import quota
from campaign.models import Agency, Allocation, AwardLevel, Campaign, ProvincialPlan
from campaign.rules import ensure, standing
from core.errors import DomainError
from core.time import vn_date
from dossiers.models import NomineeKind

MAX_PLACES = 500  # far above any agency's share; a typo of 10 000 places is refused
MAX_NOTE = 2000
MAX_FORM = 200


def _person_name(user: User) -> str:
    person = standing(user).person
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.get_username()


def _text(value, *, limit: int, what: str) -> str:
    text = nfc(value or "").strip()
    if "\x00" in text:
        raise DomainError(f"{what} có ký tự không hợp lệ.")
    if len(text) > limit:
        raise DomainError(f"{what} quá dài (tối đa {limit} ký tự).")
    return text


# Allocations ----------------------------------------------------------------------------------------------


def forwarded_counts(plan: ProvincialPlan, agency: Agency) -> dict[str, int]:
    """What the agency has already put forward under the plan: its live provincial approvals, by kind,
    over every campaign of the agency carrying the plan out."""
    counts = {kind: 0 for kind in quota.KINDS}
    rows = (
        Approval.objects.live()
        .filter(level=AwardLevel.PROVINCIAL, campaign__agency=agency, campaign__provincial_plan=plan)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, n in rows:
        counts[kind] = n
    return counts


def _places(value, word: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"Số {word} phải là một số nguyên.") from None
    if number < 0 or number > MAX_PLACES:
        raise DomainError(f"Số {word} phải từ 0 đến {MAX_PLACES}.")
    return number


def set_allocation(
    *, plan: ProvincialPlan, agency: Agency, collectives, individuals, reason: str, by: User,
    now: datetime | None = None,
) -> Allocation:
    """The committee enters or changes the provincial places of one agency under the province's plan.
    A reason is required and kept in the history; never below what the agency has already forwarded
    (checked under the lock of the agency's campaigns, which approving takes too)."""
    now = now or timezone.now()
    ensure(by, "campaign.change_allocation", Allocation(provincial_plan=plan, agency=agency))
    if agency.province_id != plan.province_id:
        raise DomainError(f"{agency.name} không thuộc {plan.province.name}; không phân bổ được theo kế hoạch này.")
    collectives = _places(collectives, "tập thể")
    individuals = _places(individuals, "cá nhân")
    reason = _text(reason, limit=MAX_NOTE, what="Lý do")
    if not reason:
        raise DomainError("Hãy ghi lý do phân bổ hoặc thay đổi phân bổ; lý do được lưu trong lịch sử.")
    with transaction.atomic():
        # The lock every approval of these campaigns takes: nothing is approved between check and save.
        list(Campaign.objects.select_for_update().filter(agency=agency, provincial_plan=plan).order_by("pk"))
        allocation = Allocation.objects.select_for_update().filter(provincial_plan=plan, agency=agency).first()
        forwarded = forwarded_counts(plan, agency)
        for kind, value in ((NomineeKind.COLLECTIVE, collectives), (NomineeKind.INDIVIDUAL, individuals)):
            if value < forwarded[kind]:
                word = quota.KIND_WORDS[kind]
                raise DomainError(
                    f"{agency.name} đã duyệt đề nghị {forwarded[kind]} {word} cấp tỉnh; "
                    f"phân bổ {word} không thể thấp hơn {forwarded[kind]}."
                )
        if allocation is None:
            allocation = Allocation(provincial_plan=plan, agency=agency)
        elif (allocation.collectives, allocation.individuals) == (collectives, individuals):
            raise DomainError("Phân bổ không thay đổi; không có gì để lưu.")
        allocation.collectives, allocation.individuals = collectives, individuals
        allocation.updated_by, allocation.updated_at = by, now
        allocation._change_reason = reason[:100]
        allocation._history_user = by
        allocation.save()
    return allocation


# Sending the Tờ trình and the committee's answer -----------------------------------------------------------


def _locked(proposal: ProvincialProposal) -> ProvincialProposal:
    Campaign.objects.select_for_update().get(pk=proposal.campaign_id)
    return (
        ProvincialProposal.objects.select_for_update(of=("self",))
        .select_related("agency", "agency__province", "campaign")
        .get(pk=proposal.pk)
    )


def _step(proposal: ProvincialProposal, *, from_state: str, by: User, now: datetime, note: str = "") -> ProposalStep:
    return ProposalStep.objects.create(
        proposal=proposal, from_state=from_state, to_state=proposal.sending_state, revision=proposal.revision,
        number=proposal.number, note=note, by=by, by_name=_person_name(by), at=now,
    )


def _word(proposal: ProvincialProposal) -> str:
    return f"Tờ trình số {proposal.number}" if proposal.number else "Tờ trình"


def send(*, proposal: ProvincialProposal, by: User, now: datetime | None = None) -> ProvincialProposal:
    """The office sends its signed Tờ trình to the province's steering committee (again, once corrected
    and signed anew after a return)."""
    now = now or timezone.now()
    ensure(by, "awards.send_provincialproposal", proposal)
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.state != DecisionState.SIGNED:
            raise DomainError("Chỉ gửi được tờ trình đã ký; hãy trình Lãnh đạo Sở ký trước khi gửi.")
        if proposal.sending_state in (SendingState.SENT, SendingState.ACCEPTED):
            raise DomainError(f"{_word(proposal)} đã được gửi Ban Chỉ đạo Tỉnh.")
        if proposal.agency.province_id is None:
            raise DomainError(
                "Cơ quan chưa được gắn với tỉnh nào; vui lòng báo quản trị hệ thống trước khi gửi tờ trình."
            )
        if proposal.sending_state == SendingState.RETURNED:
            returned = proposal.steps.filter(from_state=SendingState.SENT, to_state=SendingState.RETURNED).order_by("-at", "-pk").first()
            if returned is not None and returned.revision >= proposal.revision:
                raise DomainError(
                    "Tờ trình đã bị Ban Chỉ đạo Tỉnh trả lại; hãy mở lại để chỉnh sửa, trình ký lại rồi mới gửi lại."
                )
        approvals = provincial_list(proposal.campaign)
        if not approvals:
            raise DomainError("Tờ trình không có tập thể, cá nhân nào; không gửi được.")
        previous = proposal.sending_state
        proposal.sending_state = SendingState.SENT
        proposal.sent_at, proposal.sent_by = now, by
        proposal.committee_note = ""  # the note of a return stays in the timeline
        proposal._change_reason = "Gửi Ban Chỉ đạo Tỉnh"
        proposal.save()
        _step(proposal, from_state=previous, by=by, now=now)
    return proposal


def return_proposal(*, proposal: ProvincialProposal, note: str, by: User, now: datetime | None = None) -> ProvincialProposal:
    """The committee returns a sent Tờ trình with a note saying what to correct."""
    now = now or timezone.now()
    ensure(by, "awards.return_provincialproposal", proposal)
    note = _text(note, limit=MAX_NOTE, what="Ý kiến")
    if not note:
        raise DomainError("Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại tờ trình.")
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.sending_state != SendingState.SENT:
            raise DomainError(f"Chỉ trả lại được tờ trình đang chờ xem xét; {_word(proposal)} "
                              f"đang ở trạng thái “{proposal.get_sending_state_display()}”.")
        proposal.sending_state = SendingState.RETURNED
        proposal.committee_note = note
        proposal._change_reason = "Ban Chỉ đạo Tỉnh trả lại"
        proposal.save()
        step = _step(proposal, from_state=SendingState.SENT, by=by, now=now, note=note)
    # The agency's office hears of the committee's answer once it is committed (awards/notifications.py).
    transaction.on_commit(lambda: notifications.proposal_answered(proposal.pk, step.pk))
    return proposal


def accept(*, proposal: ProvincialProposal, by: User, note: str = "", now: datetime | None = None) -> ProvincialProposal:
    """The committee accepts a sent Tờ trình; it then records the province's outcome per nominee."""
    now = now or timezone.now()
    ensure(by, "awards.accept_provincialproposal", proposal)
    note = _text(note, limit=MAX_NOTE, what="Ý kiến")
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.sending_state != SendingState.SENT:
            raise DomainError(f"Chỉ tiếp nhận được tờ trình đang chờ xem xét; {_word(proposal)} "
                              f"đang ở trạng thái “{proposal.get_sending_state_display()}”.")
        proposal.sending_state = SendingState.ACCEPTED
        proposal.committee_note = note
        proposal._change_reason = "Ban Chỉ đạo Tỉnh tiếp nhận"
        proposal.save()
        step = _step(proposal, from_state=SendingState.SENT, by=by, now=now, note=note)
    # The agency's office hears of the committee's answer once it is committed (awards/notifications.py).
    transaction.on_commit(lambda: notifications.proposal_answered(proposal.pk, step.pk))
    return proposal


def reopen(*, proposal: ProvincialProposal, by: User, now: datetime | None = None) -> ProvincialProposal:
    """The office reopens a returned Tờ trình as a draft to correct it. The PDF issued for the signed
    revision stays, under that revision's name; the next signature issues a new one."""
    now = now or timezone.now()
    ensure(by, "awards.reopen_provincialproposal", proposal)
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.sending_state != SendingState.RETURNED:
            raise DomainError("Chỉ mở lại để chỉnh sửa tờ trình đã bị Ban Chỉ đạo Tỉnh trả lại.")
        if proposal.state != DecisionState.SIGNED:
            raise DomainError("Tờ trình đang là dự thảo; hãy chỉnh sửa rồi trình ký.")
        for issued in IssuedDocument.objects.select_for_update().filter(proposal=proposal).exclude(key__contains="@"):
            issued.key = f"{issued.key}@{proposal.revision}"[:60]
            issued.title = f"{issued.title} (lần {proposal.revision})"[:200]
            issued.save(update_fields=["key", "title"])
        proposal.state = DecisionState.DRAFT
        proposal.signed_by = proposal.signed_at = None
        proposal.revision += 1
        proposal._change_reason = "Mở lại để chỉnh sửa theo ý kiến của Ban Chỉ đạo Tỉnh"
        proposal.save()
        ProposalStep.objects.create(
            proposal=proposal, from_state=SendingState.RETURNED, to_state=SendingState.RETURNED,
            revision=proposal.revision, number=proposal.number, note="Mở lại để chỉnh sửa", by=by,
            by_name=_person_name(by), at=now,
        )
    return proposal


# The province's outcome per nominee -------------------------------------------------------------------------


def record_outcome(
    *, proposal: ProvincialProposal, approval: Approval, awarded: bool, by: User, form: str = "",
    decision_number: str = "", decision_date: date | None = None, note: str = "", now: datetime | None = None,
) -> ProvincialOutcome:
    """The committee records (or corrects) what the province decided for one nominee of an accepted
    Tờ trình: awarded or not, the form, and the provincial decision's number and date."""
    now = now or timezone.now()
    ensure(by, "awards.record_outcome", proposal)
    form = _text(form, limit=MAX_FORM, what="Hình thức khen thưởng")
    decision_number = _text(decision_number, limit=50, what="Số quyết định")
    note = _text(note, limit=MAX_NOTE, what="Ghi chú")
    if awarded:
        missing = [what for what, value in (("hình thức khen thưởng", form), ("số quyết định", decision_number),
                                            ("ngày quyết định", decision_date)) if not value]
        if missing:
            raise DomainError("Hãy nhập " + ", ".join(missing) + " của khen thưởng cấp tỉnh.")
    else:
        form, decision_number, decision_date = "", "", None
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.sending_state != SendingState.ACCEPTED:
            raise DomainError("Chỉ ghi kết quả khen thưởng sau khi Ban Chỉ đạo Tỉnh đã tiếp nhận tờ trình.")
        if decision_date is not None and decision_date < proposal.signing_date:
            raise DomainError(
                f"Ngày quyết định khen thưởng không thể trước ngày tờ trình ({vn_date(proposal.signing_date)})."
            )
        listed = {a.pk for a in provincial_list(proposal.campaign)}
        if approval.pk not in listed:
            raise DomainError("Tập thể, cá nhân này không có trong danh sách của tờ trình.")
        outcome = ProvincialOutcome.objects.select_for_update().filter(approval=approval).first()
        if outcome is None:
            outcome = ProvincialOutcome(approval=approval, proposal=proposal)
        outcome.awarded, outcome.form = awarded, form
        outcome.decision_number, outcome.decision_date, outcome.note = decision_number, decision_date, note
        outcome.recorded_by, outcome.recorded_at = by, now
        outcome._history_user = by
        outcome.save()
    return outcome
