"""Demo: chain every row of the demo data that has no link yet and verify each campaign's record, so the
supervision page shows 'Chuỗi ghi nhận: nguyên vẹn (…)'. Idempotent: run again, it appends nothing new."""

from django.core.management.base import BaseCommand

from campaign import records
from campaign.models import Campaign

from .verify_records import sealed_line, verdict_line


class Command(BaseCommand):
    help = "Nối dữ liệu mẫu vào chuỗi ghi nhận của từng kế hoạch và kiểm tra chuỗi (chạy lại không thêm gì)."

    def handle(self, *args, **options):
        appended = records.seal()
        for pk, number in Campaign.objects.order_by("pk").values_list("pk", "number"):
            self.stdout.write(verdict_line(number, records.verify_and_keep(pk)))
        self.stdout.write(sealed_line(appended))
