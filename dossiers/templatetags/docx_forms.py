"""The block of pre-filled DOCX forms on the dossier page (dossiers/forms_docx.py)."""

from django import template
from django.urls import reverse

from campaign.rules import can

from ..forms_docx import DOSSIER_KINDS, REPORT_KINDS, SLUGS, TITLES

register = template.Library()


@register.inclusion_tag("dossiers/_docx_forms.html", takes_context=True)
def docx_forms_block(context, dossier, nominations):
    """Links to the dossier's forms and to each nominee's report (the kind the level requires first)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not can(user, "dossiers.download_forms", dossier):
        return {"show": False}
    letters = [
        (TITLES[kind], reverse("dossiers:form", args=[dossier.pk, SLUGS[kind]])) for kind in DOSSIER_KINDS
    ]
    required = dossier.report_kind
    other = "summary" if required == "full" else "full"
    reports = []
    for row in nominations:
        nomination = row["nomination"] if isinstance(row, dict) else getattr(row, "nomination", row)
        links = []
        for report_kind in (required, other):
            kind = REPORT_KINDS[(nomination.kind, report_kind)]
            links.append((TITLES[kind], reverse("dossiers:nomination-form", args=[dossier.pk, nomination.pk, SLUGS[kind]]),
                          report_kind == required))
        reports.append((nomination.nominee_name, links))
    return {"show": True, "letters": letters, "reports": reports, "report_label": dossier.report_label}
