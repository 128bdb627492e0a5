"""Pledges, scores and the ranking in the portal. Thin: rules in services.py, reads in selectors.py,
access asked of campaign/rules.py (404 for what the user does not see, 403 with the reason otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from campaign import selectors as campaign_selectors
from campaign.models import Campaign, ContentItem, StaffMember, Unit
from campaign.rules import can, reason, refuse_unless, scope_for, standing

from . import exports, imports, selectors, services
from .forms import AdjustForm, ImportConfirmForm, ImportUploadForm, PledgeForm, ScoreForm
from .models import Criterion, Pledge, Score

RANKING_READERS = "Bảng xếp hạng dành cho Văn phòng Sở, Lãnh đạo Sở, Ban Thanh tra nhân dân và Ban Vận động."
REGISTER_READERS = "Tổng hợp đăng ký thi đua dành cho Văn phòng Sở, Lãnh đạo Sở và Ban Thanh tra nhân dân."
NO_UNIT = "Tài khoản chưa gắn với đơn vị nào của cơ quan phát động kế hoạch này."


def _own_unit(user, campaign: Campaign) -> Unit:
    staff = standing(user).staff
    if staff is None or staff.unit.agency_id != campaign.agency_id:
        raise Http404(NO_UNIT)
    return staff.unit


def _pledge_refusal(user, campaign: Campaign, unit: Unit) -> str | None:
    """Why the user may not register the unit's pledges now (None: they may)."""
    probe = Pledge(campaign=campaign, unit=unit)
    if not can(user, "emulation.add_pledge", probe):
        return reason(user, "emulation.add_pledge", probe)
    window = services.pledge_window(campaign)
    lock = services.settings_for(campaign).pledge_lock_date
    if window.is_over():
        return f"Đã hết hạn đăng ký thi đua (đến hết ngày {lock:%d/%m/%Y}): đăng ký chỉ còn để xem."
    if not window.is_open():
        return f"Kế hoạch chưa phát động (phát động ngày {campaign.launch_date:%d/%m/%Y}); chưa nhận đăng ký thi đua."
    return None


@login_required
@require_safe
def index(request):
    """"Thi đua": the current plan's pledges for the unit's staff, the register for the office."""
    campaign = campaign_selectors.current_campaign(request.user)
    if campaign is None:
        raise Http404("Chưa có kế hoạch nào.")
    # The office, the Director and the inspection board follow every unit, even those who are also staff.
    if can(request.user, "emulation.view_pledge_register", campaign):
        return redirect("emulation:register", campaign.pk)
    if standing(request.user).staff is None:
        raise Http404(NO_UNIT)
    return redirect("emulation:pledges", campaign.pk)


# Pledges ------------------------------------------------------------------------------------------------


def _pledge_page(request, campaign: Campaign, unit: Unit, *, form=None, status=200):
    items = list(ContentItem.objects.filter(campaign=campaign))
    pledge = selectors.unit_pledge(campaign, unit)
    refusal = _pledge_refusal(request.user, campaign, unit)
    settings = services.settings_for(campaign)
    if form is None and refusal is None:
        form = PledgeForm(initial=PledgeForm.initial_for(pledge), items=items)
    return render(request, "emulation/pledges.html", {
        "campaign": campaign, "unit": unit, "items": items, "pledge": pledge, "form": form,
        "refusal": refusal, "settings": settings, "window": services.pledge_window(campaign),
        "scoring_opens": services.scoring_window(campaign).opens_at.date(),
        "people": selectors.unit_people(campaign, unit) if settings.persons_pledge else [],
        "may_import": refusal is None and settings.persons_pledge,
        "campaigns": campaign_selectors.campaigns_for(request.user), "now": timezone.now(),
    }, status=status)


@login_required
def pledges(request, pk: int):
    """The unit's pledge (and its people's): registered and changed by its staff until the lock date."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    if standing(request.user).staff is None and can(request.user, "emulation.view_pledge_register", campaign):
        return redirect("emulation:register", campaign.pk)
    unit = _own_unit(request.user, campaign)
    if request.method in ("GET", "HEAD"):
        return _pledge_page(request, campaign, unit)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    refuse_unless(request.user, "emulation.add_pledge", Pledge(campaign=campaign, unit=unit))
    items = list(ContentItem.objects.filter(campaign=campaign))
    form = PledgeForm(request.POST, items=items)
    if form.is_valid():
        try:
            services.save_pledge(campaign=campaign, unit=unit, by=request.user, title=form.cleaned_data["title"],
                                 title_other=form.cleaned_data["title_other"],
                                 commitment=form.cleaned_data["commitment"], targets=form.targets())
        except services.DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã lưu đăng ký thi đua của {unit.name}.")
            return redirect("emulation:pledges", campaign.pk)
    return _pledge_page(request, campaign, unit, form=form, status=400)


@login_required
def person_pledge(request, pk: int, staff_pk: int):
    """A person's pledge, entered by the person or by the unit's staff, when the plan asks for it."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    person = get_object_or_404(
        scope_for(request.user, StaffMember.objects.select_related("unit")), pk=staff_pk,
        unit__agency_id=campaign.agency_id, is_active=True,
    )
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    unit = person.unit
    settings = services.settings_for(campaign)
    if not settings.persons_pledge:
        raise Http404("Kế hoạch này không yêu cầu cá nhân đăng ký thi đua.")
    refuse_unless(request.user, "emulation.view_pledge", Pledge(campaign=campaign, unit=unit))
    items = list(ContentItem.objects.filter(campaign=campaign))
    pledge = selectors.personal_pledges(campaign, unit).get(person.pk)
    refusal = _pledge_refusal(request.user, campaign, unit)
    status = 200
    form = None
    if request.method == "POST":
        refuse_unless(request.user, "emulation.add_pledge", Pledge(campaign=campaign, unit=unit))
        form = PledgeForm(request.POST, items=items, personal=True)
        status = 400
        if form.is_valid():
            try:
                services.save_pledge(campaign=campaign, unit=unit, staff=person, by=request.user,
                                     title=form.cleaned_data["title"], title_other=form.cleaned_data["title_other"],
                                     commitment=form.cleaned_data["commitment"], targets=form.targets())
            except services.DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã lưu đăng ký thi đua của {person.full_name}.")
                return redirect("emulation:pledges", campaign.pk)
    elif refusal is None:
        form = PledgeForm(initial=PledgeForm.initial_for(pledge), items=items, personal=True)
    return render(request, "emulation/person_pledge.html", {
        "campaign": campaign, "unit": unit, "person": person, "pledge": pledge, "form": form, "items": items,
        "refusal": refusal, "settings": settings, "now": timezone.now(),
    }, status=status)


@login_required
@require_safe
def register(request, pk: int):
    """Who has registered and who has not (office, Director, inspection board)."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    if not can(request.user, "emulation.view_pledge_register", campaign):
        raise PermissionDenied(REGISTER_READERS)
    rows = selectors.pledge_register(campaign)
    return render(request, "emulation/register.html", {
        "campaign": campaign, "rows": rows, "settings": services.settings_for(campaign),
        "registered": sum(1 for r in rows if r.pledge), "missing": sum(1 for r in rows if not r.pledge),
        "campaigns": campaign_selectors.campaigns_for(request.user),
        "now": timezone.now(),
    })


@login_required
@require_safe
def unit_pledges(request, pk: int, unit_pk: int):
    """One unit's pledges, read-only, for those who see the register."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    unit = get_object_or_404(scope_for(request.user, Unit.objects.all()), pk=unit_pk, agency_id=campaign.agency_id)
    if not can(request.user, "emulation.view_pledge_register", campaign):
        if standing(request.user).acting_unit_id == unit.pk:
            return redirect("emulation:pledges", campaign.pk)
        raise PermissionDenied(REGISTER_READERS)
    settings = services.settings_for(campaign)
    return render(request, "emulation/pledges.html", {
        "campaign": campaign, "unit": unit, "items": list(ContentItem.objects.filter(campaign=campaign)),
        "pledge": selectors.unit_pledge(campaign, unit), "form": None, "refusal": None, "read_only": True,
        "settings": settings, "window": services.pledge_window(campaign),
        "scoring_opens": services.scoring_window(campaign).opens_at.date(),
        "people": selectors.unit_people(campaign, unit) if settings.persons_pledge else [], "now": timezone.now(),
    })


# Importing personal pledges ----------------------------------------------------------------------------

IMPORT_SALT = "emulation.imports.preview"
IMPORT_MAX_AGE = 3600


def _importing_unit(request, campaign: Campaign) -> Unit:
    unit = _own_unit(request.user, campaign)
    refuse_unless(request.user, "emulation.import_pledges", Pledge(campaign=campaign, unit=unit))
    return unit


@login_required
def import_pledges(request, pk: int):
    """Upload the unit's list of personal pledges and see every row checked; nothing is written here."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    unit = _importing_unit(request, campaign)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    preview = confirm = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rows, problems = imports.read_pledges(form.cleaned_data["file"], campaign)
            except imports.ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                preview = imports.check_pledges(campaign, unit, rows, problems)
                if preview.is_valid:
                    status = 200
                    confirm = ImportConfirmForm(initial={"payload": signing.dumps(
                        {"unit": unit.pk, **preview.payload()}, salt=IMPORT_SALT, compress=True)})
    return render(request, "emulation/import.html", {
        "campaign": campaign, "unit": unit, "form": form, "preview": preview, "confirm": confirm,
        "refusal": _pledge_refusal(request.user, campaign, unit), "now": timezone.now(),
    }, status=status)


@login_required
@require_POST
def import_confirm(request, pk: int):
    campaign = campaign_selectors.campaign_for(request.user, pk)
    unit = _importing_unit(request, campaign)
    form = ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        payload = signing.loads(form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        if payload.get("unit") != unit.pk:
            raise signing.BadSignature
    except signing.BadSignature:
        messages.error(request, "Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
        return redirect("emulation:import", campaign.pk)
    try:
        counts = imports.import_pledges(campaign=campaign, unit=unit, payload=payload, by=request.user)
    except imports.ImportRefused as refused:
        messages.error(request, refused.message)
        return render(request, "emulation/import.html", {
            "campaign": campaign, "unit": unit, "form": ImportUploadForm(), "confirm": None,
            "preview": imports.preview_from_payload(campaign, unit, payload), "now": timezone.now(),
        }, status=400)
    messages.success(request, "Đã nhập xong: {new} người đăng ký mới, {updated} người cập nhật.".format(**counts))
    return redirect("emulation:pledges", campaign.pk)


@login_required
@require_safe
def import_template(request, pk: int):
    campaign = campaign_selectors.campaign_for(request.user, pk)
    unit = _importing_unit(request, campaign)
    response = HttpResponse(imports.template_bytes(campaign, unit), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-thi-dua-ca-nhan.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# Scores -------------------------------------------------------------------------------------------------


def _score_refusal(user, campaign: Campaign, unit: Unit) -> str | None:
    probe = Score(campaign=campaign, unit=unit)
    if not can(user, "emulation.add_score", probe):
        return reason(user, "emulation.add_score", probe)
    window = services.scoring_window(campaign)
    deadline = services.settings_for(campaign).scoring_deadline
    if window.is_over():
        return f"Đã hết hạn tự chấm điểm (đến hết ngày {deadline:%d/%m/%Y}): điểm chỉ còn để xem."
    if not window.is_open():
        return (f"Đơn vị tự chấm điểm sau khi kết thúc thời gian thi đua (hết ngày {campaign.emulation_end:%d/%m/%Y}), "
                f"đến hết ngày {deadline:%d/%m/%Y}.")
    return None


@login_required
@require_safe
def scores(request, pk: int):
    """The unit's scoring sheet: every criterion with its points and evidence."""
    campaign = campaign_selectors.campaign_for(request.user, pk)
    if standing(request.user).staff is None and can(request.user, "emulation.view_ranking", campaign):
        return redirect("emulation:ranking", campaign.pk)
    unit = _own_unit(request.user, campaign)
    sheet = selectors.scoring_sheet(campaign, unit)
    scored = [s for group in sheet for _, s in group.rows if s is not None]
    return render(request, "emulation/scores.html", {
        "campaign": campaign, "unit": unit, "sheet": sheet, "refusal": _score_refusal(request.user, campaign, unit),
        "window": services.scoring_window(campaign), "settings": services.settings_for(campaign),
        "self_total": sum((s.self_points for s in scored), selectors.ZERO),
        "final_total": sum((s.final_points for s in scored), selectors.ZERO) if scored else None,
        "max_total": sum((c.max_points for g in sheet for c, _ in g.rows), selectors.ZERO),
        "campaigns": campaign_selectors.campaigns_for(request.user), "now": timezone.now(),
    })


@login_required
def score_edit(request, pk: int, criterion_pk: int):
    campaign = campaign_selectors.campaign_for(request.user, pk)
    unit = _own_unit(request.user, campaign)
    criterion = get_object_or_404(Criterion.objects.select_related("content_item", "campaign"), pk=criterion_pk,
                                  campaign=campaign)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    score = Score.objects.filter(criterion=criterion, unit=unit).first()
    refusal = _score_refusal(request.user, campaign, unit)
    status = 200
    if request.method == "POST":
        refuse_unless(request.user, "emulation.add_score", Score(campaign=campaign, unit=unit))
        form = ScoreForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_score(criterion=criterion, unit=unit, by=request.user, points=data["points"],
                                    evidence_text=data["evidence_text"], evidence_file=data["evidence_file"] or None,
                                    remove_file=data["remove_file"])
            except services.DomainError as error:
                form.add_error("evidence_file" if "Tệp" in error.message else None, error.message)
            else:
                messages.success(request, f"Đã lưu điểm tiêu chí {criterion.content_item.number}.{criterion.order}.")
                return redirect(reverse("emulation:scores", args=[campaign.pk]) + f"#tieu-chi-{criterion.pk}")
        if request.FILES:
            form.add_error("evidence_file", "Vì có lỗi, tệp chưa được lưu: vui lòng chọn lại tệp trước khi gửi.")
    else:
        initial = {"points": services.fmt_points(score.self_points), "evidence_text": score.evidence_text} if score else {}
        form = ScoreForm(initial=initial)
    return render(request, "emulation/score_edit.html", {
        "campaign": campaign, "unit": unit, "criterion": criterion, "score": score, "form": form,
        "refusal": refusal, "now": timezone.now(),
    }, status=status)


def _score_readable(user, pk: int) -> Score:
    """A score the user sees (its unit, the overseers) or may adjust (the mobilisation board)."""
    score = scope_for(user, Score.objects.select_related("campaign", "unit")).filter(pk=pk).first()
    if score is None:
        candidate = Score.objects.select_related("campaign", "unit").filter(pk=pk).first()
        if candidate is not None and can(user, "emulation.adjust_score", candidate):
            score = candidate
    if score is None:
        raise Http404("Không tìm thấy.")
    return score


@login_required
@require_safe
def score_file(request, pk: int):
    score = _score_readable(request.user, pk)
    if not score.evidence_file:
        raise Http404("Điểm này không có tệp minh chứng.")
    try:
        handle = score.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ; vui lòng báo Văn phòng Sở.") from None
    response = FileResponse(handle, as_attachment=True, filename=score.evidence_name,
                            content_type=score.evidence_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Ranking and adjustments --------------------------------------------------------------------------------


def _ranking_campaign(request, pk: int) -> Campaign:
    campaign = campaign_selectors.campaign_for(request.user, pk)
    if not can(request.user, "emulation.view_ranking", campaign):
        raise PermissionDenied(RANKING_READERS)
    return campaign


@login_required
@require_safe
def ranking(request, pk: int):
    campaign = _ranking_campaign(request, pk)
    return render(request, "emulation/ranking.html", {
        "campaign": campaign, "rows": selectors.ranking(campaign), "max_total": selectors.max_total(campaign),
        "campaigns": campaign_selectors.campaigns_for(request.user), "now": timezone.now(),
    })


@login_required
@require_safe
def ranking_export(request, pk: int):
    campaign = _ranking_campaign(request, pk)
    response = HttpResponse(exports.scores_workbook(campaign), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="xep-hang-thi-dua-{campaign.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def unit_scores(request, pk: int, unit_pk: int):
    """One unit's scores for those who read the ranking; the office (or the mobilisation board) adjusts
    a score here, with a reason."""
    campaign = _ranking_campaign(request, pk)
    unit = get_object_or_404(Unit.objects.filter(agency_id=campaign.agency_id), pk=unit_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    rows = list(selectors.scores_to_adjust(campaign, unit))
    status, failed = 200, None
    if request.method == "POST":
        # The office or the mobilisation board only; the Director and the inspection board read.
        refuse_unless(request.user, "emulation.adjust_score", Score(campaign=campaign, unit=unit))
        form = AdjustForm(request.POST)
        status = 400
        if form.is_valid():
            score = next((s for s in rows if s.pk == form.cleaned_data["score"]), None)
            if score is None:
                raise Http404("Không tìm thấy điểm này.")
            refuse_unless(request.user, "emulation.adjust_score", score)
            try:
                services.adjust_score(score=score, points=form.cleaned_data["points"],
                                      reason=form.cleaned_data["reason"], by=request.user)
            except services.NotAllowed as error:
                raise PermissionDenied(error.message) from None
            except services.DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã điều chỉnh điểm tiêu chí {score.criterion.content_item.number}."
                                          f"{score.criterion.order} của {unit.name}.")
                return redirect("emulation:unit-scores", campaign.pk, unit.pk)
        failed = form
    may_adjust = bool(rows) and can(request.user, "emulation.adjust_score", rows[0])
    return render(request, "emulation/unit_scores.html", {
        "campaign": campaign, "unit": unit, "rows": rows, "failed": failed, "may_adjust": may_adjust,
        "self_total": sum((s.self_points for s in rows), selectors.ZERO),
        "final_total": sum((s.final_points for s in rows), selectors.ZERO),
        "adjust_open": campaign.is_emulation_over(), "now": timezone.now(),
    }, status=status)
