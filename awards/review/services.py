"""Review (R4, R5): the council's meetings and votes, approvals within the quota, the publication of the
proposed list for comment and its feedback, and what still stands in the way of signing.

Same habits as dossiers/services.py: keyword-only functions, one transaction each, a Vietnamese
DomainError for every refusal, and a refusal changes nothing. Who may do what is asked of
campaign/rules.py (`ensure`), never decided here. Nothing here knows about decisions or PDFs
(awards/issuing/ builds on this, never the other way round).
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Approval, CouncilMeeting, Feedback, Publication, Vote, VoteChoice
from campaign.models import Campaign, StaffMember
from campaign.rules import ensure
from core.errors import DomainError
from core.time import local_today, vn_date
from dossiers.models import DossierState, Nomination

from . import council, quota


def _ensure_emulation_over(campaign: Campaign, now: datetime, what: str) -> None:
    if not campaign.is_emulation_over(now):
        raise DomainError(
            f"Chỉ {what} sau khi kết thúc thời gian thi đua (hết ngày {vn_date(campaign.emulation_end)})."
        )


# Council -------------------------------------------------------------------------------------------


def check_meeting(*, campaign: Campaign, held_on: date, present: list[StaffMember], now: datetime) -> None:
    """A council sits only after the emulation period (R4), with members of the council."""
    _ensure_emulation_over(campaign, now, "họp Hội đồng xét khen thưởng")
    if held_on <= campaign.emulation_end:
        raise DomainError(f"Ngày họp phải sau ngày kết thúc thi đua ({vn_date(campaign.emulation_end)}).")
    members = council.council_member_ids(campaign)
    strangers = [p.full_name for p in present if p.pk not in members]
    if strangers:
        raise DomainError("Không phải thành viên Hội đồng Thi đua - Khen thưởng: " + ", ".join(strangers) + ".")


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
    now: datetime | None = None,
) -> CouncilMeeting:
    now = now or timezone.now()
    ensure(by, "awards.add_councilmeeting", campaign)
    check_meeting(campaign=campaign, held_on=held_on, present=present, now=now)
    with transaction.atomic():
        meeting = CouncilMeeting.objects.create(
            campaign=campaign,
            level=level,
            held_on=held_on,
            quorum_percent=quorum_percent,
            vote_base=vote_base,
            pass_threshold_percent=pass_threshold_percent,
            created_by=by,
        )
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
    nomination = Nomination.objects.select_related("dossier", "staff", "nominee_unit").get(pk=nomination.pk)
    if nomination.campaign_id != campaign.pk or nomination.level != meeting.level:
        raise DomainError("Đề nghị không thuộc kế hoạch và cấp khen thưởng của phiên họp này.")
    if nomination.dossier.state != DossierState.ACCEPTED or not nomination.is_live:
        raise DomainError("Chỉ biểu quyết đề nghị thuộc hồ sơ đã được tiếp nhận.")
    if Approval.objects.filter(nomination=nomination).exists():
        raise DomainError(f"{nomination.nominee_name} đã được duyệt khen thưởng; không sửa phiếu biểu quyết.")
    members = council.council_member_ids(campaign)
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
        if Approval.objects.filter(nomination=nomination).exists():
            raise DomainError(f"{name} đã được duyệt.")
        if Publication.objects.filter(campaign=campaign, level=nomination.level).exists():
            raise DomainError("Danh sách đã được công khai; không thể thay đổi danh sách được duyệt.")
        result = council.counting_tally(nomination)
        if result is None or not result.passed:
            why = "chưa được Hội đồng biểu quyết" if result is None else f"kết quả biểu quyết: {result.result_label}"
            raise DomainError(f"{name} {why}; chỉ duyệt đề nghị đã được Hội đồng thông qua.")
        quota.ensure_room(campaign, nomination.level, nomination.kind, name=name)
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


def revoke_approval(*, approval: Approval, by: User) -> None:
    ensure(by, "awards.delete_approval", approval)
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=approval.campaign_id)
        if Publication.objects.filter(campaign=approval.campaign_id, level=approval.level).exists():
            raise DomainError("Danh sách đã được công khai; không thể bỏ duyệt.")
        Approval.objects.filter(pk=approval.pk).delete()


# Publication for comment -----------------------------------------------------------------------------


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


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
        if not Approval.objects.filter(campaign=campaign, level=level).exists():
            raise DomainError("Chưa có tập thể, cá nhân nào được duyệt; không có danh sách để công khai.")
        if Publication.objects.filter(campaign=campaign, level=level).exists():
            raise DomainError("Danh sách của cấp khen thưởng này đã được công khai.")
        return Publication.objects.create(
            campaign=campaign,
            level=level,
            opened_at=now,
            working_days=working_days,
            closes_on=add_working_days(local_today(now), working_days),
            published_by=by,
            note=note.strip(),
        )


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
    if not Approval.objects.filter(
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
