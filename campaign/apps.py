from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_role_groups(sender, **kwargs):
    from .roles import ensure_role_groups

    ensure_role_groups()


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns and organisation")

    def ready(self) -> None:
        # After every migrate (tests included) the role groups exist with their permissions.
        post_migrate.connect(_create_role_groups, dispatch_uid="campaign_role_groups")
