"""Review (R4, R5): the council's meetings and votes, approvals within the quota, the publication of the
proposed list for comment and its feedback, and what still stands in the way of signing.

Same habits as dossiers/services.py: keyword-only functions, one transaction each, a Vietnamese
DomainError for every refusal, and a refusal changes nothing. Who may do what is asked of
campaign/rules.py (`ensure`), never decided here. Nothing here knows about decisions or PDFs
(awards/issuing/ builds on this, never the other way round).
"""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards import notifications
from awards.models import Approval, CouncilBallot, CouncilMeeting, Feedback, Publication, Vote, VoteChoice
from campaign.calendar import add_working_days
from campaign.models import AwardLevel, Campaign, StaffMember
from campaign.rules import ensure
from core.errors import DomainError
from core.time import local_today, vn_date
from dossiers.models import DossierState, Nomination, NomineeKind

from . import council, quota


def _ensure_emulation_over(campaign: Campaign, now: datetime, what: str) -> None:
    if not campaign.is_emulation_over(now):
        raise DomainError(
            f"Chỉ {what} sau khi kết thúc thời gian thi đua (hết ngày {vn_date(campaign.emulation_end)})."
        )


# Council -------------------------------------------------------------------------------------------


MEETING_SETTINGS = ("level", "held_on", "quorum_percent", "vote_base", "pass_threshold_percent")


def check_meeting(
    *,
    campaign: Campaign,
    held_on: date,
    present: list[StaffMember],
    now: datetime,
    quorum_percent: int = 50,
    pass_threshold_percent: int = 50,
    council_ids: set[int] | None = None,
) -> None:
    """A council sits only after the emulation period (R4), with members of the council, and is valid only
    with its quorum present. `council_ids`: the council as recorded at the meeting (today's by default)."""
    _ensure_emulation_over(campaign, now, "họp Hội đồng xét khen thưởng")
    if held_on <= campaign.emulation_end:
        raise DomainError(f"Ngày họp phải sau ngày kết thúc thi đua ({vn_date(campaign.emulation_end)}).")
    for value, what in ((quorum_percent, "Tỷ lệ túc số"), (pass_threshold_percent, "Ngưỡng thông qua")):
        if value is None or not 0 <= value <= 100:
            raise DomainError(f"{what} phải từ 0 đến 100%.")
    members = council.council_member_ids(campaign) if council_ids is None else council_ids
    strangers = [p.full_name for p in present if p.pk not in members]
    if strangers:
        raise DomainError("Không phải thành viên Hội đồng Thi đua - Khen thưởng: " + ", ".join(strangers) + ".")
    if not members:
        raise DomainError("Hội đồng Thi đua - Khen thưởng chưa có thành viên; chưa thể ghi phiên họp.")
    if not present:
        raise DomainError("Hãy chọn các thành viên Hội đồng dự họp; phiên họp phải có ít nhất một thành viên.")
    needed = max(council.quorum_needed_of(quorum_percent, len(members)), 1)
    if len({p.pk for p in present}) < needed:
        raise DomainError(
            f"Không đủ số thành viên dự họp: có {len(present)}/{len(members)} thành viên Hội đồng, "
            f"cần ít nhất {needed} ({quorum_percent}% số thành viên)."
        )


def create_meeting(
    *,
    campaign: Campaign,
    level: str,
    held_on: date,
    present: list[StaffMember],
    by: User,
    quorum_percent: int = 50,
    vote_base: str = "all",
    pass_threshold_percent: int = 50,
    notes: str = "",
    now: datetime | None = None,
) -> CouncilMeeting:
    """Record a sitting of the council, with the council's members as they are today (the tally of this
    meeting will always count against them, whatever becomes of the board later)."""
    now = now or timezone.now()
    ensure(by, "awards.add_councilmeeting", campaign)
    with transaction.atomic():
        members = council.council_member_ids(campaign)
        check_meeting(
            campaign=campaign, held_on=held_on, present=present, now=now, quorum_percent=quorum_percent,
            pass_threshold_percent=pass_threshold_percent, council_ids=members,
        )
        meeting = CouncilMeeting.objects.create(
            campaign=campaign,
            level=level,
            held_on=held_on,
            quorum_percent=quorum_percent,
            vote_base=vote_base,
            pass_threshold_percent=pass_threshold_percent,
            notes=notes.strip(),
            council_size=len(members),
            created_by=by,
        )
        meeting.council_at_meeting.set(members)
        meeting.members_present.set(present)
    return meeting


def update_meeting(
    *,
    meeting: CouncilMeeting,
    by: User,
    level: str,
    held_on: date,
    present: list[StaffMember],
    quorum_percent: int,
    vote_base: str,
    pass_threshold_percent: int,
    notes: str = "",
    now: datetime | None = None,
) -> CouncilMeeting:
    """Correct a meeting's record. Once a vote is recorded its settings and attendance are what the votes
    were cast under: only the notes may change."""
    now = now or timezone.now()
    ensure(by, "awards.change_councilmeeting", meeting)
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().select_related("campaign").get(pk=meeting.pk)
        new = {
            "level": level, "held_on": held_on, "quorum_percent": quorum_percent, "vote_base": vote_base,
            "pass_threshold_percent": pass_threshold_percent,
        }
        changed = [name for name, value in new.items() if getattr(meeting, name) != value]
        before = set(meeting.members_present.values_list("pk", flat=True))
        if before != {p.pk for p in present}:
            changed.append("members_present")
        if changed and hasattr(meeting, "ballot"):
            raise DomainError(
                "Phiên họp đã mở biểu quyết điện tử; không thể thay đổi thành phần dự họp, túc số, cách tính, "
                "ngưỡng thông qua, cấp khen thưởng hay ngày họp."
            )
        if changed and meeting.votes.exists():
            labels = ", ".join(str(CouncilMeeting._meta.get_field(name).verbose_name) for name in changed)
            raise DomainError(
                "Phiên họp đã có phiếu biểu quyết; không thể thay đổi thành phần dự họp, túc số, cách tính, "
                f"ngưỡng thông qua, cấp khen thưởng hay ngày họp (đã sửa: {labels})."
            )
        if changed:
            check_meeting(
                campaign=meeting.campaign, held_on=held_on, present=present, now=now, quorum_percent=quorum_percent,
                pass_threshold_percent=pass_threshold_percent,
                council_ids=set(meeting.council_at_meeting.values_list("pk", flat=True)),
            )
        for name, value in new.items():
            setattr(meeting, name, value)
        meeting.notes = notes.strip()
        meeting.save()
        if "members_present" in changed:
            meeting.members_present.set(present)
    return meeting


def record_votes(
    *, meeting: CouncilMeeting, nomination: Nomination, votes: dict[int, str], by: User, now: datetime | None = None
) -> None:
    """Record (or correct) the votes of members present on one nomination. `votes` maps staff id to choice."""
    now = now or timezone.now()
    ensure(by, "awards.record_votes", meeting)
    campaign = meeting.campaign
    _ensure_emulation_over(campaign, now, "biểu quyết")
    if CouncilBallot.objects.filter(meeting=meeting).exists():
        raise DomainError(
            "Phiên họp này biểu quyết điện tử: phiếu do thành viên Hội đồng tự bỏ, không nhập trên bảng phiếu."
        )
    nomination = Nomination.objects.select_related("dossier", "staff", "nominee_unit").get(pk=nomination.pk)
    if nomination.campaign_id != campaign.pk or nomination.level != meeting.level:
        raise DomainError("Đề nghị không thuộc kế hoạch và cấp khen thưởng của phiên họp này.")
    if nomination.dossier.state != DossierState.ACCEPTED or not nomination.is_live:
        raise DomainError("Chỉ biểu quyết đề nghị thuộc hồ sơ đã được tiếp nhận.")
    if Approval.objects.live().filter(nomination=nomination).exists():
        raise DomainError(f"{nomination.nominee_name} đã được duyệt khen thưởng; không sửa phiếu biểu quyết.")
    members = set(meeting.council_at_meeting.values_list("pk", flat=True))
    present = set(meeting.members_present.values_list("pk", flat=True))
    names = dict(StaffMember.objects.filter(pk__in=votes).values_list("pk", "full_name"))
    for member_id, choice in votes.items():
        if member_id not in members:
            raise DomainError(f"{names.get(member_id, 'Người này')} không phải thành viên Hội đồng; phiếu không hợp lệ.")
        if member_id not in present:
            raise DomainError(f"{names.get(member_id, 'Thành viên')} không dự họp ngày {meeting.held_on:%d/%m/%Y}.")
        if choice not in VoteChoice.values:
            raise DomainError("Lựa chọn biểu quyết không hợp lệ.")
    with transaction.atomic():
        for member_id, choice in votes.items():
            Vote.objects.update_or_create(
                meeting=meeting,
                nomination=nomination,
                member_id=member_id,
                defaults={"choice": choice, "recorded_by": by},
            )


# Approval within the quota (R5) ----------------------------------------------------------------------


def approve_nomination(*, nomination: Nomination, by: User, now: datetime | None = None) -> Approval:
    """Approve one nomination for the award; never beyond the quota, even under concurrent approvals."""
    now = now or timezone.now()
    ensure(by, "awards.add_approval", nomination.campaign)
    with transaction.atomic():
        # The campaign row lock serialises every approval of this campaign (R5).
        campaign = Campaign.objects.select_for_update().get(pk=nomination.campaign_id)
        nomination = Nomination.objects.select_related("dossier", "staff", "nominee_unit").get(pk=nomination.pk)
        name = nomination.nominee_name
        _ensure_emulation_over(campaign, now, "xét duyệt khen thưởng")
        if nomination.dossier.state != DossierState.ACCEPTED or not nomination.is_live:
            raise DomainError(f"Hồ sơ đề nghị cho {name} chưa được tiếp nhận; chưa thể duyệt.")
        previous = Approval.objects.filter(nomination=nomination).first()
        if previous is not None and previous.is_live:
            raise DomainError(f"{name} đã được duyệt.")
        if Publication.objects.filter(campaign=campaign, level=nomination.level).exists():
            raise DomainError("Danh sách đã được công khai; không thể thay đổi danh sách được duyệt.")
        result = council.counting_tally(nomination)
        if result is None or not result.passed:
            why = "chưa được Hội đồng biểu quyết" if result is None else f"kết quả biểu quyết: {result.result_label}"
            raise DomainError(f"{name} {why}; chỉ duyệt đề nghị đã được Hội đồng thông qua.")
        quota.ensure_room(campaign, nomination.level, nomination.kind, name=name)
        if previous is not None:
            # Approved again after a revocation: the same row stands again; its history keeps the revocation.
            previous.approved_by, previous.approved_at = by, now
            previous.revoked_at, previous.revoked_by, previous.revoke_reason = None, None, ""
            previous.save()
            return previous
        try:
            return Approval.objects.create(
                nomination=nomination,
                campaign=campaign,
                level=nomination.level,
                kind=nomination.kind,
                approved_by=by,
                approved_at=now,
            )
        except IntegrityError:
            raise DomainError(f"{name} đã được duyệt.") from None


def revoke_approval(*, approval: Approval, by: User, reason: str = "", now: datetime | None = None) -> Approval:
    """Take a nomination off the approved list before it is published. The approval is kept, marked
    revoked with who, when and why (its history shows it); it no longer counts anywhere."""
    now = now or timezone.now()
    ensure(by, "awards.delete_approval", approval)
    reason = (reason or "").strip()
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=approval.campaign_id)
        approval = Approval.objects.select_for_update().get(pk=approval.pk)
        if not approval.is_live:
            raise DomainError("Đề nghị này đã được bỏ duyệt trước đó.")
        if Publication.objects.filter(campaign=approval.campaign_id, level=approval.level).exists():
            raise DomainError("Danh sách đã được công khai; không thể bỏ duyệt.")
        if not reason:
            raise DomainError("Hãy ghi lý do bỏ duyệt.")
        approval.revoked_at, approval.revoked_by, approval.revoke_reason = now, by, reason
        approval._change_reason = reason[:100]
        approval.save()
    return approval


# Quota changes (R12) -------------------------------------------------------------------------------------

QUOTA_FIELDS = {
    "collective_quota": (AwardLevel.GRASSROOTS, NomineeKind.COLLECTIVE),
    "individual_quota": (AwardLevel.GRASSROOTS, NomineeKind.INDIVIDUAL),
}
# Changing the provincial plan a campaign carries out changes its provincial allocation (R5).
PLAN_FIELD = "provincial_plan"
LEVEL_WORDS = {AwardLevel.GRASSROOTS: "cấp cơ sở", AwardLevel.PROVINCIAL: "cấp tỉnh"}


def check_quota_change(*, campaign: Campaign, values: dict[str, object]) -> dict[str, str]:
    """Why each new quota in `values` (field name to value) cannot be set: never below what is already
    approved (R12); a new provincial plan (`provincial_plan`: a plan, its id or None) brings the
    committee's allocation under that plan, never below the provincial approvals either. Empty when all
    can. Locks the campaign row, as approving does, so call it inside the transaction that saves the new
    values: no approval can slip in between check and save."""
    from campaign.models import Allocation

    if campaign.pk is None:
        return {}
    errors = {}
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        counts = {level: quota.approved_counts(campaign, level) for level in LEVEL_WORDS}
        for field, value in values.items():
            if field not in QUOTA_FIELDS:
                continue
            level, kind = QUOTA_FIELDS[field]
            approved = counts[level][kind]
            if approved and (value or 0) < approved:
                word = quota.KIND_WORDS[kind]
                errors[field] = f"Đã duyệt {approved} {word} {LEVEL_WORDS[level]}; chỉ tiêu không thể thấp hơn {approved}."
        if PLAN_FIELD in values:
            plan = values[PLAN_FIELD]
            plan_id = getattr(plan, "pk", plan)
            allocation = (
                Allocation.objects.filter(provincial_plan_id=plan_id, agency_id=campaign.agency_id).first()
                if plan_id
                else None
            )
            for kind in quota.KINDS:
                approved = counts[AwardLevel.PROVINCIAL][kind]
                if approved and quota.allocated(allocation, kind) < approved:
                    word = quota.KIND_WORDS[kind]
                    errors[PLAN_FIELD] = (
                        f"Đã duyệt {approved} {word} cấp tỉnh; phân bổ của Ban Chỉ đạo Tỉnh theo kế hoạch này là "
                        f"{quota.allocated(allocation, kind)}, không thể thấp hơn {approved}."
                    )
                    break
    return errors


# Publication for comment -----------------------------------------------------------------------------


def publish_list(
    *, campaign: Campaign, level: str, working_days: int, by: User, note: str = "", now: datetime | None = None
) -> Publication:
    """Show the approved list to all staff for `working_days` working days after today."""
    now = now or timezone.now()
    ensure(by, "awards.add_publication", campaign)
    if working_days < 1:
        raise DomainError("Số ngày làm việc công khai phải từ 1 trở lên.")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _ensure_emulation_over(campaign, now, "công khai danh sách")
        if not Approval.objects.live().filter(campaign=campaign, level=level).exists():
            raise DomainError("Chưa có tập thể, cá nhân nào được duyệt; không có danh sách để công khai.")
        if Publication.objects.filter(campaign=campaign, level=level).exists():
            raise DomainError("Danh sách của cấp khen thưởng này đã được công khai.")
        publication = Publication.objects.create(
            campaign=campaign,
            level=level,
            opened_at=now,
            working_days=working_days,
            # Working days of the agency's calendar: weekends, public holidays (Tết included) and the
            # days the office added are skipped (campaign/calendar.py).
            closes_on=add_working_days(campaign.agency_id, local_today(now), working_days),
            published_by=by,
            note=note.strip(),
        )
    # Every unit hears of it once the publication is committed (awards/notifications.py).
    transaction.on_commit(lambda: notifications.list_published(publication.pk))
    return publication


def send_feedback(
    *, publication: Publication, nomination: Nomination, by: User, text: str, now: datetime | None = None
) -> Feedback:
    now = now or timezone.now()
    ensure(by, "awards.add_feedback", publication)
    if not text.strip():
        raise DomainError("Hãy nhập nội dung ý kiến.")
    if not publication.is_open(now):
        raise DomainError(
            f"Đã hết thời gian nhận ý kiến (đến hết ngày {vn_date(publication.closes_on)}); ý kiến không được ghi nhận."
        )
    if not Approval.objects.live().filter(
        nomination=nomination, campaign=publication.campaign_id, level=publication.level
    ).exists():
        raise DomainError("Tập thể, cá nhân này không có trong danh sách được công khai.")
    return Feedback.objects.create(
        publication=publication, nomination=nomination, author=by, text=text.strip(), created_at=now
    )


def answer_feedback(*, feedback: Feedback, by: User, answer: str, now: datetime | None = None) -> Feedback:
    now = now or timezone.now()
    ensure(by, "awards.answer_feedback", feedback)
    if not answer.strip():
        raise DomainError("Hãy nhập nội dung trả lời.")
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        feedback.answer = answer.strip()
        feedback.answered_by = by
        feedback.answered_at = now
        feedback.save(update_fields=["answer", "answered_by", "answered_at"])
    return feedback


def signing_blockers(campaign: Campaign, level: str, now: datetime | None = None) -> list[str]:
    """Why an award decision cannot be signed yet (R4); empty when it can."""
    now = now or timezone.now()
    reasons = []
    if campaign.is_submission_open(now):
        reasons.append(f"chưa hết hạn nộp hồ sơ (hết ngày {vn_date(campaign.submission_deadline)})")
    publication = Publication.objects.filter(campaign=campaign, level=level).first()
    if publication is None:
        reasons.append("danh sách đề nghị chưa được công khai")
    else:
        if publication.is_open(now):
            reasons.append(f"đang trong thời gian công khai (đến hết ngày {vn_date(publication.closes_on)})")
        unanswered = publication.feedback.filter(answer="").count()
        if unanswered:
            reasons.append(f"còn {unanswered} ý kiến chưa được trả lời")
    return reasons
