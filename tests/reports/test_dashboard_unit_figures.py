"""The dashboard's kept figures (reports/figures.py): one row per campaign and unit, recounted in the
transaction of every change. After each step of a dossier's life, and of the people and reports it counts,
the sum of the kept rows equals a recount over the source rows, and each row equals what a rebuild writes.
On PostgreSQL, two changes of one unit at the same moment both count. The dashboard's first look (nothing
in the cache) reads the kept rows: its query count does not change with the number of units, and it never
reads the agency's nominations or people. Query counts are asserted; nothing here is timed."""

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from campaign.models import Gender
from dossiers import services
from dossiers.models import DocumentKind, Dossier, DossierState, Nomination, NomineeKind
from reports import figures, selectors
from reports.models import FIGURE_COLUMNS, CampaignFigures, UnitFigures
from tests.factories import (
    AcknowledgementFactory,
    CampaignFactory,
    ProgressReportFactory,
    StaffMemberFactory,
    UnitFactory,
    UserFactory,
    office_user,
    staff_user,
)
from tests.helpers import all_at_once, pdf_bytes, vn
from tests.reports.test_dashboard import populate

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _submissions_open():
    """09:00 on 01/11/2023: the emulation period is over, submissions are open."""
    with time_machine.travel(vn(2023, 11, 1, 9), tick=True):
        yield


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def _kept(campaign):
    items = campaign.content_items.count()
    totals, unit_count, complete, supervision, statistics = selectors._summed_figures(campaign, items)
    return _flat(totals, unit_count, complete, supervision), statistics


def _recounted(campaign):
    items = campaign.content_items.count()
    totals, unit_count, complete, supervision = selectors._totals(campaign, items)
    return _flat(totals, unit_count, complete, supervision), selectors.nomination_statistics(campaign)


def _flat(totals, unit_count, complete, supervision):
    return (totals.staff_total, totals.staff_with_login, totals.acknowledged, totals.items_reported,
            totals.items_total, totals.collectives, totals.individuals, totals.dossiers, unit_count, complete,
            supervision)


def _rows(campaign):
    """The kept rows (all-zero rows are no different from no row)."""
    return {row[0]: row[1:] for row in UnitFigures.objects.filter(campaign=campaign)
            .exclude(**{name: 0 for name in FIGURE_COLUMNS}).values_list("unit_id", *FIGURE_COLUMNS)}


def assert_exact(campaign):
    """The kept figures equal a recount, in total and row by row (a rebuild changes nothing)."""
    assert _kept(campaign) == _recounted(campaign)
    kept = _rows(campaign), _totals_row(campaign)
    figures.rebuild([campaign.pk])
    assert (_rows(campaign), _totals_row(campaign)) == kept


def _totals_row(campaign):
    return CampaignFigures.objects.filter(campaign=campaign).values_list(*FIGURE_COLUMNS).first()


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def unit(campaign):
    return UnitFactory(agency=campaign.agency, name="Phòng Quản lý Công nghiệp")


@pytest.fixture
def clerk(unit):
    return staff_user(unit, username="vanthu.cn", full_name="Trần Thị Thu", gender=Gender.FEMALE)


@pytest.fixture
def office(campaign):
    return office_user(username="vanphong", agency=campaign.agency)


def _complete_draft(campaign, unit, clerk, *, level="grassroots", nominees=1):
    dossier = services.create_dossier(campaign=campaign, unit=unit, level=level, by=clerk)
    services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=_pdf("cv.pdf"))
    services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=_pdf("bb.pdf"))
    services.add_nomination(dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Tốt.",
                            report=_pdf("bc-tt.pdf"))
    for n in range(nominees):
        person = StaffMemberFactory(unit=unit, gender=Gender.FEMALE if n % 2 == 0 else Gender.MALE,
                                    is_leader=n == 0, is_direct_worker=n == 1)
        services.add_nomination(dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person,
                                achievement_summary="Hoàn thành xuất sắc nhiệm vụ.", report=_pdf(f"bc-{n}.pdf"))
    return dossier


def test_the_kept_figures_stay_exact_through_a_dossiers_life(campaign, unit, clerk, office):
    assert_exact(campaign)
    dossier = _complete_draft(campaign, unit, clerk, nominees=3)  # create, nominees added
    assert _kept(campaign)[0][5:8] == (1, 3, {"draft": 1})
    assert_exact(campaign)

    removed = dossier.nominations.exclude(kind=NomineeKind.COLLECTIVE).last()
    services.remove_nomination(nomination=removed, by=clerk)  # nomination removed
    assert_exact(campaign)

    services.submit_dossier(dossier=dossier, by=clerk)
    kept, statistics = _kept(campaign)
    assert kept[7] == {"submitted": 1}
    assert (statistics["total"].collectives, statistics["total"].individuals, statistics["total"].women) == (1, 2, 1)
    assert_exact(campaign)

    services.request_supplement(dossier=dossier, by=office, note="Bổ sung biên bản.", due_date=vn(2023, 11, 10).date())
    assert _kept(campaign)[0][7] == {"returned": 1}
    assert_exact(campaign)

    services.submit_dossier(dossier=dossier, by=clerk)  # resubmitted
    services.accept_dossier(dossier=dossier, by=office)
    assert _kept(campaign)[0][7] == {"accepted": 1}
    assert_exact(campaign)

    # A second dossier, withdrawn: its nominees are released by a queryset update (no signal of its own).
    provincial = _complete_draft(campaign, unit, clerk, level="provincial", nominees=2)
    services.submit_dossier(dossier=provincial, by=clerk)
    services.withdraw_dossier(dossier=provincial, by=clerk, note="Rút để hoàn thiện.")
    kept, statistics = _kept(campaign)
    assert kept[5:8] == (1, 2, {"accepted": 1, "withdrawn": 1})
    assert statistics["provincial"].total == 0
    assert_exact(campaign)

    # A third, rejected by the office: released too.
    third = _complete_draft(campaign, unit, clerk, level="provincial", nominees=1)
    services.submit_dossier(dossier=third, by=clerk)
    services.reject_dossier(dossier=third, by=office, reason="Không đủ điều kiện.")
    assert _kept(campaign)[0][7] == {"accepted": 1, "withdrawn": 1, "rejected": 1}
    assert_exact(campaign)


def test_deleting_a_dossier_or_a_nomination_through_the_models_keeps_the_figures_exact(campaign, unit, clerk):
    dossier = _complete_draft(campaign, unit, clerk, nominees=2)
    Nomination.objects.filter(dossier=dossier, kind=NomineeKind.COLLECTIVE).get().delete()
    assert _kept(campaign)[0][5:7] == (0, 2)
    assert_exact(campaign)
    dossier.files.all().delete()
    Dossier.objects.get(pk=dossier.pk).delete()  # its nominations go with it
    assert _kept(campaign)[0][5:8] == (0, 0, {})
    assert_exact(campaign)


def test_dossiers_written_in_bulk_are_counted_by_the_database(campaign, unit, clerk):
    """A dossier's row recounts its unit in the database (a trigger): bulk_create and queryset.update() too."""
    other = UnitFactory(agency=campaign.agency)
    Dossier.objects.bulk_create([Dossier(campaign=campaign, unit=u, level=level, state=DossierState.SUBMITTED,
                                         created_by=clerk) for u in (unit, other) for level in ("grassroots", "provincial")])
    assert _kept(campaign)[0][7] == {"submitted": 4}
    assert_exact(campaign)
    Dossier.objects.filter(unit=other).update(state=DossierState.ACCEPTED)
    assert _kept(campaign)[0][7] == {"submitted": 2, "accepted": 2}
    assert_exact(campaign)
    Dossier.objects.filter(unit=unit).delete()
    assert _kept(campaign)[0][7] == {"accepted": 2}
    assert_exact(campaign)


def test_people_acknowledgements_and_reports_keep_the_figures_exact(campaign, unit, clerk):
    dossier = _complete_draft(campaign, unit, clerk, nominees=2)
    services.submit_dossier(dossier=dossier, by=clerk)
    person = dossier.nominations.exclude(kind=NomineeKind.COLLECTIVE).first().staff
    assert_exact(campaign)

    person.gender, person.is_leader, person.is_direct_worker = Gender.MALE, True, True  # the statistics change
    person.save()
    assert_exact(campaign)

    other = UnitFactory(agency=campaign.agency)
    mover = StaffMemberFactory(unit=unit, user=UserFactory())
    AcknowledgementFactory(campaign=campaign, staff=mover)
    assert_exact(campaign)
    mover.unit = other  # moves to another unit: both units' rows change
    mover.save()
    assert _rows(campaign)[other.pk][:3] == (1, 1, 1)
    assert_exact(campaign)
    mover.is_active = False
    mover.save()
    assert_exact(campaign)

    login = UserFactory()
    holder = StaffMemberFactory(unit=unit, user=login)
    assert_exact(campaign)
    login.delete()  # the person loses the login (SET_NULL, no signal of its own)
    holder.refresh_from_db()
    assert holder.user_id is None
    assert_exact(campaign)

    item = campaign.content_items.create(number=1, text="Nội dung số 1")
    report = ProgressReportFactory(content_item=item, unit=unit)
    assert _kept(campaign)[0][9] == 1  # the only unit with a report on the only item: complete
    assert_exact(campaign)
    report.delete()
    AcknowledgementFactory(campaign=campaign, staff=holder).delete()
    assert_exact(campaign)


def test_a_new_campaign_counts_the_people_already_there(campaign, unit, clerk):
    StaffMemberFactory(unit=unit)
    later = CampaignFactory(agency=campaign.agency, number="99/KH-SCT")
    assert _kept(later)[0][:2] == (2, 1)
    assert_exact(later)


def test_the_rebuild_command_finds_and_mends_drift(campaign, unit, clerk):
    dossier = _complete_draft(campaign, unit, clerk, nominees=1)
    call_command("rebuild_dashboard_figures", "--check")
    # What bypasses the models' signals is not seen until a rebuild: a bulk load, a raw update.
    Nomination.objects.bulk_create([Nomination(dossier=dossier, campaign=campaign, level=dossier.level,
                                               kind=NomineeKind.INDIVIDUAL, staff=StaffMemberFactory(unit=unit),
                                               achievement_summary="Nhập hàng loạt.")])
    assert _kept(campaign) != _recounted(campaign)
    call_command("rebuild_dashboard_figures")
    call_command("rebuild_dashboard_figures", "--check")
    UnitFigures.objects.filter(campaign=campaign, unit=unit).update(staff_total=99)  # a unit's row drifts
    with pytest.raises(CommandError, match="1 kế hoạch cần đếm lại"):
        call_command("rebuild_dashboard_figures", "--check")
    call_command("rebuild_dashboard_figures", "--campaign", str(campaign.pk))
    CampaignFigures.objects.filter(campaign=campaign).update(individuals=42)  # the campaign's totals drift
    assert _kept(campaign) != _recounted(campaign)
    with pytest.raises(CommandError, match="1 kế hoạch cần đếm lại"):
        call_command("rebuild_dashboard_figures", "--check")
    call_command("rebuild_dashboard_figures", "--campaign", str(campaign.pk))
    assert _kept(campaign) == _recounted(campaign)
    call_command("rebuild_dashboard_figures", "--check")
    with pytest.raises(CommandError, match="Không có kế hoạch mã số 999999"):
        call_command("rebuild_dashboard_figures", "--campaign", "999999")


def test_the_data_migration_counts_existing_rows_with_the_models_of_its_time(plan, items):
    from django.db.migrations.executor import MigrationExecutor

    populate(plan, items, 3)
    expected = _rows(plan)
    UnitFigures.objects.all().delete()  # as before the migration
    CampaignFigures.objects.all().delete()
    state = MigrationExecutor(connection).loader.project_state(("reports", "0003_unit_figures_backfill"))
    migration = __import__("reports.migrations.0003_unit_figures_backfill", fromlist=["backfill"])
    migration.backfill(state.apps, None)
    assert _rows(plan) == expected
    assert _kept(plan) == _recounted(plan)


def _first_look(client, plan):
    cache.clear()  # nothing kept: the figures are summed from the kept rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.usefixtures("during_emulation")
def test_the_first_look_costs_the_same_queries_for_2_or_60_units_and_reads_no_agency_wide_rows(
    client, plan, items, office, django_assert_max_num_queries
):
    from tests.factories import office_user as make_office

    reader = make_office(username="vanphong2", agency=plan.agency)
    client.force_login(reader)
    populate(plan, items, 2)
    _, few = _first_look(client, plan)
    populate(plan, items, 58)
    with django_assert_max_num_queries(len(few)):
        html, many = _first_look(client, plan)
    assert len(many) == len(few)
    assert "Toàn cơ quan (60 đơn vị)" in html
    assert '<div class="fs-4 fw-semibold" id="nominations-total">180</div>' in html
    # The agency-wide figures come from the kept rows: no count over every nomination (the statistics'
    # GROUP BY level, kind) or every person of the agency.
    assert not [sql for sql in many if 'GROUP BY "dossiers_nomination"."level"' in sql]
    assert not [sql for sql in many if sql.startswith('SELECT COUNT("campaign_staffmember"."id")')]
    assert [sql for sql in many if 'FROM "reports_unitfigures"' in sql]


# PostgreSQL: two changes of one unit at the same moment ------------------------------------------------


@pytest.fixture
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_postgres_only")
def test_two_changes_of_one_unit_at_the_same_moment_both_count(campaign, unit, clerk, monkeypatch):
    import time

    recount = figures.recount

    def slow_recount(pairs):
        # Each transaction holds its rows' locks a moment longer after recounting (as while it stores and
        # fsyncs an upload), so that the others' recounts surely wait for the lock: the race is always run.
        recount(pairs)
        time.sleep(0.2)

    monkeypatch.setattr(figures, "recount", slow_recount)
    grassroots = _complete_draft(campaign, unit, clerk, level="grassroots", nominees=0)
    provincial = _complete_draft(campaign, unit, clerk, level="provincial", nominees=0)
    people = [StaffMemberFactory(unit=unit, gender=Gender.FEMALE) for _ in range(2)]

    def new_person():
        with transaction.atomic():  # as an import of the staff list would: the person and the recount at once
            StaffMemberFactory(unit=unit, user=UserFactory())

    staff_before = _kept(campaign)[0][:2]
    # Two nominees added (the services lock each dossier, its unit and campaign) and two people with a login
    # created in the same unit (nothing else locks the unit's row): all at once.
    outcomes = all_at_once([
        *(lambda d=dossier, p=person: services.add_nomination(
            dossier=d, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=p, achievement_summary="Tốt.",
            report=_pdf("bc.pdf"))
          for dossier, person in zip((grassroots, provincial), people, strict=True)),
        new_person,
        new_person,
    ])
    assert outcomes == ["ok"] * 4
    kept = _kept(campaign)[0]
    assert kept[:2] == (staff_before[0] + 2, staff_before[1] + 2)
    assert kept[5:7] == (2, 2)
    assert_exact(campaign)

    outcomes = all_at_once([lambda d=d: services.submit_dossier(dossier=d, by=clerk) for d in (grassroots, provincial)])
    assert outcomes == ["ok", "ok"]
    kept, statistics = _kept(campaign)
    assert kept[7] == {"submitted": 2}
    assert (statistics["total"].total, statistics["total"].women) == (4, 2)
    assert_exact(campaign)

    # A state change of one dossier and a new person in the same unit, at once.
    outcomes = all_at_once([
        lambda: services.withdraw_dossier(dossier=provincial, by=clerk, note="Rút."),
        new_person,
    ])
    assert outcomes == ["ok", "ok"]
    assert _kept(campaign)[0][7] == {"submitted": 1, "withdrawn": 1}
    assert_exact(campaign)
    assert DossierState.WITHDRAWN == Dossier.objects.get(pk=provincial.pk).state


def test_an_import_of_units_and_staff_keeps_the_figures_exact_with_one_recount_at_its_end(campaign, unit, office,
                                                                                         monkeypatch):
    """The Excel import saves person by person inside core.batching.batch(): the rows it touches are recounted
    once, at the end, still in its transaction (issue 17: 500 people took 4 s recounted one by one)."""
    from campaign import imports

    moved = StaffMemberFactory(unit=unit, full_name="Huỳnh Văn Tài", gender=Gender.MALE)
    assert_exact(campaign)
    calls = []
    original = figures._recount_statement
    monkeypatch.setattr(figures, "_recount_statement", lambda pairs: calls.append(pairs) or original(pairs))
    units = [{"row": 2, "name": "Phòng Quản lý Năng lượng", "kind": "Phòng chuyên môn", "display_order": "",
              "email": ""}]
    staff = [{"row": n + 2, "full_name": f"Cán bộ {n}", "gender": "Nữ" if n % 2 else "Nam", "position": "",
              "unit": "Phòng Quản lý Năng lượng" if n % 3 else unit.name, "leader": "x" if n == 0 else "",
              "direct_worker": ""} for n in range(12)]
    staff.append({"row": 20, "full_name": "Huỳnh Văn Tài", "gender": "Nam", "position": "Lái xe",
                  "unit": "Phòng Quản lý Năng lượng", "leader": "", "direct_worker": "x"})

    imports.import_rows(agency=campaign.agency, payload={"nonce": "n-1", "units": units, "staff": staff}, by=office)

    moved.refresh_from_db()
    assert moved.unit.name == "Phòng Quản lý Năng lượng"
    assert len(calls) == 1 and {u for _, u in calls[0]} == {unit.pk, moved.unit_id}
    assert_exact(campaign)
