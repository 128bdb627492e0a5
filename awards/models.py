import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history import register as _register_history
from simple_history.models import HistoricalRecords

from campaign.models import AwardLevel, Campaign, StaffMember
from core.access import AccessPaths, Audience
from core.storage import private_storage
from dossiers.models import Nomination, NomineeKind


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all", _("All members of the council")
    PRESENT = "present", _("Members present")


class CouncilMeeting(models.Model):
    """A sitting of the emulation and commendation council on one campaign and level."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="council_meetings"
    )
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    held_on = models.DateField(_("meeting date"))
    members_present = models.ManyToManyField(
        StaffMember, verbose_name=_("members present"), related_name="council_meetings", blank=True
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of members present)"),
        default=50,
        help_text=_("The meeting is valid when at least this share of the council's members is present."),
    )
    vote_base = models.CharField(_("base of the vote"), max_length=10, choices=VoteBase.choices, default=VoteBase.ALL_MEMBERS)
    pass_threshold_percent = models.PositiveSmallIntegerField(
        _("pass threshold (%)"),
        default=50,
        help_text=_("A nomination passes with strictly more than this share of the base voting in favour."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # The council as it was on the day (R: a past tally never follows later changes of the board).
    council_size = models.PositiveSmallIntegerField(_("members of the council at the meeting"), default=0, editable=False)
    council_at_meeting = models.ManyToManyField(
        StaffMember, verbose_name=_("council members at the meeting"), related_name="+", blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(
        m2m_fields=[members_present],
        verbose_name=_("history of the council meeting"),
        verbose_name_plural=_("history of council meetings"),
    )

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100) & Q(pass_threshold_percent__lte=100),
                name="council_percentages_at_most_100",
                violation_error_message=_("Percentages must be between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"Họp Hội đồng ngày {self.held_on:%d/%m/%Y} – {self.get_level_display()}"


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")
    CONFLICT = "conflict", _("Conflict of interest")


class Vote(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="meeting__campaign__agency")

    # A meeting that has votes stays: its tallies decided approvals.
    meeting = models.ForeignKey(CouncilMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="votes"
    )
    # Empty for a vote of a secret e-ballot: the tally counts it, nothing says whose it was.
    member = models.ForeignKey(
        StaffMember, verbose_name=_("council member"), on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("history of the vote"), verbose_name_plural=_("history of votes"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "nomination", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination", "member"], name="vote_one_per_member"),
        ]

    def __str__(self) -> str:
        who = self.member.full_name if self.member_id else "Phiếu kín"
        return f"{who}: {self.get_choice_display()}"


class CouncilBallotState(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed")


class CouncilBallot(models.Model):
    """The council's e-ballot for one meeting: the office opens it with a window, the members marked present
    vote online, and closing it turns the ballots into the meeting's votes (the same path as the vote grid)."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="meeting__campaign__agency")

    meeting = models.OneToOneField(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballot"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CouncilBallotState.choices, default=CouncilBallotState.OPEN
    )
    opens_at = models.DateTimeField(_("voting opens at"))
    closes_at = models.DateTimeField(_("voting closes at"))
    secret = models.BooleanField(_("secret ballot"), default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The history of the e-ballot's opening and closing (chained in the tamper-evident record). It holds no
    # vote and no voter: its user is always the office. Named for the e-vote session, so that no history
    # table is named for a ballot (the secrecy tests of both meetings look for one).
    history = HistoricalRecords(
        custom_model_name="HistoricalCouncilEVote",
        verbose_name=_("history of the council e-ballot"),
        verbose_name_plural=_("history of council e-ballots"),
    )

    class Meta:
        verbose_name = _("council e-ballot")
        verbose_name_plural = _("council e-ballots")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="council_ballot_window_in_order",
                violation_error_message=_("Voting must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"Biểu quyết điện tử – {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.state == CouncilBallotState.OPEN


class CouncilBallotParticipation(models.Model):
    """That a member voted in the e-ballot, and when: the "once". It never says what they voted."""

    access = AccessPaths(agency="ballot__meeting__campaign__agency")

    ballot = models.ForeignKey(
        CouncilBallot, verbose_name=_("council e-ballot"), on_delete=models.PROTECT, related_name="participations"
    )
    member = models.ForeignKey(
        StaffMember, verbose_name=_("council member"), on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("participation in the council e-ballot")
        verbose_name_plural = _("participations in the council e-ballot")
        ordering = ["ballot", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="council_ballot_once_per_member"),
        ]

    def __str__(self) -> str:
        return self.member.full_name


class CouncilBallotChoice(models.Model):
    """A member's choice on one nomination. In a secret ballot it has no voter, no time, a random key and no
    history (the history would record who was logged in): nothing links it to the participation row."""

    access = AccessPaths(agency="ballot__meeting__campaign__agency")  # overseers only; pages show tallies

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        CouncilBallot, verbose_name=_("council e-ballot"), on_delete=models.PROTECT, related_name="choices"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="+"
    )
    secret = models.BooleanField(_("secret ballot"))
    voter = models.ForeignKey(
        StaffMember, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("choice in the council e-ballot")
        verbose_name_plural = _("choices in the council e-ballot")
        constraints = [
            models.CheckConstraint(
                condition=Q(secret=True, voter__isnull=True) | Q(secret=False, voter__isnull=False),
                name="council_choice_secret_has_no_voter",
            ),
            models.UniqueConstraint(
                fields=["ballot", "nomination", "voter"], condition=Q(voter__isnull=False),
                name="council_choice_open_once_per_voter",
            ),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class ApprovalQuerySet(models.QuerySet):
    def live(self) -> "ApprovalQuerySet":
        """Approvals that stand: a revoked one stays as a record but counts for nothing."""
        return self.filter(revoked_at__isnull=True)


class Approval(models.Model):
    """A nomination approved for the award, within the quota (R5). Revoking keeps the row (who, when, why);
    approving the nomination again makes the same row stand again, and its history keeps both."""

    # Who sees its rows (campaign/rules.py asks this); the province's steering committee reads the live
    # provincial approvals a sent (or accepted) Tờ trình carries.
    access = AccessPaths(
        agency="campaign__agency",
        province="campaign__agency__province",
        forwarded=(
            ("level", "provincial"),
            ("revoked_at__isnull", True),
            ("campaign__provincial_proposal__sending_state__in", ("sent", "accepted")),
        ),
    )

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="approval"
    )
    # Copied from the nomination so quotas are counted in one indexed query.
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="approvals")
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    kind = models.CharField(_("nominee kind"), max_length=20, choices=NomineeKind.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("history of the approval"), verbose_name_plural=_("history of approvals")
    )

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("approved nomination")
        verbose_name_plural = _("approved nominations")
        ordering = ["campaign", "level", "kind", "nomination__dossier__unit__display_order", "pk"]
        indexes = [models.Index(fields=["campaign", "level", "kind"], name="approval_quota_idx")]

    def __str__(self) -> str:
        return self.nomination.nominee_name

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class Publication(models.Model):
    """The proposed list shown to all staff for comment (công khai) before the Director signs (R4)."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="publications"
    )
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    opened_at = models.DateTimeField(_("published at"))
    working_days = models.PositiveSmallIntegerField(_("working days open for comment"), default=5)
    closes_on = models.DateField(
        _("open for comment until"), help_text=_("Inclusive: comments are accepted until 23:59:59 of this day.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(
        verbose_name=_("history of the publication"), verbose_name_plural=_("history of publications")
    )

    class Meta:
        verbose_name = _("publication for comment")
        verbose_name_plural = _("publications for comment")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "level"], name="publication_one_per_level"),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="publication_at_least_one_day"),
        ]

    def __str__(self) -> str:
        return f"Công khai danh sách đề nghị – {self.get_level_display()} – {self.campaign.title}"

    @property
    def closes_at(self):
        from core.time import end_of_day

        return end_of_day(self.closes_on)

    def is_open(self, now=None) -> bool:
        from django.utils import timezone

        return (now or timezone.now()) <= self.closes_at


class Feedback(models.Model):
    """A staff member's comment on a nominee of the published list, and the office's answer."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="publication__campaign__agency", audience=Audience.OWN, owner="author")

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.PROTECT, related_name="feedback"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("sent at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["publication", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination.nominee_name}: {self.text[:60]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer.strip())


# Decisions, awards and certificates (DESIGN.md R4, R10, "Vietnamese administrative form") ------------


def nfc(text: str) -> str:
    """Vietnamese text in composed form (NFC), whatever the keyboard or the copy-paste produced."""
    import unicodedata

    return unicodedata.normalize("NFC", text or "")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class RegisteredDocument(models.Model):
    """A numbered document of the agency's register (Decree 30/2020): an award decision or a Tờ trình.

    The number comes from the register kept by the records clerk; the portal records it, checks its form
    (`<serial>/<DOC_CODE>-<agency code>`) and that it is unique for the agency and year, never invents one.
    """

    DOC_CODE = ""

    # Each document declares its own `agency` and `campaign` (with its own related names).
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("As registered, e.g. 123/QĐ-SCT; may stay empty in a draft.")
    )
    # The number's serial and the year of the date: the database keeps a number unique per agency and year.
    serial = models.PositiveIntegerField(_("serial in the register"), null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    signing_date = models.DateField(_("date of the document"))
    signer_name = models.CharField(_("signer's name"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=100, help_text=_("e.g. Giám đốc, Phó Giám đốc"))
    is_deputy = models.BooleanField(
        _("signed by a deputy (KT.)"), default=False, help_text=_("Printed as “KT. GIÁM ĐỐC” over the deputy's title.")
    )
    subject = models.CharField(_("subject line"), max_length=400)
    recipients = models.TextField(_("recipients (Nơi nhận)"), help_text=_("One recipient per line."))
    state = models.CharField(_("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in ("number", "signer_name", "signer_title", "subject", "recipients"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        self.year = self.signing_date.year
        super().save(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.state == DecisionState.SIGNED

    @property
    def number_display(self) -> str:
        """The number as printed; a draft without a number leaves the serial blank for the clerk."""
        return self.number or f"\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{self.DOC_CODE}-{self.agency.code}"

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-–").strip() for line in self.recipients.splitlines() if line.strip()]


class AwardDecision(RegisteredDocument):
    """The Director's decision awarding the Giấy khen of one campaign and level (Quyết định khen thưởng)."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency")

    DOC_CODE = "QĐ"
    history = HistoricalRecords(
        verbose_name=_("history of the award decision"), verbose_name_plural=_("history of award decisions")
    )

    agency = models.ForeignKey(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices, default=AwardLevel.GRASSROOTS)
    proposer = models.CharField(
        _("proposed by"), max_length=200, default="Chánh Văn phòng Sở", help_text=_("Xét đề nghị của …")
    )
    executors = models.CharField(
        _("who carries it out (Article 3)"),
        max_length=400,
        default="Chánh Văn phòng Sở, Thủ trưởng các phòng, đơn vị thuộc Sở và các tập thể, cá nhân có tên tại Điều 1",
    )
    register_start = models.PositiveIntegerField(
        _("first register number"),
        null=True,
        blank=True,
        help_text=_("Empty: continue after the highest number of the agency's award register in the year."),
    )

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signing_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "level"],
                name="award_decision_one_per_campaign_level",
                violation_error_message=_("This campaign already has a decision for this level."),
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="award_decision_number_unique_per_agency_year",
                violation_error_message=_("This decision number is already used by the agency in this year."),
            ),
            models.CheckConstraint(
                condition=Q(state=DecisionState.DRAFT)
                | Q(serial__isnull=False, signed_at__isnull=False, signed_by__isnull=False),
                name="award_decision_signed_has_number",
                violation_error_message=_("A signed decision has a number, a signer and a signing time."),
            ),
        ]

    def __str__(self) -> str:
        number = self.number or "(chưa có số)"
        return f"Quyết định {number} – {self.campaign.title}"


def new_verify_token() -> str:
    """16 random bytes, URL-safe (22 characters): the token of a Giấy khen's verification link."""
    import secrets

    return secrets.token_urlsafe(16)


class Award(models.Model):
    """One approved nomination in a decision: what its Giấy khen and the register say, frozen at signing."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(
        agency="agency", audience=Audience.UNIT, unit="unit", owner="staff__user",
        staff_filter=(("decision__state", "signed"),),
    )


    decision = models.ForeignKey(AwardDecision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="awards")
    approval = models.OneToOneField(
        Approval, verbose_name=_("approved nomination"), on_delete=models.PROTECT, related_name="award"
    )
    # Copied from the decision: register numbers are unique per agency and year in the database.
    agency = models.ForeignKey("campaign.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(_("order in the list"))
    kind = models.CharField(_("nominee kind"), max_length=20, choices=NomineeKind.choices)
    unit = models.ForeignKey(
        "campaign.Unit", verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="awards"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("individual"), on_delete=models.PROTECT, related_name="awards", null=True, blank=True
    )
    honorific = models.CharField(_("honorific"), max_length=10, blank=True, help_text=_("Ông or Bà; empty for a collective."))
    recipient_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    register_number = models.PositiveIntegerField(_("register number (số sổ)"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("cash award (VND)"))
    # The opaque link printed as a QR code on the Giấy khen (/xac-minh/<token>/): not guessable, says nothing.
    verify_token = models.CharField(
        _("verification token"), max_length=32, unique=True, default=new_verify_token, editable=False
    )
    history = HistoricalRecords(verbose_name=_("history of the award"), verbose_name_plural=_("history of awards"))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "register_number"],
                condition=Q(register_number__isnull=False),
                name="award_register_number_unique_per_agency_year",
                violation_error_message=_("This register number is already used in this year."),
            ),
            models.UniqueConstraint(fields=["decision", "order"], name="award_order_unique_per_decision"),
            models.CheckConstraint(
                condition=Q(kind=NomineeKind.COLLECTIVE, staff__isnull=True)
                | Q(kind=NomineeKind.INDIVIDUAL, staff__isnull=False),
                name="award_staff_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        for field in ("honorific", "recipient_name", "position", "unit_name"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)

    @property
    def is_collective(self) -> bool:
        return self.kind == NomineeKind.COLLECTIVE

    @property
    def display_name(self) -> str:
        """“Bà Nguyễn Thị Thúy Vy”, or the collective's name."""
        return f"{self.honorific} {self.recipient_name}".strip()

    @property
    def details(self) -> str:
        """Position and unit of an individual, as printed under the name."""
        if self.is_collective:
            return ""
        return ", ".join(part for part in (self.position, self.unit_name) if part)

    @property
    def register_display(self) -> str:
        return f"{self.register_number:02d}" if self.register_number else ""


class AmendmentKind(models.TextChoices):
    REVOKED = "revoked", _("Revoked by a later decision")
    CORRECTED = "corrected", _("Corrected by a later decision")


class DecisionAmendment(models.Model):
    """A later decision that revoked or corrected a signed award decision, or some of its certificates.

    The office records it in the admin (with history); the public verification page of each certificate it
    concerns says so, with the later decision's number and date.
    """

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="decision__agency")

    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(_("what the later decision does"), max_length=10, choices=AmendmentKind.choices)
    awards = models.ManyToManyField(
        Award,
        verbose_name=_("certificates concerned"),
        related_name="amendments",
        blank=True,
        help_text=_("Only these certificates of the decision; empty: every certificate of the decision."),
    )
    number = models.CharField(_("number of the later decision"), max_length=50)
    decided_on = models.DateField(_("date of the later decision"))
    summary = models.CharField(
        _("what was corrected"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the public verification page, e.g. the corrected position; no other personal data."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(
        m2m_fields=[awards],
        verbose_name=_("history of the decision amendment"),
        verbose_name_plural=_("history of decision amendments"),
    )

    class Meta:
        verbose_name = _("later decision revoking or correcting")
        verbose_name_plural = _("later decisions revoking or correcting")
        ordering = ["decision", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.number} ({self.decided_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.number = nfc(self.number).strip()
        self.summary = nfc(self.summary).strip()
        super().save(*args, **kwargs)


class SendingState(models.TextChoices):
    """Where a Tờ trình is on its way to the provincial steering committee."""

    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sent to the steering committee")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted by the steering committee")


# What the committee reads of a Tờ trình: once sent, including one it returned (its note and timeline).
FORWARDED_STATES = (SendingState.SENT, SendingState.RETURNED, SendingState.ACCEPTED)
# What the committee reads of the nominations and files a Tờ trình carries: while it stands sent or accepted.
STANDING_STATES = (SendingState.SENT, SendingState.ACCEPTED)


class ProvincialProposal(RegisteredDocument):
    """The Tờ trình to the provincial steering committee: the approved provincial-level nominations."""

    # Who sees its rows (campaign/rules.py asks this): the agency's overseers; the province's committee
    # once it is sent, and never while the agency has it reopened as a draft to correct it.
    access = AccessPaths(
        agency="agency",
        province="agency__province",
        forwarded=(("sending_state__in", FORWARDED_STATES), ("state", "signed")),
    )

    DOC_CODE = "TTr"
    history = HistoricalRecords(
        verbose_name=_("history of the provincial proposal"), verbose_name_plural=_("history of provincial proposals")
    )

    agency = models.ForeignKey(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="provincial_proposals"
    )
    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="provincial_proposal"
    )
    addressee = models.CharField(
        _("addressed to (Kính gửi)"), max_length=300, help_text=_("e.g. Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh")
    )
    sending_state = models.CharField(
        _("sending state"), max_length=10, choices=SendingState.choices, default=SendingState.NOT_SENT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    committee_note = models.TextField(_("steering committee's note"), blank=True)
    # Each correction after a return is a new revision; the PDFs issued for earlier ones are kept.
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    requested_award = models.CharField(
        _("award asked for"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh; printed in the Tờ trình's request."),
    )

    class Meta:
        verbose_name = _("provincial proposal (Tờ trình)")
        verbose_name_plural = _("provincial proposals (Tờ trình)")
        ordering = ["-signing_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="provincial_proposal_number_unique_per_agency_year",
                violation_error_message=_("This Tờ trình number is already used by the agency in this year."),
            ),
            models.CheckConstraint(
                condition=Q(state=DecisionState.DRAFT)
                | Q(serial__isnull=False, signed_at__isnull=False, signed_by__isnull=False),
                name="provincial_proposal_signed_has_number",
                violation_error_message=_("A signed Tờ trình has a number, a signer and a signing time."),
            ),
            models.CheckConstraint(
                condition=~Q(sending_state__in=STANDING_STATES)
                | Q(state=DecisionState.SIGNED, sent_at__isnull=False, sent_by__isnull=False),
                name="provincial_proposal_sent_is_signed",
                violation_error_message=_("Only a signed Tờ trình is sent to the steering committee."),
            ),
        ]

    def __str__(self) -> str:
        number = self.number or "(chưa có số)"
        return f"Tờ trình {number} – {self.campaign.title}"

    def save(self, *args, **kwargs):
        self.addressee = nfc(self.addressee).strip()
        self.requested_award = nfc(self.requested_award).strip()
        super().save(*args, **kwargs)

    @property
    def is_forwarded(self) -> bool:
        """Sent or accepted: the committee reads its list, reports and files."""
        return self.sending_state in STANDING_STATES


class ProposalStep(models.Model):
    """One step of a Tờ trình on its way to the steering committee: sent, returned, reopened, accepted."""

    # Who sees its rows (campaign/rules.py asks this): the agency's overseers and the province's committee.
    access = AccessPaths(agency="proposal__agency", province="proposal__agency__province")

    proposal = models.ForeignKey(
        ProvincialProposal, verbose_name=_("provincial proposal"), on_delete=models.CASCADE, related_name="steps"
    )
    from_state = models.CharField(_("from"), max_length=10, choices=SendingState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=SendingState.choices)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    number = models.CharField(_("number"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("name"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("step of a provincial proposal")
        verbose_name_plural = _("steps of provincial proposals")
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class ProvincialOutcome(models.Model):
    """What the province decided for one forwarded nomination: awarded or not, the form, its decision."""

    # Who sees its rows (campaign/rules.py asks this): the agency's overseers, the staff of the proposing
    # unit, the nominee, and the province's committee.
    access = AccessPaths(
        agency="proposal__agency",
        audience=Audience.UNIT,
        unit="approval__nomination__dossier__unit",
        owner="approval__nomination__staff__user",
        province="proposal__agency__province",
    )

    approval = models.OneToOneField(
        Approval, verbose_name=_("approved nomination"), on_delete=models.PROTECT, related_name="provincial_outcome"
    )
    proposal = models.ForeignKey(
        ProvincialProposal, verbose_name=_("provincial proposal"), on_delete=models.PROTECT, related_name="outcomes"
    )
    awarded = models.BooleanField(_("awarded"))
    form = models.CharField(
        _("form of award"), max_length=200, blank=True, help_text=_("e.g. Bằng khen của Chủ tịch UBND tỉnh")
    )
    decision_number = models.CharField(_("provincial decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("provincial decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords(
        verbose_name=_("history of the provincial outcome"), verbose_name_plural=_("history of provincial outcomes")
    )

    class Meta:
        verbose_name = _("provincial outcome")
        verbose_name_plural = _("provincial outcomes")
        ordering = ["proposal", "approval__nomination__dossier__unit__display_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(awarded=False)
                | (~Q(form="") & ~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="provincial_outcome_award_has_decision",
                violation_error_message=_("An award names its form and the provincial decision's number and date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approval.nomination.nominee_name}: {self.form if self.awarded else 'không khen thưởng'}"

    def save(self, *args, **kwargs):
        for field in ("form", "decision_number", "note"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)


def _issued_name(instance: "IssuedDocument", filename: str) -> str:
    from uuid import uuid4

    owner = f"qd{instance.decision_id}" if instance.decision_id else f"ttr{instance.proposal_id}"
    return f"awards/{owner}/{uuid4().hex}.pdf"


def _private_storage():
    # Named here because migrations refer to it.
    return private_storage()


class IssuedDocument(models.Model):
    """A PDF as first issued from a signed document; a reprint serves these very bytes again."""

    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="issued", null=True, blank=True
    )
    proposal = models.ForeignKey(
        ProvincialProposal,
        verbose_name=_("provincial proposal"),
        on_delete=models.PROTECT,
        related_name="issued",
        null=True,
        blank=True,
    )
    key = models.CharField(_("document"), max_length=60, help_text=_("e.g. decision, certificates-A4, certificate-12-A3"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_issued_name, storage=_private_storage, max_length=255)
    download_name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"))
    # The certificate the PDF was signed with (PAdES, awards/issuing/signing.py): its subject's common name;
    # empty when the agency had no certificate configured and the PDF was issued unsigned.
    signed_with = models.CharField(_("signed with certificate"), max_length=300, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("first printed by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("first printed at"))

    class Meta:
        verbose_name = _("issued PDF")
        verbose_name_plural = _("issued PDFs")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False, proposal__isnull=True)
                | Q(decision__isnull=True, proposal__isnull=False),
                name="issued_document_has_one_owner",
            ),
            models.UniqueConstraint(
                fields=["decision", "key"], condition=Q(decision__isnull=False), name="issued_document_once_per_decision"
            ),
            models.UniqueConstraint(
                fields=["proposal", "key"], condition=Q(proposal__isnull=False), name="issued_document_once_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PaperSize(models.TextChoices):
    A4 = "A4", _("A4 (297 × 210 mm)")
    A3 = "A3", _("A3 (420 × 297 mm)")


class CertificateLayout(models.Model):
    """Where the variable fields go when certificates are printed onto pre-printed blanks (phôi).

    Positions are millimetres from the top-left corner of the landscape sheet; the offsets move everything
    at once to make up for the printer's own shift, as measured on the calibration page.
    """

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency")

    agency = models.OneToOneField(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="certificate_layout"
    )
    paper = models.CharField(_("paper size of the blanks"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4)
    issuer_title = models.CharField(
        _("issuer line"),
        max_length=200,
        blank=True,
        help_text=_("Printed above “TẶNG”; empty: e.g. GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP, from the agency."),
    )
    print_issuer = models.BooleanField(
        _("print the issuer line on the blanks"),
        default=False,
        help_text=_("For generic blanks that do not carry the issuer line (e.g. GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP)."),
    )
    offset_x_mm = models.DecimalField(_("shift right (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("shift down (mm)"), max_digits=5, decimal_places=1, default=0)
    text_left_mm = models.DecimalField(_("text block: left (mm)"), max_digits=5, decimal_places=1, default=38)
    text_width_mm = models.DecimalField(_("text block: width (mm)"), max_digits=5, decimal_places=1, default=221)
    name_top_mm = models.DecimalField(_("name: top (mm)"), max_digits=5, decimal_places=1, default=93)
    details_top_mm = models.DecimalField(_("position and unit: top (mm)"), max_digits=5, decimal_places=1, default=105)
    reason_top_mm = models.DecimalField(_("reason: top (mm)"), max_digits=5, decimal_places=1, default=117)
    decision_left_mm = models.DecimalField(_("decision number: left (mm)"), max_digits=5, decimal_places=1, default=28)
    decision_top_mm = models.DecimalField(_("decision number: top (mm)"), max_digits=5, decimal_places=1, default=172)
    signature_left_mm = models.DecimalField(_("signature block: left (mm)"), max_digits=5, decimal_places=1, default=160)
    signature_width_mm = models.DecimalField(_("signature block: width (mm)"), max_digits=5, decimal_places=1, default=115)
    date_top_mm = models.DecimalField(_("place and date: top (mm)"), max_digits=5, decimal_places=1, default=138)
    signer_title_top_mm = models.DecimalField(_("signer's title: top (mm)"), max_digits=5, decimal_places=1, default=146)
    signer_name_top_mm = models.DecimalField(_("signer's name: top (mm)"), max_digits=5, decimal_places=1, default=180)
    name_font_pt = models.DecimalField(_("name: font size (pt)"), max_digits=4, decimal_places=1, default=22)
    text_font_pt = models.DecimalField(_("other fields: font size (pt)"), max_digits=4, decimal_places=1, default=15)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate print layout")
        verbose_name_plural = _("certificate print layouts")
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_x_mm__gte=-30, offset_x_mm__lte=30, offset_y_mm__gte=-30, offset_y_mm__lte=30),
                name="certificate_layout_offsets_in_range",
                violation_error_message=_("Shifts must be between -30 and 30 mm."),
            ),
            models.CheckConstraint(
                condition=Q(name_font_pt__gte=8, name_font_pt__lte=48, text_font_pt__gte=8, text_font_pt__lte=36),
                name="certificate_layout_font_sizes_in_range",
                violation_error_message=_("Font sizes must be between 8 and 48 pt."),
            ),
        ]

    def __str__(self) -> str:
        return f"Bố cục in Giấy khen trên phôi – {self.agency.name}"


# Publication after signing (Law 10/2022 on grassroots democracy) --------------------------------------

# The signed decision is published inside the agency within this many working days of its signing ...
NOTICE_DUE_WORKING_DAYS = 5
# ... and kept up at least this many days from the day it is published.
NOTICE_MINIMUM_DAYS = 20


class DecisionNotice(models.Model):
    """A signed award decision and its list, published inside the agency (niêm yết, công khai) when it is
    signed: every staff member of the agency may open it while it is up, and who opened it is recorded."""

    # Who sees its rows (campaign/rules.py asks this): the whole agency.
    access = AccessPaths(agency="decision__agency", audience=Audience.AGENCY)

    decision = models.OneToOneField(
        AwardDecision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="notice"
    )
    due_on = models.DateField(
        _("to be published by"), help_text=_("The fifth working day after the decision was signed.")
    )
    published_at = models.DateTimeField(_("published at"))
    published_on = models.DateField(_("first day of publication"))
    ends_on = models.DateField(
        _("published until"),
        help_text=_("Inclusive. At least 20 days after the first day of publication; the office may extend it."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(
        verbose_name=_("history of the decision notice"), verbose_name_plural=_("history of decision notices")
    )

    class Meta:
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("published_on")),
                name="decision_notice_ends_after_start",
                violation_error_message=_("The publication must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"Công khai Quyết định {self.decision.number}"

    @property
    def minimum_end(self):
        from datetime import timedelta

        return self.published_on + timedelta(days=NOTICE_MINIMUM_DAYS)

    @property
    def on_time(self) -> bool:
        return self.published_on <= self.due_on

    def is_up(self, today) -> bool:
        return self.published_on <= today <= self.ends_on


class NoticeView(models.Model):
    """The first time one person opened a published decision (later openings change nothing)."""

    # Who sees its rows: the office and the inspection board (and the Director); a person their own.
    access = AccessPaths(agency="notice__decision__agency", audience=Audience.OWN, owner="user")

    notice = models.ForeignKey(
        DecisionNotice, verbose_name=_("published decision"), on_delete=models.CASCADE, related_name="views"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    first_opened_at = models.DateTimeField(_("first opened at"))

    class Meta:
        verbose_name = _("opening of a published decision")
        verbose_name_plural = _("openings of published decisions")
        ordering = ["notice", "first_opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="notice_view_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.first_opened_at:%d/%m/%Y %H:%M}"


class PrintJobKind(models.TextChoices):
    CERTIFICATES = "certificates", _("Certificates")
    BLANK = "blank", _("Certificates on pre-printed blanks")


class PrintJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to print")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


PRINT_JOB_LIVE = (PrintJobStatus.QUEUED, PrintJobStatus.RUNNING)


def _print_job_name(instance: "PrintJob", filename: str) -> str:
    from uuid import uuid4

    return f"awards/qd{instance.decision_id}/in/{uuid4().hex}.pdf"


class PrintJob(models.Model):
    """A decision's certificates printed in the background (more than PRINT_SYNC_LIMIT of them): rendered in
    chunks by a task on the "print" queue, joined into one PDF, stored only once whole (awards/issuing/print_jobs.py)."""

    # Who sees its rows (campaign/rules.py asks this): the agency's office, Director and inspection board.
    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(
        "campaign.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="print_jobs"
    )
    kind = models.CharField(_("print mode"), max_length=20, choices=PrintJobKind.choices)
    paper = models.CharField(_("paper size"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=PrintJobStatus.choices, default=PrintJobStatus.QUEUED)
    # Which run of the job this is: a restarted job's older worker, if still alive, sees it is no longer its own.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    done = models.PositiveIntegerField(_("certificates printed"), default=0)
    total = models.PositiveIntegerField(_("certificates"))
    file = models.FileField(_("file"), upload_to=_print_job_name, storage=_private_storage, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    signed_with = models.CharField(_("signed with certificate"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Last sign of life of the worker (each chunk): a running job silent for long was killed.
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double click, or two people at once, cannot start the same print twice.
            models.UniqueConstraint(
                fields=["decision", "kind", "paper"],
                condition=Q(status__in=["queued", "running"]),
                name="print_job_one_live_per_decision",
            ),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="print_job_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"In {self.get_kind_display().lower()} – Quyết định {self.decision.number or '(dự thảo)'}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


# The signer's second factor (django-otp's TOTP device) keeps its history here: enrolment, and removal by the
# person's office for recovery (issue 14), each with who did it.

_register_history(TOTPDevice, app="awards", table_name="awards_historicaltotpdevice")
