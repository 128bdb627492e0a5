"""The province's pages (issue 11): the steering committee's inbox of Tờ trình, its answer and the outcome
per nominee, the allocations; the agency's office sends and reopens its Tờ trình. Thin: the rules decide
who, the services what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from awards.issuing import selectors as issuing_selectors
from awards.models import SendingState
from campaign.rules import can, refuse_unless
from core.errors import DomainError

from . import selectors, services
from .forms import DEFAULT_FORM, AcceptForm, AllocationForm, OutcomeForm, ReturnForm

# The committee's side ---------------------------------------------------------------------------------------


def _committee_only(request):
    # Not a committee account: the pages do not exist for them (as another agency's rows do not).
    if not can(request.user, "campaign.view_committee_inbox"):
        raise Http404("Không tìm thấy.")


@login_required
@require_safe
def inbox(request):
    _committee_only(request)
    proposals = selectors.inbox(request.user)
    waiting = sum(1 for p in proposals if p.sending_state == SendingState.SENT)
    return render(request, "awards/province/inbox.html", {"proposals": proposals, "waiting": waiting})


def _proposal_page(request, proposal, *, return_form=None, accept_form=None, outcome_forms=None, status=200):
    user = request.user
    rows = selectors.nominee_rows(user, proposal) if proposal.is_forwarded else []
    may_record = proposal.sending_state == SendingState.ACCEPTED and can(user, "awards.record_outcome", proposal)
    outcome_forms = outcome_forms or {}
    for row in rows:
        if row.approval.pk in outcome_forms:
            row.form = outcome_forms[row.approval.pk]
        elif may_record:
            outcome = row.outcome
            row.form = OutcomeForm(
                prefix=f"o{row.approval.pk}",
                initial={
                    "awarded": ("1" if outcome.awarded else "0") if outcome else None,
                    "form": outcome.form if outcome else DEFAULT_FORM,
                    "decision_number": outcome.decision_number if outcome else "",
                    "decision_date": outcome.decision_date if outcome else None,
                    "note": outcome.note if outcome else "",
                },
            )
        else:
            row.form = None
    waiting = proposal.sending_state == SendingState.SENT
    return render(request, "awards/province/proposal.html", {
        "proposal": proposal,
        "rows": rows,
        "steps": list(selectors.steps(user, proposal).select_related("by")),
        "may_answer": waiting and can(user, "awards.accept_provincialproposal", proposal),
        "return_form": return_form or ReturnForm(prefix="return"),
        "accept_form": accept_form or AcceptForm(prefix="accept"),
        "may_record": may_record,
        "issued": list(proposal.issued.order_by("issued_at", "pk")),
    }, status=status)


@login_required
@require_safe
def proposal(request, pk: int):
    _committee_only(request)
    return _proposal_page(request, selectors.proposal_for_committee(request.user, pk))


@login_required
@require_POST
def return_proposal(request, pk: int):
    _committee_only(request)
    proposal = selectors.proposal_for_committee(request.user, pk)
    refuse_unless(request.user, "awards.return_provincialproposal", proposal)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.return_proposal(proposal=proposal, note=form.cleaned_data["note"], by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã trả lại Tờ trình số {proposal.number} cho {proposal.agency.name}.")
            return redirect("province:proposal", proposal.pk)
    proposal.refresh_from_db()
    return _proposal_page(request, proposal, return_form=form, status=400)


@login_required
@require_POST
def accept_proposal(request, pk: int):
    _committee_only(request)
    proposal = selectors.proposal_for_committee(request.user, pk)
    refuse_unless(request.user, "awards.accept_provincialproposal", proposal)
    form = AcceptForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            services.accept(proposal=proposal, note=form.cleaned_data["note"], by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã tiếp nhận Tờ trình số {proposal.number}; hãy ghi kết quả khen thưởng.")
            return redirect("province:proposal", proposal.pk)
    proposal.refresh_from_db()
    return _proposal_page(request, proposal, accept_form=form, status=400)


@login_required
@require_POST
def record_outcome(request, pk: int, approval_pk: int):
    _committee_only(request)
    proposal = selectors.proposal_for_committee(request.user, pk)
    refuse_unless(request.user, "awards.record_outcome", proposal)
    row = next((r for r in selectors.nominee_rows(request.user, proposal) if r.approval.pk == approval_pk), None)
    if row is None:
        raise Http404("Không tìm thấy tập thể, cá nhân này trong tờ trình.")
    form = OutcomeForm(request.POST, prefix=f"o{approval_pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_outcome(
                proposal=proposal, approval=row.approval, awarded=data["awarded"], form=data["form"],
                decision_number=data["decision_number"], decision_date=data["decision_date"], note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã ghi kết quả khen thưởng cấp tỉnh của {row.approval.nomination.nominee_name}.")
            return redirect(f"{proposal_url(proposal)}#nominee-{approval_pk}")
    return _proposal_page(request, proposal, outcome_forms={approval_pk: form}, status=400)


def proposal_url(proposal) -> str:
    from django.urls import reverse

    return reverse("province:proposal", args=[proposal.pk])


# Allocations --------------------------------------------------------------------------------------------------


def _allocations_page(request, plan, *, forms=None, status=200):
    plans = list(selectors.committee_plans(request.user))
    rows = selectors.allocation_rows(request.user, plan) if plan else []
    forms = forms or {}
    for row in rows:
        row.form = forms.get(row.agency.pk) or AllocationForm(
            prefix=f"a{row.agency.pk}",
            initial={
                "collectives": row.allocation.collectives if row.allocation else 0,
                "individuals": row.allocation.individuals if row.allocation else 0,
            },
        )
    return render(request, "awards/province/allocations.html", {
        "plans": plans,
        "plan": plan,
        "rows": rows,
        "history": selectors.allocation_history(request.user, plan) if plan else [],
        "may_change": plan is not None and can(request.user, "campaign.add_allocation", plan),
    }, status=status)


@login_required
@require_safe
def allocations(request):
    _committee_only(request)
    chosen = request.GET.get("ke_hoach")
    if chosen:
        plan = selectors.plan_for_committee(request.user, chosen)
    else:
        plan = selectors.committee_plans(request.user).first()
    return _allocations_page(request, plan)


@login_required
@require_POST
def set_allocation(request, plan_pk: int, agency_pk: int):
    _committee_only(request)
    plan = selectors.plan_for_committee(request.user, plan_pk)
    agency = selectors.agency_in_plan(plan, agency_pk)
    refuse_unless(request.user, "campaign.add_allocation", plan)
    form = AllocationForm(request.POST, prefix=f"a{agency.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_allocation(plan=plan, agency=agency, collectives=data["collectives"],
                                    individuals=data["individuals"], reason=data["reason"], by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã lưu phân bổ cho {agency.name}.")
            return redirect(f"{_allocations_url(plan)}#agency-{agency.pk}")
    return _allocations_page(request, plan, forms={agency.pk: form}, status=400)


def _allocations_url(plan) -> str:
    from django.urls import reverse

    return f"{reverse('province:allocations')}?ke_hoach={plan.pk}"


# The agency's side: send, reopen ------------------------------------------------------------------------------


@login_required
@require_POST
def send(request, pk: int):
    proposal = issuing_selectors.proposal_for_page(request.user, pk)
    refuse_unless(request.user, "awards.send_provincialproposal", proposal)
    if request.POST.get("confirm") != "1":
        messages.error(request, "Hãy đánh dấu xác nhận trước khi gửi tờ trình.")
        return redirect("awards:proposal", proposal.pk)
    try:
        services.send(proposal=proposal, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã gửi Tờ trình số {proposal.number} đến Ban Chỉ đạo Tỉnh.")
    return redirect("awards:proposal", proposal.pk)


@login_required
@require_POST
def reopen(request, pk: int):
    proposal = issuing_selectors.proposal_for_page(request.user, pk)
    refuse_unless(request.user, "awards.reopen_provincialproposal", proposal)
    try:
        services.reopen(proposal=proposal, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã mở lại tờ trình để chỉnh sửa; sau khi sửa, trình Lãnh đạo Sở ký lại rồi gửi lại.")
    return redirect("awards:proposal", proposal.pk)
