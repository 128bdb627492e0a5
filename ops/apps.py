import logging

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore of the database and the private files."""

    name = "ops"
    verbose_name = "Vận hành"
    default = True  # the one for "ops" in INSTALLED_APPS (this module also holds AxesConfig)

    def ready(self) -> None:
        # Each process start (worker, command) makes the temporary upload folder and clears what killed
        # workers left in it.
        from .temp_uploads import prepare_temp_upload_dir

        try:
            prepare_temp_upload_dir()
        except OSError:
            # e.g. a command run by another account than the workers': it must still run; the workers'
            # own start prepares the folder.
            logging.getLogger(__name__).warning("Could not prepare FILE_UPLOAD_TEMP_DIR", exc_info=True)


class AxesConfig(AxesAppConfig):
    """django-axes, with the Vietnamese name the office sees in the admin."""

    verbose_name = "Khoá đăng nhập"
