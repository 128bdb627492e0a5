"""The bare-Django anchor of the page benchmarks (issue 17 item 1).

The anchor is a plain ModelAdmin changelist of the same Dossier table, registered on a separate AdminSite
that exists only inside the bench: four columns, the unit and the campaign joined, 100 per page, Django's
defaults otherwise (so it counts the whole table and the filtered table, as a stock admin does)."""

import sys
import types

BARE_PREFIX = "bare-admin/"
BARE_CHANGELIST = f"/{BARE_PREFIX}dossiers/dossier/"


def bare_urlconf() -> str:
    """The project's URLs plus the bare admin site; returns the name of the URLconf module to set as
    ROOT_URLCONF."""
    from django.contrib import admin
    from django.urls import path

    from config import urls as project_urls
    from dossiers.models import Dossier

    site = admin.AdminSite(name="bare")

    class BareDossierAdmin(admin.ModelAdmin):
        list_display = ("unit", "level", "state", "submitted_at")
        list_select_related = ("unit", "campaign")  # the row's __str__ reads the campaign's year
        list_per_page = 100

    site.register(Dossier, BareDossierAdmin)
    module = types.ModuleType("bench_bare_urls")
    module.urlpatterns = [path(BARE_PREFIX, site.urls), *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def use_bare_urlconf() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = bare_urlconf()
    clear_url_caches()
