"""Every demo seed in the order each builds on the one before (`make run` and `make seed` call this)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

SEEDS = (
    "seed_demo",
    "seed_demo_contacts",  # the agencies' address and telephone in the portal's footer (issue 15)
    "seed_demo_review",
    "seed_demo_awards",
    "seed_demo_legal",
    "seed_demo_forms",
    "seed_demo_province",
    "seed_demo_province_dashboard",
    "seed_demo_emulation",
    "seed_demo_unit_meeting",
    "seed_demo_council_ballot",
    "seed_demo_publication",
    "seed_demo_recommendations",
    "seed_demo_verify",
    "seed_demo_mail",  # the mail templates; the outbox holds what the seeds above queued
    "seed_demo_records",  # last: chains what the others wrote
)


class Command(BaseCommand):
    help = "Nạp toàn bộ dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        for name in SEEDS:
            self.stdout.write(f"== {name}")
            call_command(name, stdout=self.stdout, stderr=self.stderr)
