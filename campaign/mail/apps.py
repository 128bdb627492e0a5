from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "campaign.mail"
    label = "mail"
    verbose_name = "Thư điện tử"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app's reminder providers register themselves in its `reminders` module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
