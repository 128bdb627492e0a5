"""Running the campaign: acknowledgements of the plan, progress reports, supervision reports.

Every change of state goes through these functions (CONVENTIONS.md: rules live in services, once):
the portal's views, the admin and the tests call them. Each runs in one transaction; a refusal raises
DomainError with a Vietnamese message and changes nothing.
"""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DeadlineError, DomainError, NotAllowed  # noqa: F401 (re-exported to callers)
from core.time import PLAN_TZ, local_today, vn_date
from core.uploads import UploadRefused, check_upload

from .models import (
    Acknowledgement,
    Campaign,
    ContentItem,
    NameChange,
    ProgressEvidence,
    ProgressReport,
    StaffMember,
    SupervisionReport,
)
from .rules import can, ensure, standing

# A unit's report on one item is a short account with a few supporting documents, not an archive.
MAX_EVIDENCE_PER_REPORT = 10


class OutsideEmulationPeriod(DomainError):
    pass


class AlreadyAcknowledged(DomainError):
    pass


def vn_datetime(moment: datetime) -> str:
    return moment.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y")


# Who may act: asked of the rules (campaign/rules.py) -----------------------------------------------


def _acknowledging_staff(user: User, campaign: Campaign) -> StaffMember:
    """The staff member confirming the plan: an active staff member of the plan's agency."""
    staff = standing(user).staff
    ensure(user, "campaign.add_acknowledgement", Acknowledgement(campaign=campaign, staff=staff))
    return staff


def _reporting_staff(user: User, campaign: Campaign) -> StaffMember:
    """Staff of a unit report on its work; the inspection board supervises and does not write (IV.3)."""
    staff = standing(user).staff
    report = ProgressReport(campaign=campaign, unit=staff.unit if staff is not None else None)
    ensure(user, "campaign.add_progressreport", report)
    return staff


def can_report_progress(user: User, campaign: Campaign) -> bool:
    staff = standing(user).staff
    return staff is not None and can(
        user, "campaign.add_progressreport", ProgressReport(campaign=campaign, unit=staff.unit)
    )


def _ensure_emulation_open(campaign: Campaign, now: datetime, *, what: str) -> None:
    """R2: acknowledgements and progress reports only inside the emulation period."""
    if now < campaign.opens_at:
        raise OutsideEmulationPeriod(
            f"Kế hoạch chưa phát động (phát động ngày {vn_date(campaign.launch_date)}); chưa thể {what}."
        )
    if now > campaign.emulation_ends_at:
        raise OutsideEmulationPeriod(
            f"Đã hết thời gian thi đua (đến hết ngày {vn_date(campaign.emulation_end)}); "
            f"không thể {what} nữa."
        )


# Acknowledgement (IV.1) ------------------------------------------------------------------------------


def acknowledge_plan(*, campaign: Campaign, by: User, now: datetime | None = None) -> Acknowledgement:
    """The staff member confirms "Tôi đã đọc và nắm nội dung Kế hoạch", once per campaign."""
    now = now or timezone.now()
    staff = _acknowledging_staff(by, campaign)
    existing = Acknowledgement.objects.filter(campaign=campaign, staff=staff).first()
    if existing is not None:
        raise AlreadyAcknowledged(
            f"Bạn đã xác nhận đọc và nắm nội dung Kế hoạch lúc {vn_datetime(existing.acknowledged_at)}; "
            "không cần xác nhận lại."
        )
    _ensure_emulation_open(campaign, now, what="xác nhận đã đọc Kế hoạch")
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                campaign=campaign, staff=staff, acknowledged_by=by, acknowledged_at=now
            )
    except IntegrityError:
        # A second click a moment ago (the database keeps one per campaign and person).
        raise AlreadyAcknowledged(
            "Bạn đã xác nhận đọc và nắm nội dung Kế hoạch; không cần xác nhận lại."
        ) from None


# Progress reports (II, IV) ----------------------------------------------------------------------------


def _check_evidence(uploads: list[UploadedFile]) -> None:
    for upload in uploads:
        try:
            check_upload(upload)
        except UploadRefused as refused:
            raise DomainError(refused.message) from None


def save_progress_report(
    *,
    campaign: Campaign,
    content_item: ContentItem,
    by: User,
    description: str,
    activity_date: date | None,
    evidence: list[UploadedFile] | tuple = (),
    now: datetime | None = None,
) -> ProgressReport:
    """Create or update the unit's report on one content item, until the end of the emulation period (R2)."""
    now = now or timezone.now()
    staff = _reporting_staff(by, campaign)
    if content_item.campaign_id != campaign.pk:
        raise DomainError(
            f"Nội dung số {content_item.number} không thuộc Kế hoạch số {campaign.number}; "
            "chỉ báo cáo được các nội dung của Kế hoạch này."
        )
    _ensure_emulation_open(campaign, now, what="cập nhật báo cáo tiến độ")
    description = (description or "").strip()
    if not description:
        raise DomainError("Hãy nêu những việc đơn vị đã làm cho nội dung này.")
    _check_activity_date(campaign, activity_date, now)
    evidence = list(evidence or [])
    _check_evidence(evidence)
    unit = staff.unit
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .filter(unit=unit, content_item=content_item)
            .first()
        )
        if report is None:
            try:
                with transaction.atomic():
                    report = ProgressReport.objects.create(
                        campaign=campaign,
                        content_item=content_item,
                        unit=unit,
                        activity_date=activity_date,
                        description=description,
                        created_by=by,
                        created_at=now,
                        updated_by=by,
                        updated_at=now,
                    )
            except IntegrityError:
                raise DomainError(
                    "Đơn vị vừa có người khác gửi báo cáo cho nội dung này; hãy tải lại trang rồi cập nhật."
                ) from None
        else:
            report.description = description
            report.activity_date = activity_date
            report.updated_by = by
            report.updated_at = now
            report.save(update_fields=["description", "activity_date", "updated_by", "updated_at"])
        if evidence:
            count = report.evidence.count()
            if count + len(evidence) > MAX_EVIDENCE_PER_REPORT:
                raise DomainError(
                    f"Mỗi nội dung có tối đa {MAX_EVIDENCE_PER_REPORT} tệp minh chứng "
                    f"(đã có {count}); hãy gỡ bớt tệp cũ hoặc gộp tệp."
                )
            _store_all(report, evidence, by=by, now=now)
    return report


def _store_all(report: ProgressReport, uploads: list[UploadedFile], *, by: User, now: datetime) -> None:
    for upload in uploads:
        evidence = ProgressEvidence(report=report, uploaded_at=now)
        # Nothing of a report whose transaction fails (here, later, or at commit) stays in the storage.
        evidence.store(upload, check_upload(upload), by=by)
        evidence.save()


def _check_activity_date(campaign: Campaign, activity_date: date | None, now: datetime) -> None:
    if activity_date is None:
        raise DomainError("Hãy nhập ngày thực hiện (dd/mm/yyyy).")
    if activity_date < campaign.launch_date or activity_date > campaign.emulation_end:
        raise DomainError(
            f"Ngày thực hiện phải trong thời gian thi đua: từ {vn_date(campaign.launch_date)} "
            f"đến {vn_date(campaign.emulation_end)}."
        )
    if activity_date > local_today(now):
        raise DomainError("Ngày thực hiện không được sau ngày hôm nay: báo cáo nêu việc đã làm.")


def remove_evidence(*, evidence: ProgressEvidence, by: User, now: datetime | None = None) -> None:
    """Take back a wrongly uploaded evidence file, while the report is still editable."""
    now = now or timezone.now()
    report = evidence.report
    campaign = report.campaign
    ensure(by, "campaign.change_progressreport", report)
    _ensure_emulation_open(campaign, now, what="gỡ tệp minh chứng")
    with transaction.atomic():
        ProgressReport.objects.select_for_update().get(pk=report.pk)
        name = evidence.file.name
        ProgressEvidence.objects.filter(pk=evidence.pk).delete()
        storage = ProgressEvidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


# Supervision (IV.3) -------------------------------------------------------------------------------------


def file_supervision_report(
    *,
    campaign: Campaign,
    by: User,
    period_start: date | None,
    period_end: date | None,
    findings: str,
    recommendations: str = "",
    now: datetime | None = None,
) -> SupervisionReport:
    """The People's Inspection Board reports what it supervised; the office and the Director read it."""
    now = now or timezone.now()
    ensure(by, "campaign.add_supervisionreport", SupervisionReport(campaign=campaign))
    person = standing(by).person
    if period_start is None or period_end is None:
        raise DomainError("Hãy nhập thời gian giám sát: từ ngày, đến ngày (dd/mm/yyyy).")
    if period_start > period_end:
        raise DomainError("Thời gian giám sát không hợp lệ: “từ ngày” phải trước hoặc bằng “đến ngày”.")
    if period_end > local_today(now):
        raise DomainError("Thời gian giám sát không được kết thúc sau ngày hôm nay.")
    findings = (findings or "").strip()
    if not findings:
        raise DomainError("Hãy nêu kết quả giám sát.")
    name = person.full_name if person is not None else (by.get_full_name() or by.username)
    with transaction.atomic():
        return SupervisionReport.objects.create(
            campaign=campaign,
            period_start=period_start,
            period_end=period_end,
            findings=findings,
            recommendations=(recommendations or "").strip(),
            filed_by=by,
            filed_by_name=name,
            filed_at=now,
        )


# Renames (issue 13 point 4) ----------------------------------------------------------------------------


RENAMED_FIELDS = {"name": "old_name", "parent_authority": "old_parent_authority", "place_name": "old_place_name"}


def record_rename(*, obj, before: dict, applies_from: date | None, by: User) -> NameChange | None:
    """Keep the names an agency or unit bore until `applies_from`, when any of them changes.

    `before` holds the names as stored before the edit. Documents dated before `applies_from` go on
    printing them (campaign.selectors.name_on). Called inside the caller's transaction, before the save.
    """
    from .models import Agency

    changed = {field for field in RENAMED_FIELDS if field in before and before[field] != getattr(obj, field)}
    if not changed:
        return None
    what = "cơ quan" if isinstance(obj, Agency) else "đơn vị"
    if applies_from is None:
        raise DomainError(
            f"Đổi tên {what}: hãy nhập ngày tên mới bắt đầu áp dụng; văn bản ghi ngày trước đó vẫn in tên cũ."
        )
    agency_id = obj.pk if isinstance(obj, Agency) else obj.agency_id
    unit = None if isinstance(obj, Agency) else obj
    ensure(by, "campaign.change_agency" if unit is None else "campaign.change_unit", obj)
    problem = rename_problem(obj=obj, applies_from=applies_from)
    if problem:
        raise DomainError(problem)
    return NameChange.objects.create(
        agency_id=agency_id,
        unit=unit,
        changed_on=applies_from,
        recorded_by=by,
        **{old: (before[field] if field in changed else "") for field, old in RENAMED_FIELDS.items() if field in before},
    )


def rename_problem(*, obj, applies_from: date) -> str:
    """Why a rename of `obj` cannot apply from `applies_from` (renames go forward in time), or ""."""
    from .models import Agency

    what = "Cơ quan" if isinstance(obj, Agency) else "Đơn vị"
    renames = NameChange.objects.filter(unit__isnull=True, agency=obj) if isinstance(obj, Agency) else obj.name_changes
    last = renames.order_by("-changed_on").first()
    if last is not None and last.changed_on >= applies_from:
        return (
            f"{what} đã đổi tên từ ngày {vn_date(last.changed_on)}: lần đổi tên mới phải áp dụng từ sau ngày đó "
            "(sửa ngày của lần đổi tên cũ trong danh sách tên cũ nếu đã nhập nhầm)."
        )
    return ""
