"""Reads of published decisions: lists, the page, the readers."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from awards.models import DecisionNotice, NoticeView
from campaign.rules import people_of_agencies, scope_for


def notices_for(user) -> QuerySet[DecisionNotice]:
    return scope_for(user, DecisionNotice.objects.select_related("decision__campaign", "decision__agency"))


def notices_up(user, today: date) -> QuerySet[DecisionNotice]:
    """The decisions published in the user's agency and still up today."""
    return notices_for(user).filter(published_on__lte=today, ends_on__gte=today)


def notices_listed(user, today: date) -> list[DecisionNotice]:
    """The publications list: the decisions up today first, then those that ended, newest first."""
    notices = list(notices_for(user).order_by("-published_at", "-pk"))
    return sorted(notices, key=lambda notice: not notice.is_up(today))


def notice_for_page(user, pk: int) -> DecisionNotice:
    try:
        return notices_for(user).select_related("decision__signed_by").get(pk=pk)
    except DecisionNotice.DoesNotExist:
        raise Http404("Không tìm thấy quyết định được công khai.") from None


def readers(notice: DecisionNotice) -> list[NoticeView]:
    """Who opened it, first opening first, with their names (one query)."""
    return list(
        NoticeView.objects.filter(notice=notice)
        .select_related("user__staff_member__unit")
        .order_by("first_opened_at", "pk")
    )


def agency_people_count(notice: DecisionNotice) -> int:
    """How many logins of the agency could open it (to say how many have)."""
    return people_of_agencies([notice.decision.agency_id]).filter(is_active=True).count()
