"""The unit's review meeting (issue 16 point 3; DESIGN.md R6): every change of state, and the tally.

The unit head opens a meeting for one of the unit's dossiers with the dossier's nominees as the questions;
the unit's active staff vote online inside the window, once each; the head (or the chair) records who is
present; the head closes the meeting and confirms the minutes, which the portal prints and files as the
dossier's minutes. Each function runs in one transaction and refuses with a Vietnamese message, changing
nothing. Who may do what is asked of campaign/rules.py.

A secret ballot keeps two things apart: the participation row says who voted and when (for "once"); the
ballot says what was voted, with no voter, no time and a random key, and has no history (the history
would record the logged-in voter). Pages, the minutes and the admin only ever show counts.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from campaign.models import StaffMember
from campaign.rules import ensure, standing
from core.errors import DeadlineError, DomainError, NotAllowed
from core.time import PLAN_TZ

from .models import (
    EDITABLE_STATES,
    Ballot,
    BallotChoice,
    DocumentKind,
    Dossier,
    MeetingAttendance,
    MeetingParticipation,
    MeetingQuestion,
    MeetingState,
    NomineeKind,
    ReviewMeeting,
    VoteChoice,
)

PLACE_MAX_LENGTH = 200
CONCLUSION_MAX_LENGTH = 5000


def _moment(at: datetime) -> str:
    return at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def _clean_text(value: str, *, label: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise DomainError(f"{label} chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại.")
    if required and not value:
        raise DomainError(f"Hãy nhập {label.lower()}.")
    if len(value) > max_length:
        raise DomainError(f"{label} dài {len(value)} ký tự; tối đa {max_length} ký tự.")
    return value


def unit_staff(dossier: Dossier):
    """The unit's active staff: who may attend and vote, and the base of the tally "of the unit's staff"."""
    return StaffMember.objects.filter(unit_id=dossier.unit_id, is_active=True).order_by("-is_leader", "full_name")


def question_label(nomination) -> str:
    if nomination.kind == NomineeKind.COLLECTIVE:
        return f"Tập thể {nomination.nominee_name}"
    details = ", ".join(p for p in (nomination.position,) if p)
    label = f"{nomination.staff.honorific} {nomination.nominee_name}"
    return f"{label}, {details}" if details else label


# Opening ------------------------------------------------------------------------------------------


def open_meeting(
    *,
    dossier: Dossier,
    by: User,
    held_at: datetime,
    place: str,
    chair: StaffMember,
    secretary: StaffMember,
    voting_opens_at: datetime,
    voting_closes_at: datetime,
    secret_ballot: bool,
    now: datetime | None = None,
) -> ReviewMeeting:
    now = now or timezone.now()
    ensure(by, "dossiers.open_reviewmeeting", dossier)
    place = _clean_text(place, label="Địa điểm họp", max_length=PLACE_MAX_LENGTH, required=True)
    if None in (held_at, voting_opens_at, voting_closes_at):
        raise DomainError("Hãy nhập thời gian họp và thời gian biểu quyết.")
    if voting_closes_at <= voting_opens_at:
        raise DomainError("Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu.")
    if voting_closes_at <= now:
        raise DeadlineError(
            f"Thời điểm kết thúc biểu quyết ({_moment(voting_closes_at)}) đã qua; hãy chọn một thời điểm sau bây giờ."
        )
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().select_related("unit", "campaign").get(pk=dossier.pk)
        if dossier.state not in EDITABLE_STATES:
            raise NotAllowed(
                f"Hồ sơ đang ở trạng thái “{dossier.get_state_display()}”; chỉ họp xét cho hồ sơ nháp hoặc hồ sơ "
                "được yêu cầu bổ sung."
            )
        staff_ids = set(unit_staff(dossier).values_list("pk", flat=True))
        for person, role in ((chair, "Người chủ trì"), (secretary, "Thư ký")):
            if person is None or person.pk not in staff_ids:
                raise DomainError(f"{role} phải là cán bộ đang công tác tại {dossier.unit.name}.")
        if chair.pk == secretary.pk:
            raise DomainError("Người chủ trì và thư ký cuộc họp phải là hai người khác nhau.")
        nominations = list(
            dossier.nominations.select_related("staff__unit", "nominee_unit").order_by("kind", "pk")
        )
        if not nominations:
            raise DomainError("Hồ sơ chưa có tập thể, cá nhân được đề nghị nào để đưa ra biểu quyết.")
        if ReviewMeeting.objects.filter(
            dossier=dossier, state__in=[MeetingState.OPEN, MeetingState.CLOSED]
        ).exists():
            raise DomainError(
                "Hồ sơ này đang có một cuộc họp xét chưa xác nhận biên bản; hãy kết thúc cuộc họp đó trước."
            )
        meeting = ReviewMeeting.objects.create(
            dossier=dossier,
            held_at=held_at,
            place=place,
            chair=chair,
            secretary=secretary,
            voting_opens_at=voting_opens_at,
            voting_closes_at=voting_closes_at,
            secret_ballot=bool(secret_ballot),
            opened_by=by,
            opened_at=now,
        )
        MeetingQuestion.objects.bulk_create(
            MeetingQuestion(
                meeting=meeting, nomination=n, position=index, kind=n.kind, nominee_label=question_label(n)
            )
            for index, n in enumerate(nominations, start=1)
        )
    return meeting


# Attendance and votes -----------------------------------------------------------------------------


def _locked_meeting(meeting: ReviewMeeting) -> ReviewMeeting:
    return (
        ReviewMeeting.objects.select_for_update()
        .select_related("dossier__unit", "dossier__campaign__agency")
        .get(pk=meeting.pk)
    )


def _ensure_open(meeting: ReviewMeeting) -> None:
    if meeting.state != MeetingState.OPEN:
        raise NotAllowed(f"Cuộc họp đã kết thúc lúc {_moment(meeting.closed_at)}; không thể thay đổi nữa.")


def record_attendance(
    *, meeting: ReviewMeeting, by: User, present: list[StaffMember], now: datetime | None = None
) -> list[StaffMember]:
    """The chair's (or the head's) list of who is present. Whoever voted stays present."""
    now = now or timezone.now()
    ensure(by, "dossiers.record_attendance", meeting)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _ensure_open(meeting)
        staff_ids = set(unit_staff(meeting.dossier).values_list("pk", flat=True))
        wanted = {person.pk for person in present}
        strangers = wanted - staff_ids
        if strangers:
            raise DomainError(f"Chỉ điểm danh cán bộ đang công tác tại {meeting.dossier.unit.name}.")
        voted = set(meeting.participations.values_list("staff_id", flat=True))
        marked = set(meeting.attendance.values_list("staff_id", flat=True))
        MeetingAttendance.objects.filter(meeting=meeting, staff_id__in=marked - wanted - voted).delete()
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, staff_id=pk, marked_by=by, marked_at=now) for pk in wanted - marked
        )
    return list(StaffMember.objects.filter(pk__in=wanted | voted))


def cast_ballot(
    *, meeting: ReviewMeeting, by: User, choices: dict[int, str], now: datetime | None = None
) -> MeetingParticipation:
    """One ballot per person per meeting, with a choice on every nominee, inside the window, by an active
    staff member of the unit. Voting marks the voter present."""
    ensure(by, "dossiers.vote_reviewmeeting", meeting)
    voter = standing(by).staff
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        # The time is read once the meeting is locked: a ballot that waited for a close is stamped after it.
        now = now or timezone.now()
        _ensure_open(meeting)
        if now < meeting.voting_opens_at:
            raise DeadlineError(f"Chưa đến thời gian biểu quyết (bắt đầu lúc {_moment(meeting.voting_opens_at)}).")
        if now > meeting.voting_closes_at:
            raise DeadlineError(f"Đã hết thời gian biểu quyết (kết thúc lúc {_moment(meeting.voting_closes_at)}).")
        questions = list(meeting.questions.all())
        if not questions:
            raise DomainError("Cuộc họp không có nội dung nào để biểu quyết.")
        missing = [q.nominee_label for q in questions if choices.get(q.pk) not in VoteChoice.values]
        if missing:
            raise DomainError("Hãy chọn Đồng ý, Không đồng ý hoặc Không biểu quyết cho: " + "; ".join(missing) + ".")
        if MeetingParticipation.objects.filter(meeting=meeting, staff=voter).exists():
            raise NotAllowed("Bạn đã bỏ phiếu trong cuộc họp này; mỗi người chỉ bỏ phiếu một lần.")
        try:
            with transaction.atomic():
                participation = MeetingParticipation.objects.create(meeting=meeting, staff=voter, voted_at=now)
        except IntegrityError:
            # The constraint holds even if two requests of the same person got here together.
            raise NotAllowed("Bạn đã bỏ phiếu trong cuộc họp này; mỗi người chỉ bỏ phiếu một lần.") from None
        if not MeetingAttendance.objects.filter(meeting=meeting, staff=voter).exists():
            MeetingAttendance.objects.create(meeting=meeting, staff=voter, marked_by=by, marked_at=now)
        ballot = Ballot.objects.create(
            meeting=meeting, secret=meeting.secret_ballot, voter=None if meeting.secret_ballot else voter
        )
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, question=q, choice=choices[q.pk]) for q in questions
        )
    return participation


def meetings_to_vote(user, now: datetime | None = None):
    """The unit's meetings whose vote is under way, for the user's dossier list: where staff find them."""
    from campaign.rules import scope_for

    now = now or timezone.now()
    me = standing(user)
    if me.acting_unit_id is None:
        return ReviewMeeting.objects.none()
    return (
        scope_for(user, ReviewMeeting.objects.filter(state=MeetingState.OPEN, voting_closes_at__gte=now))
        .filter(dossier__unit_id=me.acting_unit_id)
        .select_related("dossier__unit", "dossier__campaign")
        .order_by("voting_closes_at")
    )


# Closing and the minutes --------------------------------------------------------------------------


def close_meeting(
    *, meeting: ReviewMeeting, by: User, conclusion: str = "", now: datetime | None = None
) -> ReviewMeeting:
    """The head ends the vote (at any time: a meeting may finish before its window does) and writes the
    conclusion; the unit's active staff at that moment are the base of the tally."""
    ensure(by, "dossiers.close_reviewmeeting", meeting)
    conclusion = _clean_text(conclusion, label="Kết luận", max_length=CONCLUSION_MAX_LENGTH, required=False)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        now = now or timezone.now()  # read with the lock held, as cast_ballot does
        _ensure_open(meeting)
        meeting.state = MeetingState.CLOSED
        meeting.closed_at = now
        meeting.closed_by = by
        meeting.staff_count = unit_staff(meeting.dossier).count()
        meeting.conclusion = conclusion or default_conclusion(meeting, tally(meeting))
        meeting.save(update_fields=["state", "closed_at", "closed_by", "staff_count", "conclusion"])
    return meeting


def minutes_file_name(meeting: ReviewMeeting) -> str:
    return f"bien-ban-hop-xet-{meeting.held_at.astimezone(PLAN_TZ):%Y-%m-%d}.pdf"


def confirm_minutes(*, meeting: ReviewMeeting, by: User, now: datetime | None = None) -> ReviewMeeting:
    """The head confirms the minutes: the portal prints them and files them as a new version of the
    dossier's minutes (R9: earlier versions, such as a scan, are kept)."""
    from . import minutes
    from .services import _check_upload_or_refuse, _locked, _store_file

    now = now or timezone.now()
    ensure(by, "dossiers.confirm_reviewmeeting", meeting)
    with transaction.atomic():
        dossier = _locked(meeting.dossier)
        meeting = _locked_meeting(meeting)
        if meeting.state == MeetingState.OPEN:
            raise NotAllowed("Hãy kết thúc biểu quyết trước khi xác nhận biên bản.")
        if meeting.state == MeetingState.CONFIRMED:
            raise NotAllowed("Biên bản của cuộc họp này đã được xác nhận và đưa vào hồ sơ.")
        if dossier.state not in EDITABLE_STATES:
            raise NotAllowed(
                f"Hồ sơ đang ở trạng thái “{dossier.get_state_display()}”, không thể thêm biên bản. "
                "Chỉ đưa biên bản vào hồ sơ nháp hoặc hồ sơ được yêu cầu bổ sung."
            )
        meeting.confirmed_at = now
        meeting.confirmed_by = by
        pdf = minutes.minutes_pdf(meeting, final=True)
        upload = SimpleUploadedFile(minutes_file_name(meeting), pdf.content, content_type="application/pdf")
        stored = _store_file(dossier, kind=DocumentKind.MEETING_MINUTES, nomination=None, upload=upload, by=by,
                             file_type=_check_upload_or_refuse(upload))
        meeting.state = MeetingState.CONFIRMED
        meeting.minutes_file = stored
        meeting.save(update_fields=["state", "confirmed_at", "confirmed_by", "minutes_file"])
    return meeting


# The tally ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyRow:
    question: MeetingQuestion
    agree: int
    disagree: int
    abstain: int
    present: int
    staff: int

    @property
    def voted(self) -> int:
        return self.agree + self.disagree + self.abstain

    @staticmethod
    def _percent(part: int, whole: int) -> str:
        if not whole:
            return "–"
        return f"{100 * part / whole:.1f}".replace(".", ",") + "%"

    @property
    def agree_of_present(self) -> str:
        return self._percent(self.agree, self.present)

    @property
    def agree_of_staff(self) -> str:
        return self._percent(self.agree, self.staff)

    @property
    def passes(self) -> bool:
        """More than half of those present agree (what the unit usually concludes on; the head writes it)."""
        return self.present > 0 and 2 * self.agree > self.present


@dataclass(frozen=True)
class Tally:
    rows: list[TallyRow]
    present: int
    voted: int
    staff: int


def tally(meeting: ReviewMeeting) -> Tally:
    """Counts per nominee, of those present and of the unit's staff: three queries, whatever the size."""
    questions = list(
        meeting.questions.annotate(
            n_agree=Count("choices", filter=Q(choices__choice=VoteChoice.AGREE)),
            n_disagree=Count("choices", filter=Q(choices__choice=VoteChoice.DISAGREE)),
            n_abstain=Count("choices", filter=Q(choices__choice=VoteChoice.ABSTAIN)),
        ).order_by("position")
    )
    counts = ReviewMeeting.objects.filter(pk=meeting.pk).aggregate(
        present=Count("attendance", distinct=True), voted=Count("participations", distinct=True)
    )
    staff = meeting.staff_count if meeting.staff_count is not None else unit_staff(meeting.dossier).count()
    rows = [
        TallyRow(q, q.n_agree, q.n_disagree, q.n_abstain, counts["present"], staff) for q in questions
    ]
    return Tally(rows=rows, present=counts["present"], voted=counts["voted"], staff=staff)


def default_conclusion(meeting: ReviewMeeting, result: Tally) -> str:
    passed = [row.question.nominee_label for row in result.rows if row.passes]
    if not passed:
        return "Không có tập thể, cá nhân nào đạt trên 50% số phiếu đồng ý của những người dự họp."
    return (
        "Cuộc họp thống nhất đề nghị khen thưởng cho các tập thể, cá nhân đạt trên 50% số phiếu đồng ý "
        "của những người dự họp: " + "; ".join(passed) + "."
    )
