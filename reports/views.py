"""The dashboard and the exports (office, Director, inspection board of the plan's agency), and the
province dashboard of the provincial steering committee."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from campaign import selectors as campaign_selectors
from campaign.models import Campaign, ProvincialPlan
from campaign.rules import can, scope_for

from . import charts, exports, province, selectors

DASHBOARD_READERS = "Bảng theo dõi dành cho Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân."
EXPORT_READERS = "Chỉ Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân xuất được số liệu."


def _readable_campaign(user, pk: int, refusal: str) -> Campaign:
    campaign = campaign_selectors.campaign_for(user, pk)  # another agency's plan: 404
    if not can(user, "campaign.view_dashboard", campaign):
        raise PermissionDenied(refusal)
    return campaign


@login_required
@require_safe
def dashboard_index(request):
    campaign = campaign_selectors.current_campaign(request.user)
    if campaign is None:
        if not can(request.user, "campaign.view_dashboard"):
            raise PermissionDenied(DASHBOARD_READERS)
        return render(request, "campaign/no_campaign.html", status=404)
    if not can(request.user, "campaign.view_dashboard", campaign):
        raise PermissionDenied(DASHBOARD_READERS)
    return redirect("campaign-dashboard", campaign.pk)


DASHBOARD_UNITS_PER_PAGE = 50


@login_required
@require_safe
def dashboard(request, pk: int):
    campaign = _readable_campaign(request.user, pk, DASHBOARD_READERS)
    # A province-wide agency can have thousands of units: the chart and the table show one page of them
    # (paginated in SQL, only that page's units counted row by row), the totals and the statistics the
    # whole agency (aggregated by the database).
    data = selectors.campaign_dashboard(campaign, page=request.GET.get("trang"), per_page=DASHBOARD_UNITS_PER_PAGE,
                                        keep_figures=True)
    unit_page = data.unit_page
    ack_chart = charts.percent_bars(
        key="ack",
        title="Tỷ lệ cán bộ đã xác nhận nắm nội dung Kế hoạch, theo đơn vị",
        description="Mỗi thanh là một đơn vị: số cán bộ có tài khoản đã xác nhận trên tổng số cán bộ có tài khoản.",
        bars=[
            charts.Bar(
                row.unit.name,
                row.ack_percent,
                f"{row.acknowledged}/{row.staff_with_login} · {row.ack_percent}%" if row.staff_with_login else "chưa có tài khoản",
            )
            for row in unit_page.object_list
        ],
    )
    items_chart = charts.column_chart(
        key="items",
        title="Số đơn vị đã báo cáo theo từng nội dung của Kế hoạch",
        description=f"Mỗi cột là một nội dung; chiều cao là số đơn vị (trên {data.unit_count}) đã báo cáo.",
        columns=[
            charts.Bar(f"ND {item.number}", count, f"{count}/{data.unit_count} đơn vị") for item, count in data.items
        ],
        maximum=data.unit_count,
        axis_label="Nội dung (ND) của Kế hoạch",
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "campaign": campaign,
            "campaigns": campaign_selectors.campaigns_for(request.user),
            "data": data,
            "statistics": data.statistics,
            "figures_max_minutes": selectors.FIGURES_MAX_AGE // 60,
            "ack_chart": ack_chart,
            "items_chart": items_chart,
            "unit_page": unit_page,
            "now": timezone.now(),
            "can_import": can(request.user, "campaign.import_staff", campaign.agency),
        },
    )


EXPORTS = {
    ("de-nghi", "xlsx"): "nominations",
    ("de-nghi", "csv"): "nominations",
    ("ket-qua", "xlsx"): "results",
    ("ket-qua", "csv"): "results",
}


@login_required
@require_safe
def export(request, pk: int, what: str, extension: str):
    """Nominations (with the statistics offices report) or results per unit, as XLSX or CSV."""
    kind = EXPORTS.get((what, extension))
    if kind is None:
        raise Http404("Không có tệp xuất này.")
    campaign = _readable_campaign(request.user, pk, EXPORT_READERS)
    if kind == "nominations":
        if extension == "csv":
            return exports.csv_response(campaign, "danh-sach-de-nghi", exports.nominations_table(campaign))
        return exports.xlsx_response(
            campaign, "danh-sach-de-nghi", [exports.nominations_table(campaign), exports.statistics_table(campaign)]
        )
    if extension == "csv":
        return exports.csv_response(campaign, "ket-qua-theo-don-vi", exports.results_table(campaign))
    return exports.xlsx_response(
        campaign,
        "ket-qua-theo-don-vi",
        [exports.results_table(campaign), exports.dossiers_table(campaign), exports.statistics_table(campaign)],
    )


# The province dashboard: the provincial steering committee follows every agency of its province ---------

PROVINCE_READERS = "Bảng theo dõi cấp tỉnh dành cho Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh."
PROVINCE_PERMISSION = "reports.view_province_dashboard"


def _province_plan(request) -> tuple[list[ProvincialPlan], ProvincialPlan | None]:
    """The committee's provincial plans and the one chosen (?ke-hoach-tinh=, the latest by default).
    Another province's plan, or an id that is no plan, is a 404."""
    user = request.user
    if not can(user, PROVINCE_PERMISSION):
        raise PermissionDenied(PROVINCE_READERS)
    plans = [
        plan
        for plan in scope_for(user, ProvincialPlan.objects.select_related("province")).order_by(
            "-year", "-signing_date", "-pk"
        )
        if can(user, PROVINCE_PERMISSION, plan)
    ]
    wanted = request.GET.get("ke-hoach-tinh")
    if wanted is None or wanted == "":
        return plans, (plans[0] if plans else None)
    chosen = next((plan for plan in plans if str(plan.pk) == wanted.strip()), None)
    if chosen is None:
        raise Http404("Không có kế hoạch này của tỉnh.")
    return plans, chosen


def _sort_links(plan: ProvincialPlan, key: str, descending: bool) -> list[dict]:
    """The table's headers: each a link that sorts by its column (again: the other way round)."""
    headers = []
    for column, (label, _) in province.SORTS.items():
        current = column == key
        # Figures read best from the largest; names and dates from the first.
        first_descending = column not in ("co-quan", "ke-hoach")
        wants_descending = (not descending) if current else first_descending
        query = urlencode({"ke-hoach-tinh": plan.pk, "sap-xep": f"-{column}" if wants_descending else column})
        headers.append(
            {
                "key": column,
                "label": label,
                "url": f"?{query}#theo-co-quan",
                "sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


@login_required
@require_safe
def province_dashboard(request):
    plans, plan = _province_plan(request)
    if plan is None:
        return render(request, "reports/province_dashboard.html", {"plans": plans, "plan": None})
    data = province.province_dashboard(plan, sort=request.GET.get("sap-xep"))
    ack_chart = charts.percent_bars(
        key="ack",
        title="Tỷ lệ cán bộ đã xác nhận nắm nội dung Kế hoạch, theo cơ quan",
        description="Mỗi thanh là một cơ quan: số cán bộ có tài khoản đã xác nhận trên tổng số cán bộ có tài khoản.",
        bars=[
            charts.Bar(
                line.agency.name,
                line.ack_percent,
                f"{line.agency.acknowledged}/{line.agency.staff_with_login} · {line.ack_percent}%"
                if line.agency.staff_with_login
                else "chưa có tài khoản",
            )
            for line in data.lines
        ],
    )
    items_chart = charts.percent_bars(
        key="items",
        title="Tỷ lệ nội dung của Kế hoạch đã báo cáo, theo cơ quan",
        description="Mỗi thanh là một cơ quan: số lượt nội dung các đơn vị đã báo cáo trên tổng số lượt phải báo cáo.",
        bars=[
            charts.Bar(
                line.agency.name,
                line.items_percent,
                f"{line.agency.items_reported}/{line.items_total} · {line.items_percent}%"
                if line.items_total
                else "chưa có nội dung",
            )
            for line in data.lines
        ],
    )
    steps = [0] * len(province.PROPOSAL_STEPS)
    for line in data.lines:
        steps[line.proposal_step] += 1
    proposals_chart = charts.column_chart(
        key="proposals",
        title="Tờ trình của các cơ quan theo từng bước",
        description=f"Mỗi cột là một bước của Tờ trình; chiều cao là số cơ quan (trên {data.totals.agencies}).",
        columns=[
            charts.Bar(short, steps[rank], f"{label}: {steps[rank]}/{data.totals.agencies} cơ quan")
            for rank, label, short, _ in province.PROPOSAL_STEPS.values()
        ],
        maximum=data.totals.agencies,
        axis_label="Bước của Tờ trình gửi Ban Chỉ đạo tỉnh",
    )
    return render(
        request,
        "reports/province_dashboard.html",
        {
            "plans": plans,
            "plan": plan,
            "data": data,
            "headers": _sort_links(plan, data.sort, data.descending),
            "ack_chart": ack_chart,
            "items_chart": items_chart,
            "proposals_chart": proposals_chart,
            "export_query": urlencode(
                {"ke-hoach-tinh": plan.pk, "sap-xep": f"-{data.sort}" if data.descending else data.sort}
            ),
        },
    )


@login_required
@require_safe
def province_export(request):
    """The province dashboard's table as XLSX, in the order the page shows."""
    _, plan = _province_plan(request)
    if plan is None:
        raise Http404("Chưa có kế hoạch của tỉnh để xuất số liệu.")
    data = province.province_dashboard(plan, sort=request.GET.get("sap-xep"))
    return exports.province_xlsx_response(plan, exports.province_table(data))
