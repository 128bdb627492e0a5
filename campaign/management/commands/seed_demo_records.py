"""Demo: chain every row of the demo data that has no link yet and verify each campaign's record, so the
supervision page shows 'Chuỗi ghi nhận: nguyên vẹn (…)'. Idempotent: run again, it appends nothing new."""

from django.core.management.base import BaseCommand

from campaign import records
from campaign.models import Campaign


class Command(BaseCommand):
    help = "Seal the demo data into each campaign's tamper-evident record and verify it (idempotent)."

    def handle(self, *args, **options):
        appended = records.seal()
        for pk in Campaign.objects.order_by("pk").values_list("pk", flat=True):
            verdict = records.verify_and_keep(pk)
            state = "intact" if verdict.intact else f"BROKEN at link {verdict.broken_seq}: {verdict.detail}"
            self.stdout.write(f"Campaign {pk}: {verdict.length} links, {state}.")
        self.stdout.write(f"Sealed {appended} row(s) that had no link.")
