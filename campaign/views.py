from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from . import imports, selectors, services
from .forms import ImportConfirmForm, ImportUploadForm, ProgressReportForm, SupervisionReportForm
from .models import (
    Agency,
    Allocation,
    Campaign,
    ContentItem,
    ProgressEvidence,
    ProgressReport,
    SupervisionReport,
    Unit,
)
from .rules import can, readable_plans, reason, refuse_unless, scope_for, standing
from .todo import todo_for


@require_safe
def home(request):
    """A logged-in person's "Việc cần làm" first (campaign/todo.py: every app's lines, counted once for this
    request and shared with the navigation's count), then the plans of their agency folded below; a visitor
    who has not logged in sees every launched plan."""
    now = timezone.now()
    return render(
        request,
        "campaign/home.html",
        {
            "campaigns": list(selectors.open_campaigns(request.user, now=now)),
            "past_campaigns": selectors.past_campaigns(request.user, now=now)[:10],
            "now": now,
            "todo": todo_for(request),
            "todo_counted": True,
        },
    )


@require_safe
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(
        readable_plans(
            request.user,
            Campaign.objects.select_related("agency", "provincial_plan").prefetch_related(
                "content_items", "legal_bases", "dossier_requirements"
            ),
        ),
        pk=pk,
    )
    now = timezone.now()
    staff = standing(request.user).staff
    # The provincial allocation is the agency's (and the committee's) to read, not every reader's of the plan.
    allocation = None
    if campaign.provincial_plan_id is not None:
        allocation = scope_for(
            request.user,
            Allocation.objects.filter(provincial_plan_id=campaign.provincial_plan_id, agency_id=campaign.agency_id),
        ).first()
    return render(
        request,
        "campaign/campaign_detail.html",
        {
            "campaign": campaign,
            "now": now,
            "emulation_open": campaign.is_emulation_open(now),
            "award_amounts": selectors.expected_award_amounts(campaign),
            # The decision cites the plan itself among its Căn cứ; the plan's own page does not list it.
            "related_texts": [
                basis for basis in campaign.legal_bases.all()
                if not basis.text.startswith(f"Căn cứ Kế hoạch số {campaign.number} ")
            ],
            "may_acknowledge": staff is not None
            and can(request.user, "campaign.add_acknowledgement", campaign),
            "allocation": allocation,
        },
    )


# Running the campaign -------------------------------------------------------------------------------------
# Thin views: every rule is in services.py, every query in selectors.py.


def _own_unit(user, campaign: Campaign) -> Unit:
    """The user's unit, when it belongs to the campaign's agency (R8: staff act for their own unit)."""
    staff = standing(user).staff
    if staff is None or staff.unit.agency_id != campaign.agency_id:
        raise Http404("Tài khoản chưa gắn với đơn vị nào của cơ quan phát động kế hoạch này.")
    return staff.unit


@login_required
@require_safe
def work_index(request):
    """"Thực hiện kế hoạch": opens the current campaign for the user's unit."""
    campaign = selectors.current_campaign(request.user, emulation=True)
    if campaign is None:
        return render(request, "campaign/no_campaign.html", status=404)
    if standing(request.user).staff is None:
        if can(request.user, "campaign.view_dashboard", campaign):
            return redirect("campaign-dashboard", campaign.pk)
        raise Http404("Tài khoản chưa gắn với đơn vị nào.")
    return redirect("campaign-work", campaign.pk)


def _work_context(request, campaign: Campaign) -> dict:
    user = request.user
    unit = _own_unit(user, campaign)
    now = timezone.now()
    staff = standing(user).staff
    acknowledgements = selectors.unit_acknowledgements(campaign, unit)
    mine = next((p.acknowledgement for p in acknowledgements.people if p.staff.pk == staff.pk), None)
    progress = selectors.unit_progress(campaign, unit)
    return {
        "campaign": campaign,
        "campaigns": selectors.campaigns_for(user),
        "unit": unit,
        "now": now,
        "emulation_open": campaign.is_emulation_open(now),
        "emulation_over": campaign.is_emulation_over(now),
        "my_acknowledgement": mine,
        "can_acknowledge": mine is None and campaign.is_emulation_open(now),
        "can_report": services.can_report_progress(user, campaign) and campaign.is_emulation_open(now),
        "read_only_reason": None if services.can_report_progress(user, campaign)
        else reason(user, "campaign.add_progressreport", ProgressReport(campaign=campaign, unit=unit)),
        "sees_who_has_not_read": can(user, "campaign.view_unit_acknowledgements", unit),
        "acknowledgements": acknowledgements,
        "progress": progress,
        "reported": sum(1 for row in progress if row.report is not None),
    }


@login_required
@require_safe
def campaign_work(request, pk: int):
    """The unit's workplace for one plan: acknowledgement, progress on the content items, who has not read it."""
    campaign = selectors.campaign_for(request.user, pk)
    if standing(request.user).staff is None and can(request.user, "campaign.view_dashboard", campaign):
        return redirect("campaign-dashboard", campaign.pk)
    return render(request, "campaign/work.html", _work_context(request, campaign))


@login_required
@require_POST
def acknowledge(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    _own_unit(request.user, campaign)
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
    campaign = selectors.campaign_for(request.user, pk)
    unit = _own_unit(request.user, campaign)
    item = _item_of(campaign, item_pk)
    report = selectors.progress_reports_for_unit(campaign, unit).filter(content_item=item).first()
    now = timezone.now()
    editable = services.can_report_progress(request.user, campaign) and campaign.is_emulation_open(now)
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
    read_only_reason = None
    if not services.can_report_progress(request.user, campaign):
        read_only_reason = reason(request.user, "campaign.add_progressreport",
                                  ProgressReport(campaign=campaign, unit=unit))
    return render(
        request,
        "campaign/progress_edit.html",
        {"campaign": campaign, "unit": unit, "item": item, "report": report, "form": form,
         "editable": editable, "read_only_reason": read_only_reason, "now": now,
         "max_evidence": services.MAX_EVIDENCE_PER_REPORT},
        status=status,
    )


def _work_url(campaign: Campaign) -> str:
    return reverse("campaign-work", args=[campaign.pk])


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    evidence = get_object_or_404(
        scope_for(request.user, ProgressEvidence.objects.select_related("report__campaign", "report__content_item")),
        pk=evidence_pk,
        report__campaign=campaign,
    )
    refuse_unless(request.user, "campaign.change_progressreport", evidence.report)
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
    evidence = scope_for(request.user, ProgressEvidence.objects.select_related("report")).filter(pk=pk).first()
    if evidence is None:
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
    campaign = selectors.campaign_for(request.user, pk)
    unit = get_object_or_404(scope_for(request.user, Unit.objects.all()), pk=unit_pk, agency_id=campaign.agency_id)
    if not can(request.user, "campaign.view_dashboard", campaign):
        if can(request.user, "campaign.add_progressreport", ProgressReport(campaign=campaign, unit=unit)):
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


# Supervision (IV.3) ----------------------------------------------------------------------------------------

SUPERVISION_READERS = "Báo cáo giám sát dành cho Ban Thanh tra nhân dân, Văn phòng Sở và Lãnh đạo Sở."


def _ensure_reads_supervision(user, campaign: Campaign) -> None:
    if not can(user, "campaign.view_supervisionreport", SupervisionReport(campaign=campaign)):
        raise PermissionDenied(SUPERVISION_READERS)


@login_required
@require_safe
def supervision_index(request):
    campaign = selectors.current_campaign(request.user)
    if campaign is None:
        return render(request, "campaign/no_campaign.html", status=404)
    _ensure_reads_supervision(request.user, campaign)
    return redirect("campaign-supervision", campaign.pk)


@login_required
def supervision(request, pk: int):
    """The board's reports on its supervision; its members file new ones here, the office and Director read."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    campaign = selectors.campaign_for(request.user, pk)
    _ensure_reads_supervision(request.user, campaign)
    new_report = SupervisionReport(campaign=campaign)
    form = None
    status = 200
    if can(request.user, "campaign.add_supervisionreport", new_report):
        form = SupervisionReportForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(reason(request.user, "campaign.add_supervisionreport", new_report))
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
            "campaigns": selectors.campaigns_for(request.user),
            "reports": selectors.supervision_reports(campaign),
            "form": form,
            "now": timezone.now(),
        },
        status=status,
    )


# Import of units and staff (office only) -------------------------------------------------------------------

IMPORT_OFFICE_ONLY = "Chỉ Văn phòng Sở mới nhập được danh sách đơn vị, cán bộ."


def _office_agency(request) -> Agency:
    """The agency whose office the user is (a role is held in one agency): its units and staff."""
    agency = scope_for(request.user, Agency.objects.filter(pk__in=standing(request.user).office)).first()
    if agency is None or not can(request.user, "campaign.import_staff", agency):
        raise PermissionDenied(IMPORT_OFFICE_ONLY)
    return agency


IMPORT_SALT = "campaign.imports.preview"
IMPORT_MAX_AGE = 3600  # a preview may be confirmed within an hour


@login_required
def import_staff(request):
    """Upload the spreadsheet and see every row checked; nothing is written here."""
    agency = _office_agency(request)
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
    agency = _office_agency(request)
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
    agency = _office_agency(request)
    response = HttpResponse(imports.template_bytes(agency), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi-can-bo.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
