"""Staff pages for award-proposal dossiers. Thin: every rule is in services.py, and who may see or
change what is asked of campaign/rules.py (through the selectors' scopes and `can`)."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_fsm import can_proceed

from campaign.rules import can, reason, refuse_unless, standing

from . import meetings, receipts, selectors, services
from .forms import NewDossierForm, NominationEditForm, NominationForm, UploadForm, WithdrawForm
from .models import DocumentKind, Dossier, DossierState

logger = logging.getLogger(__name__)
PAGE_SIZE = 100


@login_required
@require_safe
def dossier_list(request):
    if not can(request.user, "dossiers.view_dossier"):
        # Nobody's list: no role, no staff link, or a staff member who has left (the reason says which).
        raise Http404(reason(request.user, "dossiers.add_dossier"))
    dossiers = selectors.dossier_list(request.user)
    state = request.GET.get("trang-thai", "")
    if state in DossierState.values:
        dossiers = dossiers.filter(state=state)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    groups: dict[int, dict] = {}
    for dossier in page.object_list:
        groups.setdefault(dossier.campaign_id, {"campaign": dossier.campaign, "dossiers": []})["dossiers"].append(dossier)
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "groups": list(groups.values()),
            "page": page,
            "state": state,
            "states": DossierState.choices,
            "now": timezone.now(),
            "can_create": can(request.user, "dossiers.add_dossier"),
            "acting_unit": _acting_unit(request.user),
            "show_units": _sees_many_units(request.user),
            # The unit's review meetings being voted on (issue 16), so its staff find their ballot.
            "meetings_to_vote": list(meetings.meetings_to_vote(request.user)),
        },
    )


def _acting_unit(user):
    """The unit the user prepares dossiers for (None for the office, the Director, the board)."""
    me = standing(user)
    return me.staff.unit if me.acting_unit_id is not None else None


def _sees_many_units(user) -> bool:
    """Whether the pages name each dossier's unit: for those who oversee an agency, not for its staff."""
    return bool(standing(user).overseer)


@login_required
def dossier_create(request):
    if not can(request.user, "dossiers.add_dossier"):
        if can(request.user, "dossiers.view_dossier"):
            # The office, the Director, the board: they see the dossiers but act for no unit.
            raise PermissionDenied(reason(request.user, "dossiers.add_dossier"))
        raise Http404(reason(request.user, "dossiers.add_dossier"))
    unit = _acting_unit(request.user)
    form = NewDossierForm(request.POST or None, unit=unit, initial={"campaign": request.GET.get("campaign")})
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(
                campaign=form.cleaned_data["campaign"], unit=unit, level=form.cleaned_data["level"],
                by=request.user
            )
        except services.DomainError as error:
            form.add_refusal(error)
        else:
            messages.success(request, "Đã tạo hồ sơ nháp. Hãy thêm người được đề nghị và tải lên các văn bản.")
            return redirect("dossiers:detail", dossier.pk)
    return render(request, "dossiers/dossier_create.html", {"form": form})


def _document_slots(dossier: Dossier, upload_form: UploadForm | None):
    """The dossier-level documents with their versions, newest first, and any upload error."""
    files = [f for f in dossier.files.all() if f.nomination_id is None]
    slots = []
    for kind, label in ((DocumentKind.PROPOSAL_LETTER, "Công văn đề nghị"),
                        (DocumentKind.MEETING_MINUTES, "Biên bản họp xét đề nghị khen thưởng")):
        versions = [f for f in files if f.kind == kind]
        slots.append({"kind": kind, "label": label, "versions": versions,
                      "form": _slot_form(upload_form, kind, None)})
    return slots


def _slot_form(upload_form: UploadForm | None, kind: str, nomination_id: int | None):
    if upload_form is not None and upload_form.data.get("kind") == kind and (
        str(upload_form.data.get("nomination") or "") == str(nomination_id or "")
    ):
        return upload_form
    return UploadForm(initial={"kind": kind, "nomination": nomination_id})


def _render_detail(
    request, dossier: Dossier, *, upload_form=None, nomination_form=None, withdraw_form=None, status=200
):
    may_change = can(request.user, "dossiers.change_dossier", dossier)
    can_edit = may_change and dossier.is_editable
    now = timezone.now()
    # After the cutoff a supplement adds documents, not nominees (R12): the service's rule, asked here.
    frozen = services.nominees_frozen(dossier, now)
    reports = [f for f in dossier.files.all() if f.kind == DocumentKind.ACHIEVEMENT_REPORT]
    nominations = [
        {
            "nomination": n,
            "versions": [f for f in reports if f.nomination_id == n.pk],
            "form": _slot_form(upload_form, DocumentKind.ACHIEVEMENT_REPORT, n.pk),
        }
        for n in dossier.nominations.all()
    ]
    if nomination_form is None and can_edit and not frozen:
        nomination_form = NominationForm(unit=dossier.unit, report_label=dossier.report_label)
    context = {
        "dossier": dossier,
        "campaign": dossier.campaign,
        "can_edit": can_edit,
        # Which steps the state allows is the state machine's answer (dossiers/models.py), not a list here.
        "can_submit": may_change and can_proceed(dossier.submit),
        "can_withdraw": may_change and can_proceed(dossier.withdraw),
        "can_add_nominations": can_edit and not frozen,
        "can_remove_nominations": can_edit and not frozen and services.nominations_removable(dossier),
        # Why the buttons are gone, told to those who could otherwise have used them.
        "nominees_frozen_message": services.nominees_frozen_message(dossier.campaign) if can_edit and frozen else "",
        "show_units": _sees_many_units(request.user),
        "checklist": services.checklist(dossier),
        "documents": _document_slots(dossier, upload_form),
        "nominations": nominations,
        "nomination_form": nomination_form,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "timeline": list(dossier.timeline.all()),
        "submission_open": dossier.campaign.is_submission_open(now),
        "now": now,
    }
    return render(request, "dossiers/dossier_detail.html", context, status=status)


@login_required
@require_safe
def dossier_detail(request, pk: int):
    dossier = selectors.dossier_for_page(request.user, pk)
    return _render_detail(request, dossier)


def _reload(request, pk: int) -> Dossier:
    return selectors.dossier_for_page(request.user, pk)


@login_required
@require_POST
def upload(request, pk: int):
    dossier = selectors.dossier_for_change(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        nomination = None
        if form.cleaned_data["nomination"]:
            nomination = selectors.nomination_in(request.user, dossier, form.cleaned_data["nomination"])
        try:
            stored = services.upload_document(
                dossier=dossier, by=request.user, kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"], nomination=nomination,
            )
        except services.DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, f"Đã tải lên “{stored.original_name}” (phiên bản {stored.version}).")
            return redirect("dossiers:detail", dossier.pk)
    return _render_detail(request, _reload(request, pk), upload_form=form, status=400)


@login_required
@require_POST
def add_nomination(request, pk: int):
    dossier = selectors.dossier_for_change(request.user, pk)
    form = NominationForm(request.POST, request.FILES, unit=dossier.unit, report_label=dossier.report_label)
    if form.is_valid():
        try:
            nomination = services.add_nomination(
                dossier=dossier, by=request.user, kind=form.cleaned_data["kind"],
                staff=form.cleaned_data["staff"], achievement_summary=form.cleaned_data["achievement_summary"],
                report=form.cleaned_data["report"],
            )
        except services.DomainError as error:
            field = "report" if form.cleaned_data.get("report") and "Tệp" in error.message else None
            form.add_error(field, error.message)
        else:
            messages.success(request, f"Đã thêm đề nghị khen thưởng cho {nomination.nominee_name}.")
            return redirect("dossiers:detail", dossier.pk)
    if request.FILES.get("report"):
        form.add_error("report", "Vì có lỗi ở trên, tệp chưa được lưu: vui lòng chọn lại tệp trước khi gửi.")
    return _render_detail(request, _reload(request, pk), nomination_form=form, status=400)


@login_required
def edit_nomination(request, pk: int, nomination_pk: int):
    dossier = selectors.dossier_for_change(request.user, pk)
    nomination = selectors.nomination_in(request.user, dossier, nomination_pk)
    form = NominationEditForm(request.POST or None, initial={"achievement_summary": nomination.achievement_summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_nomination(
                nomination=nomination, by=request.user, achievement_summary=form.cleaned_data["achievement_summary"]
            )
        except services.DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã lưu tóm tắt thành tích của {nomination.nominee_name}.")
            return redirect("dossiers:detail", dossier.pk)
    return render(request, "dossiers/nomination_edit.html", {"form": form, "dossier": dossier, "nomination": nomination})


@login_required
@require_POST
def remove_nomination(request, pk: int, nomination_pk: int):
    dossier = selectors.dossier_for_change(request.user, pk)
    nomination = selectors.nomination_in(request.user, dossier, nomination_pk)
    name = nomination.nominee_name
    try:
        services.remove_nomination(nomination=nomination, by=request.user)
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã xoá đề nghị khen thưởng cho {name}.")
    return redirect("dossiers:detail", dossier.pk)


class SubmitConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Tôi đã kiểm tra các thành phần và tệp của hồ sơ ở trên và xác nhận nộp hồ sơ này.",
        error_messages={"required": "Hãy đánh dấu ô xác nhận để nộp hồ sơ. Hồ sơ chưa được nộp."},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request, pk: int):
    """The review step: the checklist, each nominee and each file, what is missing with a link to fix it,
    and “Xác nhận nộp”. Only the confirmed POST submits; then the receipt."""
    dossier = selectors.dossier_for_change(request.user, pk)  # 404 unseen, 403 seen but not the unit's
    form = SubmitConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # The confirmed POST only changes the state (code, timeline, one task for the mail) and redirects:
        # the page is read again only to show a refusal, the receipt is the GET that follows (issue 17).
        if form.is_valid():
            try:
                dossier = services.submit_dossier(dossier=dossier, by=request.user)
            except services.DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"Đã nộp hồ sơ về {dossier.campaign.agency.office_name}. Trạng thái: Đã nộp. "
                    f"Mã hồ sơ: {dossier.code}.",
                )
                return redirect("dossiers:receipt", dossier.pk)
        dossier = selectors.dossier_for_page(request.user, pk)
    elif not can_proceed(dossier.submit):
        messages.info(
            request,
            f"Hồ sơ đang ở trạng thái “{dossier.get_state_display()}”; không có gì để nộp."
            + (" Giấy biên nhận của lần nộp gần nhất ở bên dưới." if receipts.has_receipt(dossier) else ""),
        )
        return redirect("dossiers:receipt" if receipts.has_receipt(dossier) else "dossiers:detail", dossier.pk)
    else:
        dossier = selectors.dossier_for_page(request.user, pk)
    checklist = services.checklist(dossier)
    context = {
        "dossier": dossier,
        "campaign": dossier.campaign,
        "checklist": checklist,
        "missing": [item for item in checklist if not item.done],
        "nominations": list(dossier.nominations.all()),
        "files": receipts.current_files(dossier),
        "form": form,
        "now": timezone.now(),
    }
    return render(request, "dossiers/submit_review.html", context, status=400 if request.method == "POST" else 200)


def _receipt_dossier(request, pk: int) -> Dossier:
    dossier = selectors.dossier_for_page(request.user, pk)
    refuse_unless(request.user, "dossiers.view_receipt", dossier)
    if not receipts.has_receipt(dossier):
        raise Http404("Hồ sơ chưa được nộp nên chưa có giấy biên nhận.")
    return dossier


@login_required
@require_safe
def receipt(request, pk: int):
    dossier = _receipt_dossier(request, pk)
    return render(request, "dossiers/receipt.html", receipts.receipt_context(dossier))


@login_required
@require_safe
def receipt_pdf(request, pk: int):
    dossier = _receipt_dossier(request, pk)
    pdf = receipts.receipt_pdf(dossier)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipts.receipt_file_name(dossier)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def withdraw(request, pk: int):
    dossier = selectors.dossier_for_change(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        # A reason that cannot be kept is the user's to fix: nothing is withdrawn, what they typed stays.
        return _render_detail(request, _reload(request, pk), withdraw_form=form, status=400)
    try:
        services.withdraw_dossier(dossier=dossier, by=request.user, note=form.cleaned_data["note"])
    except services.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã rút hồ sơ. Người được đề nghị có thể được đề nghị lại trong hồ sơ mới.")
    return redirect("dossiers:detail", dossier.pk)


@login_required
@require_safe
def download(request, pk: int):
    stored = selectors.file_for_download(request.user, pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ; vui lòng báo Văn phòng Sở.") from None
    if not services.file_is_intact(stored, handle):
        # Never hand out a file that differs from what was uploaded.
        handle.close()
        logger.error("Tệp %s (id %s) không khớp mã SHA-256 đã lưu", stored.file.name, stored.pk)
        return render(request, "dossiers/file_damaged.html", {"stored": stored}, status=409)
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
