"""Every change of state of pledges, criteria and scores (issue 16), in a transaction, asking the rules.

Windows (DESIGN.md R1/R2 style, calendar days in Vietnam, inclusive):
- pledges: from the launch date until the end of the plan's pledge lock date;
- self-scoring: after the emulation period (from 00:00 the day after `emulation_end`) until the end of
  the scoring deadline;
- adjustments by the office or the mobilisation board: any time after the emulation period.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import DateField, F
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from simple_history.utils import update_change_reason

from campaign.models import Campaign, ContentItem, StaffMember, Unit
from campaign.rules import ensure
from core.errors import DeadlineError, DomainError, NotAllowed  # noqa: F401 (re-exported to callers)
from core.storage import delete_after_commit, store_for_row
from core.time import end_of_day, start_of_day, vn_date
from core.uploads import UploadRefused, check_upload, clean_file_name

from .models import Criterion, EmulationSettings, Pledge, PledgeTarget, PledgeTitle, Score

MAX_REASON = 2000
MAX_EVIDENCE_TEXT = 5000


def settings_for(campaign: Campaign) -> EmulationSettings:
    """The plan's settings, or the defaults (no personal pledges, pledges lock with the emulation period,
    self-scoring until the submission cutoff) while the office has not set them. The same dates in SQL:
    `pledge_lock_sql()` and `scoring_deadline_sql()` below (tests/emulation/test_todo.py holds them equal)."""
    try:
        return campaign.emulation_settings
    except EmulationSettings.DoesNotExist:
        return EmulationSettings(
            campaign=campaign,
            persons_pledge=False,
            pledge_lock_date=campaign.emulation_end,
            scoring_deadline=max(campaign.submission_deadline, campaign.emulation_end + timedelta(days=1)),
        )


def pledge_lock_sql():
    """`settings_for(campaign).pledge_lock_date` as an expression on Campaign, for many plans in one query."""
    return Coalesce("emulation_settings__pledge_lock_date", "emulation_end")


def scoring_deadline_sql():
    """`settings_for(campaign).scoring_deadline` as an expression on Campaign, with the same default."""
    return Coalesce(
        "emulation_settings__scoring_deadline",
        Greatest("submission_deadline", Cast(F("emulation_end") + timedelta(days=1), DateField())),
    )


# Windows ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at

    def is_over(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) > self.closes_at


def pledge_window(campaign: Campaign) -> Window:
    return Window(campaign.opens_at, end_of_day(settings_for(campaign).pledge_lock_date))


def scoring_window(campaign: Campaign) -> Window:
    return Window(start_of_day(campaign.emulation_end + timedelta(days=1)),
                  end_of_day(settings_for(campaign).scoring_deadline))


def _ensure_pledge_open(campaign: Campaign, now: datetime) -> None:
    window = pledge_window(campaign)
    if now < window.opens_at:
        raise DeadlineError(
            f"Kế hoạch chưa phát động (phát động ngày {vn_date(campaign.launch_date)}); chưa nhận đăng ký thi đua."
        )
    if now > window.closes_at:
        raise DeadlineError(
            f"Đã hết hạn đăng ký thi đua (đến hết ngày {vn_date(settings_for(campaign).pledge_lock_date)}); "
            "đăng ký đã khoá, chỉ còn để xem."
        )


def _ensure_scoring_open(campaign: Campaign, now: datetime) -> None:
    window = scoring_window(campaign)
    if now < window.opens_at:
        raise DeadlineError(
            f"Chỉ chấm điểm sau khi kết thúc thời gian thi đua (hết ngày {vn_date(campaign.emulation_end)})."
        )
    if now > window.closes_at:
        raise DeadlineError(
            f"Đã hết hạn tự chấm điểm (đến hết ngày {vn_date(settings_for(campaign).scoring_deadline)}); "
            "điểm chỉ còn để xem."
        )


# Input checks ------------------------------------------------------------------------------------------


def _clean_text(value: str | None, *, label: str, limit: int) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise DomainError(f"{label} có ký tự không hợp lệ; hãy gõ lại.")
    if len(text) > limit:
        raise DomainError(f"{label} dài quá {limit} ký tự ({len(text)} ký tự).")
    return text


def parse_points(value) -> Decimal:
    """Points as typed: "7", "7,5" or "7.5"; at most one decimal place."""
    if isinstance(value, Decimal):
        points = value
    else:
        text = str(value if value is not None else "").strip().replace(",", ".")
        if not text:
            raise DomainError("Hãy nhập số điểm.")
        try:
            points = Decimal(text)
        except InvalidOperation:
            raise DomainError(f"Điểm “{str(value)[:20]}” không phải là số.") from None
    if not points.is_finite():
        raise DomainError("Điểm phải là một số.")
    if points != points.quantize(Decimal("0.1")):
        raise DomainError("Điểm chỉ lấy tối đa một chữ số thập phân (ví dụ 7,5).")
    return points.quantize(Decimal("0.1"))


def _check_points(points: Decimal, criterion: Criterion) -> None:
    if points < 0 or points > criterion.max_points:
        raise DomainError(
            f"Điểm phải từ 0 đến {fmt_points(criterion.max_points)} (điểm tối đa của tiêu chí này)."
        )


def fmt_points(value) -> str:
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.1"))
    text = f"{value:f}"
    return (text[:-2] if text.endswith(".0") else text).replace(".", ",")


# Pledges ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    text: str = ""
    number: Decimal | None = None


def _check_title(title: str, title_other: str, *, personal: bool) -> tuple[str, str]:
    if title not in PledgeTitle.values:
        raise DomainError("Hãy chọn danh hiệu đăng ký trong danh sách.")
    title_other = _clean_text(title_other, label="Danh hiệu ghi thêm", limit=200)
    if title == PledgeTitle.OTHER and not title_other:
        raise DomainError("Đã chọn “Khác”: hãy ghi rõ danh hiệu đăng ký.")
    return title, title_other if title == PledgeTitle.OTHER else ""


def save_pledge(
    *,
    campaign: Campaign,
    unit: Unit,
    by: User,
    title: str,
    title_other: str = "",
    commitment: str = "",
    targets: dict[int, TargetInput] | None = None,
    staff: StaffMember | None = None,
    now: datetime | None = None,
) -> Pledge:
    """Register or change the pledge of `unit` (or of `staff`, a person of the unit) for the plan."""
    now = now or timezone.now()
    ensure(by, "emulation.add_pledge", Pledge(campaign=campaign, unit=unit))
    if staff is not None:
        if not settings_for(campaign).persons_pledge:
            raise DomainError("Kế hoạch này không yêu cầu cá nhân đăng ký thi đua.")
        if staff.unit_id != unit.pk or not staff.is_active:
            raise NotAllowed("Chỉ đăng ký được cho cán bộ đang công tác tại đơn vị mình.")
    _ensure_pledge_open(campaign, now)
    title, title_other = _check_title(title, title_other, personal=staff is not None)
    commitment = _clean_text(commitment, label="Nội dung cam kết", limit=MAX_EVIDENCE_TEXT)
    items = {item.pk: item for item in ContentItem.objects.filter(campaign=campaign)}
    cleaned: dict[int, TargetInput] = {}
    for item_id, target in (targets or {}).items():
        if item_id not in items:
            raise DomainError("Nội dung không thuộc Kế hoạch này; hãy tải lại trang.")
        text = _clean_text(target.text, label=f"Chỉ tiêu nội dung {items[item_id].number}", limit=500)
        if text or target.number is not None:
            if target.number is not None and (not target.number.is_finite() or abs(target.number) >= 10**10):
                raise DomainError(f"Chỉ tiêu (số) của nội dung {items[item_id].number} không hợp lệ.")
            cleaned[item_id] = TargetInput(text=text, number=target.number)
    try:
        with transaction.atomic():
            # One registration of a unit's pledges at a time: a second click waits, then updates.
            Unit.objects.select_for_update().get(pk=unit.pk)
            pledge = (
                Pledge.objects.select_for_update(of=("self",))
                .filter(campaign=campaign, unit=unit, staff=staff)
                .order_by("pk")
                .first()
            )
            if pledge is None:
                pledge = Pledge(campaign=campaign, unit=unit, staff=staff, created_by=by, created_at=now)
            pledge.title, pledge.title_other, pledge.commitment = title, title_other, commitment
            pledge.updated_by, pledge.updated_at = by, now
            pledge.save()
            PledgeTarget.objects.filter(pledge=pledge).exclude(content_item_id__in=cleaned).delete()
            existing = {t.content_item_id: t for t in PledgeTarget.objects.filter(pledge=pledge)}
            for item_id, target in cleaned.items():
                row = existing.get(item_id) or PledgeTarget(pledge=pledge, content_item_id=item_id)
                row.target_text, row.target_number = target.text, target.number
                row.save()
    except IntegrityError:
        # Two people registered the same pledge at the same moment: the database keeps one.
        raise DomainError("Đăng ký này vừa được lưu bởi người khác; hãy tải lại trang rồi sửa.") from None
    return pledge


# Criteria: copied with the plan --------------------------------------------------------------------------


def copy_criteria_with_plan(sender, *, source: Campaign, copy: Campaign, **kwargs) -> int:
    """Receiver of campaign.signals.plan_copied: the new plan gets the old plan's scoring table, each
    criterion under the content item of the same number, and the same settings shifted by a year."""
    items = {item.number: item for item in ContentItem.objects.filter(campaign=copy)}
    copied = 0
    with transaction.atomic():
        for criterion in Criterion.objects.filter(campaign=source).select_related("content_item"):
            item = items.get(criterion.content_item.number)
            if item is None:
                continue
            Criterion.objects.get_or_create(
                campaign=copy, content_item=item, order=criterion.order,
                defaults={"text": criterion.text, "max_points": criterion.max_points},
            )
            copied += 1
        old = EmulationSettings.objects.filter(campaign=source).first()
        if old is not None and not EmulationSettings.objects.filter(campaign=copy).exists():
            lock = copy.emulation_end - (source.emulation_end - old.pledge_lock_date)
            lock = min(max(lock, copy.launch_date), copy.emulation_end)
            deadline = max(copy.emulation_end + (old.scoring_deadline - source.emulation_end), lock + timedelta(days=1))
            EmulationSettings.objects.create(campaign=copy, persons_pledge=old.persons_pledge,
                                             pledge_lock_date=lock, scoring_deadline=deadline)
    return copied


# Scores -----------------------------------------------------------------------------------------------


def _store_evidence(score: Score, upload: UploadedFile) -> None:
    try:
        file_type = check_upload(upload)
    except UploadRefused as refused:
        raise DomainError(refused.message) from None
    old = score.evidence_file.name
    score.evidence_name = clean_file_name(upload.name)
    score.evidence_content_type = file_type.content_type
    score.evidence_size = upload.size
    # The new file goes if the transaction fails; the replaced one goes once it commits.
    store_for_row(score.evidence_file, score.evidence_name, upload)
    if old:
        delete_after_commit(score.evidence_file.storage, old)


def save_score(
    *,
    criterion: Criterion,
    unit: Unit,
    by: User,
    points,
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
    remove_file: bool = False,
    now: datetime | None = None,
) -> Score:
    """The unit scores itself on one criterion (0..max) with its evidence, inside the scoring window.
    Once the office has adjusted the score, the unit's own points are final."""
    now = now or timezone.now()
    campaign = criterion.campaign
    ensure(by, "emulation.add_score", Score(campaign=campaign, unit=unit, criterion=criterion))
    _ensure_scoring_open(campaign, now)
    points = parse_points(points)
    _check_points(points, criterion)
    evidence_text = _clean_text(evidence_text, label="Minh chứng", limit=MAX_EVIDENCE_TEXT)
    if points > 0 and not evidence_text:
        raise DomainError("Hãy ghi minh chứng cho số điểm tự chấm (việc đã làm, văn bản, số liệu).")
    try:
        with transaction.atomic():
            score = Score.objects.select_for_update(of=("self",)).filter(criterion=criterion, unit=unit).order_by("pk").first()
            if score is not None and score.adjusted_points is not None:
                raise DomainError(
                    "Điểm của tiêu chí này đã được điều chỉnh khi thẩm định; đơn vị không sửa điểm tự chấm nữa."
                )
            if score is None:
                score = Score(campaign=campaign, criterion=criterion, unit=unit)
            score.self_points, score.evidence_text = points, evidence_text
            score.scored_by, score.scored_at = by, now
            if evidence_file is not None:
                _store_evidence(score, evidence_file)
            elif remove_file and score.evidence_file:
                delete_after_commit(score.evidence_file.storage, score.evidence_file.name)
                score.evidence_file = ""
                score.evidence_name = score.evidence_content_type = ""
                score.evidence_size = None
            score.save()
    except IntegrityError:
        raise DomainError("Điểm tiêu chí này vừa được lưu bởi người khác; hãy tải lại trang.") from None
    return score


ADJUSTERS_ONLY = "Chỉ Văn phòng Sở hoặc thành viên Ban Vận động (không thuộc đơn vị được chấm) mới điều chỉnh được điểm."


def adjust_score(*, score: Score, points, reason: str, by: User, now: datetime | None = None) -> Score:
    """The office (or the mobilisation board) sets the points the ranking counts, with a reason; each
    adjustment is a version in the score's history."""
    now = now or timezone.now()
    ensure(by, "emulation.adjust_score", score, message=ADJUSTERS_ONLY)
    campaign = score.campaign
    if now <= campaign.emulation_ends_at:
        raise DeadlineError(
            f"Chỉ điều chỉnh điểm sau khi kết thúc thời gian thi đua (hết ngày {vn_date(campaign.emulation_end)})."
        )
    points = parse_points(points)
    reason = _clean_text(reason, label="Lý do điều chỉnh", limit=MAX_REASON)
    if not reason:
        raise DomainError("Hãy ghi lý do điều chỉnh điểm.")
    with transaction.atomic():
        score = Score.objects.select_for_update(of=("self",)).select_related("criterion").get(pk=score.pk)
        _check_points(points, score.criterion)
        score.adjusted_points, score.adjust_reason = points, reason
        score.adjusted_by, score.adjusted_at = by, now
        score.save()
        update_change_reason(score, reason[:100])
    return score
