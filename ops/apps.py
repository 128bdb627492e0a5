from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore of the database and the private files."""

    name = "ops"
    verbose_name = "Vận hành"
