"""Keeping the dashboard's figures (reports.models): one row per campaign and unit (UnitFigures), and one row
per campaign (CampaignFigures) that a database trigger keeps equal to the sum of its units' rows
(reports/migrations/0002_campaign_figures_trigger.py: each row's change moves the totals by new minus old, in
the statement that changes the row). The dashboard reads one row, whatever the size of the agency.

Every change of what a unit's row counts (a dossier created, saved in a new state or deleted, a nomination
added, released or removed, a person, an acknowledgement or a progress report saved or deleted, a login
deleted) recounts the rows it touches, in SQL and in the same transaction, in one call to the database (on
PostgreSQL the function reports_locked_recount() of reports/migrations/0002, which runs two statements):

1. the lock: FOR KEY SHARE on the campaigns and units, then an INSERT ... ON CONFLICT DO UPDATE that creates or
   locks the campaigns' totals, then the units' rows, in that order and sorted. Everyone takes the locks in
   this order (the dossier services hold the campaign and the unit FOR UPDATE and then want the rows;
   Django's foreign keys are checked at COMMIT, so a transaction that inserted a person must not hold the
   rows while it waits for the unit's key lock: it takes it first);
2. the count: an UPDATE whose subqueries count that unit's rows. On PostgreSQL (READ COMMITTED) the
   statement's snapshot is taken once the locks are held, so it sees everything committed by the transaction
   that held them before: two concurrent changes of one unit end with the count of both (a read-modify-write
   in Python, or one statement that counted before waiting for the lock, would lose one of them; tested).

A recount reads one unit's rows (its people, dossiers and nominations), whatever the size of the agency; the
campaign's totals row is held until the transaction ends, so the changes of one campaign's figures take
turns (as the dossier services already do on the campaign's row).
What bypasses the models' signals (bulk_create, a queryset's update() or a raw SQL write) is not seen —
except the release of a dossier's nominees on withdrawal or rejection (dossiers/services.py
`_release_nominees`, a queryset update), which the services follow with the timeline entry of the
transition, and that entry recounts the dossier's unit. `manage.py rebuild_dashboard_figures` recounts every
row from scratch (after a bulk load, or if in doubt; `--check` only compares).
"""

import functools
from collections.abc import Callable, Iterable

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone

from core import batching
from core.prepared import compiled_once, fill

GetModel = Callable[[str, str], type]

# The states the office has received (as reports.selectors.RECEIVED_STATES, repeated here so that the data
# migration does not import the models of today).
RECEIVED = ("submitted", "returned", "accepted")
STATES = ("draft", "submitted", "returned", "accepted", "rejected", "withdrawn")
COLLECTIVE = "collective"
FEMALE = "female"


def _count(queryset, *outer: str) -> Coalesce:
    """How many rows of `queryset` (already filtered on OuterRef) there are, as a scalar subquery."""
    return Coalesce(
        Subquery(queryset.order_by().values(*outer).annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        0,
    )


def figure_expressions(get_model: GetModel = global_apps.get_model) -> dict:
    """The UPDATE's right-hand sides: each figure of the row counted over its unit's rows (correlated on
    the row's campaign_id and unit_id, each following an index on the unit or the dossier)."""
    staff_model = get_model("campaign", "StaffMember")
    staff = staff_model.objects.filter(unit_id=OuterRef("unit_id"), is_active=True)
    acknowledgements = get_model("campaign", "Acknowledgement").objects.filter(
        campaign_id=OuterRef("campaign_id"), staff__unit_id=OuterRef("unit_id"),
        staff__is_active=True, staff__user__isnull=False)
    reports = get_model("campaign", "ProgressReport").objects.filter(
        campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id"))
    dossiers = get_model("dossiers", "Dossier").objects.filter(
        campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id"))
    live = get_model("dossiers", "Nomination").objects.filter(
        campaign_id=OuterRef("campaign_id"), dossier__unit_id=OuterRef("unit_id"), is_live=True)
    received = live.filter(dossier__state__in=RECEIVED)
    expressions = {
        "staff_total": _count(staff, "unit_id"),
        "staff_with_login": _count(staff.filter(user__isnull=False), "unit_id"),
        "acknowledged": _count(acknowledgements, "campaign_id"),
        "items_reported": _count(reports, "unit_id"),
        "collectives": _count(live.filter(kind=COLLECTIVE), "campaign_id"),
        "individuals": _count(live.exclude(kind=COLLECTIVE), "campaign_id"),
    }
    for state in STATES:
        expressions[f"dossiers_{state}"] = _count(dossiers.filter(state=state), "unit_id")
    for level in ("grassroots", "provincial"):
        ours = received.filter(level=level)
        people = ours.exclude(kind=COLLECTIVE)
        expressions[f"{level}_collectives"] = _count(ours.filter(kind=COLLECTIVE), "campaign_id")
        expressions[f"{level}_individuals"] = _count(people, "campaign_id")
        expressions[f"{level}_women"] = _count(people.filter(staff__gender=FEMALE), "campaign_id")
        expressions[f"{level}_leaders"] = _count(people.filter(staff__is_leader=True), "campaign_id")
        expressions[f"{level}_direct_workers"] = _count(people.filter(staff__is_direct_worker=True), "campaign_id")
    return expressions


def recount(pairs: Iterable[tuple[int, int]], *, create: bool = True) -> None:
    """Recount the rows of these (campaign id, unit id) pairs, creating them if need be, inside the caller's
    transaction: the locks then the count (see the module's docstring), in one statement sent to the
    database. A trigger on the units' rows moves their campaign's totals by the difference. After a
    deletion (`create=False`) only the rows that exist are recounted: the deletion may be its campaign's."""
    from .models import UnitFigures

    pairs = sorted({(c, u) for c, u in pairs if c is not None and u is not None})
    if not pairs:
        return
    deferred = batching.collecting(BATCH)
    if deferred is not None:  # inside a batch (an import): once per row at its end (recount_batch)
        deferred.update((c, u, create) for c, u in pairs)
        return
    sql, params = _recount_statement(pairs)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:  # the caller's transaction if any
        if connection.vendor == "postgresql":
            # reports/migrations/0002: the locks, then EXECUTE of the count (a statement of its own).
            from psycopg import ClientCursor

            statement = ClientCursor(connection.connection).mogrify(sql, params)
            cursor.execute("SELECT reports_locked_recount(%s::bigint[], %s::bigint[], %s, %s, %s)",
                           [[c for c, _ in pairs], [u for _, u in pairs], timezone.now(), statement, create])
            return
        # SQLite, one writer at a time: the count, and the rows created first only if one was missing (the
        # trigger creates a campaign's totals row if need be).
        cursor.execute(sql, params)
        if create and cursor.rowcount < len(pairs):
            now = timezone.now()
            UnitFigures.objects.bulk_create([UnitFigures(campaign_id=c, unit_id=u, counted_at=now) for c, u in pairs],
                                            ignore_conflicts=True)
            cursor.execute(sql, params)


BATCH = "reports.figures"


def recount_batch(items: set[tuple[int, int, bool]]) -> None:
    """The end of a batch (core/batching.py): each row touched is recounted once, created if any change
    asked for it."""
    created = {(c, u) for c, u, create in items if create}
    recount(created)
    recount({(c, u) for c, u, create in items if not create} - created, create=False)


def recount_sql(rows, get_model: GetModel = global_apps.get_model) -> tuple[str, list]:
    """The UPDATE that recounts these rows of UnitFigures (a queryset), as SQL and parameters."""
    query = rows.query.chain(UpdateQuery)
    query.add_update_values(figure_expressions(get_model))
    return query.get_compiler(rows.db).as_sql()


@functools.lru_cache(maxsize=8)
def _recount_template(count: int) -> tuple[str, list]:
    """The recount of `count` pairs compiled once per process (core/prepared.py): the SQL and where each id
    stands in its parameters. Building and compiling the 22 counting subqueries costs about 10 ms of CPU; every
    change of a nomination, person, acknowledgement or report asks for it (issue 17: the dossier steps' CPU)."""
    from .models import UnitFigures

    def compile_sql(*ids):
        pairs = list(zip(ids[::2], ids[1::2], strict=True))
        return recount_sql(UnitFigures.objects.filter(_matching(pairs)))

    return compiled_once(compile_sql, (int,) * (2 * count))


def _recount_statement(pairs: list[tuple[int, int]]) -> tuple[str, list]:
    """The recount's SQL and parameters for these pairs (from the compiled template)."""
    sql, slots = _recount_template(len(pairs))
    return sql, list(fill(slots, [value for pair in pairs for value in pair]))


def _matching(pairs) -> Q:
    match = Q()
    for campaign_id, unit_id in pairs:
        match |= Q(campaign_id=campaign_id, unit_id=unit_id)
    return match


def rebuild(campaign_ids: Iterable[int] | None = None, *, get_model: GetModel = global_apps.get_model) -> int:
    """Recount every row of these campaigns (all campaigns by default) from scratch: one row per unit of the
    campaign's agency, figures counted in SQL, and the campaign's totals their sum. Returns the number of
    unit rows. For the data migration, the management command and after a bulk load. The campaign's totals
    row is locked first (and created if need be), as every change does, so a rebuild and a change wait on
    each other instead of crossing."""
    campaign_model = get_model("campaign", "Campaign")
    unit_model = get_model("campaign", "Unit")
    figures_model = get_model("reports", "UnitFigures")
    totals_model = get_model("reports", "CampaignFigures")
    from .models import FIGURE_COLUMNS

    campaigns = campaign_model.objects.order_by("pk")
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=list(campaign_ids))
    total = 0
    now = timezone.now()
    for campaign_id, agency_id in campaigns.values_list("pk", "agency_id"):
        with transaction.atomic():
            # The campaign first, as the dossier services take it, then its totals (created or locked).
            list(campaign_model.objects.select_for_update().filter(pk=campaign_id).values_list("pk"))
            totals_model.objects.bulk_create([totals_model(campaign_id=campaign_id, counted_at=now)],
                                             update_conflicts=True, unique_fields=["campaign"],
                                             update_fields=["counted_at"])
            # Rows of units that left the agency go; every unit of the agency gets a row.
            figures_model.objects.filter(campaign_id=campaign_id).exclude(unit__agency_id=agency_id).delete()
            unit_ids = list(unit_model.objects.filter(agency_id=agency_id).order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(unit_ids), 2000):
                figures_model.objects.bulk_create(
                    [figures_model(campaign_id=campaign_id, unit_id=u, counted_at=now)
                     for u in unit_ids[start:start + 2000]],
                    update_conflicts=True, unique_fields=["campaign", "unit"], update_fields=["counted_at"],
                )
            figures_model.objects.filter(campaign_id=campaign_id).update(**figure_expressions(get_model))
            sums = figures_model.objects.filter(campaign_id=campaign_id).order_by().aggregate(
                **{name: Coalesce(Sum(name), 0) for name in FIGURE_COLUMNS})
            totals_model.objects.filter(campaign_id=campaign_id).update(counted_at=now, **sums)
        total += len(unit_ids)
    return total


# The signals: which rows a change touches ---------------------------------------------------------------

# A nomination's save that writes none of these fields changes no figure.
NOMINATION_FIELDS = {"is_live", "kind", "level", "staff", "staff_id", "dossier", "dossier_id", "campaign",
                     "campaign_id"}


def _untouched(update_fields, fields: set[str]) -> bool:
    return update_fields is not None and not (set(update_fields) & fields)


def _campaigns_of_units(unit_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(campaign, unit) for every campaign of each unit's agency."""
    from campaign.models import Campaign, Unit

    unit_ids = [u for u in unit_ids if u is not None]
    if not unit_ids:
        return []
    agencies = Unit.objects.filter(pk__in=unit_ids).values("agency_id")
    campaigns = Campaign.objects.filter(agency_id__in=agencies).values_list("pk", "agency_id")
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "agency_id")) if len(unit_ids) > 1 else None
    pairs = []
    for campaign_id, agency_id in campaigns:
        pairs += [(campaign_id, u) for u in unit_ids if units is None or units.get(u) == agency_id]
    return pairs


def _dossier_pair(dossier_id) -> list[tuple[int, int]]:
    from dossiers.models import Dossier

    return list(Dossier.objects.filter(pk=dossier_id).values_list("campaign_id", "unit_id"))


# A dossier's own changes (created, deleted, a new state, unit or campaign) are recounted by a trigger on its
# table (reports/migrations/0004_dossier_trigger.py), in the statement that writes the row.


def _nomination_pairs(nomination) -> list[tuple[int, int]]:
    dossier = nomination._state.fields_cache.get("dossier")
    if dossier is not None:
        return [(nomination.campaign_id, dossier.unit_id)]
    return [(nomination.campaign_id, unit_id) for _, unit_id in _dossier_pair(nomination.dossier_id)]


def on_nomination_saved(sender, instance, created=False, update_fields=None, raw=False, **_):
    if raw or (not created and _untouched(update_fields, NOMINATION_FIELDS)):
        return
    recount(_nomination_pairs(instance))


def on_nomination_deleted(sender, instance, **_):
    recount(_nomination_pairs(instance), create=False)


# The states whose transition releases the dossier's nominees (dossiers/services.py `_release_nominees`).
RELEASING_STATES = {"withdrawn", "rejected"}


def on_timeline_entry(sender, instance, created=False, raw=False, **_):
    """A withdrawal or a rejection: recount after the nominees' release (a queryset update, no signal of its
    own), which the services do between the dossier's save and this entry. Other entries change nothing the
    dossier's or the nomination's own save has not already recounted."""
    if raw or not created or instance.from_state == instance.to_state or instance.to_state not in RELEASING_STATES:
        return
    dossier = instance._state.fields_cache.get("dossier")
    if dossier is not None:
        recount([(dossier.campaign_id, dossier.unit_id)])
    else:
        recount(_dossier_pair(instance.dossier_id))


def on_staff_before_save(sender, instance, raw=False, **_):
    if raw or instance.pk is None:
        return
    from campaign.models import StaffMember

    instance._figures_old_unit_id = (
        StaffMember.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first())


def _staff_pairs(instance) -> list[tuple[int, int]]:
    """The rows a person counts in: their unit's (and former unit's) in every campaign of the agency, and
    the units of the dossiers that nominate them (the statistics count women, leaders, direct workers)."""
    from dossiers.models import Nomination

    pairs = _campaigns_of_units({instance.unit_id, getattr(instance, "_figures_old_unit_id", None)})
    if instance.pk is not None:
        pairs += list(Nomination.objects.filter(staff_id=instance.pk).order_by()
                      .values_list("campaign_id", "dossier__unit_id").distinct())
    return pairs


def on_staff_saved(sender, instance, raw=False, **_):
    if raw:
        return
    recount(_staff_pairs(instance))


def on_staff_deleted(sender, instance, **_):
    recount(_campaigns_of_units([instance.unit_id]), create=False)


def on_user_before_delete(sender, instance, **_):
    """Deleting a login leaves its person without one (SET_NULL, no signal): remember whose units."""
    from campaign.models import StaffMember

    instance._figures_unit_ids = list(StaffMember.objects.filter(user_id=instance.pk).values_list("unit_id", flat=True))


def on_user_deleted(sender, instance, **_):
    recount(_campaigns_of_units(getattr(instance, "_figures_unit_ids", [])), create=False)


def on_acknowledgement(sender, instance, raw=False, created=None, **_):
    if raw:
        return
    from campaign.models import StaffMember

    unit_id = StaffMember.objects.filter(pk=instance.staff_id).values_list("unit_id", flat=True).first()
    recount([(instance.campaign_id, unit_id)], create=created is not None)  # post_delete: no `created`


def on_progress_report(sender, instance, raw=False, created=None, **_):
    if raw:
        return
    recount([(instance.campaign_id, instance.unit_id)], create=created is not None)


def on_unit_saved(sender, instance, created=False, raw=False, **_):
    """A new unit gets its rows at once (so that the recounts of its first changes find them)."""
    if raw or not created:
        return
    recount(_campaigns_of_units([instance.pk]))


def on_campaign_saved(sender, instance, created=False, raw=False, **_):
    """A new campaign gets a row per unit of its agency (their people already count)."""
    if raw or not created:
        return
    rebuild([instance.pk])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    receivers = [
        (post_save, "dossiers.Nomination", on_nomination_saved),
        (post_delete, "dossiers.Nomination", on_nomination_deleted),
        (post_save, "dossiers.TransitionLog", on_timeline_entry),
        (pre_save, "campaign.StaffMember", on_staff_before_save),
        (post_save, "campaign.StaffMember", on_staff_saved),
        (post_delete, "campaign.StaffMember", on_staff_deleted),
        (pre_delete, "auth.User", on_user_before_delete),
        (post_delete, "auth.User", on_user_deleted),
        (post_save, "campaign.Acknowledgement", on_acknowledgement),
        (post_delete, "campaign.Acknowledgement", on_acknowledgement),
        (post_save, "campaign.ProgressReport", on_progress_report),
        (post_delete, "campaign.ProgressReport", on_progress_report),
        (post_save, "campaign.Campaign", on_campaign_saved),
        (post_save, "campaign.Unit", on_unit_saved),
    ]
    for index, (signal, sender, receiver) in enumerate(receivers):
        signal.connect(receiver, sender=sender, weak=False,
                       dispatch_uid=f"reports-unit-figures-{index}-{sender}-{receiver.__name__}")
