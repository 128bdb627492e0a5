"""E-mail about the review and the awards, queued after commit in the agency's outbox (campaign/mail), as
dossiers/notifications.py does for dossiers: the list published for comment (every unit), a decision signed
(each unit with awardees, and the office's copy) and the province's answer to a Tờ trình (the office).

The functions take primary keys: they run once the service's transaction has committed. A mail that
cannot be queued is logged, never allowed to undo or break the committed step.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from campaign.mail.defaults import level_in_mail
from campaign.mail.recipients import office_addresses, unit_addresses
from campaign.mail.services import queue_mail
from core.time import PLAN_TZ, vn_date
from dossiers.models import NomineeKind

from .models import Award, AwardDecision, ProposalStep, ProvincialProposal, Publication, SendingState

logger = logging.getLogger(__name__)


def _queue(agency, key: str, to: list[str], context: dict, about) -> None:
    try:
        queue_mail(agency, key, to, context, about=about)
    except Exception:  # mail must never undo or break a committed step
        logger.exception("Không xếp được thư %s vào hộp thư đi", key)


def _url(name: str, pk: int) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse(name, args=[pk])}"


def list_published(publication_pk: int) -> None:
    """Every unit of the agency hears that the proposed list is open for comment, and until when."""
    publication = Publication.objects.select_related("campaign__agency").get(pk=publication_pk)
    campaign = publication.campaign
    common = {
        "cap_khen": level_in_mail(publication.level),
        "phong_trao": campaign.title,
        "ngay_cong_khai": vn_date(publication.opened_at.astimezone(PLAN_TZ).date()),
        "han_y_kien": vn_date(publication.closes_on),
        "duong_dan": _url("awards:publication", publication.pk),
    }
    for name, addresses in unit_addresses(campaign.agency).values():
        _queue(campaign.agency, "list_published", addresses, {**common, "don_vi": name}, publication)


def _award_line(award: Award) -> str:
    if award.kind == NomineeKind.INDIVIDUAL:
        who = f"{award.honorific} {award.recipient_name}".strip()
        return f"- {who}, {award.position}" if award.position else f"- {who}"
    return f"- Tập thể {award.recipient_name}"


def decision_signed(decision_pk: int) -> None:
    """Each unit with awardees hears which of its people and collectives are awarded; the office gets a
    copy of the whole list."""
    decision = AwardDecision.objects.select_related("campaign__agency").get(pk=decision_pk)
    agency = decision.campaign.agency
    awards = list(decision.awards.order_by("order"))
    by_unit: dict[int, list[Award]] = defaultdict(list)
    for award in awards:
        by_unit[award.unit_id].append(award)
    notice = getattr(decision, "notice", None)
    common = {
        "cap_khen": level_in_mail(decision.level),
        "phong_trao": decision.campaign.title,
        "so_quyet_dinh": decision.number,
        "ngay_ky": vn_date(decision.signing_date),
    }
    units = unit_addresses(agency, by_unit)
    for unit_id, (name, addresses) in units.items():
        _queue(
            agency,
            "decision_signed",
            addresses,
            {
                **common,
                "don_vi": name,
                "so_khen": str(len(by_unit[unit_id])),
                "danh_sach": "\n".join(_award_line(award) for award in by_unit[unit_id]),
                "duong_dan": _url("awards:notice", notice.pk) if notice is not None else "",
            },
            decision,
        )
    names = dict(decision.awards.values_list("unit_id", "unit__name").distinct())
    _queue(
        agency,
        "decision_signed_office",
        office_addresses(agency),
        {
            **common,
            "so_khen": str(len(awards)),
            "so_don_vi": str(len(units)),
            "danh_sach": "\n".join(
                f"{names[unit_id]}:\n" + "\n".join(_award_line(award) for award in unit_awards)
                for unit_id, unit_awards in by_unit.items()
            ),
            "duong_dan": _url("awards:decision", decision.pk),
        },
        decision,
    )


def proposal_answered(proposal_pk: int, step_pk: int) -> None:
    """The province's steering committee returned or accepted the agency's Tờ trình: its office hears."""
    proposal = ProvincialProposal.objects.select_related("campaign__agency").get(pk=proposal_pk)
    step = ProposalStep.objects.get(pk=step_pk)
    key = {SendingState.RETURNED: "proposal_returned", SendingState.ACCEPTED: "proposal_accepted"}.get(step.to_state)
    if key is None:
        return
    agency = proposal.campaign.agency
    _queue(
        agency,
        key,
        office_addresses(agency),
        {
            "to_trinh": f"Tờ trình số {step.number or proposal.number}" if (step.number or proposal.number) else "Tờ trình",
            "phong_trao": proposal.campaign.title,
            "thoi_diem": step.at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y"),
            "y_kien": step.note,
            "duong_dan": _url("awards:proposal", proposal.pk),
        },
        proposal,
    )
