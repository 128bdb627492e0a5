from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaign.models import AwardLevel, Campaign, StaffMember
from dossiers.models import Nomination, NomineeKind


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all", _("All members of the council")
    PRESENT = "present", _("Members present")


class CouncilMeeting(models.Model):
    """A sitting of the emulation and commendation council on one campaign and level."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="council_meetings"
    )
    level = models.CharField(_("award level"), max_length=20, choices=AwardLevel.choices)
    held_on = models.DateField(_("meeting date"))
    members_present = models.ManyToManyField(
        StaffMember, verbose_name=_("members present"), related_name="council_meetings", blank=True
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of members present)"),
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

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
    meeting = models.ForeignKey(CouncilMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(StaffMember, verbose_name=_("council member"), on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "nomination", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination", "member"], name="vote_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_choice_display()}"


class Approval(models.Model):
    """A nomination approved for the award, within the quota (R5)."""

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

    class Meta:
        verbose_name = _("approved nomination")
        verbose_name_plural = _("approved nominations")
        ordering = ["campaign", "level", "kind", "nomination__dossier__unit__display_order", "pk"]
        indexes = [models.Index(fields=["campaign", "level", "kind"], name="approval_quota_idx")]

    def __str__(self) -> str:
        return self.nomination.nominee_name


class Publication(models.Model):
    """The proposed list shown to all staff for comment (công khai) before the Director signs (R4)."""

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
        from campaign.deadlines import end_of_day

        return end_of_day(self.closes_on)

    def is_open(self, now=None) -> bool:
        from django.utils import timezone

        return (now or timezone.now()) <= self.closes_at


class Feedback(models.Model):
    """A staff member's comment on a nominee of the published list, and the office's answer."""

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
