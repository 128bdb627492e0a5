"""Issue 17 item 1: the campaign dashboard at province scale. The units are paginated in SQL and only the
page's units are counted one by one; the agency's totals are aggregates computed by the database. The
query count does not change with the number of units, and the page's figures agree with the full rows the
exports read. Query counts and the shape of the SQL are asserted; nothing here is timed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import selectors
from tests.reports.test_dashboard import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]


def _dashboard(client, plan, page: int = 1):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/?trang={page}")
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def test_the_dashboard_costs_the_same_queries_for_2_or_120_units(
    client, plan, items, office, django_assert_max_num_queries
):
    client.force_login(office)
    populate(plan, items, 2)
    _, few = _dashboard(client, plan)
    populate(plan, items, 118)
    with django_assert_max_num_queries(len(few)):
        response, many = _dashboard(client, plan, page=2)
    assert len(many) == len(few)
    html = response.content.decode()
    assert html.count("<tr data-unit=") == 50
    assert "Đơn vị 51–100 / 120" in html and "Toàn cơ quan (120 đơn vị)" in html
    # The units are read one page at a time, never all of them.
    unit_reads = [sql for sql in many if sql.startswith('SELECT "campaign_unit"."id"')]
    assert unit_reads and all("LIMIT 50" in sql for sql in unit_reads)


def test_the_totals_are_the_sum_of_every_page_and_of_the_exports_rows(plan, items):
    populate(plan, items, 7)
    pages = [selectors.campaign_dashboard(plan, page=n, per_page=3) for n in (1, 2, 3)]
    paged = [row for page in pages for row in page.rows]
    every = selectors.campaign_dashboard(plan)  # the exports: every unit
    assert [r.unit.pk for r in paged] == [r.unit.pk for r in every.rows]
    assert len(paged) == every.unit_count == 7
    totals = every.totals
    for name in ("staff_total", "staff_with_login", "acknowledged", "items_reported", "collectives", "individuals"):
        assert getattr(totals, name) == sum(getattr(r, name) for r in paged), name
    assert totals.dossiers == {"submitted": 7}
    assert totals.items_total == 9 * 7
    assert [count for _, count in every.items][:3] == [7, 7, 0]  # items 1 and 2 reported by each unit
    assert pages[2].unit_page.paginator.count == 7 and len(pages[2].rows) == 1


def test_a_unit_that_reported_every_item_counts_as_complete(plan, items, unit):
    from tests.factories import ProgressReportFactory

    populate(plan, items, 2)
    for item in items.values():
        ProgressReportFactory(content_item=item, unit=unit)
    data = selectors.campaign_dashboard(plan, per_page=50)
    assert data.units_with_all_items == 1
    row = next(r for r in data.rows if r.unit == unit)
    assert row.items_reported == row.items_total == 9


def test_an_empty_agency_has_a_dashboard(client, office):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory()
    client.force_login(office)
    response = client.get(f"/ke-hoach/{campaign.pk}/bang-theo-doi/")
    assert response.status_code == 200
    assert "Toàn cơ quan (0 đơn vị)" in response.content.decode()
