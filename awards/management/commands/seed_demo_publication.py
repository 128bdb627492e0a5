"""Demo data of working days and publication after signing (issue 13 point 3), after seed_demo,
seed_demo_review and seed_demo_awards. Idempotent.

- The demo agency's calendar: one day off added by the office, labelled as sample data (Vietnam's public
  holidays, Tết included, come from the `holidays` package: for 2023-2026 it already has every weekday
  of the official Tết breaks, so no Tết day needs adding).
- Every signed decision of the demo that has no publication yet is published as of its signing (the
  demo's decision is left for the Director to sign, which publishes it).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import AwardDecision, DecisionNotice
from awards.notices.services import publish_decision
from campaign.models import Agency, NonWorkingDay

SAMPLE_DAYS = [
    (dt.date(2026, 12, 31), "Nghỉ cuối năm theo thông báo của Văn phòng Sở (dữ liệu mẫu)"),
]


class Command(BaseCommand):
    help = "Dữ liệu mẫu: ngày nghỉ do Văn phòng Sở thêm; công khai các quyết định đã ký chưa được công khai."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        if agency is None:
            raise CommandError("Chưa có dữ liệu mẫu: hãy chạy “python manage.py seed_demo” trước.")
        with transaction.atomic():
            for day, note in SAMPLE_DAYS:
                NonWorkingDay.objects.get_or_create(agency=agency, date=day, defaults={"note": note})
            published = 0
            for decision in AwardDecision.objects.filter(state="signed", notice__isnull=True).select_related("signed_by"):
                publish_decision(decision=decision, by=decision.signed_by, now=decision.signed_at)
                published += 1
        if not quiet:
            self.stdout.write(
                f"Ngày nghỉ do Văn phòng Sở thêm: {NonWorkingDay.objects.filter(agency=agency).count()}; "
                f"quyết định được công khai thêm: {published}; "
                f"đang có {DecisionNotice.objects.count()} quyết định công khai."
            )
