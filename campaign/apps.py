from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core.storage import delete_files_with_row


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns and organisation")

    def ready(self) -> None:
        # The one rule set of who may see and do what (DESIGN.md R8) is registered once, here.
        from . import rules  # noqa: F401

        # No evidence file without its row, however the row is deleted (issue 12, point 8).
        post_delete.connect(
            delete_files_with_row, sender="campaign.ProgressEvidence", dispatch_uid="campaign-evidence-files"
        )
