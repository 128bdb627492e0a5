from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_the_law(sender, using="default", **kwargs) -> None:
    """The law as it stood is seeded by a data migration (0002_seed_regimes). A database flushed after
    its migrations (`manage.py flush`, a transactional test) gets it back the way contenttypes and
    permissions come back: after the flush, on post_migrate, when the legal tables are empty. Tables
    with any row are never touched, and neither is a flush inside a transaction: that is a restore
    (ops/archive.py), which loads the backup's own rows next and checks their counts."""
    from importlib import import_module

    from django.apps import apps
    from django.db import connections

    if connections[using].in_atomic_block:
        return
    migrated = kwargs.get("apps")
    if migrated is not None:
        try:
            migrated.get_model("legal", "LegalRegime")
        except LookupError:
            return  # `migrate <another app>`: the legal tables are not there yet, their own migration seeds them

    from .models import BaseSalary, LegalRegime, LegalText

    if any(model.objects.using(using).exists() for model in (LegalRegime, LegalText, BaseSalary)):
        return
    import_module("legal.migrations.0002_seed_regimes").seed(apps, None)


class LegalConfig(AppConfig):
    """The law by date (DESIGN.md R11): legal regimes, base salaries, the forms of each period."""

    name = "legal"
    verbose_name = _("Legal regimes and forms")

    def ready(self) -> None:
        post_migrate.connect(restore_the_law, sender=self, dispatch_uid="legal-restore-the-law")
