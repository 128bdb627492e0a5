from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from core.storage import delete_files_with_row


class EmulationConfig(AppConfig):
    """Emulation inside the unit: pledges (đăng ký thi đua), criteria and scores."""

    name = "emulation"
    verbose_name = _("Pledges and scores")

    def ready(self) -> None:
        from campaign import todo
        from campaign.models import Campaign
        from campaign.signals import plan_copied

        from . import todo as emulation_todo
        from .services import copy_criteria_with_plan

        # No evidence file without its score, however the score is deleted.
        post_delete.connect(delete_files_with_row, sender="emulation.Score", dispatch_uid="emulation-score-files")
        # Next year's plan starts with this year's scoring table.
        plan_copied.connect(copy_criteria_with_plan, sender=Campaign, dispatch_uid="emulation-copy-criteria")
        # "Việc cần làm": the unit's pledge and its self-scoring, registered with campaign.
        todo.register("emulation", emulation_todo.tasks)
