from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core.storage import delete_files_with_row


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Award-proposal dossiers")

    def ready(self) -> None:
        # No uploaded file without its row, however the row is deleted (issue 12, point 8).
        post_delete.connect(
            delete_files_with_row, sender="dossiers.DossierFile", dispatch_uid="dossiers-files"
        )

        # "Việc cần làm" (issue 15): this app's lines of the person's tasks, registered with campaign.
        from campaign import todo

        from . import todo as dossiers_todo

        todo.register("dossiers", dossiers_todo.tasks)
