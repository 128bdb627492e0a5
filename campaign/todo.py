""""Việc cần làm": what waits for the logged-in person, on the home page and as a count in the navigation.

The work comes from several layers (the plan here, dossiers, awards and the province), but campaign never
imports upward: each app registers a provider in its AppConfig.ready() with `register(name, provider)`.
A provider is `provider(user, now) -> iterable of Todo`; it asks campaign/rules.py who the user is and
what they may open (`can`, `scope_for`, `standing`), counts with aggregate queries (a fixed number of
queries whatever the data: never one per row) and links only to pages the user may follow.

`todo_for(request)` computes the list once per request (the navigation's count and the home page share it).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.time import local_today, start_of_day

from .rules import can, scope_for, standing

# What "new" means for the inspection board: filed or answered in the last seven days.
RECENT_DAYS = 7


@dataclass(frozen=True)
class Todo:
    """One line of "Việc cần làm": how many things wait, where they are done, and a short note."""

    key: str  # stable, for tests and the page's ids (e.g. "dossiers.returned")
    label: str
    count: int
    url: str = ""  # empty when the user may not open the place (then the line is not a link)
    note: str = ""  # e.g. "hạn bổ sung sớm nhất 15/11/2023 (còn 3 ngày)"
    urgent: bool = False  # overdue or due within three days: shown in red
    order: int = 100  # lower comes first

    @property
    def dom_id(self) -> str:
        return "todo-" + self.key.replace(".", "-").replace("_", "-")


Provider = Callable[[object, datetime], Iterable[Todo]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add (or replace, by name) a provider of the person's tasks. Called from an AppConfig.ready()."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def compute(user, now: datetime | None = None) -> list["Todo"]:
    """Every provider's lines with something waiting, most pressing first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    items: list[Todo] = []
    for name in sorted(_PROVIDERS):
        items.extend(item for item in _PROVIDERS[name](user, now) if item.count > 0)
    return sorted(items, key=lambda item: (not item.urgent, item.order, item.key))


@dataclass(frozen=True)
class TodoList:
    items: tuple[Todo, ...]

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def todo_for(request) -> TodoList:
    """The person's "Việc cần làm", computed once per request (cached on the request like the menu)."""
    cached = getattr(request, "_portal_todo", None)
    if cached is None:
        cached = TodoList(tuple(compute(getattr(request, "user", None))))
        request._portal_todo = cached
    return cached


# Helpers for providers -----------------------------------------------------------------------------------


def link(user, permission: str, name: str, *args, obj=None, query: str = "") -> str:
    """The URL of `name` if the rules let the user follow it, else ""."""
    if not can(user, permission, obj):
        return ""
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def due_note(prefix: str, day: date | None, today: date) -> tuple[str, bool]:
    """'hạn … dd/mm/yyyy (còn N ngày)' or '(quá hạn N ngày)', and whether it is pressing (≤ 3 days)."""
    if day is None:
        return "", False
    left = (day - today).days
    if left < 0:
        tail = f"quá hạn {-left} ngày"
    elif left == 0:
        tail = "hết hạn hôm nay"
    else:
        tail = f"còn {left} ngày"
    return f"{prefix} {day:%d/%m/%Y} ({tail})", left <= 3


def plan_line(user, plan: dict, *, what: str, label: str, count: int, permission: str, url_name: str,
              due: tuple[str, date | None], today: date, order: int) -> Todo:
    """A line about one plan (`plan`: a row with its pk and number), keyed `<what>.<pk>`, its label naming the
    plan (`{number}`), linked to the plan's page where the work is done, noted with its due date."""
    note, urgent = due_note(*due, today)
    return Todo(key=f"{what}.{plan['pk']}", label=label.format(number=plan["number"]), count=count,
                url=link(user, permission, url_name, plan["pk"]), note=note, urgent=urgent, order=order)


def votes_waiting(user, queryset, *, closes: str, key: str, label: str, one: tuple[str, str],
                  many: tuple[str, str], order: int = 5) -> Todo:
    """The line of votes under way that wait for the person (`queryset`: those votes, already narrowed to the
    window and to what the person has not voted in), from one aggregate query: one vote opens itself (`one`:
    permission and URL name taking its pk), several their list (`many`); the earliest end is the note. Red: a
    vote lasts hours, and whoever misses it is counted absent."""
    waiting = queryset.aggregate(count=Count("pk"), closes=Min(closes), pk=Min("pk"))
    if waiting["count"] == 1:
        url = link(user, one[0], one[1], waiting["pk"])
    else:
        url = link(user, *many)
    note = ""
    if waiting["closes"] is not None:
        earliest = "sớm nhất " if waiting["count"] > 1 else ""
        note = f"biểu quyết {earliest}kết thúc lúc {timezone.localtime(waiting['closes']):%H:%M %d/%m/%Y}"
    return Todo(key, label, waiting["count"], url, note, urgent=True, order=order)


def count_of(queryset, column: str = "pk"):
    """A correlated COUNT subquery (0 when none) for annotating a row without a query per row."""
    return Coalesce(
        Subquery(queryset.order_by().values(column).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


# The plan itself: acknowledging it, reporting its content items, the board's recommendations ------------


def _plan_tasks(user, now: datetime) -> list[Todo]:
    from .models import Acknowledgement, Campaign, ContentItem, ProgressReport

    me = standing(user)
    if me.staff is None:
        return []
    today = local_today(now)
    may_acknowledge = can(user, "campaign.add_acknowledgement")
    may_report = can(user, "campaign.add_progressreport")
    if not (may_acknowledge or may_report):
        return []
    unit_id = me.acting_unit_id
    rows = (
        scope_for(user, Campaign.objects.all())
        .filter(agency_id=me.staff_agency_id, launch_date__lte=today, emulation_end__gte=today)
        .annotate(
            acknowledged=Exists(Acknowledgement.objects.filter(campaign=OuterRef("pk"), staff=me.staff)),
            items=count_of(ContentItem.objects.filter(campaign=OuterRef("pk")), "campaign"),
        )
        .order_by("emulation_end", "pk")
        .values("pk", "number", "emulation_end", "acknowledged", "items")
    )
    # The distinct items reported: one grouped query over the open plans (not one per plan).
    reported = dict(
        ProgressReport.objects.filter(
            unit_id=unit_id, campaign__agency_id=me.staff_agency_id,
            campaign__launch_date__lte=today, campaign__emulation_end__gte=today,
        )
        .order_by().values("campaign").annotate(n=Count("content_item", distinct=True)).values_list("campaign", "n")
    ) if unit_id is not None and may_report else {}
    out: list[Todo] = []
    for row in rows:
        period = ("kỳ thi đua đến hết ngày", row["emulation_end"])
        if may_acknowledge and not row["acknowledged"]:
            out.append(plan_line(
                user, row, what="plan.acknowledge", label="Xác nhận đã đọc Kế hoạch số {number}", count=1,
                permission="campaign.add_acknowledgement", url_name="campaign-work", due=period, today=today,
                order=30,
            ))
        missing = row["items"] - reported.get(row["pk"], 0)
        if may_report and unit_id is not None and missing > 0:
            out.append(plan_line(
                user, row, what="plan.report", label="Nội dung của Kế hoạch số {number} đơn vị chưa báo cáo",
                count=missing, permission="campaign.add_progressreport", url_name="campaign-work", due=period,
                today=today, order=40,
            ))
    return out


def _recommendation_tasks(user, now: datetime) -> list[Todo]:
    from .models import Recommendation, RecommendationAnswer

    answers = can(user, "campaign.add_recommendationanswer")
    files = can(user, "campaign.add_recommendation")
    if not (answers or files):
        return []
    today = local_today(now)
    since = start_of_day(today - timedelta(days=RECENT_DAYS - 1))
    me = standing(user)
    # Each role's part is asked only of the agencies where the user holds that role (an empty IN () would
    # empty the whole aggregate).
    unanswered = scope_for(user, Recommendation.objects.all()).exclude(
        Exists(RecommendationAnswer.objects.filter(recommendation=OuterRef("pk")))
    )
    totals = {"open_for_director": 0, "first_due": None, "overdue_for_board": 0, "answered_lately": 0}
    if answers and me.director:
        totals.update(unanswered.filter(agency_id__in=me.director).aggregate(
            open_for_director=Count("pk"), first_due=Min("due_date")
        ))
    if files and me.inspection:
        totals["overdue_for_board"] = unanswered.filter(agency_id__in=me.inspection, due_date__lt=today).count()
        totals["answered_lately"] = scope_for(user, Recommendation.objects.filter(
            Exists(RecommendationAnswer.objects.filter(recommendation=OuterRef("pk"), answered_at__gte=since)),
            agency_id__in=me.inspection,
        )).count()
    url = link(user, "campaign.list_recommendations", "recommendations:list")
    out = []
    if answers:
        note, urgent = due_note("hạn trả lời sớm nhất", totals["first_due"], today)
        out.append(Todo("recommendations.answer", "Kiến nghị của Ban Thanh tra nhân dân chờ trả lời",
                        totals["open_for_director"], url, note, urgent, order=20))
    if files:
        out.append(Todo("recommendations.overdue", "Kiến nghị đã quá hạn mà chưa được trả lời",
                        totals["overdue_for_board"], url, "", True, order=20))
        out.append(Todo("recommendations.answered", f"Kiến nghị vừa được trả lời ({RECENT_DAYS} ngày qua)",
                        totals["answered_lately"], url, order=25))
    return out


def _board_reports(user, now: datetime) -> list[Todo]:
    """The inspection board: the units' progress reports filed or changed lately, to supervise."""
    from .models import ProgressReport

    if not can(user, "campaign.add_supervisionreport"):
        return []
    since = start_of_day(local_today(now) - timedelta(days=RECENT_DAYS - 1))
    me = standing(user)
    count = scope_for(user, ProgressReport.objects.filter(
        campaign__agency_id__in=me.inspection, updated_at__gte=since
    )).count()
    return [Todo("plan.new_reports", f"Báo cáo thực hiện mới của các đơn vị ({RECENT_DAYS} ngày qua)", count,
                 link(user, "campaign.add_supervisionreport", "campaign-supervision-index"), order=30)]


register("campaign.plan", _plan_tasks)
register("campaign.recommendations", _recommendation_tasks)
register("campaign.board", _board_reports)
