"""Portal pages of issuing: award decisions, certificates, the Tờ trình, the award register and staff
histories."""

import re
import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from awards.models import (
    AwardDecision,
    CertificateLayout,
    PaperSize,
    PrintJob,
    PrintJobKind,
    PrintJobStatus,
    ProposalStep,
    ProvincialOutcome,
    ProvincialProposal,
)
from awards.review import quota
from awards.review.services import signing_blockers
from campaign.models import Agency, AwardLevel
from campaign.rules import can, refuse_unless, scope_for, standing
from core.errors import DomainError
from core.storage import StoreFailed
from core.time import local_today

from . import pdf, print_jobs, second_factor, selectors, services, signing
from .forms import DecisionForm, ProposalForm, SignForm


def _ascii_slug(text: str) -> str:
    """“125/QĐ-SCT” -> “125-QD-SCT”, for download file names."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _pdf_response(content: bytes, filename: str, *, issued: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Issued PDFs never change; drafts must not be kept anywhere.
    response["Cache-Control"] = "private, max-age=0" if issued else "no-store"
    return response


def _deliver(request, owner, *, key: str, title: str, filename: str, render_pdf, back: str) -> HttpResponse:
    """A signed document's PDF as first issued (stored, same bytes each time); a draft rendered afresh.
    A refusal (the stored file damaged, the agency's certificate unusable, the store failing) is a page
    of the portal saying why, with a way `back`; the store failing is 503, since trying later may work."""
    if owner.is_signed:
        try:
            issued = services.issue_pdf(owner=owner, key=key, title=title, download_name=filename, render=render_pdf,
                                        by=request.user)
            content = services.read_issued(issued)
        except DomainError as error:
            return render(request, "awards/pdf_unavailable.html",
                          {"title": title, "message": error.message, "back": back},
                          status=503 if isinstance(error, StoreFailed) else 500)
        return _pdf_response(content, issued.download_name, issued=True)
    return _pdf_response(render_pdf().content, f"DU-THAO-{filename}", issued=False)


def _signing_context(request, document) -> dict:
    """Whether the signer's session has its second factor, and whether the agency's PDFs are signed (issue 14)."""
    return {
        "second_factor": second_factor.state_of(request),
        "signing_status": signing.status_of(document.agency),
        "signing_setup": f"PORTAL_SIGNING_DIR/{document.agency.code}.p12"
        if can(request.user, "awards.print_on_blank", document) else "",
    }


def _paper(request) -> str:
    paper = request.GET.get("kho", PaperSize.A4).upper()
    if paper not in PaperSize.values:
        raise Http404("Khổ giấy không hợp lệ.")
    return paper


@login_required
@require_safe
def decision_list(request):
    user = request.user
    # Decisions and the register are the overseers' pages; staff find their unit's certificates instead.
    if not can(user, "awards.view_register"):
        return redirect("awards:my-certificates")
    decisions = list(selectors.decisions_for(user).order_by("-campaign__year", "-pk"))
    proposals = list(selectors.proposals_for(user).order_by("-campaign__year", "-pk"))
    agencies = [
        agency for agency in scope_for(user, Agency.objects.order_by("name"))
        if can(user, "awards.print_on_blank", CertificateLayout(agency=agency))
    ]
    return render(request, "awards/decision_list.html", {
        "decisions": decisions, "proposals": proposals,
        "awaiting": selectors.campaigns_awaiting_documents(user), "agencies": agencies,
    })


def _save_document_form(request, form, save, *, success, redirect_name: str):
    """Save (or sign) a decision or Tờ trình through its service; a refusal goes to the field it concerns
    (the number) or above the form, and the page is shown again with everything typed. `success` is the
    message, or a function of the saved document that returns it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        document = save(**form.cleaned_data)
    except services.NumberError as error:
        form.add_error("number", error.message)
        return None
    except DomainError as error:
        form.add_error(None, error.message)
        return None
    messages.success(request, success(document) if callable(success) else success)
    return redirect(redirect_name, document.pk)


def _document_form_page(request, form, save, *, success, redirect_name: str, template: str, context: dict):
    """The draft form of a decision or Tờ trình: saved through its service, or shown again (400 after a
    refused POST) with everything typed."""
    saved = _save_document_form(request, form, save, success=success, redirect_name=redirect_name)
    if saved:
        return saved
    return render(request, template, {"form": form, **context}, status=400 if request.method == "POST" else 200)


@login_required
def decision_create(request, campaign_id: int):
    campaign = selectors.campaign_for_document(request.user, campaign_id)
    refuse_unless(request.user, "awards.add_awarddecision", campaign)
    initial = AwardDecision(agency=campaign.agency, campaign=campaign, signing_date=local_today(),
                            **services.decision_defaults(campaign))
    form = DecisionForm(request.POST or None, instance=initial, campaign=campaign)
    return _document_form_page(
        request, form, lambda **data: services.create_decision(campaign=campaign, by=request.user, **data),
        success="Đã lập dự thảo quyết định khen thưởng.", redirect_name="awards:decision",
        template="awards/decision_form.html", context={"campaign": campaign, "decision": None},
    )


@login_required
def decision_edit(request, pk: int):
    decision = selectors.decision_for_page(request.user, pk)
    refuse_unless(request.user, "awards.change_awarddecision", decision)
    if decision.is_signed:
        messages.error(request, f"Quyết định số {decision.number} đã được ký; văn bản đã ký không được sửa.")
        return redirect("awards:decision", decision.pk)
    form = DecisionForm(request.POST or None, instance=decision, campaign=decision.campaign)
    return _document_form_page(
        request, form, lambda **data: services.update_decision(decision=decision, by=request.user, **data),
        success="Đã lưu dự thảo quyết định.", redirect_name="awards:decision",
        template="awards/decision_form.html", context={"campaign": decision.campaign, "decision": decision},
    )


def _decision_page(request, decision: AwardDecision, *, sign_form=None, status=200):
    user = request.user
    try:
        awards = services.build_awards(decision)
        list_error = ""
    except DomainError as error:
        awards, list_error = [], error.message
    blockers = [] if decision.is_signed else signing_blockers(decision.campaign, decision.level)
    can_sign = not decision.is_signed and can(user, "awards.sign_awarddecision", decision)
    if sign_form is None and can_sign:
        sign_form = SignForm(initial={"number": decision.number, "signing_date": decision.signing_date},
                             number_label="Số quyết định")
    collectives, individuals = pdf._split(awards)
    return render(request, "awards/decision_detail.html", {
        "decision": decision,
        "awards": awards,
        "collectives": collectives,
        "individuals": individuals,
        "total": sum(a.amount for a in awards),
        "list_error": list_error,
        "blockers": blockers,
        "can_sign": can_sign,
        "can_edit": not decision.is_signed and can(user, "awards.change_awarddecision", decision),
        "sign_form": sign_form,
        "signer_lines": pdf.signer_lines(decision),
        "issued": list(decision.issued.select_related("issued_by__staff_member").order_by("issued_at", "pk")),
        **_signing_context(request, decision),
    }, status=status)


@login_required
@require_safe
def decision_detail(request, pk: int):
    return _decision_page(request, selectors.decision_for_page(request.user, pk))


@login_required
@require_POST
def decision_sign(request, pk: int):
    decision = selectors.decision_for_page(request.user, pk)
    refuse_unless(request.user, "awards.sign_awarddecision", decision)
    unverified = second_factor.require_verified(request, reverse("awards:decision", args=[decision.pk]))
    if unverified:
        return unverified
    form = SignForm(request.POST, number_label="Số quyết định")
    signed = _save_document_form(
        request, form,
        lambda number, signing_date, **_confirmed: services.sign_decision(
            decision=decision, by=request.user, number=number or None, signing_date=signing_date
        ),
        success=lambda signed: (
            f"Đã ký Quyết định số {signed.number} ngày {signed.signing_date:%d/%m/%Y}: "
            f"{signed.awards.count()} Giấy khen đã vào sổ khen thưởng."
        ),
        redirect_name="awards:decision",
    )
    if signed:
        return signed
    decision.refresh_from_db()
    return _decision_page(request, decision, sign_form=form, status=400)


@login_required
@require_safe
def decision_pdf(request, pk: int):
    decision = selectors.decision_for_page(request.user, pk)
    number = _ascii_slug(decision.number) or "chua-co-so"

    def render_decision():
        return pdf.decision_pdf(decision, services.build_awards(decision))

    return _deliver(request, decision, key="decision", title=f"Quyết định {decision.number} và danh sách kèm theo",
                    filename=f"Quyet-dinh-{number}.pdf", render_pdf=render_decision,
                    back=reverse("awards:decision", args=[decision.pk]))


def _print_count(decision: AwardDecision) -> int:
    """How many certificates a print of the decision holds (one query for a signed decision)."""
    return decision.awards.count() if decision.is_signed else len(services.build_awards(decision))


def _print_job_page(request, decision: AwardDecision, *, kind: str, paper: str, total: int):
    """More certificates than PRINT_SYNC_LIMIT: the job already running (or done, for a signed decision), or
    the page that starts one (a POST, so that a link followed twice prints nothing twice)."""
    job = print_jobs.reusable_job(decision, kind, paper)
    if job is not None and can(request.user, "awards.view_printjob", job):
        return redirect("awards:print-job", job.pk)
    probe = PrintJob(agency_id=decision.agency_id, decision=decision, kind=kind, paper=paper)
    may_start = can(request.user, "awards.add_printjob", probe) and (
        kind != PrintJobKind.BLANK or can(request.user, "awards.print_on_blank", decision)
    )
    return render(request, "awards/print_job_start.html", {
        "decision": decision, "kind": kind, "kind_label": print_jobs.KIND_LABELS[kind], "paper": paper, "total": total,
        "limit": print_jobs.sync_limit(), "may_start": may_start,
    })


@login_required
@require_safe
def decision_certificates_pdf(request, pk: int):
    decision = selectors.decision_for_page(request.user, pk)
    paper = _paper(request)
    number = _ascii_slug(decision.number) or "chua-co-so"
    key = f"certificates-{paper}"
    issued = decision.is_signed and decision.issued.filter(key=key).exists()
    if not issued:
        total = _print_count(decision)
        if total > print_jobs.sync_limit():
            return _print_job_page(request, decision, kind=PrintJobKind.CERTIFICATES, paper=paper, total=total)

    def render_certificates():
        return pdf.certificates_pdf(decision, services.build_awards(decision), paper=paper)

    return _deliver(request, decision, key=key,
                    title=f"Giấy khen theo Quyết định {decision.number} (khổ {paper})",
                    filename=f"Giay-khen-{number}-{paper}.pdf", render_pdf=render_certificates,
                    back=reverse("awards:decision", args=[decision.pk]))


@login_required
@require_safe
def decision_blank_pdf(request, pk: int):
    """Print-on-blank mode: rendered each time, since the office recalibrates its printer."""
    decision = selectors.decision_for_page(request.user, pk)
    refuse_unless(request.user, "awards.print_on_blank", decision)
    awards = services.build_awards(decision)
    if len(awards) > print_jobs.sync_limit():
        return _print_job_page(request, decision, kind=PrintJobKind.BLANK, paper=PaperSize.A4, total=len(awards))
    layout = pdf.default_layout(decision.agency)
    rendered = pdf.blank_certificates_pdf(decision, awards, layout=layout)
    prefix = "" if decision.is_signed else "DU-THAO-"
    number = _ascii_slug(decision.number) or "chua-co-so"
    return _pdf_response(rendered.content, f"{prefix}Giay-khen-tren-phoi-{number}.pdf", issued=False)


# Big print runs (issue 17 point 4): a print job, its progress page and its file --------------------------


@login_required
@require_POST
def print_job_start(request, pk: int):
    decision = selectors.decision_for_page(request.user, pk)
    kind = request.POST.get("kind", PrintJobKind.CERTIFICATES)
    if kind not in PrintJobKind.values:
        raise Http404("Kiểu in không hợp lệ.")
    paper = request.POST.get("kho", PaperSize.A4).upper()
    if paper not in PaperSize.values:
        raise Http404("Khổ giấy không hợp lệ.")
    refuse_unless(request.user, "awards.add_printjob", PrintJob(agency_id=decision.agency_id, decision=decision))
    if kind == PrintJobKind.BLANK:
        refuse_unless(request.user, "awards.print_on_blank", decision)
    try:
        job = print_jobs.start_print_job(decision=decision, kind=kind, paper=paper, total=_print_count(decision),
                                         by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("awards:decision", decision.pk)
    return redirect("awards:print-job", job.pk)


def _print_job_for(user, pk: int) -> PrintJob:
    job = scope_for(user, PrintJob.objects.select_related("decision", "requested_by__staff_member")).filter(
        pk=pk).first()
    if job is None:
        raise Http404("Không tìm thấy lượt in.")
    return job


def _progress_of(request, job: PrintJob) -> dict:
    done = job.status == PrintJobStatus.DONE
    stale = print_jobs.is_stale(job)
    return {
        "status": job.status,
        "label": "Có vẻ đã dừng giữa chừng" if stale else print_jobs.STATUS_LABELS[job.status],
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": done or job.status == PrintJobStatus.FAILED or stale,
        "download": reverse("awards:print-job-download", args=[job.pk])
        if done and can(request.user, "awards.download_printjob", job) else "",
        "error": job.error,
        "restart": print_jobs.can_restart(job) and can(request.user, "awards.restart_printjob", job),
    }


@login_required
@require_safe
def print_job_detail(request, pk: int):
    job = _print_job_for(request.user, pk)
    return render(request, "awards/print_job.html", {
        "job": job, "decision": job.decision, "progress": _progress_of(request, job),
        "may_restart": can(request.user, "awards.restart_printjob", job),
        "kind_label": print_jobs.KIND_LABELS[job.kind],
    })


@login_required
@require_safe
def print_job_progress(request, pk: int):
    """What the progress bar polls (static/js/print_progress.js)."""
    job = _print_job_for(request.user, pk)
    response = JsonResponse(_progress_of(request, job))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def print_job_download(request, pk: int):
    job = _print_job_for(request.user, pk)
    refuse_unless(request.user, "awards.download_printjob", job)
    if job.kind == PrintJobKind.BLANK:
        refuse_unless(request.user, "awards.print_on_blank", job.decision)
    if job.status != PrintJobStatus.DONE or not job.file:
        raise Http404("Bản in chưa xong.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp của bản in; hãy in lại.") from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                            filename=print_jobs.download_name(job))
    response["Cache-Control"] = "private, max-age=0" if job.decision.is_signed else "no-store"
    return response


@login_required
@require_POST
def print_job_restart(request, pk: int):
    job = _print_job_for(request.user, pk)
    refuse_unless(request.user, "awards.restart_printjob", job)
    try:
        print_jobs.restart_print_job(job=job, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("awards:print-job", job.pk)


@login_required
@require_safe
def calibration_pdf(request, agency_id: int):
    """The calibration page of an agency's blanks: its print layout is the office's; the Director and the
    inspection board see it (403), nobody else (404)."""
    agency = scope_for(request.user, Agency.objects.all()).filter(pk=agency_id).first()
    layout = pdf.default_layout(agency) if agency is not None else None
    if layout is None or not can(request.user, "awards.view_certificatelayout", layout):
        raise Http404("Không tìm thấy bố cục in Giấy khen.")
    refuse_unless(request.user, "awards.print_on_blank", layout)
    rendered = pdf.calibration_pdf(layout)
    return _pdf_response(rendered.content, f"Can-chinh-phoi-giay-khen-{_ascii_slug(agency.code)}.pdf", issued=False)


@login_required
@require_safe
def certificate_pdf(request, pk: int):
    """One Giấy khen: for the office, the Director, the inspection board, and the staff of the award's unit."""
    award = selectors.award_for_download(request.user, pk)
    decision = award.decision
    paper = _paper(request)
    number = _ascii_slug(decision.number)

    def render_one():
        return pdf.certificates_pdf(decision, [award], paper=paper)

    return _deliver(request, decision, key=f"certificate-{award.pk}-{paper}",
                    title=f"Giấy khen số sổ {award.register_display} – {award.display_name} (khổ {paper})",
                    filename=f"Giay-khen-{number}-so-so-{award.register_display}-{paper}.pdf", render_pdf=render_one,
                    back=reverse("awards:register" if can(request.user, "awards.view_register")
                                 else "awards:my-certificates"))


@login_required
@require_safe
def my_certificates(request):
    """The certificates of the user's unit and their own, once the decision is signed."""
    staff = standing(request.user).person
    if staff is None:
        if can(request.user, "awards.view_register"):
            return redirect("awards:register")
        raise Http404("Tài khoản chưa gắn với cán bộ nào.")
    awards = list(selectors.own_certificates(request.user))
    return render(request, "awards/my_certificates.html", {"awards": awards, "staff": staff})


@login_required
@require_safe
def award_register(request):
    if not can(request.user, "awards.view_register"):
        raise Http404("Không tìm thấy sổ khen thưởng.")
    try:
        year = int(request.GET.get("nam") or 0) or None
        campaign_id = int(request.GET.get("ke_hoach") or 0) or None
    except ValueError:
        year = campaign_id = None
    awards = selectors.with_names_of_the_day(
        list(selectors.award_register(request.user, year=year, campaign_id=campaign_id))
    )
    provincial = list(
        selectors.provincial_outcomes(request.user, year=year, campaign_id=campaign_id).filter(awarded=True)
    )
    return render(request, "awards/register.html", {
        "awards": awards, "provincial": provincial, "years": selectors.register_years(request.user), "year": year,
        "campaigns": selectors.register_campaigns(request.user),
        "campaign_id": campaign_id, "total": sum(a.amount for a in awards),
    })


@login_required
@require_safe
def staff_history(request, pk: int):
    staff = selectors.staff_for_history(request.user, pk)
    return render(request, "awards/staff_history.html",
                  {"person": staff, **selectors.staff_history(request.user, staff)})


@login_required
@require_safe
def my_history(request):
    staff = standing(request.user).person
    if staff is None:
        raise Http404("Tài khoản chưa gắn với cán bộ nào.")
    return redirect("awards:staff-history", staff.pk)


# The Tờ trình to the provincial steering committee -----------------------------------------------------


@login_required
def proposal_create(request, campaign_id: int):
    campaign = selectors.campaign_for_document(request.user, campaign_id)
    refuse_unless(request.user, "awards.add_provincialproposal", campaign)
    initial = ProvincialProposal(agency=campaign.agency, campaign=campaign, signing_date=local_today(),
                                 **services.proposal_defaults(campaign))
    form = ProposalForm(request.POST or None, instance=initial, campaign=campaign)
    return _document_form_page(
        request, form, lambda **data: services.create_proposal(campaign=campaign, by=request.user, **data),
        success="Đã lập dự thảo tờ trình đề nghị cấp tỉnh.", redirect_name="awards:proposal",
        template="awards/proposal_form.html", context={"campaign": campaign, "proposal": None},
    )


@login_required
def proposal_edit(request, pk: int):
    proposal = selectors.proposal_for_page(request.user, pk)
    refuse_unless(request.user, "awards.change_provincialproposal", proposal)
    if proposal.is_signed:
        messages.error(request, f"Tờ trình số {proposal.number} đã được ký; văn bản đã ký không được sửa.")
        return redirect("awards:proposal", proposal.pk)
    form = ProposalForm(request.POST or None, instance=proposal, campaign=proposal.campaign)
    return _document_form_page(
        request, form, lambda **data: services.update_proposal(proposal=proposal, by=request.user, **data),
        success="Đã lưu dự thảo tờ trình.", redirect_name="awards:proposal",
        template="awards/proposal_form.html", context={"campaign": proposal.campaign, "proposal": proposal},
    )


def _proposal_page(request, proposal: ProvincialProposal, *, sign_form=None, status=200):
    user = request.user
    try:
        approvals, list_error = services.provincial_list(proposal.campaign), ""
    except DomainError as error:
        approvals, list_error = [], error.message
    can_sign = not proposal.is_signed and can(user, "awards.sign_provincialproposal", proposal)
    if sign_form is None and can_sign:
        sign_form = SignForm(initial={"number": proposal.number, "signing_date": proposal.signing_date},
                             number_label="Số tờ trình")
    return render(request, "awards/proposal_detail.html", {
        "proposal": proposal,
        "approvals": approvals,
        "list_error": list_error,
        "blockers": [] if proposal.is_signed else [
            *services.proposal_content_blockers(proposal), *signing_blockers(proposal.campaign, AwardLevel.PROVINCIAL)
        ],
        "allocation": {kind: quota.quota_for(proposal.campaign, AwardLevel.PROVINCIAL, kind) for kind in quota.KINDS},
        "can_sign": can_sign,
        "can_edit": not proposal.is_signed and can(user, "awards.change_provincialproposal", proposal),
        "sign_form": sign_form,
        "signer_lines": pdf.signer_lines(proposal),
        "issued": list(proposal.issued.select_related("issued_by")),
        # Sending to the steering committee (awards/province): the steps and the province's outcomes.
        "steps": list(scope_for(user, ProposalStep.objects.filter(proposal=proposal)).order_by("at", "pk")),
        "outcomes": list(
            scope_for(user, ProvincialOutcome.objects.filter(proposal=proposal))
            .select_related("approval__nomination__nominee_unit", "approval__nomination__staff")
            .order_by("pk")
        ),
        **_signing_context(request, proposal),
    }, status=status)


@login_required
@require_safe
def proposal_detail(request, pk: int):
    return _proposal_page(request, selectors.proposal_for_page(request.user, pk))


@login_required
@require_POST
def proposal_sign(request, pk: int):
    proposal = selectors.proposal_for_page(request.user, pk)
    refuse_unless(request.user, "awards.sign_provincialproposal", proposal)
    unverified = second_factor.require_verified(request, reverse("awards:proposal", args=[proposal.pk]))
    if unverified:
        return unverified
    form = SignForm(request.POST, number_label="Số tờ trình")
    signed = _save_document_form(
        request, form,
        lambda number, signing_date, **_confirmed: services.sign_proposal(
            proposal=proposal, by=request.user, number=number or None, signing_date=signing_date
        ),
        success=lambda signed: f"Đã ký Tờ trình số {signed.number} ngày {signed.signing_date:%d/%m/%Y}.",
        redirect_name="awards:proposal",
    )
    if signed:
        return signed
    proposal.refresh_from_db()
    return _proposal_page(request, proposal, sign_form=form, status=400)


@login_required
@require_safe
def proposal_pdf(request, pk: int):
    proposal = selectors.proposal_for_page(request.user, pk)
    number = _ascii_slug(proposal.number) or "chua-co-so"

    def render_proposal():
        return pdf.proposal_pdf(proposal, services.provincial_list(proposal.campaign))

    return _deliver(request, proposal, key="proposal", title=f"Tờ trình {proposal.number}",
                    filename=f"To-trinh-{number}.pdf", render_pdf=render_proposal,
                    back=reverse("awards:proposal", args=[proposal.pk]))
