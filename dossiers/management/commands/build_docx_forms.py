"""Generate the default DOCX forms (dossiers/docx_forms/<regime>/<kind>.docx) with python-docx."""

from django.core.management.base import BaseCommand

from dossiers.docx_forms_build import build_all


class Command(BaseCommand):
    help = "Generate the default DOCX forms bundled with the portal (dossiers/docx_forms/)."

    def handle(self, *args, **options):
        for path in build_all():
            self.stdout.write(str(path))
