from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _

from core.storage import delete_files_with_row


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns and organisation")

    def ready(self) -> None:
        # The one rule set of who may see and do what (DESIGN.md R8) is registered once, here.
        # A password someone else chose is changed at the next sign-in (the sign-in signal).
        from . import (
            passwords,  # noqa: F401
            rules,  # noqa: F401
        )

        # No evidence file without its row, however the row is deleted (issue 12, point 8).
        post_delete.connect(
            delete_files_with_row, sender="campaign.ProgressEvidence", dispatch_uid="campaign-evidence-files"
        )

        # The tamper-evident record (issue 14): rows are chained as they are written; migrate chains the
        # rows written before (or without signals).
        from . import records

        records.connect()
        post_migrate.connect(_seal_records, sender=self, dispatch_uid="campaign-seal-records")


def _seal_records(using="default", **kwargs) -> None:
    from django.apps import apps
    from django.db import connections

    from . import records

    tables = set(connections[using].introspection.table_names())
    needed = [apps.get_model(label)._meta.db_table for label in records.KINDS] + ["campaign_recordlink"]
    if all(table in tables for table in needed):  # not after a partial migrate
        records.seal()
