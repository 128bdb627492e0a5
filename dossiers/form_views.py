"""Downloads of a dossier's pre-filled DOCX forms (dossiers/forms_docx.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from campaign.rules import refuse_unless, scope_for

from . import forms_docx
from .models import Dossier, Nomination

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dossier(request, pk: int) -> Dossier:
    dossier = get_object_or_404(scope_for(request.user, Dossier.objects.select_related("campaign__agency", "unit")), pk=pk)
    refuse_unless(request.user, "dossiers.download_forms", dossier)
    return dossier


def _answer(request, dossier: Dossier, kind: str, nomination: Nomination | None = None):
    try:
        filled = forms_docx.fill(dossier, kind, nomination=nomination)
    except forms_docx.FormUnavailable as error:
        messages.error(request, error.message)
        return redirect("dossiers:detail", dossier.pk)
    response = HttpResponse(filled.content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filled.filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def dossier_form(request, pk: int, slug: str):
    kind = forms_docx.KIND_BY_SLUG.get(slug)
    if kind not in forms_docx.DOSSIER_KINDS:
        raise Http404("Không có mẫu này.")
    return _answer(request, _dossier(request, pk), kind)


@login_required
@require_safe
def nomination_form(request, pk: int, nomination_pk: int, slug: str):
    kind = forms_docx.KIND_BY_SLUG.get(slug)
    if kind is None or kind in forms_docx.DOSSIER_KINDS:
        raise Http404("Không có mẫu này.")
    dossier = _dossier(request, pk)
    nomination = get_object_or_404(
        scope_for(request.user, Nomination.objects.select_related("staff__unit", "nominee_unit")),
        pk=nomination_pk, dossier=dossier,
    )
    return _answer(request, dossier, kind, nomination)
