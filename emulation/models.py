"""Emulation inside the unit (issue 16, points 1 and 2): pledges at launch, criteria and scores.

- `EmulationSettings`: what the plan asks of pledges and scores (whether persons pledge too, the day
  pledges lock, the last day of self-scoring). A plan without settings uses the defaults of
  `services.settings_for`.
- `Pledge`: one per unit, and one per person when the plan asks, per plan (database constraints), with
  a `PledgeTarget` per content item (a target in words or a number).
- `Criterion`: the office's scoring table, criteria under each content item with maximum points.
- `Score`: one per unit and criterion (constraint): the unit's own points with evidence, then the
  office's (or the mobilisation board's) adjusted points with a required reason; history kept.
"""

from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaign.models import Campaign, ContentItem, StaffMember, Unit
from core.access import AccessPaths, Audience
from core.storage import private_storage


class EmulationSettings(models.Model):
    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="emulation_settings"
    )
    persons_pledge = models.BooleanField(
        _("persons pledge too"), default=False, help_text=_("Each staff member registers a personal pledge.")
    )
    pledge_lock_date = models.DateField(
        _("pledges lock after"), help_text=_("Pledges can be registered and changed until the end of this day.")
    )
    scoring_deadline = models.DateField(
        _("self-scoring until"),
        help_text=_("Units score themselves after the emulation period, until the end of this day."),
    )
    history = HistoricalRecords(
        verbose_name=_("history of the emulation settings"), verbose_name_plural=_("history of emulation settings")
    )

    class Meta:
        verbose_name = _("emulation settings of a plan")
        verbose_name_plural = _("emulation settings of plans")
        ordering = ["-campaign__year", "campaign__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scoring_deadline__gt=models.F("pledge_lock_date")),
                name="emulation_scoring_after_pledges",
                violation_error_message=_("Self-scoring must end after pledges lock."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.campaign)


class PledgeTitle(models.TextChoices):
    EXCELLENT_COLLECTIVE = "excellent_collective", _("Excellent labour collective")
    ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced labour collective")
    DIRECTOR_CERTIFICATE = "director_certificate", _("Certificate of merit of the Director")
    GRASSROOTS_FIGHTER = "grassroots_fighter", _("Grassroots emulation fighter")
    ADVANCED_WORKER = "advanced_worker", _("Advanced worker")
    OTHER = "other", _("Other (written in)")


COLLECTIVE_TITLES = (
    PledgeTitle.EXCELLENT_COLLECTIVE, PledgeTitle.ADVANCED_COLLECTIVE, PledgeTitle.DIRECTOR_CERTIFICATE,
    PledgeTitle.OTHER,
)
PERSONAL_TITLES = (
    PledgeTitle.GRASSROOTS_FIGHTER, PledgeTitle.ADVANCED_WORKER, PledgeTitle.DIRECTOR_CERTIFICATE, PledgeTitle.OTHER,
)


class Pledge(models.Model):
    """A unit's pledge (staff empty) or a person's (staff set) for one plan."""

    access = AccessPaths(agency="campaign__agency", audience=Audience.UNIT, unit="unit")

    campaign = models.ForeignKey(Campaign, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="pledges")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pledges")
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="pledges", help_text=_("Empty for the unit's own pledge."),
    )
    title = models.CharField(_("title aimed at"), max_length=30, choices=PledgeTitle.choices)
    title_other = models.CharField(_("title (written in)"), max_length=200, blank=True)
    commitment = models.TextField(_("commitment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"))
    history = HistoricalRecords(verbose_name=_("history of the pledge"), verbose_name_plural=_("history of pledges"))

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["campaign", "unit__display_order", "unit__name", models.F("staff").asc(nulls_first=True), "staff__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], condition=Q(staff__isnull=True), name="pledge_one_per_unit_and_plan",
                violation_error_message=_("This unit has already registered its pledge for this plan."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "staff"], condition=Q(staff__isnull=False), name="pledge_one_per_person_and_plan",
                violation_error_message=_("This person has already registered a pledge for this plan."),
            ),
            models.CheckConstraint(
                condition=~Q(title="other") | ~Q(title_other=""), name="pledge_other_title_written_in",
                violation_error_message=_("Write the title aimed at."),
            ),
        ]

    def __str__(self) -> str:
        who = self.staff.full_name if self.staff_id else self.unit.name
        return f"{who} · {self.title_label}"

    @property
    def is_personal(self) -> bool:
        return self.staff_id is not None

    @property
    def title_label(self) -> str:
        return self.title_other if self.title == PledgeTitle.OTHER else str(self.get_title_display())


class PledgeTarget(models.Model):
    """The target a pledge sets on one content item of the plan: in words, as a number, or both."""

    access = AccessPaths(agency="pledge__campaign__agency", audience=Audience.UNIT, unit="pledge__unit")

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="targets")
    content_item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="pledge_targets"
    )
    target_text = models.CharField(_("target"), max_length=500, blank=True)
    target_number = models.DecimalField(_("target (number)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("pledge target")
        verbose_name_plural = _("pledge targets")
        ordering = ["pledge", "content_item__number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "content_item"], name="pledge_target_once_per_item"),
            models.CheckConstraint(
                condition=~Q(target_text="") | Q(target_number__isnull=False), name="pledge_target_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_item.number}. {self.shown}"

    @property
    def shown(self) -> str:
        number = ""
        if self.target_number is not None:
            value = self.target_number.normalize()
            number = f"{value:f}".replace(".", ",")
        return " ".join(part for part in (number, self.target_text) if part)


class Criterion(models.Model):
    """A line of the plan's scoring table, under one content item."""

    access = AccessPaths(agency="campaign__agency", audience=Audience.AGENCY)

    campaign = models.ForeignKey(Campaign, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="criteria")
    content_item = models.ForeignKey(
        ContentItem, verbose_name=_("content item"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    history = HistoricalRecords(verbose_name=_("history of the criterion"), verbose_name_plural=_("history of criteria"))

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["campaign", "content_item__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_points_positive",
                                   violation_error_message=_("The maximum must be more than 0 points.")),
            models.UniqueConstraint(fields=["content_item", "order"], name="criterion_order_unique_per_item",
                                    violation_error_message=_("This content item already has a criterion with this order.")),
        ]

    def __str__(self) -> str:
        return f"{self.content_item.number}.{self.order} {self.text}"


def _evidence_name(instance: "Score", filename: str) -> str:
    # A generated name: the user's file name never reaches the file system.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"scores/{instance.campaign_id}/{instance.unit_id}/{uuid4().hex}{suffix}"


def _private_storage():
    # Named here because migrations refer to it.
    return private_storage()


class Score(models.Model):
    """A unit's score on one criterion: its own points with evidence, then the adjusted points."""

    access = AccessPaths(agency="campaign__agency", audience=Audience.UNIT, unit="unit")

    campaign = models.ForeignKey(Campaign, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(_("self-assessed points"), max_digits=5, decimal_places=1)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=_evidence_name, storage=_private_storage, max_length=255, blank=True
    )
    evidence_name = models.CharField(_("original file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    evidence_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scored by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored at"))
    adjusted_points = models.DecimalField(_("adjusted points"), max_digits=5, decimal_places=1, null=True, blank=True)
    adjust_reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adjusted by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("history of the score"), verbose_name_plural=_("history of scores"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["campaign", "unit__display_order", "criterion__content_item__number", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="score_one_per_unit_and_criterion",
                                    violation_error_message=_("This unit has already scored this criterion.")),
            models.CheckConstraint(condition=Q(self_points__gte=0), name="score_self_points_not_negative"),
            models.CheckConstraint(condition=Q(adjusted_points__isnull=True) | Q(adjusted_points__gte=0),
                                   name="score_adjusted_points_not_negative"),
            models.CheckConstraint(condition=Q(adjusted_points__isnull=True) | ~Q(adjust_reason=""),
                                   name="score_adjustment_has_reason",
                                   violation_error_message=_("An adjustment needs its reason.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.criterion}"

    @property
    def final_points(self):
        return self.self_points if self.adjusted_points is None else self.adjusted_points
