from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """The law by date (DESIGN.md R11): legal regimes, base salaries, the forms of each period."""

    name = "legal"
    verbose_name = _("Legal regimes and forms")
