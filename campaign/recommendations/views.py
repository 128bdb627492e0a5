"""The recommendations' pages: the list (office, Director, board), filing (board), one recommendation
with its answers and the answer form (Director), and the attachments' downloads. Every object comes
through `scope_for` (404 for another agency's) and every action asks the rules (403 with a reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.time import local_today

from ..models import (
    Agency,
    Campaign,
    Recommendation,
    RecommendationAnswer,
    RecommendationAttachment,
    SupervisionReport,
)
from ..rules import can, refuse_unless, scope_for, standing
from . import selectors, services
from .forms import DECISION_LABELS, AnswerForm, RecommendationForm

READERS = "Kiến nghị của Ban Thanh tra nhân dân dành cho Ban Thanh tra nhân dân, Lãnh đạo Sở và Văn phòng Sở."
PER_PAGE = 50
MAX_ID = 2**63 - 1


def _ensure_reader(user) -> None:
    if not can(user, "campaign.list_recommendations"):
        raise PermissionDenied(READERS)


def _recommendation(user, pk: int) -> Recommendation:
    recommendation = selectors.recommendation_detail(user, pk) if pk <= MAX_ID else None
    if recommendation is None:
        raise Http404("Không tìm thấy kiến nghị.")
    return recommendation


@login_required
@require_safe
def recommendation_list(request):
    _ensure_reader(request.user)
    today = local_today()
    key = request.GET.get("loc", "")
    if key not in selectors.FILTERS:
        key = ""
    rows = selectors.filtered(selectors.recommendations_for(request.user), key, today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "campaign/recommendations/list.html",
        {
            "page": page,
            "rows": selectors.decorate(page.object_list, today),
            "summary": selectors.summary_for(request.user, rows=0),
            "filters": selectors.FILTERS,
            "current": key,
            "can_file": can(request.user, "campaign.add_recommendation"),
        },
    )


def _choices(user):
    campaigns = scope_for(user, Campaign.objects.all()).order_by("-launch_date", "-pk")
    reports = scope_for(user, SupervisionReport.objects.select_related("campaign")).order_by("-filed_at", "-pk")
    return list(campaigns[:50]), list(reports[:50])


def _pick(model, user, value: str):
    """The chosen plan or report among those the user sees (the form offered only those)."""
    if not value:
        return None
    return scope_for(user, model.objects.all()).filter(pk=int(value)).first()


@login_required
def recommendation_create(request):
    """The board files a recommendation to the head of the agency."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    refuse_unless(request.user, "campaign.add_recommendation")
    agency = Agency.objects.get(pk=min(standing(request.user).inspection))
    campaigns, reports = _choices(request.user)
    initial = {}
    report_id = request.GET.get("bao-cao", "")
    if report_id.isdigit() and any(str(r.pk) == report_id for r in reports):
        report = next(r for r in reports if str(r.pk) == report_id)
        initial = {"supervision_report": report_id, "campaign": str(report.campaign_id)}
    form = RecommendationForm(request.POST or None, request.FILES or None, campaigns=campaigns, reports=reports,
                              initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                recommendation = services.file_recommendation(
                    agency=agency,
                    by=request.user,
                    title=data["title"],
                    content=data["content"],
                    campaign=_pick(Campaign, request.user, data["campaign"]),
                    supervision_report=_pick(SupervisionReport, request.user, data["supervision_report"]),
                    attachments=data["attachments"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"Đã gửi kiến nghị số {recommendation.reference} tới Giám đốc Sở. Hạn trả lời: "
                    f"{recommendation.due_date:%d/%m/%Y}.",
                )
                return redirect("recommendations:detail", recommendation.pk)
        status = 400
    return render(
        request,
        "campaign/recommendations/form.html",
        {"form": form, "agency": agency, "due_date": services.due_date_for(agency, local_today())},
        status=status,
    )


def _detail(request, recommendation: Recommendation, form: AnswerForm | None = None, status: int = 200):
    today = local_today()
    (recommendation,) = selectors.decorate([recommendation], today)
    answers = list(recommendation.answers.all())
    in_force = answers[-1] if answers else None
    new_answer = RecommendationAnswer(recommendation=recommendation)
    if form is None and can(request.user, "campaign.add_recommendationanswer", new_answer):
        form = AnswerForm(correcting=in_force is not None, initial={"corrects": in_force.pk if in_force else ""})
    return render(
        request,
        "campaign/recommendations/detail.html",
        {
            "recommendation": recommendation,
            "answers": answers,
            "in_force": in_force,
            "form": form,
            "decision_labels": {str(k): v for k, v in DECISION_LABELS.items()},
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_safe
def recommendation_detail(request, pk: int):
    return _detail(request, _recommendation(request.user, pk))


@login_required
@require_POST
def recommendation_answer(request, pk: int):
    """The Director (or a deputy) answers, or corrects the answer in force with a new one."""
    recommendation = _recommendation(request.user, pk)
    refuse_unless(request.user, "campaign.add_recommendationanswer", RecommendationAnswer(recommendation=recommendation))
    answers = {str(a.pk): a for a in recommendation.answers.all()}
    form = AnswerForm(request.POST, correcting=bool(answers))
    if form.is_valid():
        data = form.cleaned_data
        corrects = answers.get(data["corrects"]) if data["corrects"] else None
        if data["corrects"] and corrects is None:
            form.add_error(None, "Câu trả lời cần đính chính không còn đúng; hãy tải lại trang.")
        else:
            try:
                answer = services.answer_recommendation(
                    recommendation=recommendation,
                    by=request.user,
                    decision=data["decision"],
                    text=data["text"],
                    reasons=data["reasons"],
                    corrects=corrects,
                    correction_note=data.get("correction_note", ""),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                what = "đính chính câu trả lời" if answer.corrects_id else "trả lời"
                messages.success(
                    request, f"Đã {what} kiến nghị số {recommendation.reference}. Ban Thanh tra nhân dân xem được ngay."
                )
                return redirect("recommendations:detail", recommendation.pk)
    return _detail(request, recommendation, form=form, status=400)


@login_required
@require_safe
def attachment_download(request, pk: int):
    """An attachment, only for whom sees its recommendation (R8); 404 otherwise."""
    attachment = (
        scope_for(request.user, RecommendationAttachment.objects.all()).filter(pk=pk).first() if pk <= MAX_ID else None
    )
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ; vui lòng báo Văn phòng Sở.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
