"""The office's and the Director's dashboard: figures per unit, charts, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import Gender
from dossiers.models import DossierState
from reports import selectors
from tests.factories import (
    AcknowledgementFactory,
    DossierFactory,
    NominationFactory,
    ProgressReportFactory,
    StaffMemberFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

# What one dashboard page may cost, whatever the number of units: session, user, groups, staff member,
# the campaign, the agency's campaigns, the units, then one grouped query per figure.
MAX_QUERIES = 16


def populate(plan, items, units: int) -> list:
    """`units` units, each with 3 staff (2 with a login, 1 of whom acknowledged), 2 items reported,
    a submitted dossier with a woman, a leader and a collective nominated."""
    created = []
    for _ in range(units):
        unit = UnitFactory(agency=plan.agency)
        people = [
            StaffMemberFactory(unit=unit, user=UserFactory(), gender=Gender.FEMALE),
            StaffMemberFactory(unit=unit, user=UserFactory(), is_leader=True),
            StaffMemberFactory(unit=unit),
        ]
        AcknowledgementFactory(campaign=plan, staff=people[0])
        ProgressReportFactory(content_item=items[1], unit=unit)
        ProgressReportFactory(content_item=items[2], unit=unit)
        dossier = DossierFactory(campaign=plan, unit=unit, state=DossierState.SUBMITTED)
        NominationFactory(dossier=dossier, staff=people[0])
        NominationFactory(dossier=dossier, staff=people[1])
        NominationFactory(dossier=dossier, kind="collective", staff=None, nominee_unit=unit)
        created.append(unit)
    return created


def test_the_dashboard_counts_per_unit(plan, items, unit, leader, member):
    AcknowledgementFactory(campaign=plan, staff=leader.staff_member)
    StaffMemberFactory(unit=unit)  # no login: does not count in the percentage
    ProgressReportFactory(content_item=items[1], unit=unit)
    ProgressReportFactory(content_item=items[9], unit=unit)
    DossierFactory(campaign=plan, unit=unit, state=DossierState.SUBMITTED)
    draft = DossierFactory(campaign=plan, unit=unit, level="provincial")
    NominationFactory(dossier=draft, staff=member.staff_member)

    row = next(r for r in selectors.campaign_dashboard(plan).rows if r.unit == unit)

    assert (row.staff_total, row.staff_with_login, row.acknowledged, row.ack_percent) == (3, 2, 1, 50)
    assert (row.items_reported, row.items_total) == (2, 9)
    assert row.dossier_states == [("draft", "Nháp", 1), ("submitted", "Đã nộp", 1)]
    assert (row.collectives, row.individuals) == (0, 1)


def test_the_dashboard_page_shows_figures_charts_and_exports(client, plan, items, office):
    populate(plan, items, 3)
    client.force_login(office)

    html = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/").content.decode()

    assert "Bảng theo dõi thực hiện kế hoạch" in html
    assert '<div class="fs-4 fw-semibold" id="ack-total">3/6 <span class="fs-6 text-muted">(50%)</span></div>' in html
    assert "6/27 lượt nội dung đã báo cáo (22%)" in html
    assert html.count('<svg class="chart"') == 2 and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "còn 11 ngày 14 giờ" in html  # countdown to 31/10/2023 23:59:59 from 20/10 09:00
    assert f'href="/ke-hoach/{plan.pk}/xuat/de-nghi.xlsx"' in html
    assert f'href="/ke-hoach/{plan.pk}/xuat/ket-qua.csv"' in html
    assert 'href="/nhap-don-vi-can-bo/"' in html


def test_the_statistics_count_women_leaders_and_direct_workers(plan, items, office):
    populate(plan, items, 2)

    figures = selectors.nomination_statistics(plan)["grassroots"]

    assert (figures.collectives, figures.individuals, figures.women, figures.leaders) == (2, 4, 2, 2)
    assert figures.direct_workers == 0


def test_the_dashboard_is_for_the_office_director_and_board_only(client, plan, member, director, inspector):
    client.force_login(member)
    refused = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")
    client.force_login(director)
    director_page = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")
    client.force_login(inspector)
    board_page = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")

    assert refused.status_code == 403
    assert (director_page.status_code, board_page.status_code) == (200, 200)
    assert 'href="/nhap-don-vi-can-bo/"' not in board_page.content.decode()


def _dashboard_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_3_or_60_units(client, plan, items, office):
    client.force_login(office)
    populate(plan, items, 3)
    few = _dashboard_queries(client, plan)

    populate(plan, items, 57)
    many = _dashboard_queries(client, plan)

    print(f"dashboard queries: 3 units -> {few}, 60 units -> {many}")
    assert many == few
    assert many <= MAX_QUERIES


def test_the_dashboard_with_60_units_stays_within_the_query_budget(
    client, plan, items, office, django_assert_max_num_queries
):
    populate(plan, items, 60)
    client.force_login(office)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")

    assert response.content.decode().count("<tr data-unit=") == 50  # the first page of units; totals cover 60
    assert "Toàn cơ quan (60 đơn vị)" in response.content.decode()


def test_the_results_export_with_60_units_stays_within_the_query_budget(
    client, plan, items, office, django_assert_max_num_queries
):
    populate(plan, items, 60)
    client.force_login(office)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/ke-hoach/{plan.pk}/xuat/ket-qua.xlsx")

    assert response.status_code == 200


def test_a_large_agency_gets_its_units_fifty_per_page_with_agency_wide_totals(client):
    from campaign.models import Campaign
    from tests.factories import CampaignFactory, UnitFactory, office_user

    campaign = CampaignFactory()
    for index in range(120):
        UnitFactory(agency=campaign.agency, name=f"Đơn vị {index:03d}")
    client.force_login(office_user())
    first = client.get(f"/ke-hoach/{campaign.pk}/bang-theo-doi/").content.decode()
    assert first.count("<tr data-unit=") == 50
    assert "Đơn vị 1–50 / 120" in first and "Toàn cơ quan (120 đơn vị)" in first
    last = client.get(f"/ke-hoach/{campaign.pk}/bang-theo-doi/?trang=3").content.decode()
    assert last.count("<tr data-unit=") == 20
    assert Campaign.objects.count() == 1
