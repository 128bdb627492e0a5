from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import AccessPaths, Audience
from core.storage import private_storage
from core.stored_upload import StoredUpload
from core.time import end_of_day, is_on_or_before, start_of_day


class NFCNamesMixin:
    """Names typed on a Mac or pasted from a PDF may arrive decomposed (NFD); stored in NFC they sort,
    search and print the same as names typed elsewhere, and fit their max_length."""

    nfc_fields: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        import unicodedata

        for name in self.nfc_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, unicodedata.normalize("NFC", value))
        super().save(*args, **kwargs)


class AwardLevel(models.TextChoices):
    """Who awards: the Director (Giấy khen) or the provincial steering committee."""

    GRASSROOTS = "grassroots", _("Grassroots (Director's certificate of merit)")
    PROVINCIAL = "provincial", _("Provincial (proposal to the provincial steering committee)")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Province(models.Model):
    """A province whose steering committee (Ban Chỉ đạo thực hiện QCDC tỉnh) receives the agencies' Tờ trình."""

    # Who sees its rows (campaign/rules.py asks this): its committee and the agencies of the province.
    access = AccessPaths(agency=None, province="pk", audience=Audience.AGENCY)

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Tỉnh Đồng Tháp"))
    code = models.CharField(_("short code"), max_length=20, unique=True, help_text=_("e.g. DT"))
    place_name = models.CharField(
        _("place name for the date line"), max_length=100, help_text=_("e.g. Đồng Tháp")
    )
    committee_name = models.CharField(
        _("name of the steering committee"),
        max_length=300,
        default="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh",
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="pk", audience=Audience.AGENCY)

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Sở Công Thương"))
    parent_authority = models.CharField(
        _("parent authority"), max_length=200, help_text=_("e.g. UBND TỈNH ĐỒNG THÁP")
    )
    code = models.CharField(_("short code"), max_length=20, unique=True, help_text=_("e.g. SCT"))
    place_name = models.CharField(
        _("place name for the date line"), max_length=100, help_text=_("e.g. Đồng Tháp")
    )
    head_title = models.CharField(_("head's title"), max_length=100, default="Giám đốc")
    office_name = models.CharField(
        _("office that receives dossiers"), max_length=200, default="Văn phòng Sở"
    )
    competence_basis = models.TextField(
        _("basis of competence"),
        blank=True,
        help_text=_(
            "The Căn cứ line of the agency's own functions and powers, e.g. Căn cứ Quyết định số …/QĐ-UBND "
            "… quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Công Thương; "
            "pre-filled into each new plan."
        ),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Shown in the portal's footer, e.g. Số 12, đường …")
    )
    phone = models.CharField(_("telephone"), max_length=50, blank=True, help_text=_("Shown in the portal's footer."))
    office_email = models.EmailField(
        _("office's e-mail address"),
        blank=True,
        help_text=_("Told of each dossier submitted, besides the office's own logins."),
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("The province whose steering committee receives the agency's Tờ trình."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProvincialPlan(models.Model):
    """The province's plan (e.g. Kế hoạch 157/KH-UBND) that the agencies' own plans carry out."""

    # Who sees its rows (campaign/rules.py asks this): its committee and the agencies of the province.
    access = AccessPaths(agency=None, province="province", audience=Audience.AGENCY)

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.CharField(_("plan number"), max_length=50, help_text=_("e.g. 157/KH-UBND"))
    signing_date = models.DateField(_("date of the plan"))
    issuer = models.CharField(_("issued by"), max_length=200, help_text=_("e.g. UBND tỉnh"))
    title = models.CharField(_("title"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"))
    history = HistoricalRecords(
        verbose_name=_("history of the provincial plan"), verbose_name_plural=_("history of provincial plans")
    )

    class Meta:
        verbose_name = _("provincial plan")
        verbose_name_plural = _("provincial plans")
        ordering = ["-year", "-signing_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number", "year"],
                name="provincial_plan_number_unique_per_province_year",
                violation_error_message=_("This province already has a plan with this number in this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch số {self.number} ngày {self.signing_date:%d/%m/%Y} của {self.issuer}"

    @property
    def carried_out_line(self) -> str:
        """“Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023 của UBND tỉnh về …”, as the plans print it."""
        title = self.title.strip()
        subject = f" về {title[0].lower()}{title[1:]}" if title else ""
        return f"Thực hiện {self}{subject}"


class Campaign(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency", audience=Audience.AGENCY)

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="campaigns"
    )
    number = models.CharField(_("plan number"), max_length=50, help_text=_("e.g. 123/KH-SCT"))
    plan_date = models.DateField(
        _("date of the plan"),
        null=True,
        blank=True,
        help_text=_("The date the plan was signed, as registered; documents that cite the plan print it."),
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    preamble = models.TextField(_("preamble"), blank=True, help_text=_("The opening paragraphs of the plan."))
    launch_date = models.DateField(_("launch date"))
    emulation_end = models.DateField(
        _("end of the emulation period"), help_text=_("Inclusive: until 23:59:59 of this day.")
    )
    submission_deadline = models.DateField(
        _("submission deadline"), help_text=_("Inclusive: dossiers are accepted until 23:59:59 of this day.")
    )
    collective_quota = models.PositiveSmallIntegerField(_("collective quota (grassroots)"))
    individual_quota = models.PositiveSmallIntegerField(_("individual quota (grassroots)"))
    provincial_plan = models.ForeignKey(
        ProvincialPlan,
        verbose_name=_("provincial plan carried out"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("The province's plan this plan carries out; its allocation decides the provincial places."),
    )
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    organisation = models.TextField(_("organisation of implementation"), blank=True)
    award_reason = models.CharField(
        _("award reason line"),
        max_length=300,
        help_text=_("Printed on each certificate, e.g. Đã có thành tích xuất sắc, tiêu biểu …"),
    )
    award_fund_source = models.CharField(
        _("source of the award fund"),
        max_length=300,
        blank=True,
        default="Quỹ thi đua, khen thưởng của Sở Công Thương",
    )
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One recipient per line.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True, default="Giám đốc")
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Every change of a rule-bearing value (a deadline, a quota) is traceable to a person, a time and a reason.
    history = HistoricalRecords(
        verbose_name=_("history of the campaign"), verbose_name_plural=_("history of campaigns")
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-launch_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(launch_date__lte=F("emulation_end")),
                name="campaign_launch_before_emulation_end",
                violation_error_message=_("The launch date must not be after the end of the emulation period."),
            ),
            models.CheckConstraint(
                condition=Q(emulation_end__lte=F("submission_deadline")),
                name="campaign_emulation_end_before_deadline",
                violation_error_message=_(
                    "The end of the emulation period must not be after the submission deadline."
                ),
            ),
            models.CheckConstraint(
                condition=Q(collective_quota__gte=0) & Q(individual_quota__gte=0),
                name="campaign_quotas_not_negative",
                violation_error_message=_("Quotas must not be negative."),
            ),
            models.UniqueConstraint(
                fields=["agency", "number", "year"],
                name="campaign_number_unique_per_agency_year",
                violation_error_message=_("This agency already has a plan with this number in this year."),
            ),
        ]

    # The values the plan's rules (R1–R5) depend on: changing one asks for a reason.
    RULE_FIELDS = (
        "launch_date",
        "emulation_end",
        "submission_deadline",
        "collective_quota",
        "individual_quota",
        "provincial_plan",
    )

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    # Deadlines as instants (R1)
    @property
    def opens_at(self) -> datetime:
        return start_of_day(self.launch_date)

    @property
    def emulation_ends_at(self) -> datetime:
        return end_of_day(self.emulation_end)

    @property
    def submission_closes_at(self) -> datetime:
        return end_of_day(self.submission_deadline)

    def is_emulation_open(self, now: datetime | None = None) -> bool:
        from django.utils import timezone

        now = now or timezone.now()
        return self.opens_at <= now <= self.emulation_ends_at

    def is_emulation_over(self, now: datetime | None = None) -> bool:
        return not is_on_or_before(self.emulation_end, now)

    def is_submission_open(self, now: datetime | None = None) -> bool:
        return is_on_or_before(self.submission_deadline, now)

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def requirement_for(self, level: str) -> "DossierRequirement | None":
        for requirement in self.dossier_requirements.all():
            if requirement.level == level:
                return requirement
        return None


class LegalBasis(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), help_text=_("e.g. Căn cứ Luật Thi đua, Khen thưởng …"))

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["campaign", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ContentItem(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="content_items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                name="content_item_number_unique_per_campaign",
                violation_error_message=_("This plan already has a content item with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ReportKind(models.TextChoices):
    FULL = "full", _("Full achievement report")
    SUMMARY = "summary", _("Summary achievement report")


class DossierRequirement(models.Model):
    """What a dossier must contain for one award level (the plan's section III.2, R6)."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="dossier_requirements"
    )
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    requires_proposal_letter = models.BooleanField(_("proposal letter required"), default=True)
    requires_meeting_minutes = models.BooleanField(_("meeting minutes required"), default=True)
    requires_achievement_report = models.BooleanField(
        _("achievement report required for each nominee"), default=True
    )
    report_kind = models.CharField(_("kind of achievement report"), max_length=10, choices=ReportKind.choices)

    class Meta:
        verbose_name = _("dossier requirement")
        verbose_name_plural = _("dossier requirements")
        ordering = ["campaign", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "level"],
                name="dossier_requirement_unique_per_level",
                violation_error_message=_("This plan already has requirements for this level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_report_kind_display()}"


class UnitKind(models.TextChoices):
    DIVISION = "division", _("Division")
    AFFILIATED = "affiliated", _("Affiliated unit")
    MASS_ORGANISATION = "mass_org", _("Mass organisation")


class Unit(NFCNamesMixin, models.Model):
    # Who sees its rows (campaign/rules.py asks this); a unit is its own unit for "acts for the unit".
    access = AccessPaths(agency="agency", audience=Audience.AGENCY, unit="pk")

    nfc_fields = ("name",)

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["agency", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="unit_name_unique_per_agency",
                violation_error_message=_("This agency already has a unit with this name."),
            ),
        ]
        # The agency's units in their order, read a page at a time (the dashboard's 50 units of thousands)
        # off the index instead of sorting every unit of the agency.
        indexes = [models.Index(fields=["agency", "display_order", "name", "id"], name="unit_agency_order_idx")]

    def __str__(self) -> str:
        return self.name


class NameChange(models.Model):
    """A rename of an agency or of one of its units: the name(s) it bore until the day before `changed_on`.

    Documents dated before the rename print the old name (campaign.selectors.name_on); a province merger
    (01/07/2025) changes an agency's parent authority the same way.
    """

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency", audience=Audience.AGENCY)

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="name_changes")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="name_changes",
        null=True,
        blank=True,
        help_text=_("Empty: the agency itself was renamed."),
    )
    changed_on = models.DateField(_("new name applies from"))
    old_name = models.CharField(_("name before the change"), max_length=200)
    old_parent_authority = models.CharField(_("parent authority before the change"), max_length=200, blank=True)
    old_place_name = models.CharField(_("place name before the change"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("name change")
        verbose_name_plural = _("name changes")
        ordering = ["agency", "unit", "changed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "changed_on"],
                condition=Q(unit__isnull=True),
                name="name_change_one_per_agency_day",
                violation_error_message=_("The agency already has a name change on this day."),
            ),
            models.UniqueConstraint(
                fields=["unit", "changed_on"],
                condition=Q(unit__isnull=False),
                name="name_change_one_per_unit_day",
                violation_error_message=_("The unit already has a name change on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_name} (đến hết ngày trước {self.changed_on:%d/%m/%Y})"


class StaffMember(NFCNamesMixin, models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="unit__agency", audience=Audience.UNIT, unit="unit")

    nfc_fields = ("full_name", "position")

    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    is_leader = models.BooleanField(_("leader"), default=False)
    is_direct_worker = models.BooleanField(_("direct worker"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    is_active = models.BooleanField(_("still working here"), default=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["unit__display_order", "-is_leader", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit.name})" if self.unit_id else self.full_name

    def clean(self):
        super().clean()
        if self.user_id and self.unit_id:
            from django.core.exceptions import ValidationError

            try:
                validate_one_agency(self.user_id, self.unit.agency_id)
            except ValidationError as error:
                raise ValidationError({"user": error.messages}) from None

    @property
    def honorific(self) -> str:
        return "Bà" if self.gender == Gender.FEMALE else "Ông"


class BoardKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation board for grassroots democracy")
    INSPECTION = "inspection", _("People's inspection board")
    COUNCIL = "council", _("Emulation and commendation council")


class Board(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="boards")
    kind = models.CharField(_("kind"), max_length=20, choices=BoardKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["agency", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="board_kind_unique_per_agency"),
        ]

    def __str__(self) -> str:
        return self.name


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    STANDING = "standing", _("Standing member")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class BoardMembership(models.Model):
    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="board__agency")

    board = models.ForeignKey(Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="memberships")
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="board_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER)

    class Meta:
        verbose_name = _("board membership")
        verbose_name_plural = _("board memberships")
        ordering = ["board", "role", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "staff"], name="board_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff.full_name}: {self.get_role_display()}"



# Running the campaign (the plan's sections II and IV) -------------------------------------------------


class Acknowledgement(models.Model):
    """A staff member confirms having read the plan (IV.1): once per campaign."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.UNIT, unit="staff__unit")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledgement of the plan")
        verbose_name_plural = _("acknowledgements of the plan")
        ordering = ["campaign", "staff__unit__display_order", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "staff"],
                name="acknowledgement_once_per_campaign",
                violation_error_message=_("This staff member has already acknowledged this plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.full_name} · {self.campaign.number}"


class ProgressReport(models.Model):
    """What a unit did for one content item of the plan (sections II and IV), one report per item."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency", audience=Audience.UNIT, unit="unit")

    # Copied from the content item so the dashboard counts by campaign without a join.
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    content_item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    activity_date = models.DateField(_("date of the activity"))
    description = models.TextField(_("what the unit did"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed at"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["campaign", "unit__display_order", "content_item__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "content_item"],
                name="progress_report_one_per_unit_item",
                violation_error_message=_("This unit has already reported on this content item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} · nội dung {self.content_item.number}"


def _evidence_name(instance: "ProgressEvidence", filename: str) -> str:
    # A generated name: the user's file name never reaches the file system.
    from pathlib import PurePath
    from uuid import uuid4

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"progress/{instance.report.campaign_id}/{instance.report_id}/{uuid4().hex}{suffix}"


def _private_storage():
    # Named here because migrations refer to it.
    return private_storage()


class ProgressEvidence(StoredUpload):
    """An evidence file of a progress report, under the same upload rules as dossier files."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="report__campaign__agency", audience=Audience.UNIT, unit="report__unit")

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=_evidence_name, storage=_private_storage, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at", "pk"]


class SupervisionReport(models.Model):
    """A report of the People's Inspection Board on its supervision (IV.3), read by the office and Director."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="campaign__agency")

    campaign = models.ForeignKey(
        # The board's reports outlive any tidying of the plan: nobody deletes them (R8).
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="supervision_reports"
    )
    period_start = models.DateField(_("supervised from"))
    period_end = models.DateField(_("supervised until"))
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by_name = models.CharField(_("name of the filer"), max_length=200)
    filed_at = models.DateTimeField(_("filed at"))
    history = HistoricalRecords(
        verbose_name=_("history of the supervision report"),
        verbose_name_plural=_("history of supervision reports"),
    )

    class Meta:
        verbose_name = _("supervision report")
        verbose_name_plural = _("supervision reports")
        ordering = ["campaign", "-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="supervision_period_in_order",
                violation_error_message=_("The supervised period must not end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo giám sát {self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"


# Who holds which role in which agency (DESIGN.md R8) -------------------------------------------------


class Role(models.TextChoices):
    """Stable codes of the roles an agency gives; a staff member of a unit needs none."""

    OFFICE = "office", _("Department Office")
    DIRECTOR = "director", _("Director or deputy director")
    INSPECTION = "inspection", _("People's inspection board")


class Membership(models.Model):
    """A user holds a role in one agency. The agency's office grants roles to its own people; the
    deployment's administrator grants an agency's first office account."""

    # Who sees its rows (campaign/rules.py asks this).
    access = AccessPaths(agency="agency")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("history of the role"), verbose_name_plural=_("history of roles")
    )

    class Meta:
        verbose_name = _("role in the agency")
        verbose_name_plural = _("roles in the agency")
        ordering = ["agency", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_role_held_in_one_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()}: {self.get_role_display()} – {self.agency}"

    def clean(self):
        super().clean()
        if self.user_id and self.agency_id:
            validate_one_agency(self.user_id, self.agency_id, exclude_membership=self.pk)
        if self.pk and self.role != Role.OFFICE:
            was_office = Membership.objects.filter(pk=self.pk, role=Role.OFFICE).exists()
            others = Membership.objects.filter(agency_id=self.agency_id, role=Role.OFFICE).exclude(pk=self.pk)
            if was_office and not others.exists():
                from django.core.exceptions import ValidationError

                raise ValidationError(
                    {"role": "Đây là tài khoản Văn phòng Sở cuối cùng của cơ quan; hãy giao vai trò này cho "
                             "người khác trước khi đổi."}
                )


def validate_one_agency(user_id: int, agency_id: int, *, exclude_membership: int | None = None) -> None:
    """A person belongs to one agency: their roles and their staff record are all in that agency."""
    from django.core.exceptions import ValidationError

    other_roles = Membership.objects.filter(user_id=user_id).exclude(agency_id=agency_id)
    if exclude_membership:
        other_roles = other_roles.exclude(pk=exclude_membership)
    elsewhere = StaffMember.objects.filter(user_id=user_id).exclude(unit__agency_id=agency_id).exists()
    committee = CommitteeMembership.objects.filter(user_id=user_id).exists()
    if elsewhere or committee or other_roles.exists():
        raise ValidationError(
            "Tài khoản này thuộc một cơ quan khác; mỗi tài khoản chỉ giữ vai trò và gắn với cán bộ trong một cơ quan."
        )


class Allocation(models.Model):
    """The provincial-level places the steering committee gives one agency under the province's plan (R5):
    none entered means none can be forwarded. A change gives a reason and never goes below what the
    agency has already forwarded."""

    # Who sees its rows (campaign/rules.py asks this): the agency's overseers and the province's committee.
    access = AccessPaths(agency="agency", province="provincial_plan__province")

    provincial_plan = models.ForeignKey(
        ProvincialPlan, verbose_name=_("provincial plan"), on_delete=models.PROTECT, related_name="allocations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="allocations"
    )
    collectives = models.PositiveSmallIntegerField(_("collectives"), default=0)
    individuals = models.PositiveSmallIntegerField(_("individuals"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed at"))
    history = HistoricalRecords(
        verbose_name=_("history of the allocation"), verbose_name_plural=_("history of allocations")
    )

    class Meta:
        verbose_name = _("provincial allocation")
        verbose_name_plural = _("provincial allocations")
        ordering = ["provincial_plan", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provincial_plan", "agency"],
                name="allocation_one_per_plan_agency",
                violation_error_message=_("This agency already has an allocation under this plan."),
            ),
            models.CheckConstraint(
                condition=Q(collectives__gte=0) & Q(individuals__gte=0),
                name="allocation_not_negative",
                violation_error_message=_("Allocations must not be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.collectives} tập thể, {self.individuals} cá nhân"


class CommitteeMembership(models.Model):
    """A user works the portal for a province's steering committee (its standing office). One account,
    one place: a committee account holds no role in an agency and is no agency's staff member. The
    deployment's administrator grants it."""

    # Who sees its rows (campaign/rules.py asks this): the province's committee; the administrator manages them.
    access = AccessPaths(agency=None, province="province")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="committee_membership",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="committee_memberships"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("history of the committee role"), verbose_name_plural=_("history of committee roles")
    )

    class Meta:
        verbose_name = _("steering committee account")
        verbose_name_plural = _("steering committee accounts")
        ordering = ["province", "user__username"]

    def __str__(self) -> str:
        return f"{self.user.get_username()}: Ban Chỉ đạo – {self.province}"

    def clean(self):
        super().clean()
        if self.user_id:
            from django.core.exceptions import ValidationError

            if (
                Membership.objects.filter(user_id=self.user_id).exists()
                or StaffMember.objects.filter(user_id=self.user_id).exists()
            ):
                raise ValidationError(
                    {"user": "Tài khoản này đã thuộc một cơ quan; tài khoản của Ban Chỉ đạo tỉnh không giữ vai trò "
                             "hay gắn với cán bộ của cơ quan nào."}
                )


class UsedImportPreview(models.Model):
    """A confirmed import preview: its nonce is recorded with the import, so the same preview cannot be
    confirmed twice (a replay would otherwise re-activate staff deactivated since)."""

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency"))
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("used by")
    )
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("used import preview")
        verbose_name_plural = _("used import previews")
        ordering = ["-used_at"]

    def __str__(self):
        return f"{self.agency}: {self.used_at:%d/%m/%Y %H:%M}"


class NonWorkingDay(models.Model):
    """A day the agency does not work beyond weekends and Vietnam's public holidays (campaign/calendar.py):
    an extra day off the government or the province decided (e.g. around Tết), or a local closure.
    Deadlines counted in working days skip it."""

    # Who sees its rows (campaign/rules.py asks this): the whole agency reads its calendar.
    access = AccessPaths(agency="agency", audience=Audience.AGENCY)

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="non_working_days"
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, help_text=_("e.g. Nghỉ Tết Nguyên đán (Công văn …)"))
    history = HistoricalRecords(
        verbose_name=_("history of the non-working day"), verbose_name_plural=_("history of non-working days")
    )

    class Meta:
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")
        ordering = ["agency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date"],
                name="non_working_day_once_per_agency",
                violation_error_message=_("This day is already a non-working day of the agency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.note}"


# The inspection board's recommendations to the head of the agency (Law 10/2022, art. 63) --------------


RECOMMENDATION_ANSWER_DAYS = 15  # calendar days after the day of filing (see campaign/recommendations/services.py)


class Recommendation(models.Model):
    """A recommendation (kiến nghị) the People's Inspection Board files to the head of the agency,
    numbered per agency and year. The Director (or a deputy) answers it by `due_date`. Nobody edits or
    deletes it: what the board filed stays as filed (history kept)."""

    # Who sees its rows (campaign/rules.py asks this): the office, the Director and the board.
    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="recommendations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_recommendations",
    )
    supervision_report = models.ForeignKey(
        SupervisionReport,
        verbose_name=_("supervision report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_recommendations",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by_name = models.CharField(_("name of the filer"), max_length=200)
    filed_at = models.DateTimeField(_("filed at"))
    due_date = models.DateField(_("answer due by"))
    history = HistoricalRecords(
        verbose_name=_("history of the recommendation"), verbose_name_plural=_("history of recommendations")
    )

    class Meta:
        verbose_name = _("recommendation of the inspection board")
        verbose_name_plural = _("recommendations of the inspection board")
        ordering = ["agency", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"],
                name="recommendation_number_once_per_agency_year",
                violation_error_message=_("This number is already used by another recommendation this year."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Kiến nghị số {self.number:02d}/{self.year}: {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.number:02d}/{self.year}"


class RecommendationDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class RecommendationAnswer(models.Model):
    """The head of the agency's answer to a recommendation, published to the board as soon as it is
    given. A correction is a new answer that names the one it corrects; the earlier one is kept."""

    access = AccessPaths(agency="recommendation__agency")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="answers"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=RecommendationDecision.choices)
    text = models.TextField(_("answer"))
    reasons = models.TextField(_("reasons"), blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects the answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    correction_note = models.TextField(_("what is corrected"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+"
    )
    answered_by_name = models.CharField(_("name of the signer"), max_length=200)
    answered_at = models.DateTimeField(_("answered at"))
    history = HistoricalRecords(
        verbose_name=_("history of the answer"), verbose_name_plural=_("history of answers")
    )

    class Meta:
        verbose_name = _("answer to a recommendation")
        verbose_name_plural = _("answers to recommendations")
        ordering = ["recommendation", "answered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(reasons=""),
                name="recommendation_refusal_gives_reasons",
                violation_error_message=_("An answer that does not accept the recommendation in full gives reasons."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_note=""),
                name="recommendation_correction_says_what",
                violation_error_message=_("A correction says what it corrects."),
            ),
        ]

    def __str__(self) -> str:
        return f"Trả lời kiến nghị số {self.recommendation.reference} ({self.get_decision_display()})"


def _recommendation_file_name(instance: "RecommendationAttachment", filename: str) -> str:
    # A generated name: the user's file name never reaches the file system.
    from pathlib import PurePath
    from uuid import uuid4

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"recommendations/{instance.recommendation.agency_id}/{instance.recommendation_id}/{uuid4().hex}{suffix}"


class RecommendationAttachment(StoredUpload):
    """A document the board attaches to its recommendation when filing it (never replaced or removed)."""

    access = AccessPaths(agency="recommendation__agency")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_recommendation_file_name, storage=_private_storage, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment of a recommendation")
        verbose_name_plural = _("attachments of recommendations")
        ordering = ["recommendation", "uploaded_at", "pk"]


# The tamper-evident record (issue 14, point 3) ------------------------------------------------------------


class RecordChain(models.Model):
    """The head of a campaign's chain of record links: how long it is and the hash of its last link.
    Appending locks this row (select_for_update), so two writers of one campaign take turns. It also keeps
    the result of the last verification, which the supervision page shows without re-reading the chain
    on every view."""

    access = AccessPaths(agency="campaign__agency")

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, primary_key=True, related_name="record_chain"
    )
    length = models.PositiveIntegerField(_("number of links"), default=0)
    head = models.CharField(_("hash of the last link"), max_length=64, blank=True)
    checked_at = models.DateTimeField(_("last verified at"), null=True, blank=True)
    checked_length = models.PositiveIntegerField(_("links verified"), default=0)
    broken_seq = models.PositiveIntegerField(_("first broken link"), null=True, blank=True)
    broken_detail = models.TextField(_("what differs"), blank=True)

    class Meta:
        verbose_name = _("record chain")
        verbose_name_plural = _("record chains")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.length}"


class RecordLink(models.Model):
    """One entry of a campaign's tamper-evident record: a row (a timeline entry, a history row of a vote,
    approval, publication, signed document or notice) by its table and primary key, the canonical JSON of
    its columns when it was written, their SHA-256, and the hash chaining it to the link before:
    hash = sha256(previous hash | seq | kind | table | pk | content hash)."""

    access = AccessPaths(agency="campaign__agency")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="record_links"
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=30)
    table = models.CharField(_("table"), max_length=100)
    row_pk = models.BigIntegerField(_("row"))
    content = models.TextField(_("content (canonical JSON)"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
        ordering = ["campaign", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "seq"], name="record_link_seq_unique_per_campaign"),
            models.UniqueConstraint(fields=["table", "row_pk"], name="record_link_one_per_row"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="record_link_seq_from_one"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.table}:{self.row_pk}"


# Passwords handed over by someone else -----------------------------------------------------------------------


class PasswordChangeDue(models.Model):
    """A login whose password someone else chose (the first office login that `create_agency` prints, a login
    the deployment's administrator added or whose password they reset): its holder changes it before anything
    else (campaign/passwords.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("password to change")
        verbose_name_plural = _("passwords to change")

    def __str__(self) -> str:
        return str(self.user)
