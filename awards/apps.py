from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core.storage import delete_files_with_row


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        # No issued PDF without its row, however the row is deleted (issue 12, point 8).
        post_delete.connect(
            delete_files_with_row, sender="awards.IssuedDocument", dispatch_uid="awards-issued-files"
        )
        post_delete.connect(delete_files_with_row, sender="awards.PrintJob", dispatch_uid="awards-print-job-files")

        # "Việc cần làm" (issue 15): this app's lines of the person's tasks, registered with campaign.
        from campaign import todo

        from . import todo as awards_todo

        todo.register("awards", awards_todo.tasks)
