"""E-mail about the inspection board's recommendations, queued after commit in the agency's outbox
(campaign/mail): a new recommendation goes to the agency's office, an answer (or its correction) to the
members of the agency's board. Primary keys in, run once the service's transaction has committed."""

import logging

from django.conf import settings
from django.urls import reverse

from core.time import PLAN_TZ, vn_date

from ..mail.recipients import board_addresses, office_addresses
from ..mail.services import queue_mail
from ..models import Recommendation, RecommendationAnswer

logger = logging.getLogger(__name__)


def _queue(agency, key: str, to: list[str], context: dict, about) -> None:
    try:
        queue_mail(agency, key, to, context, about=about)
    except Exception:  # mail must never undo or break a committed step
        logger.exception("Không xếp được thư %s vào hộp thư đi", key)


def _link(recommendation: Recommendation) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse('recommendations:detail', args=[recommendation.pk])}"


def recommendation_filed(recommendation_pk: int) -> None:
    recommendation = Recommendation.objects.select_related("agency").get(pk=recommendation_pk)
    _queue(
        recommendation.agency,
        "recommendation_filed",
        office_addresses(recommendation.agency),
        {
            "so_kien_nghi": recommendation.reference,
            "tieu_de": recommendation.title,
            "nguoi_gui": recommendation.filed_by_name,
            "thoi_diem": recommendation.filed_at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y"),
            "han_tra_loi": vn_date(recommendation.due_date),
            "duong_dan": _link(recommendation),
        },
        recommendation,
    )


def recommendation_answered(answer_pk: int) -> None:
    answer = RecommendationAnswer.objects.select_related("recommendation__agency").get(pk=answer_pk)
    recommendation = answer.recommendation
    _queue(
        recommendation.agency,
        "recommendation_answered",
        board_addresses(recommendation.agency),
        {
            "so_kien_nghi": recommendation.reference,
            "tieu_de": recommendation.title,
            "nguoi_tra_loi": answer.answered_by_name,
            "thoi_diem": answer.answered_at.astimezone(PLAN_TZ).strftime("%H:%M ngày %d/%m/%Y"),
            "ket_qua": answer.get_decision_display(),
            "noi_dung": answer.text,
            "ly_do": answer.reasons,
            "dinh_chinh": "có" if answer.corrects_id else "",
            "duong_dan": _link(recommendation),
        },
        recommendation,
    )
