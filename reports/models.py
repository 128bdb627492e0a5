"""The dashboard's kept figures: one row per campaign and unit, recounted in SQL under the row's lock in the
same transaction as every change of what it counts, and one row per campaign, their sum, moved by the same
change (reports/figures.py). The agency-wide totals and the statistics are one row to read instead of a
count over every person, dossier and nomination of the agency."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign, Unit

# The columns of a row, in the order figures.py counts them (each an integer, 0 by default).
STAFF_FIGURES = ("staff_total", "staff_with_login", "acknowledged", "items_reported")
DOSSIER_FIGURES = tuple(f"dossiers_{state}" for state in
                        ("draft", "submitted", "returned", "accepted", "rejected", "withdrawn"))
NOMINATION_FIGURES = ("collectives", "individuals")
# Over the nominations of the dossiers the office received (nomination_statistics), per award level.
STATISTIC_FIGURES = tuple(f"{level}_{name}" for level in ("grassroots", "provincial")
                          for name in ("collectives", "individuals", "women", "leaders", "direct_workers"))
FIGURE_COLUMNS = STAFF_FIGURES + DOSSIER_FIGURES + NOMINATION_FIGURES + STATISTIC_FIGURES


def _figure(name: str):
    return models.PositiveIntegerField(name.replace("_", " "), default=0)


def _total(name: str):
    return models.BigIntegerField(name.replace("_", " "), default=0)


def _columns(field) -> type:
    """An abstract model with one `field(name)` per figure column (the unit's rows and the campaign's sums
    have the same columns, of different integer types)."""
    attrs = {name: field(name) for name in FIGURE_COLUMNS}
    return type(f"Columns_{field.__name__.strip('_')}", (models.Model,),
                {"__module__": __name__, "Meta": type("Meta", (), {"abstract": True}), **attrs})


class UnitFigures(_columns(_figure)):
    """What the dashboard counts for one unit in one campaign (kept up to date; rebuilt by
    `manage.py rebuild_dashboard_figures`)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("dashboard figures of a unit")
        verbose_name_plural = _("dashboard figures of the units")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unit_figures_once_per_campaign_and_unit"),
        ]
        indexes = [
            # The units that reported every item: a range of this index, not a pass over every unit's row.
            models.Index(fields=["campaign", "items_reported"], name="unit_figures_items_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.unit_id}"


class CampaignFigures(_columns(_total)):
    """The sum of a campaign's UnitFigures rows, moved by each row's change (new minus old, both read under
    the rows' locks) in the same statement sequence: the dashboard reads one row whatever the number of
    units."""

    campaign = models.OneToOneField(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                    primary_key=True, related_name="+")
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("dashboard figures of a campaign")
        verbose_name_plural = _("dashboard figures of the campaigns")

    def __str__(self) -> str:
        return str(self.campaign_id)
