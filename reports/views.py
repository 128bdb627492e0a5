"""The dashboard and the exports (office, Director, inspection board of the plan's agency)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from campaign import selectors as campaign_selectors
from campaign.models import Campaign
from campaign.rules import can

from . import charts, exports, selectors

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
    data = selectors.campaign_dashboard(campaign)
    # A province-wide agency can have hundreds of units: the chart and the table show one page of them,
    # the totals and the statistics the whole agency.
    unit_page = Paginator(data.rows, DASHBOARD_UNITS_PER_PAGE).get_page(request.GET.get("trang"))
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
            "statistics": selectors.nomination_statistics(campaign),
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
