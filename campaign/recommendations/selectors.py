"""Reads of the inspection board's recommendations: the list a user may see (with the answer in force
and its state, in a fixed number of queries) and the counts the dashboards show."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.time import local_today

from ..models import Recommendation, RecommendationAnswer, RecommendationAttachment, RecommendationDecision
from ..rules import scope_for

OPEN = "open"
OVERDUE = "overdue"
ANSWERED = "answered"
ANSWERED_LATE = "answered_late"

STATE_LABELS = {
    OPEN: "Chờ trả lời",
    OVERDUE: "Quá hạn trả lời",
    ANSWERED: "Đã trả lời",
    ANSWERED_LATE: "Đã trả lời (quá hạn)",
}

# The decision as the portal words it (the model's labels are msgids for the admin's catalogue).
DECISION_LABELS = {
    RecommendationDecision.ACCEPTED: "Tiếp thu",
    RecommendationDecision.PARTLY: "Tiếp thu một phần",
    RecommendationDecision.NOT_ACCEPTED: "Không tiếp thu",
}

# The list's filters, by their Vietnamese slug in the address.
FILTERS = {
    "": "Tất cả",
    "cho-tra-loi": "Chờ trả lời",
    "qua-han": "Quá hạn",
    "da-tra-loi": "Đã trả lời",
}


def _answers():
    return RecommendationAnswer.objects.filter(recommendation=OuterRef("pk"))


def recommendations_for(user) -> QuerySet[Recommendation]:
    """The recommendations `user` sees (office, Director and board of their agency), with the answer in
    force (its decision and time) and the first answer's time, as annotations: one query for any number."""
    latest = _answers().order_by("-answered_at", "-pk")
    first = _answers().order_by("answered_at", "pk")
    return (
        scope_for(user, Recommendation.objects.all())
        .select_related("campaign", "supervision_report")
        .annotate(
            is_answered=Exists(_answers()),
            last_decision=Subquery(latest.values("decision")[:1]),
            last_answered_at=Subquery(latest.values("answered_at")[:1]),
            first_answered_at=Subquery(first.values("answered_at")[:1]),
        )
        .order_by("-year", "-number")
    )


def filtered(queryset: QuerySet[Recommendation], key: str, today: date) -> QuerySet[Recommendation]:
    if key == "cho-tra-loi":
        return queryset.filter(is_answered=False).order_by("due_date", "pk")
    if key == "qua-han":
        return queryset.filter(is_answered=False, due_date__lt=today).order_by("due_date", "pk")
    if key == "da-tra-loi":
        return queryset.filter(is_answered=True)
    return queryset


def state_of(recommendation: Recommendation, today: date) -> str:
    """Open, overdue (no answer after the due date), answered, or answered after the due date."""
    first = getattr(recommendation, "first_answered_at", None)
    if first is None and not hasattr(recommendation, "first_answered_at"):
        answer = recommendation.answers.order_by("answered_at", "pk").first()
        first = answer.answered_at if answer is not None else None
    if first is None:
        return OVERDUE if today > recommendation.due_date else OPEN
    return ANSWERED_LATE if local_today(first) > recommendation.due_date else ANSWERED


def decorate(rows, today: date) -> list[Recommendation]:
    """Each row with `state`, `state_label`, `days_left` (negative: days overdue) and `decision_label`."""
    rows = list(rows)
    for row in rows:
        row.state = state_of(row, today)
        row.state_label = STATE_LABELS[row.state]
        row.days_left = (row.due_date - today).days
        row.days_overdue = -row.days_left
        decision = getattr(row, "last_decision", None)
        row.decision_label = DECISION_LABELS[RecommendationDecision(decision)] if decision else ""
    return rows


@dataclass
class Summary:
    """What the dashboards show: the counts and the open recommendations by due date (overdue first)."""

    open: int
    overdue: int
    answered: int
    pending: list[Recommendation]

    @property
    def total(self) -> int:
        return self.open + self.answered


DASHBOARD_ROWS = 8


def summary_for(user, *, now: datetime | None = None, rows: int = DASHBOARD_ROWS) -> Summary:
    """Counts of open, overdue and answered recommendations (one query) and the first `rows` open ones
    (a second query, only when some are open)."""
    today = local_today(now or timezone.now())
    queryset = recommendations_for(user)
    counts = queryset.order_by().aggregate(
        open=Count("pk", filter=Q(is_answered=False)),
        overdue=Count("pk", filter=Q(is_answered=False, due_date__lt=today)),
        answered=Count("pk", filter=Q(is_answered=True)),
    )
    # Nothing waiting (the usual case): no list to fetch.
    pending = decorate(filtered(queryset, "cho-tra-loi", today)[:rows], today) if counts["open"] and rows else []
    return Summary(open=counts["open"], overdue=counts["overdue"], answered=counts["answered"], pending=pending)


def recommendation_detail(user, pk: int) -> Recommendation | None:
    """One recommendation the user sees, with its answers (oldest first) and attachments; None if unseen."""
    return (
        recommendations_for(user)
        .prefetch_related(
            Prefetch("answers", queryset=RecommendationAnswer.objects.order_by("answered_at", "pk")),
            Prefetch("attachments", queryset=RecommendationAttachment.objects.order_by("uploaded_at", "pk")),
        )
        .filter(pk=pk)
        .first()
    )
