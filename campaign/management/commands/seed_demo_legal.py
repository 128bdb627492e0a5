"""Demo data of the law by date (issue 13 points 1 and 6), run after seed_demo, seed_demo_review and
seed_demo_awards:

- each demo agency gets its basis of competence (the Căn cứ line of its functions and powers) when it
  has none; the decision's number is left as “…” for the office to enter from its register;
- each current-year plan that still cites the texts of another regime (the demo copies the 2023 plan)
  gets its Căn cứ re-filled from the regime of its launch date, the agency's basis and the plan itself.

The regimes and base salaries themselves are not demo data: the data migration legal/0002 puts them in
every database. Idempotent: a plan that already cites its regime's lines is left as it is.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.models import Agency, Campaign, LegalBasis
from campaign.plans import initial_legal_bases, stale_warning
from core.time import local_today, vn_date
from legal.selectors import NoLawOnDate, regime_on

COMPETENCE = {
    "SCT": (
        "Căn cứ Quyết định số …/QĐ-UBND của Ủy ban nhân dân Tỉnh Đồng Tháp quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Sở Công Thương Tỉnh Đồng Tháp"
    ),
    "SYT": (
        "Căn cứ Quyết định số …/QĐ-UBND của Ủy ban nhân dân Tỉnh Đồng Tháp quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Sở Y tế Tỉnh Đồng Tháp"
    ),
}


def _normal(text: str) -> str:
    return " ".join(text.split()).rstrip(" ;.,").casefold()


def refill_current_plans(year: int) -> list[tuple[Campaign, int]]:
    """Re-fill the Căn cứ of the year's plans that do not cite their own regime's lines."""
    refilled = []
    plans = Campaign.objects.filter(year=year).select_related("agency").prefetch_related("legal_bases")
    for plan in plans:
        try:
            regime = regime_on(plan.launch_date)
        except NoLawOnDate:
            continue
        cited = {_normal(basis.text) for basis in plan.legal_bases.all()}
        if all(_normal(line.text) in cited for line in regime.bases.all()):
            continue
        lines = initial_legal_bases(plan).lines
        with transaction.atomic():
            plan.legal_bases.all().delete()
            LegalBasis.objects.bulk_create(
                LegalBasis(campaign=plan, order=order, text=text) for order, text in enumerate(lines, start=1)
            )
        refilled.append((plan, len(lines)))
    return refilled


class Command(BaseCommand):
    help = "Căn cứ thẩm quyền của cơ quan mẫu và căn cứ pháp lý của các kế hoạch năm nay theo chế độ đang áp dụng."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        for code, line in COMPETENCE.items():
            Agency.objects.filter(code=code, competence_basis="").update(competence_basis=line)
        today = local_today()
        refilled = refill_current_plans(today.year)
        if quiet:
            return
        regime = regime_on(today)
        self.stdout.write(f"Chế độ áp dụng hôm nay ({vn_date(today)}): {regime.name}.")
        for plan, count in refilled:
            self.stdout.write(f"- {plan.number} ({plan.agency.code}): điền lại {count} dòng căn cứ.")
        for plan in Campaign.objects.filter(year=today.year).select_related("agency").prefetch_related("legal_bases"):
            warning = stale_warning(plan)
            if warning:
                self.stdout.write(f"- Cảnh báo {plan.number} ({plan.agency.code}): {warning}")
