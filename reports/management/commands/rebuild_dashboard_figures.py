"""Recount the dashboard's kept figures (reports.models.UnitFigures) from the rows they count.

    manage.py rebuild_dashboard_figures [--campaign PK ...] [--check]

The figures are kept up to date in the transaction of every change made through the models
(reports/figures.py), with each campaign's totals; run this after a bulk load (bulk_create, a raw SQL import or a restored table), or if
the dashboard's totals ever disagree with the lists. --check only says which campaigns' figures differ from
a recount (and exits with status 1 if any does), without writing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaign.models import Campaign
from reports import figures
from reports.models import FIGURE_COLUMNS, CampaignFigures, UnitFigures


class Command(BaseCommand):
    help = "Đếm lại số liệu của bảng theo dõi (mỗi kế hoạch, mỗi đơn vị) từ hồ sơ, đề nghị, cán bộ, báo cáo."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, nargs="+", help="chỉ các kế hoạch này (mã số)")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args, campaign=None, check=False, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign:
            campaigns = campaigns.filter(pk__in=campaign)
            missing = set(campaign) - set(campaigns.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"Không có kế hoạch mã số {', '.join(map(str, sorted(missing)))}.")
        ids = list(campaigns.values_list("pk", flat=True))
        if check:
            drifted = [pk for pk in ids if _drifted(pk)]
            for pk in drifted:
                self.stdout.write(f"Kế hoạch {pk}: số liệu lưu sẵn khác với số đếm lại.")
            if drifted:
                raise CommandError(f"{len(drifted)} kế hoạch cần đếm lại: chạy lệnh này không có --check.")
            self.stdout.write(f"Số liệu của {len(ids)} kế hoạch khớp với số đếm lại.")
            return
        rows = figures.rebuild(ids)
        self.stdout.write(self.style.SUCCESS(f"Đã đếm lại số liệu của {len(ids)} kế hoạch ({rows} dòng đơn vị)."))


def _drifted(campaign_id: int) -> bool:
    """Whether a recount (done and rolled back) would change any figure of the campaign."""
    def snapshot():
        units = {row[0]: row[1:] for row in UnitFigures.objects.filter(campaign_id=campaign_id)
                 .exclude(**{name: 0 for name in FIGURE_COLUMNS})
                 .values_list("unit_id", *FIGURE_COLUMNS)}
        return units, CampaignFigures.objects.filter(campaign_id=campaign_id).values_list(*FIGURE_COLUMNS).first()

    kept = snapshot()
    with transaction.atomic():
        figures.rebuild([campaign_id])
        counted = snapshot()
        transaction.set_rollback(True)
    return kept != counted
