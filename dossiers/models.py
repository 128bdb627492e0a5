import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from campaign.models import AwardLevel, Campaign, ReportKind, StaffMember, Unit
from core.access import AccessPaths, Audience
from core.storage import private_storage
from core.stored_upload import StoredUpload


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for supplement")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A dossier in one of these states still counts: its nominees cannot be proposed again (R7).
LIVE_STATES = (DossierState.DRAFT, DossierState.SUBMITTED, DossierState.RETURNED, DossierState.ACCEPTED)
# The unit may still change the dossier's content in these states.
EDITABLE_STATES = (DossierState.DRAFT, DossierState.RETURNED)
# The longest reason a unit may give for withdrawing its dossier (the form and the service both hold it).
WITHDRAW_NOTE_MAX_LENGTH = 2000


class Dossier(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.UNIT, unit="unit")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dossiers")
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    state = FSMField(_("state"), default=DossierState.DRAFT, choices=DossierState.choices, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # "SCT-2023-0012": given at the first submission, kept on resubmission, never reused (dossiers/receipts.py).
    code = models.CharField(_("dossier code"), max_length=40, blank=True, db_index=True, editable=False)
    supplement_note = models.TextField(_("supplement request"), blank=True)
    supplement_due = models.DateField(_("supplement due date"), null=True, blank=True)
    decision_note = models.TextField(_("reason of the decision"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("history of the dossier"), verbose_name_plural=_("history of dossiers")
    )

    class Meta:
        verbose_name = _("award-proposal dossier")
        verbose_name_plural = _("award-proposal dossiers")
        ordering = ["campaign", "unit__display_order", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "level"],
                condition=Q(state__in=[s.value for s in LIVE_STATES]),
                name="dossier_one_live_per_unit_level",
                violation_error_message=_("This unit already has a dossier for this level in this campaign."),
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="dossier_code_unique",
                violation_error_message=_("This dossier code is already taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.get_level_display()} · {self.campaign.year}"

    # The workflow (DESIGN.md: an explicit state machine in one place). Services call these
    # methods inside their transaction and write the timeline entry.
    @transition(field=state, source=[DossierState.DRAFT, DossierState.RETURNED], target=DossierState.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=DossierState.SUBMITTED, target=DossierState.RETURNED)
    def return_for_supplement(self):
        pass

    @transition(field=state, source=DossierState.SUBMITTED, target=DossierState.ACCEPTED)
    def accept(self):
        pass

    @transition(field=state, source=[DossierState.SUBMITTED, DossierState.RETURNED], target=DossierState.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=[DossierState.SUBMITTED, DossierState.RETURNED], target=DossierState.WITHDRAWN)
    def withdraw(self):
        pass

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def report_kind(self) -> str:
        return ReportKind.FULL if self.level == AwardLevel.PROVINCIAL else ReportKind.SUMMARY

    @property
    def report_label(self) -> str:
        if self.report_kind == ReportKind.FULL:
            return "Báo cáo thành tích"
        return "Báo cáo tóm tắt thành tích"


class DossierCodeSequence(models.Model):
    """The last number given to a dossier of one agency in one year: the row is locked while the next
    code is taken, so two submissions at the same moment never get the same code."""

    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("dossier code sequence")
        verbose_name_plural = _("dossier code sequences")
        ordering = ["agency", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="dossier_code_sequence_once_per_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Nomination(models.Model):
    # Who sees its rows (campaign/rules.py asks this); the province's steering committee reads a nomination
    # approved at provincial level once the agency's Tờ trình carrying it is sent (or accepted).
    access = AccessPaths(
        agency="dossier__campaign__agency", audience=Audience.UNIT, unit="dossier__unit",
        province="dossier__campaign__agency__province",
        forwarded=(
            ("level", "provincial"),
            ("approval__revoked_at__isnull", True),
            ("campaign__provincial_proposal__sending_state__in", ("sent", "accepted")),
        ),
    )

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="nominations"
    )
    # Copied from the dossier so the database itself can keep a nominee in one live nomination (R7).
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    is_live = models.BooleanField(_("live"), default=True)
    kind = models.CharField(_("nominee kind"), max_length=20, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_nominations",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("individual"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    achievement_summary = models.TextField(_("summary of achievements"))
    # What the nominee was when the dossier was submitted (positions change; the award must not).
    snapshot_name = models.CharField(_("name at submission"), max_length=200, blank=True)
    snapshot_position = models.CharField(_("position at submission"), max_length=150, blank=True)
    snapshot_unit_name = models.CharField(_("unit at submission"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("history of the nomination"), verbose_name_plural=_("history of nominations")
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["dossier", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=NomineeKind.COLLECTIVE, nominee_unit__isnull=False, staff__isnull=True)
                    | Q(kind=NomineeKind.INDIVIDUAL, staff__isnull=False, nominee_unit__isnull=True)
                ),
                name="nomination_nominee_matches_kind",
                violation_error_message=_("A collective names a unit; an individual names a staff member."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "level", "staff"],
                condition=Q(is_live=True, staff__isnull=False),
                name="nomination_one_live_per_staff",
                violation_error_message=_("This person is already proposed in another live dossier."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "level", "nominee_unit"],
                condition=Q(is_live=True, nominee_unit__isnull=False),
                name="nomination_one_live_per_collective",
                violation_error_message=_("This collective is already proposed in another live dossier."),
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    @property
    def nominee_name(self) -> str:
        if self.snapshot_name:
            return self.snapshot_name
        if self.kind == NomineeKind.COLLECTIVE:
            return self.nominee_unit.name if self.nominee_unit_id else ""
        return self.staff.full_name if self.staff_id else ""

    @property
    def position(self) -> str:
        if self.snapshot_name or self.kind == NomineeKind.COLLECTIVE:
            return self.snapshot_position
        return self.staff.position if self.staff_id else ""

    @property
    def unit_name(self) -> str:
        if self.snapshot_unit_name:
            return self.snapshot_unit_name
        if self.kind == NomineeKind.COLLECTIVE:
            return ""
        return self.staff.unit.name if self.staff_id else ""


class DocumentKind(models.TextChoices):
    PROPOSAL_LETTER = "proposal_letter", _("Proposal letter")
    MEETING_MINUTES = "meeting_minutes", _("Minutes of the review meeting")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")


def _stored_name(instance: "DossierFile", filename: str) -> str:
    # A generated name: the user's file name never reaches the file system.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"dossiers/{instance.dossier.campaign_id}/{instance.dossier_id}/{uuid.uuid4().hex}{suffix}"


class DossierFile(StoredUpload):
    """One uploaded version of a document. Versions are never overwritten (R9)."""

    # Who sees its rows (campaign/rules.py asks this); the province's steering committee reads the
    # achievement reports of the nominations a sent (or accepted) Tờ trình carries, nothing else.
    access = AccessPaths(
        agency="dossier__campaign__agency", audience=Audience.UNIT, unit="dossier__unit",
        province="dossier__campaign__agency__province",
        forwarded=(
            ("nomination__level", "provincial"),
            ("nomination__approval__revoked_at__isnull", True),
            ("nomination__campaign__provincial_proposal__sending_state__in", ("sent", "accepted")),
        ),
    )

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="files")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=_stored_name, storage=private_storage, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "kind", "nomination", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.ACHIEVEMENT_REPORT, nomination__isnull=False)
                | (~Q(kind=DocumentKind.ACHIEVEMENT_REPORT) & Q(nomination__isnull=True)),
                name="dossier_file_report_belongs_to_nomination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}: {self.original_name}"


class TimelineKind(models.TextChoices):
    TRANSITION = "transition", _("State change")
    NOMINEE_ADDED = "nominee_added", _("Nominee added")
    NOMINEE_REMOVED = "nominee_removed", _("Nominee removed")


class TransitionLog(models.Model):
    """The dossier's timeline (R9): every state change, and every nominee added or removed (R12), who,
    when, and why. A nominee entry leaves the state as it was (from_state == to_state) and names the
    nominee in its note."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="dossier__campaign__agency", audience=Audience.UNIT, unit="dossier__unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(
        _("kind of entry"), max_length=20, choices=TimelineKind.choices, default=TimelineKind.TRANSITION
    )
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(_("from"), max_length=20, choices=DossierState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=DossierState.choices)
    note = models.TextField(_("note"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["dossier", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=TimelineKind.TRANSITION) | Q(from_state=F("to_state")),
                name="timeline_nominee_entry_keeps_the_state",
            ),
        ]

    def __str__(self) -> str:
        from core.time import PLAN_TZ

        moment = self.at.astimezone(PLAN_TZ).strftime("%H:%M %d/%m/%Y")
        if not self.is_transition:
            return f"{moment}: {self.note}"
        if self.from_state:
            return f"{moment}: {self.get_from_state_display()} → {self.get_to_state_display()}"
        return f"{moment}: {self.get_to_state_display()}"

    @property
    def is_transition(self) -> bool:
        return self.kind == TimelineKind.TRANSITION


# The unit's review meeting (Biên bản họp xét đề nghị khen thưởng, R6) ---------------------------------


class MeetingState(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed")
    CONFIRMED = "confirmed", _("Minutes confirmed")


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class ReviewMeeting(models.Model):
    """The unit's own meeting that reviews the nominees of one of its dossiers: its staff vote online,
    and the minutes it produces become the dossier's minutes."""

    # Who sees its rows (campaign/rules.py asks this): the unit, its agency's office, Director and board.
    access = AccessPaths(agency="dossier__campaign__agency", audience=Audience.UNIT, unit="dossier__unit")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="review_meetings"
    )
    state = models.CharField(_("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.OPEN)
    held_at = models.DateTimeField(_("time of the meeting"))
    place = models.CharField(_("place"), max_length=200)
    chair = models.ForeignKey(
        StaffMember, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        StaffMember, verbose_name=_("secretary"), on_delete=models.PROTECT, related_name="+"
    )
    voting_opens_at = models.DateTimeField(_("voting opens at"))
    voting_closes_at = models.DateTimeField(_("voting closes at"))
    secret_ballot = models.BooleanField(_("secret ballot"), default=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    # The unit's active staff when the meeting closed: the base of the tally "of the unit's staff".
    staff_count = models.PositiveIntegerField(_("staff of the unit"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    minutes_file = models.ForeignKey(
        DossierFile, verbose_name=_("minutes in the dossier"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    history = HistoricalRecords(
        verbose_name=_("history of the review meeting"), verbose_name_plural=_("history of review meetings")
    )

    class Meta:
        verbose_name = _("unit review meeting")
        verbose_name_plural = _("unit review meetings")
        ordering = ["dossier", "-held_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=F("voting_opens_at")),
                name="review_meeting_window_in_order",
                violation_error_message=_("Voting must close after it opens."),
            ),
            models.CheckConstraint(
                condition=~Q(chair=F("secretary")),
                name="review_meeting_chair_is_not_secretary",
                violation_error_message=_("The chair and the secretary are two people."),
            ),
            models.CheckConstraint(
                condition=Q(state=MeetingState.OPEN) | Q(closed_at__isnull=False, staff_count__isnull=False),
                name="review_meeting_closed_has_its_base",
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.CONFIRMED) | Q(minutes_file__isnull=False),
                name="review_meeting_confirmed_has_minutes",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(state__in=[MeetingState.OPEN, MeetingState.CLOSED]),
                name="review_meeting_one_unfinished_per_dossier",
                violation_error_message=_("This dossier already has a review meeting under way."),
            ),
        ]

    def __str__(self) -> str:
        from core.time import PLAN_TZ

        return f"Họp xét {self.dossier.unit.name} {self.held_at.astimezone(PLAN_TZ):%d/%m/%Y}"


class MeetingQuestion(models.Model):
    """One nominee of the dossier put to the vote; the name is kept as it was put, even if the nominee
    later leaves the draft."""

    access = AccessPaths(
        agency="meeting__dossier__campaign__agency", audience=Audience.UNIT, unit="meeting__dossier__unit"
    )

    meeting = models.ForeignKey(
        ReviewMeeting, verbose_name=_("review meeting"), on_delete=models.CASCADE, related_name="questions"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="meeting_questions",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("nominee kind"), max_length=20, choices=NomineeKind.choices)
    nominee_label = models.CharField(_("nominee"), max_length=300)

    class Meta:
        verbose_name = _("question of the review meeting")
        verbose_name_plural = _("questions of the review meeting")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="meeting_question_order_unique"),
        ]

    def __str__(self) -> str:
        return self.nominee_label


class MeetingAttendance(models.Model):
    """A staff member of the unit present at the meeting: marked by the chair, or by voting."""

    access = AccessPaths(
        agency="meeting__dossier__campaign__agency", audience=Audience.UNIT, unit="meeting__dossier__unit"
    )

    meeting = models.ForeignKey(
        ReviewMeeting, verbose_name=_("review meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    staff = models.ForeignKey(StaffMember, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("attendance at the review meeting")
        verbose_name_plural = _("attendance at the review meeting")
        ordering = ["meeting", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "staff"], name="meeting_attendance_once"),
        ]

    def __str__(self) -> str:
        return self.staff.full_name


class MeetingParticipation(models.Model):
    """That a person voted, and when: the "once" of the vote. It never says what they voted."""

    access = AccessPaths(
        agency="meeting__dossier__campaign__agency", audience=Audience.UNIT, unit="meeting__dossier__unit"
    )

    meeting = models.ForeignKey(
        ReviewMeeting, verbose_name=_("review meeting"), on_delete=models.CASCADE, related_name="participations"
    )
    staff = models.ForeignKey(StaffMember, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+")
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("participation in the vote")
        verbose_name_plural = _("participations in the vote")
        ordering = ["meeting", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "staff"], name="meeting_one_ballot_per_person"),
        ]

    def __str__(self) -> str:
        return self.staff.full_name


class Ballot(models.Model):
    """One person's ballot. In a secret ballot it has no voter, no time and a random key, so nothing links
    it to the participation row (no history either: the history would record who was logged in)."""

    access = AccessPaths(agency="meeting__dossier__campaign__agency")  # overseers only; pages show tallies

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        ReviewMeeting, verbose_name=_("review meeting"), on_delete=models.CASCADE, related_name="ballots"
    )
    secret = models.BooleanField(_("secret ballot"))
    voter = models.ForeignKey(
        StaffMember, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(secret=True, voter__isnull=True) | Q(secret=False, voter__isnull=False),
                name="ballot_secret_has_no_voter",
            ),
            models.UniqueConstraint(
                fields=["meeting", "voter"], condition=Q(voter__isnull=False), name="ballot_open_once_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return str(_("ballot"))


class BallotChoice(models.Model):
    """The choice on one question of a ballot."""

    access = AccessPaths(agency="ballot__meeting__dossier__campaign__agency")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="choices")
    question = models.ForeignKey(
        MeetingQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    choice = models.CharField(_("choice"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("choice on a ballot")
        verbose_name_plural = _("choices on ballots")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "question"], name="ballot_choice_once_per_question"),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class FormKind(models.TextChoices):
    """The pre-filled DOCX forms a unit downloads for its dossier (R6)."""

    PROPOSAL_LETTER = "proposal_letter", _("Proposal letter")
    MEETING_MINUTES = "meeting_minutes", _("Minutes of the review meeting")
    COLLECTIVE_FULL = "collective_full", _("Achievement report of a collective")
    INDIVIDUAL_FULL = "individual_full", _("Achievement report of an individual")
    COLLECTIVE_SUMMARY = "collective_summary", _("Summary achievement report of a collective")
    INDIVIDUAL_SUMMARY = "individual_summary", _("Summary achievement report of an individual")


def _form_template_name(instance: "FormTemplate", filename: str) -> str:
    return f"form-templates/{instance.agency_id}/{instance.kind}-{uuid.uuid4().hex}.docx"


class FormTemplate(models.Model):
    """An agency's own DOCX template (docxtpl) for one form of one legal regime, replacing the default form
    bundled with the portal (dossiers/docx_forms/<regime>/<kind>.docx) for that agency's dossiers."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency")

    regime = models.ForeignKey(
        "legal.LegalRegime", verbose_name=_("legal regime"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("form"), max_length=30, choices=FormKind.choices)
    agency = models.ForeignKey(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="form_templates"
    )
    file = models.FileField(_("DOCX template"), upload_to=_form_template_name, storage=private_storage, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("history of the form template"), verbose_name_plural=_("history of form templates")
    )

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["agency", "regime", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "regime", "kind"],
                name="form_template_one_per_agency_regime_kind",
                violation_error_message=_("The agency already has its own template of this form for this regime."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.regime}"
