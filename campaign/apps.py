from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns and organisation")

    def ready(self) -> None:
        # The one rule set of who may see and do what (DESIGN.md R8) is registered once, here.
        from . import rules  # noqa: F401

