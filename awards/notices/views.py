"""Portal pages of a signed decision published inside the agency (Law 10/2022)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from awards.issuing import pdf
from awards.issuing import services as issuing_services
from awards.issuing.views import _ascii_slug, _deliver
from awards.models import NOTICE_DUE_WORKING_DAYS, NOTICE_MINIMUM_DAYS
from campaign.rules import can, refuse_unless
from core.errors import DomainError
from core.time import local_today

from . import selectors, services
from .forms import ExtendNoticeForm


def _notice_page(request, notice, *, extend_form=None, status=200):
    user = request.user
    now = timezone.now()
    decision = notice.decision
    awards = list(decision.awards.select_related("unit").order_by("order"))
    collectives, individuals = pdf._split(awards)
    sees_readers = can(user, "awards.view_notice_readers", notice)
    can_extend = can(user, "awards.change_decisionnotice", notice)
    if extend_form is None and can_extend:
        extend_form = ExtendNoticeForm(initial={"ends_on": notice.ends_on})
    return render(request, "awards/notice_detail.html", {
        "notice": notice,
        "decision": decision,
        "collectives": collectives,
        "individuals": individuals,
        "is_up": notice.is_up(local_today(now)),
        "due_days": NOTICE_DUE_WORKING_DAYS,
        "minimum_days": NOTICE_MINIMUM_DAYS,
        "readers": selectors.readers(notice) if sees_readers else None,
        "people_count": selectors.agency_people_count(notice) if sees_readers else None,
        "extend_form": extend_form,
    }, status=status)


@login_required
@require_safe
def notice_detail(request, pk: int):
    notice = selectors.notice_for_page(request.user, pk)
    services.record_opening(notice=notice, user=request.user)
    return _notice_page(request, notice)


@login_required
@require_POST
def notice_extend(request, pk: int):
    notice = selectors.notice_for_page(request.user, pk)
    refuse_unless(request.user, "awards.change_decisionnotice", notice)
    form = ExtendNoticeForm(request.POST)
    if form.is_valid():
        try:
            services.extend_notice(notice=notice, until=form.cleaned_data["ends_on"], by=request.user)
        except DomainError as error:
            form.add_error("ends_on", error.message)
        else:
            messages.success(request, "Đã cập nhật thời gian công khai.")
            return redirect("awards:notice", notice.pk)
    notice.refresh_from_db()
    return _notice_page(request, notice, extend_form=form, status=400)


@login_required
@require_safe
def notice_pdf(request, pk: int):
    """The signed decision as issued (the same stored PDF the office prints), for every staff member."""
    notice = selectors.notice_for_page(request.user, pk)
    services.record_opening(notice=notice, user=request.user)
    decision = notice.decision
    number = _ascii_slug(decision.number) or "chua-co-so"

    def render_decision():
        return pdf.decision_pdf(decision, issuing_services.build_awards(decision))

    return _deliver(request, decision, key="decision", title=f"Quyết định {decision.number} và danh sách kèm theo",
                    filename=f"Quyet-dinh-{number}.pdf", render_pdf=render_decision,
                    back=reverse("awards:notice", args=[notice.pk]))
