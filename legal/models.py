"""The law by date (DESIGN.md R11): what a decision cites, the cash it grants and the forms units fill
are those in force on the decision's date, kept as dated rows, never typed per campaign.

A `LegalRegime` is one period of the emulation and commendation law (the 2003 Law and Decree 91/2017
until 31/12/2023; Law 06/2022 and Decree 98/2023 from 01/01/2024). It holds the Căn cứ lines a decision
cites (`RegimeBasis`, each pointing to the `LegalText` it cites, with that text's own dates so the
portal can tell whether it is still in force), the cash coefficients per award form and the report
forms units fill. Base salaries are a table of their own (`BaseSalary`): they change on dates of their
own (01/07/2023, 01/07/2024), not with the regime.

These rows are the same for every agency: national law. The deployment's administrator keeps them;
the offices read them (campaign/rules.py).
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LegalText(models.Model):
    """A legal text a Căn cứ line may cite (a law, a decree, a circular), with the days it is in force."""

    code = models.CharField(
        _("number"), max_length=50, unique=True, help_text=_("As printed, e.g. 91/2017/NĐ-CP or 06/2022/QH15.")
    )
    title = models.CharField(_("title"), max_length=300)
    cited_as = models.CharField(
        _("cited as"),
        max_length=200,
        blank=True,
        help_text=_(
            "Words that identify the text in a Căn cứ line that does not print its number, "
            "e.g. Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003."
        ),
    )
    valid_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: in force since before any plan.")
    )
    valid_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Inclusive. Empty: still in force.")
    )
    replaced_by = models.CharField(
        _("replaced by"), max_length=200, blank=True, help_text=_("e.g. Nghị định 152/2025/NĐ-CP.")
    )
    history = HistoricalRecords(
        verbose_name=_("history of the legal text"), verbose_name_plural=_("history of legal texts")
    )

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        ordering = ["valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lte=F("valid_to")),
                name="legaltext_dates_in_order",
                violation_error_message=_("A text cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def is_cited_in(self, line: str) -> bool:
        """Whether a Căn cứ line cites this text: by its number, or by the words it is cited as."""
        folded = " ".join(line.split()).casefold()
        if self.code and self.code.casefold() in folded:
            return True
        return bool(self.cited_as) and " ".join(self.cited_as.split()).casefold() in folded


class LegalRegime(models.Model):
    """One period of the emulation and commendation law: what decisions of that period cite and grant."""

    code = models.CharField(_("code"), max_length=30, unique=True, help_text=_("e.g. 2024"))
    name = models.CharField(_("name"), max_length=300)
    valid_from = models.DateField(_("applies from"))
    valid_to = models.DateField(_("applies until"), null=True, blank=True, help_text=_("Inclusive. Empty: open."))
    history = HistoricalRecords(
        verbose_name=_("history of the legal regime"), verbose_name_plural=_("history of legal regimes")
    )

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__lte=F("valid_to")),
                name="legalregime_dates_in_order",
                violation_error_message=_("A regime cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                name="legalregime_one_per_start",
                violation_error_message=_("Another regime already starts on this day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from core.time import vn_date

        if self.valid_from is None or (self.valid_to is not None and self.valid_to < self.valid_from):
            return  # the field or the constraint says it
        overlapping = LegalRegime.objects.exclude(pk=self.pk).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        other = overlapping.order_by("valid_from").first()
        if other is not None:
            end = f" đến {vn_date(other.valid_to)}" if other.valid_to else ""
            raise ValidationError(
                f"Thời gian áp dụng trùng với chế độ “{other.name}” (từ {vn_date(other.valid_from)}{end}); "
                "hãy đặt ngày kết thúc cho chế độ đó trước khi nhập chế độ mới."
            )

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RegimeBasis(models.Model):
    """One Căn cứ line decisions of the regime cite, in order, and the text it cites."""

    regime = models.ForeignKey(
        LegalRegime, verbose_name=_("legal regime"), on_delete=models.CASCADE, related_name="bases"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("Căn cứ line"), help_text=_("As printed, e.g. Căn cứ Nghị định số 98/2023/NĐ-CP …;"))
    legal_text = models.ForeignKey(
        LegalText,
        verbose_name=_("legal text cited"),
        on_delete=models.PROTECT,
        related_name="citations",
        null=True,
        blank=True,
    )
    history = HistoricalRecords(
        verbose_name=_("history of the regime's legal basis"),
        verbose_name_plural=_("history of the regimes' legal bases"),
    )

    class Meta:
        verbose_name = _("legal basis of the regime")
        verbose_name_plural = _("legal bases of the regime")
        ordering = ["regime", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class AwardForm(models.TextChoices):
    """The form of an award whose cash the regime sets (a table, so later forms fit)."""

    GIAY_KHEN = "giay_khen", _("Certificate of merit (Giấy khen)")


class CashCoefficient(models.Model):
    """Cash for one award of a form: a coefficient of the base salary in force on the decision's date."""

    regime = models.ForeignKey(
        LegalRegime, verbose_name=_("legal regime"), on_delete=models.CASCADE, related_name="coefficients"
    )
    form = models.CharField(_("award form"), max_length=30, choices=AwardForm.choices)
    individual = models.DecimalField(_("coefficient for an individual"), max_digits=5, decimal_places=2)
    collective = models.DecimalField(_("coefficient for a collective"), max_digits=5, decimal_places=2)
    article = models.CharField(
        _("legal basis of the coefficient"), max_length=200, blank=True, help_text=_("e.g. Điều 58 Nghị định 98/2023/NĐ-CP")
    )
    history = HistoricalRecords(
        verbose_name=_("history of the cash coefficient"), verbose_name_plural=_("history of cash coefficients")
    )

    class Meta:
        verbose_name = _("cash coefficient")
        verbose_name_plural = _("cash coefficients")
        ordering = ["regime", "form"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "form"],
                name="cashcoefficient_one_per_form",
                violation_error_message=_("The regime already has a coefficient for this award form."),
            ),
            models.CheckConstraint(
                condition=Q(individual__gt=0) & Q(collective__gt=0),
                name="cashcoefficient_positive",
                violation_error_message=_("Coefficients must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.individual} / {self.collective}"


class ReportFormKind(models.TextChoices):
    COLLECTIVE = "collective", _("Achievement report of a collective")
    INDIVIDUAL = "individual", _("Achievement report of an individual")
    EXTRAORDINARY = "extraordinary", _("Achievement report for an extraordinary achievement")
    THEMATIC = "thematic", _("Summary achievement report for a campaign or theme")


class ReportForm(models.Model):
    """A form of achievement report the regime prescribes (its number in the decree's appendix)."""

    regime = models.ForeignKey(
        LegalRegime, verbose_name=_("legal regime"), on_delete=models.CASCADE, related_name="report_forms"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportFormKind.choices)
    code = models.CharField(_("form number"), max_length=50, help_text=_("e.g. Mẫu số 01"))
    name = models.CharField(_("name"), max_length=400)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("e.g. Phụ lục I Nghị định 98/2023/NĐ-CP")
    )
    history = HistoricalRecords(
        verbose_name=_("history of the report form"), verbose_name_plural=_("history of report forms")
    )

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["regime", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "kind"],
                name="reportform_one_per_kind",
                violation_error_message=_("The regime already has a form of this kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.source})"


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) in force from a date until the next row's date."""

    amount = models.PositiveIntegerField(_("amount (VND)"))
    valid_from = models.DateField(_("in force from"), unique=True)
    source = models.CharField(_("legal basis"), max_length=200, blank=True, help_text=_("e.g. Nghị định 73/2024/NĐ-CP"))
    history = HistoricalRecords(
        verbose_name=_("history of the base salary"), verbose_name_plural=_("history of base salaries")
    )

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="basesalary_positive",
                violation_error_message=_("The base salary must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} đ ({self.valid_from:%d/%m/%Y})".replace(",", ".")
