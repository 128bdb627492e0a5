"""E-mail about dossiers, queued after commit (CONVENTIONS.md) in the agency's outbox
(campaign/mail): the text is the agency's mail template, the sending is a task of the queue with retries.

The functions take primary keys: they run after the service's transaction has committed. The services
do not call them in the request: `notify_on_commit` enqueues one small task (`notify`, queue "mail") with
the keys, and the worker finds the recipients, renders the template and stores the mail in the outbox
(issue 17: the request only writes one task row).
"""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from campaign.mail.defaults import level_in_mail
from campaign.mail.services import queue_mail
from campaign.models import Agency, Role
from core.time import PLAN_TZ, vn_date

from .models import Dossier, TransitionLog

logger = logging.getLogger(__name__)


def _queue(agency: Agency, key: str, to: list[str], context: dict, about: Dossier) -> None:
    try:
        queue_mail(agency, key, to, context, about=about)
    except Exception:  # mail must never undo or break a committed submission
        logger.exception("Không xếp được thư %s vào hộp thư đi", key)


def office_addresses(agency: Agency) -> list[str]:
    """The agency's own office (its logins and the office's address): another agency's office never
    hears of this dossier."""
    users = (
        User.objects.filter(memberships__agency=agency, memberships__role=Role.OFFICE, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(users) | ({agency.office_email} if agency.office_email else set()))


def unit_addresses(dossier: Dossier) -> list[str]:
    users = (
        User.objects.filter(staff_member__unit=dossier.unit, staff_member__is_active=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    addresses = set(users)
    if dossier.unit.email:
        addresses.add(dossier.unit.email)
    return sorted(addresses)


def _load(dossier_pk: int, entry_pk: int) -> tuple[Dossier, TransitionLog]:
    dossier = Dossier.objects.select_related("campaign", "unit").get(pk=dossier_pk)
    entry = TransitionLog.objects.select_related("by").get(pk=entry_pk)
    return dossier, entry


def dossier_submitted(dossier_pk: int, entry_pk: int) -> None:
    dossier, entry = _load(dossier_pk, entry_pk)
    _queue(
        dossier.campaign.agency,
        "dossier_submitted",
        office_addresses(dossier.campaign.agency),
        {
            "don_vi": dossier.unit.name,
            "cap_khen": level_in_mail(dossier.level),
            "phong_trao": dossier.campaign.title,
            "hanh_dong": entry.note.lower(),
            "thoi_diem": entry.at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y"),
            "nguoi_nop": entry.by.get_full_name() or entry.by.username,
            "duong_dan": f"{settings.PORTAL_BASE_URL}{reverse('admin:dossiers_dossier_change', args=[dossier.pk])}",
        },
        about=dossier,
    )
    state_changed(dossier_pk, entry_pk)


def state_changed(dossier_pk: int, entry_pk: int) -> None:
    dossier, entry = _load(dossier_pk, entry_pk)
    _queue(
        dossier.campaign.agency,
        "dossier_state_changed",
        unit_addresses(dossier),
        {
            "don_vi": dossier.unit.name,
            "cap_khen": level_in_mail(dossier.level),
            "phong_trao": dossier.campaign.title,
            "trang_thai": entry.get_to_state_display(),
            "ghi_chu": entry.note,
            "han_bo_sung": vn_date(entry.due_date) if entry.due_date else "",
            "duong_dan": f"{settings.PORTAL_BASE_URL}{reverse('dossiers:detail', args=[dossier.pk])}",
        },
        about=dossier,
    )


SUBMITTED = "dossier_submitted"
STATE_CHANGED = "dossier_state_changed"
_NOTIFIERS = {SUBMITTED: dossier_submitted, STATE_CHANGED: state_changed}


@task(queue_name="mail")
def notify(kind: str, dossier_pk: int, entry_pk: int) -> None:
    """The worker's side: the mail of `kind` (SUBMITTED or STATE_CHANGED) about the dossier's timeline
    entry, rendered and stored in the outbox, whose sending is then queued."""
    _NOTIFIERS[kind](dossier_pk, entry_pk)


def notify_on_commit(kind: str, dossier_pk: int, entry_pk: int) -> None:
    """Enqueue `notify` once the caller's transaction commits (nothing if it rolls back)."""
    if kind not in _NOTIFIERS:
        raise ValueError(f"Unknown dossier notification: {kind}")

    def enqueue():
        try:
            notify.enqueue(kind, dossier_pk, entry_pk)
        except Exception:  # mail must never undo or break a committed step
            logger.exception("Không xếp được việc gửi thư %s về hồ sơ %s", kind, dossier_pk)

    transaction.on_commit(enqueue)
