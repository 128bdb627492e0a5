from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore of the database and the private files."""

    name = "ops"
    verbose_name = "Vận hành"


class AxesConfig(AxesAppConfig):
    """django-axes, with the Vietnamese name the office sees in the admin."""

    verbose_name = "Khoá đăng nhập"
