"""Verify each campaign's tamper-evident record (issue 14): name the first broken link, exit non-zero."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from campaign import records
from campaign.models import Campaign


class Command(BaseCommand):
    help = (
        "Verify the chained record of every campaign (or one): names the first broken link of each campaign "
        "and exits with status 1 if any is broken. --seal first chains rows that have no link yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="the campaign's id (default: every campaign)")
        parser.add_argument("--seal", action="store_true", help="chain rows without a link before verifying")

    def handle(self, *args, campaign=None, seal=False, **options):
        ids = list(Campaign.objects.order_by("pk").values_list("pk", flat=True))
        if campaign is not None:
            if campaign not in ids:
                raise CommandError(f"No campaign with id {campaign}.")
            ids = [campaign]
        if seal:
            appended = records.seal(campaign_id=campaign)
            self.stdout.write(f"Sealed {appended} row(s) that had no link.")
        broken = 0
        started = time.perf_counter()
        total = 0
        for pk in ids:
            verdict = records.verify_and_keep(pk)
            total += verdict.length
            if verdict.intact:
                self.stdout.write(f"Campaign {pk}: intact ({verdict.length} links).")
            else:
                broken += 1
                self.stdout.write(
                    f"Campaign {pk}: BROKEN at link {verdict.broken_seq} of {verdict.length}"
                    f" ({verdict.kind} {verdict.row}): {verdict.detail}".replace(" ()", "")
                )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Verified {total} links of {len(ids)} campaign(s) in {elapsed:.2f} s.")
        if broken:
            sys.exit(1)
