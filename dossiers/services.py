"""Every change of a dossier's state or content (CONVENTIONS.md: rules live in services, once).

Each function runs in one transaction, locks the dossier row, writes its timeline entry in the same
transaction and sends mail only after commit. Refusals raise DomainError with a Vietnamese message
and change nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from simple_history.utils import bulk_update_with_history

from campaign.models import AwardLevel, Campaign, DossierRequirement, StaffMember, Unit
from campaign.rules import ensure
from core.errors import DeadlineError, DomainError, NotAllowed  # noqa: F401 (re-exported to callers)
from core.prepared import Prepared, attach
from core.time import PLAN_TZ, end_of_day, vn_date
from core.uploads import FileType, UploadRefused, check_upload

from . import notifications, receipts
from .models import (
    EDITABLE_STATES,
    LIVE_STATES,
    WITHDRAW_NOTE_MAX_LENGTH,
    DocumentKind,
    Dossier,
    DossierFile,
    DossierState,
    Nomination,
    NomineeKind,
    TimelineKind,
    TransitionLog,
    private_storage,
)


class IncompleteDossier(DomainError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("Hồ sơ chưa đủ thành phần, chưa thể nộp. Còn thiếu: " + "; ".join(missing) + ".")


class DossierExists(DomainError):
    """The unit already has a live dossier for the campaign and level: `dossier` is it (a page links to it)."""

    def __init__(self, message: str, dossier: Dossier):
        super().__init__(message)
        self.dossier = dossier


STATE_LABELS = dict(DossierState.choices)


def _state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def _vn_datetime(moment: datetime) -> str:
    return moment.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y")


# Who may act: asked of campaign/rules.py (R8), never decided here -----------------------------------
# The unit's active staff prepare, submit and withdraw its dossiers ("dossiers.change_dossier"); the
# office of the dossier's agency reviews them ("dossiers.review_dossier").


def _locked(dossier: Dossier) -> Dossier:
    locked = _LOCKED.first(dossier.pk)
    if locked is None:
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    return locked


# The locked reads of every step, compiled once per process (core/prepared.py, issue 17).
_CAMPAIGN_LOCKED = Prepared(lambda pk: Campaign.objects.select_for_update().filter(pk=pk).only("pk"), int)
_LIVE_DOSSIER = Prepared(
    lambda campaign_id, unit_id, level: Dossier.objects.filter(
        campaign_id=campaign_id, unit_id=unit_id, level=level, state__in=LIVE_STATES
    ).order_by("pk"),
    int, int, str,
)
_LOCKED = Prepared(lambda pk: Dossier.objects.select_for_update().select_related("campaign", "unit").filter(pk=pk), int)


def _locked_for_submit(dossier: Dossier) -> Dossier:
    """The locked dossier with what submitting reads, each fetched once: the requirements and files for the
    checklist, the nominees (with their person and unit, for the checklist and the snapshot), the agency
    for the code. The rows locked are those `_locked` locks (the dossier, its campaign and unit), so every
    step takes the campaign's row before its record chain, in the same order (no deadlock)."""
    locked = _LOCKED_FOR_SUBMIT.first(dossier.pk)
    if locked is None:
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    # What prefetch_related would read, each by a read compiled once (issue 17).
    attach(locked.campaign, "dossier_requirements", _REQUIREMENTS.all(locked.campaign_id))
    attach(locked, "files", _CHECKLIST_FILES.all(locked.pk))
    attach(locked, "nominations", _NOMINEES.all(locked.pk))
    return locked


_LOCKED_FOR_SUBMIT = Prepared(
    lambda pk: Dossier.objects.select_for_update(of=("self", "campaign", "unit"))
    .select_related("campaign__agency", "unit")
    .filter(pk=pk),
    int,
)
_REQUIREMENTS = Prepared(lambda campaign_id: DossierRequirement.objects.filter(campaign_id=campaign_id), int)
_CHECKLIST_FILES = Prepared(
    lambda dossier_id: DossierFile.objects.only("pk", "dossier_id", "nomination_id", "kind").filter(dossier_id=dossier_id),
    int,
)
_NOMINEES = Prepared(
    lambda dossier_id: Nomination.objects.select_related("staff__unit", "nominee_unit").filter(dossier_id=dossier_id),
    int,
)


def nominations_removable(dossier: Dossier) -> bool:
    """A nominee is taken out of a draft only; a submitted dossier is withdrawn whole."""
    return dossier.state == DossierState.DRAFT


def nominees_frozen(dossier: Dossier, now: datetime | None = None) -> bool:
    """After the submission cutoff the set of nominees is frozen (R12): a supplement adds documents, not
    nominees. The pages ask this to offer or hide the add and remove buttons."""
    return (now or timezone.now()) > dossier.campaign.submission_closes_at


def nominees_frozen_message(campaign: Campaign) -> str:
    return (
        f"Đã hết hạn nộp hồ sơ (hạn cuối {vn_date(campaign.submission_deadline)}): danh sách tập thể, cá nhân "
        "được đề nghị đã được chốt, không thể thêm hoặc bỏ người được đề nghị. Sau hạn này chỉ bổ sung được văn "
        "bản, báo cáo và tóm tắt thành tích của những người đã có trong hồ sơ."
    )


def _ensure_nominees_not_frozen(dossier: Dossier, now: datetime) -> None:
    if nominees_frozen(dossier, now):
        raise DeadlineError(nominees_frozen_message(dossier.campaign))


def _ensure_editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE_STATES:
        raise NotAllowed(
            f"Hồ sơ đang ở trạng thái “{_state_label(dossier.state)}”, không thể chỉnh sửa. "
            "Chỉ sửa được hồ sơ nháp hoặc hồ sơ được yêu cầu bổ sung."
        )


def log_transition(
    dossier: Dossier, *, by: User, from_state: str, at: datetime, note: str = "", due_date: date | None = None
) -> TransitionLog:
    return TransitionLog.objects.create(
        dossier=dossier, by=by, at=at, from_state=from_state, to_state=dossier.state, note=note, due_date=due_date
    )


def _nominee_label(nomination: Nomination) -> str:
    """How the timeline names a nominee: "Bà Nguyễn Thị A (cá nhân)", "Phòng Kế hoạch (tập thể)"."""
    if nomination.kind == NomineeKind.INDIVIDUAL:
        return f"{nomination.staff.honorific} {nomination.nominee_name} (cá nhân)"
    return f"{nomination.nominee_name} (tập thể)"


def _log_nominee(dossier: Dossier, nomination: Nomination, *, kind: str, by: User, at: datetime) -> TransitionLog:
    """A nominee added to or removed from the dossier, on its timeline; the state stays as it was."""
    verb = "Thêm đề nghị" if kind == TimelineKind.NOMINEE_ADDED else "Bỏ đề nghị"
    return TransitionLog.objects.create(
        dossier=dossier, kind=kind, by=by, at=at, from_state=dossier.state, to_state=dossier.state,
        note=f"{verb}: {_nominee_label(nomination)}",
    )


def _transition(dossier: Dossier, method_name: str, *, attempted: str) -> None:
    try:
        getattr(dossier, method_name)()
    except TransitionNotAllowed:
        if dossier.state == DossierState.SUBMITTED and method_name == "submit":
            raise NotAllowed(
                f"Hồ sơ đã được nộp lúc {_vn_datetime(dossier.submitted_at)}; không cần nộp lại."
            ) from None
        raise NotAllowed(
            f"Không thể {attempted}: hồ sơ đang ở trạng thái “{_state_label(dossier.state)}”."
        ) from None


# Drafting ------------------------------------------------------------------------------------------


def create_dossier(*, campaign: Campaign, unit: Unit, level: str, by: User, now: datetime | None = None) -> Dossier:
    """A draft can be started at any time (R3); one live dossier per unit, campaign and level."""
    now = now or timezone.now()
    # Asked about the dossier to be created: staff of `unit`, in the campaign's agency.
    ensure(by, "dossiers.add_dossier", Dossier(campaign=campaign, unit=unit, level=level))
    if level not in AwardLevel.values:
        raise DomainError("Cấp khen thưởng không hợp lệ.")
    if unit.agency_id != campaign.agency_id:
        raise NotAllowed("Đơn vị không thuộc cơ quan phát động phong trào này.")
    with transaction.atomic():
        if _CAMPAIGN_LOCKED.first(campaign.pk) is None:
            raise Campaign.DoesNotExist("Campaign matching query does not exist.")
        existing = _LIVE_DOSSIER.first(campaign.pk, unit.pk, level)
        if existing:
            raise DossierExists(
                f"Đơn vị đã có hồ sơ {AwardLevel(level).label.lower()} cho phong trào này "
                f"(trạng thái “{_state_label(existing.state)}”). Hãy mở hồ sơ đó để tiếp tục.",
                existing,
            )
        dossier = Dossier.objects.create(campaign=campaign, unit=unit, level=level, created_by=by)
        log_transition(dossier, by=by, from_state="", at=now, note="Tạo hồ sơ nháp")
    return dossier


def _check_nominee(dossier: Dossier, *, kind: str, staff: StaffMember | None, exclude_pk: int | None = None) -> None:
    if kind == NomineeKind.INDIVIDUAL:
        if staff is None:
            raise DomainError("Hãy chọn cá nhân được đề nghị.")
        if staff.unit_id != dossier.unit_id:
            raise DomainError(
                f"{staff.full_name} không thuộc {dossier.unit.name}; đơn vị chỉ đề nghị khen thưởng "
                "cho cán bộ của đơn vị mình."
            )
        clash = Nomination.objects.filter(campaign=dossier.campaign, level=dossier.level, staff=staff, is_live=True)
        who = staff.full_name
    elif kind == NomineeKind.COLLECTIVE:
        clash = Nomination.objects.filter(
            campaign=dossier.campaign, level=dossier.level, nominee_unit=dossier.unit, is_live=True
        )
        who = f"Tập thể {dossier.unit.name}"
    else:
        raise DomainError("Hãy chọn đề nghị cho tập thể hay cá nhân.")
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            f"{who} đã có trong một đề nghị khác của phong trào này ở cùng cấp khen thưởng; "
            "mỗi tập thể, cá nhân chỉ được đề nghị một lần."
        )


def add_nomination(
    *,
    dossier: Dossier,
    by: User,
    kind: str,
    achievement_summary: str,
    staff: StaffMember | None = None,
    report: UploadedFile | None = None,
    now: datetime | None = None,
) -> Nomination:
    """Add a nominee (the unit itself, or one of its staff), with its report if given, in one step; only
    until the submission cutoff (R12). The addition is on the dossier's timeline."""
    now = now or timezone.now()
    ensure(by, "dossiers.change_dossier", dossier)
    report_type = _check_upload_or_refuse(report) if report is not None else None
    with transaction.atomic():
        dossier = _locked(dossier)
        _ensure_editable(dossier)
        _ensure_nominees_not_frozen(dossier, now)
        _check_nominee(dossier, kind=kind, staff=staff)
        # No savepoint of its own: a clash aborts the whole transaction, which the DomainError rolls back.
        # (The dossier's lock already serialises the nominees of a unit's one live dossier per level.)
        try:
            nomination = Nomination.objects.create(
                dossier=dossier,
                campaign=dossier.campaign,
                level=dossier.level,
                kind=kind,
                nominee_unit=dossier.unit if kind == NomineeKind.COLLECTIVE else None,
                staff=staff if kind == NomineeKind.INDIVIDUAL else None,
                achievement_summary=achievement_summary.strip(),
            )
        except IntegrityError:
            # Another request proposed the same nominee a moment ago (R7 holds in the database).
            raise DomainError(
                "Tập thể/cá nhân này vừa được đề nghị trong một hồ sơ khác; mỗi tập thể, cá nhân chỉ được "
                "đề nghị một lần."
            ) from None
        _log_nominee(dossier, nomination, kind=TimelineKind.NOMINEE_ADDED, by=by, at=now)
        if report is not None:
            _store_file(dossier, kind=DocumentKind.ACHIEVEMENT_REPORT, nomination=nomination, upload=report, by=by,
                        file_type=report_type, first_version=True)
    return nomination


def update_nomination(*, nomination: Nomination, by: User, achievement_summary: str) -> Nomination:
    ensure(by, "dossiers.change_dossier", nomination.dossier)
    with transaction.atomic():
        dossier = _locked(nomination.dossier)
        _ensure_editable(dossier)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk, dossier=dossier)
        nomination.achievement_summary = achievement_summary.strip()
        nomination.save(update_fields=["achievement_summary"])
    return nomination


def remove_nomination(*, nomination: Nomination, by: User, now: datetime | None = None) -> None:
    """Only from a draft (once submitted, what the office received stays on record) and only until the
    submission cutoff (R12). The removal is on the dossier's timeline."""
    now = now or timezone.now()
    ensure(by, "dossiers.change_dossier", nomination.dossier)
    with transaction.atomic():
        dossier = _locked(nomination.dossier)
        _ensure_nominees_not_frozen(dossier, now)
        if not nominations_removable(dossier):
            raise NotAllowed(
                "Chỉ xoá được đề nghị khi hồ sơ còn là bản nháp. Hồ sơ đã nộp có thể rút toàn bộ trước khi "
                "Văn phòng Sở xử lý."
            )
        # The dossier's lock serialises every change of its nominees.
        nomination = (
            Nomination.objects.select_related("staff", "nominee_unit").filter(pk=nomination.pk, dossier=dossier).first()
        )
        if nomination is None:
            raise DomainError("Đề nghị này đã được xoá khỏi hồ sơ.")
        names = list(DossierFile.objects.filter(nomination=nomination).values_list("file", flat=True))
        transaction.on_commit(lambda: [private_storage().delete(name) for name in names])
        _log_nominee(dossier, nomination, kind=TimelineKind.NOMINEE_REMOVED, by=by, at=now)
        nomination.delete()


def _check_upload_or_refuse(upload: UploadedFile):
    try:
        return check_upload(upload)
    except UploadRefused as refused:
        raise DomainError(refused.message) from None


STORAGE_FAILED = (
    "Không lưu được tệp “{name}” vào kho lưu trữ của máy chủ; hồ sơ chưa thay đổi. "
    "Vui lòng thử tải lên lại sau ít phút; nếu vẫn lỗi, hãy báo Văn phòng Sở."
)


def _store_file(
    dossier: Dossier, *, kind: str, nomination: Nomination | None, upload: UploadedFile, by: User,
    file_type: FileType, first_version: bool = False,
) -> DossierFile:
    """Write the file (hashed in the same pass, fsynced with its folder), then its row: the caller's
    transaction commits a row only for a file already on disk. The upload was checked by the caller."""
    previous = None
    if not first_version:
        previous = DossierFile.objects.filter(dossier=dossier, kind=kind, nomination=nomination).aggregate(
            v=Max("version")
        )["v"]
    stored = DossierFile(dossier=dossier, nomination=nomination, kind=kind, version=(previous or 0) + 1)
    # If the transaction fails after the file reached the storage (this save, a later statement, the commit),
    # the file goes with the rolled-back row.
    stored.store(upload, file_type, by=by, refused=STORAGE_FAILED)
    stored.save()
    return stored


def upload_document(
    *, dossier: Dossier, by: User, kind: str, upload: UploadedFile, nomination: Nomination | None = None
) -> DossierFile:
    """Add a new version of a document; earlier versions are kept (R9)."""
    ensure(by, "dossiers.change_dossier", dossier)
    if kind not in DocumentKind.values:
        raise DomainError("Loại văn bản không hợp lệ.")
    if (kind == DocumentKind.ACHIEVEMENT_REPORT) != (nomination is not None):
        raise DomainError("Báo cáo thành tích phải gắn với một tập thể hoặc cá nhân được đề nghị.")
    file_type = _check_upload_or_refuse(upload)
    with transaction.atomic():
        dossier = _locked(dossier)
        _ensure_editable(dossier)
        if nomination is not None and nomination.dossier_id != dossier.pk:
            raise DomainError("Đề nghị không thuộc hồ sơ này.")
        return _store_file(dossier, kind=kind, nomination=nomination, upload=upload, by=by, file_type=file_type)


def file_is_intact(stored: DossierFile, handle) -> bool:
    """True when the stored bytes still have the SHA-256 taken at upload; rewinds the handle."""
    import hashlib

    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest() == stored.sha256


# Completeness (R6) -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One required part: its label in the plan's words, whether it is there, and the anchor of the dossier
    page where it is supplied. Unpacks as (label, done)."""

    label: str
    done: bool
    anchor: str = ""

    def __iter__(self):
        return iter((self.label, self.done))

    # Templates unpack `{% for label, done in checklist %}` by length and index.
    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int):
        return (self.label, self.done)[index]


def checklist(dossier: Dossier) -> list[ChecklistItem]:
    """Each required part of the dossier for its level, in the plan's words, and whether it is there."""
    requirement = dossier.campaign.requirement_for(dossier.level)
    files = list(dossier.files.all())
    kinds_present = {f.kind for f in files if f.nomination_id is None}
    reports_present = {f.nomination_id for f in files if f.kind == DocumentKind.ACHIEVEMENT_REPORT}
    items: list[ChecklistItem] = []
    if requirement is None or requirement.requires_proposal_letter:
        items.append(ChecklistItem("Công văn đề nghị", DocumentKind.PROPOSAL_LETTER in kinds_present,
                                   f"doc-{DocumentKind.PROPOSAL_LETTER}"))
    if requirement is None or requirement.requires_meeting_minutes:
        items.append(ChecklistItem("Biên bản họp xét đề nghị khen thưởng",
                                   DocumentKind.MEETING_MINUTES in kinds_present, f"doc-{DocumentKind.MEETING_MINUTES}"))
    nominations = list(dossier.nominations.all())
    items.append(ChecklistItem("Ít nhất một tập thể hoặc cá nhân được đề nghị", bool(nominations), "add-nomination"))
    needs_reports = requirement is None or requirement.requires_achievement_report
    for nomination in nominations:
        if needs_reports:
            items.append(ChecklistItem(f"{dossier.report_label} của {nomination.nominee_name}",
                                       nomination.pk in reports_present, f"nomination-{nomination.pk}"))
    return items


def missing_documents(dossier: Dossier) -> list[str]:
    """What the dossier still lacks for its level (R6)."""
    return [label for label, done in checklist(dossier) if not done]


# Transitions ---------------------------------------------------------------------------------------


def submit_dossier(*, dossier: Dossier, by: User, now: datetime | None = None) -> Dossier:
    """Submit a draft until the cutoff, or re-submit after a supplement request until its due date (R3)."""
    now = now or timezone.now()
    with transaction.atomic():
        dossier = _locked_for_submit(dossier)
        ensure(by, "dossiers.change_dossier", dossier)
        campaign = dossier.campaign
        if dossier.state == DossierState.RETURNED:
            due = dossier.supplement_due or campaign.submission_deadline
            if now > end_of_day(due):
                raise DeadlineError(
                    f"Đã quá hạn bổ sung hồ sơ (hạn bổ sung: hết ngày {vn_date(due)}). "
                    f"Hồ sơ vẫn được giữ nguyên; vui lòng liên hệ {campaign.agency.office_name}."
                )
        elif dossier.state == DossierState.DRAFT and now > campaign.submission_closes_at:
            raise DeadlineError(
                f"Đã hết hạn nộp hồ sơ (hạn cuối {vn_date(campaign.submission_deadline)}). "
                "Bản nháp của đơn vị vẫn được giữ nguyên."
            )
        from_state = dossier.state
        _transition(dossier, "submit", attempted="nộp hồ sơ")
        missing = missing_documents(dossier)
        if missing:
            raise IncompleteDossier(missing)
        dossier.submitted_at = now
        # The code is given at the first submission and kept on resubmission (dossiers/receipts.py).
        receipts.give_code(dossier)
        dossier.save(update_fields=["state", "submitted_at", "code", "updated_at"])
        _snapshot_nominees(dossier, by=by)
        note = "Nộp bổ sung hồ sơ" if from_state == DossierState.RETURNED else "Nộp hồ sơ"
        entry = log_transition(dossier, by=by, from_state=from_state, at=now, note=note)
    # One small task with the keys: the worker finds the recipients and renders the mail (issue 17).
    notifications.notify_on_commit(notifications.SUBMITTED, dossier.pk, entry.pk)
    return dossier


def _snapshot_nominees(dossier: Dossier, *, by: User) -> None:
    """Freeze the nominee's name, position and unit as submitted: one UPDATE and one history INSERT for all
    the nominees (the history row names `by`, as a save in the request would)."""
    nominations = list(dossier.nominations.all())
    for nomination in nominations:
        if nomination.kind == NomineeKind.INDIVIDUAL:
            nomination.snapshot_name = nomination.staff.full_name
            nomination.snapshot_position = nomination.staff.position
            nomination.snapshot_unit_name = nomination.staff.unit.name
        else:
            nomination.snapshot_name = nomination.nominee_unit.name
            nomination.snapshot_position = ""
            nomination.snapshot_unit_name = nomination.nominee_unit.name
    if nominations:
        bulk_update_with_history(
            nominations, Nomination, ["snapshot_name", "snapshot_position", "snapshot_unit_name"], default_user=by
        )


def _release_nominees(dossier: Dossier) -> None:
    # A withdrawn or rejected dossier no longer holds its nominees (R7): they may be proposed again.
    Nomination.objects.filter(dossier=dossier).update(is_live=False)


def _withdraw_note(note: str) -> str:
    """The unit's reason, as typed, or a refusal: never dropped in silence while the withdrawal goes on."""
    note = (note or "").strip()
    if "\x00" in note:
        raise DomainError("Lý do rút hồ sơ chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại.")
    if len(note) > WITHDRAW_NOTE_MAX_LENGTH:
        raise DomainError(
            f"Lý do rút hồ sơ dài {len(note)} ký tự; tối đa {WITHDRAW_NOTE_MAX_LENGTH} ký tự. Hồ sơ chưa được rút."
        )
    return note


def withdraw_dossier(*, dossier: Dossier, by: User, note: str = "", now: datetime | None = None) -> Dossier:
    """The unit takes back a submitted dossier before the office decides."""
    now = now or timezone.now()
    note = _withdraw_note(note)
    with transaction.atomic():
        dossier = _locked(dossier)
        ensure(by, "dossiers.change_dossier", dossier)
        from_state = dossier.state
        _transition(dossier, "withdraw", attempted="rút hồ sơ")
        dossier.save(update_fields=["state", "updated_at"])
        _release_nominees(dossier)
        entry = log_transition(dossier, by=by, from_state=from_state, at=now, note=note or "Đơn vị rút hồ sơ")
    notifications.notify_on_commit(notifications.STATE_CHANGED, dossier.pk, entry.pk)
    return dossier


def request_supplement(
    *, dossier: Dossier, by: User, note: str, due_date: date, now: datetime | None = None
) -> Dossier:
    """The office asks for more; the due date may fall after the cutoff (R3)."""
    now = now or timezone.now()
    ensure(by, "dossiers.review_dossier", dossier)
    if not note.strip():
        raise DomainError("Hãy ghi rõ nội dung cần bổ sung.")
    if due_date is None or end_of_day(due_date) < now:
        raise DomainError("Hạn bổ sung phải là hôm nay hoặc một ngày sau hôm nay.")
    with transaction.atomic():
        dossier = _locked(dossier)
        from_state = dossier.state
        _transition(dossier, "return_for_supplement", attempted="yêu cầu bổ sung")
        dossier.supplement_note = note.strip()
        dossier.supplement_due = due_date
        dossier.save(update_fields=["state", "supplement_note", "supplement_due", "updated_at"])
        entry = log_transition(dossier, by=by, from_state=from_state, at=now, note=note.strip(), due_date=due_date)
    notifications.notify_on_commit(notifications.STATE_CHANGED, dossier.pk, entry.pk)
    return dossier


def accept_dossier(*, dossier: Dossier, by: User, note: str = "", now: datetime | None = None) -> Dossier:
    now = now or timezone.now()
    ensure(by, "dossiers.review_dossier", dossier)
    with transaction.atomic():
        dossier = _locked(dossier)
        from_state = dossier.state
        _transition(dossier, "accept", attempted="tiếp nhận hồ sơ")
        dossier.decision_note = note.strip()
        dossier.save(update_fields=["state", "decision_note", "updated_at"])
        entry = log_transition(dossier, by=by, from_state=from_state, at=now, note=note.strip() or "Tiếp nhận hồ sơ")
    notifications.notify_on_commit(notifications.STATE_CHANGED, dossier.pk, entry.pk)
    return dossier


def reject_dossier(*, dossier: Dossier, by: User, reason: str, now: datetime | None = None) -> Dossier:
    now = now or timezone.now()
    ensure(by, "dossiers.review_dossier", dossier)
    if not reason.strip():
        raise DomainError("Hãy ghi rõ lý do không tiếp nhận hồ sơ.")
    with transaction.atomic():
        dossier = _locked(dossier)
        from_state = dossier.state
        _transition(dossier, "reject", attempted="không tiếp nhận hồ sơ")
        dossier.decision_note = reason.strip()
        dossier.save(update_fields=["state", "decision_note", "updated_at"])
        _release_nominees(dossier)
        entry = log_transition(dossier, by=by, from_state=from_state, at=now, note=reason.strip())
    notifications.notify_on_commit(notifications.STATE_CHANGED, dossier.pk, entry.pk)
    return dossier
