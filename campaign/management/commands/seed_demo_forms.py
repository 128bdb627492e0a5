"""Demo data for the exact forms (issue 13 point 2). Runs after `seed_demo`, `seed_demo_review` and
`seed_demo_awards`.

The current-year demo plans get their own date (the day they were launched), so a Tờ trình citing them can
be signed. The 2023 plan keeps “…/KH-SCT” and no date: its registered number is not legible in the seed,
and the portal refuses to sign a Tờ trình citing it until the office fills them in (the demo of that
refusal).

No rename is seeded: `seed_demo` keys units by name, so a renamed demo unit would come back twice on the
next run. A rename is recorded in the admin (the agency's or unit's page asks from which day it applies).

Idempotent: a plan that has a date keeps it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.management.commands.seed_demo import DEMO_CAMPAIGN
from campaign.models import Campaign


class Command(BaseCommand):
    help = "Dữ liệu mẫu: ngày của các kế hoạch mẫu năm nay (tờ trình dẫn kế hoạch in số và ngày của kế hoạch)."

    @transaction.atomic
    def handle(self, *args, **options):
        dated = 0
        for campaign in Campaign.objects.filter(number=DEMO_CAMPAIGN["number"], plan_date__isnull=True):
            campaign.plan_date = campaign.launch_date
            campaign.save(update_fields=["plan_date"])
            dated += 1
        self.stdout.write(f"Kế hoạch mẫu năm nay được ghi ngày của kế hoạch: {dated}.")
        self.stdout.write(
            "Kế hoạch năm 2023 giữ số “…/KH-SCT” và chưa có ngày (bản gốc không đọc được số): tờ trình dẫn kế "
            "hoạch này chỉ ký được sau khi Văn phòng Sở nhập số và ngày của kế hoạch trong Trang quản trị."
        )
