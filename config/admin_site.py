from django.apps import apps
from django.contrib.admin.apps import AdminConfig
from django.utils import timezone


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site, which asks the access rules who may enter."""

    default_site = "campaign.admin_base.PortalAdminSite"

    def ready(self):
        super().ready()
        name_third_party_models_in_vietnamese()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def name_third_party_models_in_vietnamese() -> None:
    """Third-party models that name themselves in English without gettext (django-otp's device, the axes
    records' titles), named as the office reads them. Only the run-time names change: migrations read a model's
    options from its declared Meta (``original_attrs``), so nothing here makes a migration."""
    totp = apps.get_app_config("otp_totp")
    totp.verbose_name = "Xác thực hai lớp"
    device = totp.get_model("TOTPDevice")
    device._meta.verbose_name = "thiết bị xác thực hai lớp"
    device._meta.verbose_name_plural = "thiết bị xác thực hai lớp"
    if apps.is_installed("simple_history"):
        history = getattr(device, "history", None)
        if history is not None:
            history.model._meta.verbose_name = "lịch sử thiết bị xác thực hai lớp"
            history.model._meta.verbose_name_plural = "lịch sử thiết bị xác thực hai lớp"

    # simple-history titles a version "<object> as of <UTC timestamp>" (an inline of votes shows it on each row).
    from simple_history.models import registered_models

    from campaign.history_display import as_loaded

    def version_title(self) -> str:
        return f"{as_loaded(self)} (phiên bản lúc {_local(self.history_date)})"

    for model in list(registered_models.values()):
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        manager = getattr(model, attribute, None) if attribute else None
        if manager is not None:
            manager.model.__str__ = version_title
            manager.model.loaded_object = property(as_loaded)  # the history page's first column

    axes = apps.get_app_config("axes")
    axes.get_model("AccessAttempt").__str__ = lambda self: f"Lượt thử đăng nhập lúc {_local(self.attempt_time)}"
    axes.get_model("AccessLog").__str__ = (
        lambda self: f"Đăng nhập của {self.username} lúc {_local(self.attempt_time)}"
    )
    axes.get_model("AccessFailureLog").__str__ = (
        lambda self: f"Đăng nhập không thành công của {self.username} lúc {_local(self.attempt_time)}"
        + (" (đã khoá)" if self.locked_out else "")
    )
