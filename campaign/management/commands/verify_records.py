"""Verify each campaign's tamper-evident record (issue 14): name the first broken link, exit non-zero."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from campaign import records
from campaign.models import Campaign


def verdict_line(number: str, verdict: records.Verdict) -> str:
    """One campaign's verdict, as the supervision page words it: intact, or broken at its first bad link."""
    name = f"Kế hoạch {number} (id {verdict.campaign_id})"
    if verdict.intact:
        return f"{name}: nguyên vẹn ({verdict.length} mục)."
    line = f"{name}: BỊ PHÁ VỠ tại mục số {verdict.broken_seq}/{verdict.length}"
    where = ", ".join(part for part in (records.KIND_LABELS.get(verdict.kind, verdict.kind), verdict.row) if part)
    if where:
        line += f" ({where})"
    return f"{line}: {verdict.detail}" if verdict.detail else line


def sealed_line(appended: int) -> str:
    return f"Đã nối vào chuỗi {appended} dòng dữ liệu chưa có mục."


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi ghi nhận của mọi kế hoạch (hoặc một kế hoạch): nêu mục bị phá vỡ đầu tiên của từng "
        "kế hoạch và thoát với mã 1 nếu có chuỗi bị phá vỡ. --seal nối các dòng chưa có mục vào chuỗi trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="id của kế hoạch (mặc định: mọi kế hoạch)")
        parser.add_argument("--seal", action="store_true", help="nối các dòng chưa có mục vào chuỗi trước khi kiểm tra")

    def handle(self, *args, campaign=None, seal=False, **options):
        campaigns = list(Campaign.objects.order_by("pk").values_list("pk", "number"))
        if campaign is not None:
            campaigns = [(pk, number) for pk, number in campaigns if pk == campaign]
            if not campaigns:
                raise CommandError(f"Không có kế hoạch nào có id {campaign}.")
        if seal:
            self.stdout.write(sealed_line(records.seal(campaign_id=campaign)))
        broken = 0
        started = time.perf_counter()
        total = 0
        for pk, number in campaigns:
            verdict = records.verify_and_keep(pk)
            total += verdict.length
            broken += not verdict.intact
            self.stdout.write(verdict_line(number, verdict))
        elapsed = time.perf_counter() - started
        seconds = f"{elapsed:.2f}".replace(".", ",")
        self.stdout.write(f"Đã kiểm tra {total} mục của {len(campaigns)} kế hoạch trong {seconds} giây.")
        if broken:
            sys.exit(1)
