"""Reminders about dossiers (issue 15 point 7), sent by the daily run of campaign/mail/reminders.py:
3 days before the cutoff to units whose dossier is still a draft, 2 days before a supplement is due to
the unit. Days are calendar days in Vietnam (DESIGN.md R1)."""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse

from campaign.mail.defaults import level_in_mail
from campaign.mail.reminders import Reminder, provider
from core.time import vn_date

from .models import Dossier, DossierState
from .notifications import unit_addresses

DAYS_BEFORE_CUTOFF = 3
DAYS_BEFORE_SUPPLEMENT_DUE = 2


def _context(dossier: Dossier) -> dict:
    return {
        "don_vi": dossier.unit.name,
        "cap_khen": level_in_mail(dossier.level),
        "phong_trao": dossier.campaign.title,
        "duong_dan": f"{settings.PORTAL_BASE_URL}{reverse('dossiers:detail', args=[dossier.pk])}",
    }


@provider
def drafts_before_cutoff(day: date):
    cutoff = day + timedelta(days=DAYS_BEFORE_CUTOFF)
    drafts = Dossier.objects.filter(state=DossierState.DRAFT, campaign__submission_deadline=cutoff).select_related(
        "campaign__agency", "unit"
    )
    for dossier in drafts:
        yield Reminder(
            agency=dossier.campaign.agency,
            key="reminder_cutoff_drafts",
            about=dossier,
            to=unit_addresses(dossier),
            context={**_context(dossier), "han_nop": vn_date(cutoff), "so_ngay": DAYS_BEFORE_CUTOFF},
        )


@provider
def supplements_due(day: date):
    due = day + timedelta(days=DAYS_BEFORE_SUPPLEMENT_DUE)
    returned = Dossier.objects.filter(state=DossierState.RETURNED, supplement_due=due).select_related(
        "campaign__agency", "unit"
    )
    for dossier in returned:
        yield Reminder(
            agency=dossier.campaign.agency,
            key="reminder_supplement_due",
            about=dossier,
            to=unit_addresses(dossier),
            context={
                **_context(dossier),
                "noi_dung": dossier.supplement_note,
                "han_bo_sung": vn_date(due),
                "so_ngay": DAYS_BEFORE_SUPPLEMENT_DUE,
            },
        )
