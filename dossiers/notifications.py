"""E-mail about dossiers, sent after commit (CONVENTIONS.md) through Django's mail.

The functions take primary keys so they can move to a task queue unchanged.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.urls import reverse

from campaign.models import Agency, Role
from core.time import PLAN_TZ, vn_date

from .models import Dossier, TransitionLog

logger = logging.getLogger(__name__)


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


def _send(subject: str, body: str, to: list[str]) -> None:
    if not to:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # mail must never undo a committed submission
        logger.exception("Không gửi được thư: %s", subject)


def _load(dossier_pk: int, entry_pk: int) -> tuple[Dossier, TransitionLog]:
    dossier = Dossier.objects.select_related("campaign", "unit").get(pk=dossier_pk)
    entry = TransitionLog.objects.select_related("by").get(pk=entry_pk)
    return dossier, entry


def dossier_submitted(dossier_pk: int, entry_pk: int) -> None:
    dossier, entry = _load(dossier_pk, entry_pk)
    at = entry.at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y")
    body = (
        f"{dossier.unit.name} đã {entry.note.lower()} đề nghị khen thưởng ({dossier.get_level_display()}) "
        f"cho phong trào “{dossier.campaign.title}” lúc {at}.\n"
        f"Người nộp: {entry.by.get_full_name() or entry.by.username}.\n"
        f"Xem hồ sơ trên trang quản trị: {settings.PORTAL_BASE_URL}{reverse('admin:dossiers_dossier_change', args=[dossier.pk])}\n"
    )
    _send(f"[Thi đua] {dossier.unit.name} nộp hồ sơ đề nghị khen thưởng", body, office_addresses(dossier.campaign.agency))
    state_changed(dossier_pk, entry_pk)


def state_changed(dossier_pk: int, entry_pk: int) -> None:
    dossier, entry = _load(dossier_pk, entry_pk)
    lines = [
        f"Hồ sơ đề nghị khen thưởng ({dossier.get_level_display()}) của {dossier.unit.name} "
        f"cho phong trào “{dossier.campaign.title}” chuyển sang trạng thái: {entry.get_to_state_display()}.",
    ]
    if entry.note:
        lines.append(f"Ghi chú: {entry.note}")
    if entry.due_date:
        lines.append(f"Hạn bổ sung: hết ngày {vn_date(entry.due_date)}.")
    lines.append(f"Xem hồ sơ: {settings.PORTAL_BASE_URL}{reverse('dossiers:detail', args=[dossier.pk])}")
    _send(
        f"[Thi đua] Hồ sơ của {dossier.unit.name}: {entry.get_to_state_display()}",
        "\n".join(lines) + "\n",
        unit_addresses(dossier),
    )
