from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    """Emulation inside the unit: pledges (đăng ký thi đua), criteria and scores."""

    name = "emulation"
    verbose_name = _("Pledges and scores")
