from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import (
    Acknowledgement,
    Agency,
    Campaign,
    ContentItem,
    ProgressEvidence,
    ProgressReport,
    StaffMember,
    SupervisionReport,
    Unit,
)
from .rules import readable_plans, scope_for, standing


def _plans_for_home(user) -> QuerySet[Campaign]:
    """A logged-in person's home shows their agency's plans; a visitor sees every launched plan."""
    qs = Campaign.objects.select_related("agency")
    return scope_for(user, qs) if standing(user).agencies else readable_plans(user, qs)


def open_campaigns(user=None, *, now: datetime | None = None) -> QuerySet[Campaign]:
    """Campaigns still running: launched, and the submission cutoff not yet past (Vietnam days)."""
    from core.time import local_today

    today = local_today(now or timezone.now())
    return (
        _plans_for_home(user).filter(launch_date__lte=today, submission_deadline__gte=today)
        .prefetch_related(Prefetch("content_items", queryset=ContentItem.objects.order_by("number")))
        .order_by("submission_deadline", "pk")
    )


def past_campaigns(user=None, *, now: datetime | None = None) -> QuerySet[Campaign]:
    from core.time import local_today

    today = local_today(now or timezone.now())
    return _plans_for_home(user).filter(submission_deadline__lt=today).order_by("-year", "-pk")


def campaigns_for(user) -> QuerySet[Campaign]:
    """The campaigns the user may see: those of their agency (R8)."""
    return scope_for(user, Campaign.objects.select_related("agency")).order_by("-year", "-launch_date", "-pk")


def campaign_for(user, pk: int) -> Campaign:
    try:
        return campaigns_for(user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch.") from None


def current_campaign(user, *, now: datetime | None = None, emulation: bool = False) -> Campaign | None:
    """The campaign a page opens on: the open one whose deadline comes first, else the latest.

    With `emulation`, a campaign still in its emulation period comes first (where staff acknowledge
    and report), before one that only takes dossiers.
    """
    from core.time import local_today

    today = local_today(now or timezone.now())
    qs = campaigns_for(user)
    running = qs.filter(launch_date__lte=today, submission_deadline__gte=today)
    in_emulation = running.filter(emulation_end__gte=today).order_by("emulation_end", "pk").first() if emulation else None
    return in_emulation or running.order_by("emulation_end", "pk").first() or qs.first()


def progress_reports_for_unit(campaign: Campaign, unit: Unit) -> QuerySet[ProgressReport]:
    """The unit's reports on the plan's content items, in the plan's order, with their evidence.

    Reused by the nomination side: an achievement report can cite these reports.
    """
    return (
        ProgressReport.objects.filter(campaign=campaign, unit=unit)
        .select_related("content_item", "updated_by__staff_member", "created_by__staff_member")
        .prefetch_related(Prefetch("evidence", queryset=ProgressEvidence.objects.order_by("uploaded_at", "pk")))
        .order_by("content_item__number")
    )


@dataclass
class ItemProgress:
    item: ContentItem
    report: ProgressReport | None


def unit_progress(campaign: Campaign, unit: Unit) -> list[ItemProgress]:
    """Every content item of the plan, with the unit's report on it or None (two queries)."""
    reports = {r.content_item_id: r for r in progress_reports_for_unit(campaign, unit)}
    return [ItemProgress(item, reports.get(item.pk)) for item in campaign.content_items.order_by("number")]


@dataclass
class StaffAcknowledgement:
    staff: StaffMember
    acknowledgement: Acknowledgement | None

    @property
    def has_login(self) -> bool:
        return self.staff.user_id is not None


@dataclass
class UnitAcknowledgements:
    unit: Unit
    people: list[StaffAcknowledgement]

    @property
    def with_login(self) -> list[StaffAcknowledgement]:
        return [p for p in self.people if p.has_login]

    @property
    def acknowledged(self) -> list[StaffAcknowledgement]:
        return [p for p in self.with_login if p.acknowledgement is not None]

    @property
    def pending(self) -> list[StaffAcknowledgement]:
        return [p for p in self.with_login if p.acknowledgement is None]

    @property
    def without_login(self) -> list[StaffAcknowledgement]:
        return [p for p in self.people if not p.has_login]

    @property
    def percent(self) -> int:
        return percent(len(self.acknowledged), len(self.with_login))


def unit_acknowledgements(campaign: Campaign, unit: Unit) -> UnitAcknowledgements:
    """Who in the unit has acknowledged the plan, and who has not yet (two queries)."""
    acknowledgements = {
        a.staff_id: a for a in Acknowledgement.objects.filter(campaign=campaign, staff__unit=unit)
    }
    staff = StaffMember.objects.filter(unit=unit, is_active=True).order_by("-is_leader", "full_name")
    return UnitAcknowledgements(unit, [StaffAcknowledgement(s, acknowledgements.get(s.pk)) for s in staff])


def percent(part: int, whole: int) -> int:
    """A whole percentage, 0 for an empty whole."""
    return round(100 * part / whole) if whole else 0


def supervision_reports(campaign: Campaign) -> QuerySet[SupervisionReport]:
    return SupervisionReport.objects.filter(campaign=campaign).order_by("-filed_at", "-pk")


def expected_award_amounts(campaign: Campaign):
    """The cash of one Giấy khen the plan's page announces (R11): that of the base salary and regime in
    force on the earliest day the decision may be signed (the day after the submission deadline), so a
    past plan shows what its decision granted and a running one what the current law grants. None when
    no regime or base salary is recorded for that day."""
    from datetime import timedelta

    from legal.selectors import NoLawOnDate, giay_khen_amounts

    try:
        return giay_khen_amounts(campaign.submission_deadline + timedelta(days=1))
    except NoLawOnDate:
        return None


# Names as of a date (issue 13 point 4) ----------------------------------------------------------------


@dataclass(frozen=True)
class AgencyNames:
    """What a document dated on a given day prints for its agency: name, parent authority, place."""

    name: str
    parent_authority: str
    place_name: str


class NameBook:
    """The names an agency and its units bore on any date, from their recorded renames (NameChange).

    A rename recorded as applying from D keeps the old name on everything dated before D. Built from one
    query for any number of agencies, so a register or a history page asks it per row without a query each.
    """

    def __init__(self, changes):
        self._agency: dict[int, list] = {}
        self._unit: dict[int, list] = {}
        for change in sorted(changes, key=lambda c: c.changed_on):
            if change.unit_id is None:
                self._agency.setdefault(change.agency_id, []).append(change)
            else:
                self._unit.setdefault(change.unit_id, []).append(change)

    @classmethod
    def of_agencies(cls, agency_ids) -> "NameBook":
        from .models import NameChange

        return cls(NameChange.objects.filter(agency_id__in=set(agency_ids)))

    @staticmethod
    def _as_of(changes: list, day: date, field: str, current: str) -> str:
        # The first rename after the day tells the name then; a blank old value means that rename left it.
        for change in changes:
            if change.changed_on > day and getattr(change, field):
                return getattr(change, field)
        return current

    def agency_on(self, agency: Agency, day: date) -> AgencyNames:
        changes = self._agency.get(agency.pk, [])
        return AgencyNames(
            name=self._as_of(changes, day, "old_name", agency.name),
            parent_authority=self._as_of(changes, day, "old_parent_authority", agency.parent_authority),
            place_name=self._as_of(changes, day, "old_place_name", agency.place_name),
        )

    def unit_on(self, unit: Unit, day: date) -> str:
        return self._as_of(self._unit.get(unit.pk, []), day, "old_name", unit.name)

    def of_the_day(self, unit: Unit, name: str, day: date) -> str:
        """A unit's name as recorded at some time (a nomination's snapshot) becomes its name on `day`;
        any other text (a name the office typed by hand) is kept as it is."""
        known = {unit.name, *(change.old_name for change in self._unit.get(unit.pk, []))}
        return self.unit_on(unit, day) if name in known else name

    def name_on(self, obj: Agency | Unit, day: date) -> str:
        if isinstance(obj, Agency):
            return self.agency_on(obj, day).name
        return self.unit_on(obj, day)


def _agency_id(obj: Agency | Unit) -> int:
    return obj.pk if isinstance(obj, Agency) else obj.agency_id


def name_on(obj: Agency | Unit, day: date) -> str:
    """The name of an agency or unit as a document dated `day` prints it."""
    return NameBook.of_agencies([_agency_id(obj)]).name_on(obj, day)


def agency_names_on(agency: Agency, day: date) -> AgencyNames:
    """Name, parent authority and place of an agency on `day` (a province merger changes the last two)."""
    return NameBook.of_agencies([agency.pk]).agency_on(agency, day)
