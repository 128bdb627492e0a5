from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from . import charts, exports, imports, selectors, services
from .forms import ImportConfirmForm, ImportUploadForm, ProgressReportForm, SupervisionReportForm
from .models import Agency, Campaign, ContentItem, ProgressEvidence, Unit
from campaign.rules import can, ensure, reason, scope_for, standing  # noqa: F401
from .selectors import open_campaigns, past_campaigns


@require_safe
def home(request):
    now = timezone.now()
    return render(
        request,
        "campaign/home.html",
        {"campaigns": list(open_campaigns(now=now)), "past_campaigns": past_campaigns(now=now)[:10], "now": now},
    )


@require_safe
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(
        Campaign.objects.select_related("agency").prefetch_related(
            "content_items", "legal_bases", "dossier_requirements"
        ),
        pk=pk,
    )
    now = timezone.now()
    return render(
        request,
        "campaign/campaign_detail.html",
        {"campaign": campaign, "now": now, "emulation_open": campaign.is_emulation_open(now)},
    )


# Running the campaign -------------------------------------------------------------------------------------
# Thin views: every rule is in services.py, every query in selectors.py.


def _forbidden(request, message: str):
    return render(request, "campaign/forbidden.html", {"message": message}, status=403)


def _own_unit(roles, campaign: Campaign) -> Unit:
    """The user's unit, when it belongs to the campaign's agency (R8: staff act for their own unit)."""
    unit = roles.unit
    if unit is None or unit.agency_id != campaign.agency_id:
        raise Http404("Tài khoản chưa gắn với đơn vị nào của cơ quan phát động kế hoạch này.")
    return unit


@login_required
@require_safe
def work_index(request):
    """"Thực hiện kế hoạch": opens the current campaign for the user's unit."""
    roles = roles_of(request)
    campaign = selectors.current_campaign(roles, emulation=True)
    if campaign is None:
        return render(request, "campaign/no_campaign.html", status=404)
    if roles.unit is None:
        if roles.sees_all_dossiers:
            return redirect("campaign-dashboard", campaign.pk)
        raise Http404("Tài khoản chưa gắn với đơn vị nào.")
    return redirect("campaign-work", campaign.pk)


def _work_context(request, campaign: Campaign) -> dict:
    roles = roles_of(request)
    unit = _own_unit(roles, campaign)
    now = timezone.now()
    staff = roles.staff_member
    acknowledgements = selectors.unit_acknowledgements(campaign, unit)
    mine = next((p.acknowledgement for p in acknowledgements.people if p.staff.pk == staff.pk), None)
    progress = selectors.unit_progress(campaign, unit)
    return {
        "campaign": campaign,
        "campaigns": selectors.campaigns_for(roles),
        "unit": unit,
        "now": now,
        "emulation_open": campaign.is_emulation_open(now),
        "emulation_over": campaign.is_emulation_over(now),
        "my_acknowledgement": mine,
        "can_acknowledge": mine is None and campaign.is_emulation_open(now),
        "can_report": services.can_report_progress(roles, campaign) and campaign.is_emulation_open(now),
        "is_leader": staff.is_leader,
        "acknowledgements": acknowledgements,
        "progress": progress,
        "reported": sum(1 for row in progress if row.report is not None),
    }


@login_required
@require_safe
def campaign_work(request, pk: int):
    """The unit's workplace for one plan: acknowledgement, progress on the content items, who has not read it."""
    roles = roles_of(request)
    campaign = selectors.campaign_for(roles, pk)
    if roles.unit is None and roles.sees_all_dossiers:
        return redirect("campaign-dashboard", campaign.pk)
    return render(request, "campaign/work.html", _work_context(request, campaign))


@login_required
@require_POST
def acknowledge(request, pk: int):
    roles = roles_of(request)
    campaign = selectors.campaign_for(roles, pk)
    _own_unit(roles, campaign)
    try:
        services.acknowledge_plan(campaign=campaign, by=request.user)
    except services.AlreadyAcknowledged as error:
        messages.info(request, error.message)
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã ghi nhận: bạn đã đọc và nắm nội dung Kế hoạch. Cảm ơn bạn.")
    return redirect("campaign-work", campaign.pk)


def _item_of(campaign: Campaign, item_pk: int) -> ContentItem:
    try:
        return ContentItem.objects.get(pk=item_pk, campaign=campaign)
    except ContentItem.DoesNotExist:
        raise Http404("Không tìm thấy nội dung này trong kế hoạch.") from None


@login_required
def progress_edit(request, pk: int, item_pk: int):
    """Report (or update the report) on one content item; read-only once the emulation period is over."""
    roles = roles_of(request)
    campaign = selectors.campaign_for(roles, pk)
    unit = _own_unit(roles, campaign)
    item = _item_of(campaign, item_pk)
    report = selectors.progress_reports_for_unit(campaign, unit).filter(content_item=item).first()
    now = timezone.now()
    editable = services.can_report_progress(roles, campaign) and campaign.is_emulation_open(now)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if request.method == "POST":
        form = ProgressReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.save_progress_report(
                    campaign=campaign,
                    content_item=item,
                    by=request.user,
                    description=form.cleaned_data["description"],
                    activity_date=form.cleaned_data["activity_date"],
                    evidence=form.cleaned_data["evidence"],
                )
            except services.DomainError as error:
                form.add_error("evidence" if "Tệp" in error.message else None, error.message)
            else:
                messages.success(request, f"Đã lưu báo cáo nội dung số {item.number}.")
                return redirect(f"{_work_url(campaign)}#noi-dung-{item.number}")
        if request.FILES:
            form.add_error("evidence", "Vì có lỗi, tệp chưa được lưu: vui lòng chọn lại tệp trước khi gửi.")
        status = 400
    else:
        initial = {"description": report.description, "activity_date": report.activity_date} if report else {}
        form = ProgressReportForm(initial=initial)
        status = 200
    return render(
        request,
        "campaign/progress_edit.html",
        {"campaign": campaign, "unit": unit, "item": item, "report": report, "form": form,
         "editable": editable, "now": now, "max_evidence": services.MAX_EVIDENCE_PER_REPORT},
        status=status,
    )


def _work_url(campaign: Campaign) -> str:
    return reverse("campaign-work", args=[campaign.pk])


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    roles = roles_of(request)
    campaign = selectors.campaign_for(roles, pk)
    unit = _own_unit(roles, campaign)
    evidence = (
        ProgressEvidence.objects.select_related("report__campaign", "report__content_item")
        .filter(pk=evidence_pk, report__campaign=campaign, report__unit=unit)
        .first()
    )
    if evidence is None:
        raise Http404("Không tìm thấy tệp minh chứng.")
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã gỡ tệp “{evidence.original_name}”.")
    return redirect("campaign-progress", campaign.pk, evidence.report.content_item_id)


@login_required
@require_safe
def evidence_download(request, pk: int):
    """An evidence file, only for whom may see the unit's reports (R8); 404 otherwise."""
    roles = roles_of(request)
    evidence = ProgressEvidence.objects.select_related("report").filter(pk=pk).first()
    allowed = evidence is not None and (
        roles.sees_all_dossiers or (roles.unit is not None and roles.unit.pk == evidence.report.unit_id)
    )
    if not allowed:
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ; vui lòng báo Văn phòng Sở.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def unit_overview(request, pk: int, unit_pk: int):
    """One unit's acknowledgements and progress reports, read-only (office, Director, inspection board)."""
    roles = roles_of(request)
    campaign = selectors.campaign_for(roles, pk)
    unit = get_object_or_404(Unit, pk=unit_pk, agency_id=campaign.agency_id)
    if not roles.sees_all_dossiers:
        if roles.unit is not None and roles.unit.pk == unit.pk:
            return redirect("campaign-work", campaign.pk)
        raise Http404("Không tìm thấy đơn vị.")
    progress = selectors.unit_progress(campaign, unit)
    return render(
        request,
        "campaign/unit_overview.html",
        {
            "campaign": campaign,
            "unit": unit,
            "acknowledgements": selectors.unit_acknowledgements(campaign, unit),
            "progress": progress,
            "reported": sum(1 for row in progress if row.report is not None),
            "now": timezone.now(),
        },
    )


# The dashboard ----------------------------------------------------------------------------------------------


@login_required
@require_safe
def dashboard_index(request):
    roles = roles_of(request)
    if not roles.sees_all_dossiers:
        return _forbidden(request, "Bảng theo dõi dành cho Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân.")
    campaign = selectors.current_campaign(roles)
    if campaign is None:
        return render(request, "campaign/no_campaign.html", status=404)
    return redirect("campaign-dashboard", campaign.pk)


DASHBOARD_UNITS_PER_PAGE = 50


@login_required
@require_safe
def dashboard(request, pk: int):
    roles = roles_of(request)
    if not roles.sees_all_dossiers:
        return _forbidden(request, "Bảng theo dõi dành cho Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân.")
    campaign = selectors.campaign_for(roles, pk)
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
        "campaign/dashboard.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns_for(roles),
            "data": data,
            "statistics": selectors.nomination_statistics(campaign),
            "ack_chart": ack_chart,
            "items_chart": items_chart,
            "unit_page": unit_page,
            "now": timezone.now(),
            "can_import": roles.is_office,
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
    roles = roles_of(request)
    if not roles.sees_all_dossiers:
        return _forbidden(request, "Chỉ Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân xuất được số liệu.")
    kind = EXPORTS.get((what, extension))
    if kind is None:
        raise Http404("Không có tệp xuất này.")
    campaign = selectors.campaign_for(roles, pk)
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


# Supervision (IV.3) ----------------------------------------------------------------------------------------


@login_required
@require_safe
def supervision_index(request):
    roles = roles_of(request)
    if not roles.sees_all_dossiers:
        return _forbidden(request, "Báo cáo giám sát dành cho Ban Thanh tra nhân dân, Văn phòng Sở và Lãnh đạo Sở.")
    campaign = selectors.current_campaign(roles)
    if campaign is None:
        return render(request, "campaign/no_campaign.html", status=404)
    return redirect("campaign-supervision", campaign.pk)


@login_required
def supervision(request, pk: int):
    """The board's reports on its supervision; its members file new ones here, the office and Director read."""
    roles = roles_of(request)
    if not roles.sees_all_dossiers:
        return _forbidden(request, "Báo cáo giám sát dành cho Ban Thanh tra nhân dân, Văn phòng Sở và Lãnh đạo Sở.")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    campaign = selectors.campaign_for(roles, pk)
    form = None
    status = 200
    if roles.is_inspector:
        form = SupervisionReportForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            return _forbidden(request, "Chỉ thành viên Ban Thanh tra nhân dân mới gửi được báo cáo giám sát.")
        if form.is_valid():
            try:
                services.file_supervision_report(campaign=campaign, by=request.user, **form.cleaned_data)
            except services.DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã gửi báo cáo giám sát. Văn phòng Sở và Lãnh đạo Sở xem được báo cáo này.")
                return redirect("campaign-supervision", campaign.pk)
        status = 400
    return render(
        request,
        "campaign/supervision.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns_for(roles),
            "reports": selectors.supervision_reports(campaign),
            "form": form,
            "now": timezone.now(),
        },
        status=status,
    )


# Import of units and staff (office only) -------------------------------------------------------------------

IMPORT_SALT = "campaign.imports.preview"
IMPORT_MAX_AGE = 3600  # a preview may be confirmed within an hour


def _import_agency(roles) -> Agency | None:
    if roles.staff_member is not None:
        return roles.staff_member.unit.agency
    agencies = list(Agency.objects.all()[:2])
    return agencies[0] if len(agencies) == 1 else None


def _office_only(request):
    roles = roles_of(request)
    if not roles.is_office:
        return None, _forbidden(request, "Chỉ Văn phòng Sở mới nhập được danh sách đơn vị, cán bộ.")
    agency = _import_agency(roles)
    if agency is None:
        return None, _forbidden(request, "Tài khoản chưa gắn với cơ quan nào; hãy gắn tài khoản với một cán bộ.")
    return agency, None


@login_required
def import_staff(request):
    """Upload the spreadsheet and see every row checked; nothing is written here."""
    agency, refusal = _office_only(request)
    if refusal:
        return refusal
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    preview = None
    confirm = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                units, staff, problems = imports.read_workbook(form.cleaned_data["file"])
            except imports.ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                preview = imports.check_rows(agency, units, staff, problems)
                if preview.is_valid:
                    status = 200
                    confirm = ImportConfirmForm(
                        initial={"payload": signing.dumps(preview.payload(), salt=IMPORT_SALT, compress=True)}
                    )
    return render(
        request,
        "campaign/import.html",
        {"form": form, "preview": preview, "confirm": confirm, "agency": agency},
        status=status,
    )


@login_required
@require_POST
def import_confirm(request):
    agency, refusal = _office_only(request)
    if refusal:
        return refusal
    form = ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        payload = signing.loads(form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
        return redirect("campaign-import")
    try:
        counts = imports.import_rows(agency=agency, payload=payload, by=request.user)
    except imports.ImportRefused as refused:
        preview = imports.preview_from_payload(agency, payload)
        messages.error(request, refused.message)
        return render(
            request,
            "campaign/import.html",
            {"form": ImportUploadForm(), "preview": preview, "confirm": None, "agency": agency},
            status=400,
        )
    messages.success(
        request,
        "Đã nhập xong: {units_new} đơn vị mới, {units_updated} đơn vị cập nhật; "
        "{staff_new} cán bộ mới, {staff_updated} cán bộ cập nhật.".format(**counts),
    )
    return redirect("campaign-import")


@login_required
@require_safe
def import_template(request):
    agency, refusal = _office_only(request)
    if refusal:
        return refusal
    response = HttpResponse(imports.template_bytes(agency), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi-can-bo.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
