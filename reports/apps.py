from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo, thống kê"

    def ready(self):
        # The dashboard keeps its agency-wide figures for a short while (reports/selectors.py): any change to
        # what they count renews them, at once and again when the change commits.
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core import batching

        from . import figures, selectors

        figures.connect()  # the kept figures per campaign and unit (reports/figures.py)
        batching.register(figures.BATCH, figures.recount_batch)  # an import recounts each row once, at its end

        def renew(**_ignored):
            selectors.renew_figures()
            transaction.on_commit(selectors.renew_figures)

        for label in FIGURE_SOURCES:
            post_save.connect(renew, sender=label, weak=False,
                              dispatch_uid=f"reports-figures-save-{label}")
            post_delete.connect(renew, sender=label, weak=False,
                                dispatch_uid=f"reports-figures-delete-{label}")


# The models whose rows the dashboard's agency-wide figures count.
FIGURE_SOURCES = (
    "dossiers.Dossier",
    "dossiers.Nomination",
    "campaign.StaffMember",
    "campaign.Unit",
    "campaign.Acknowledgement",
    "campaign.ProgressReport",
    "campaign.SupervisionReport",
    "campaign.ContentItem",
)
