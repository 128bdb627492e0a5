"""Issue 17 item 1: the flat dossier lists (the portal's list and the office's changelist) cost the same
queries whatever the number of dossiers, and their SQL aggregates only the rows on the page (no GROUP BY
over every dossier in scope, no COUNT(DISTINCT …), no date hierarchy reading every submission date).
Query counts and the shape of the SQL are asserted; nothing here is timed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import Dossier, DossierFile, DossierState
from tests.factories import NominationFactory, UnitFactory, office_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/quan-tri/dossiers/dossier/"
PORTAL_LIST = "/ho-so/"


def add_dossiers(campaign, clerk, units: int) -> list[Dossier]:
    """`units` units, each with a submitted dossier at both levels, two nominations (a person and the
    unit) and a proposal letter each."""
    made = []
    for _ in range(units):
        unit = UnitFactory(agency=campaign.agency)
        for level in ("grassroots", "provincial"):
            dossier = Dossier.objects.create(
                campaign=campaign, unit=unit, level=level, state=DossierState.SUBMITTED, created_by=clerk
            )
            NominationFactory(dossier=dossier)
            NominationFactory(dossier=dossier, kind="collective", staff=None, nominee_unit=unit)
            DossierFile.objects.create(
                dossier=dossier, kind="proposal_letter", version=1, file=f"t/{dossier.pk}.pdf",
                original_name="cong-van.pdf", content_type="application/pdf", size=10, sha256="0" * 64,
                uploaded_by=clerk,
            )
            made.append(dossier)
    return made


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def _assert_page_sized_sql(statements: list[str]) -> None:
    for sql in statements:
        assert "COUNT(DISTINCT" not in sql.upper(), sql
        assert "DATE_TRUNC" not in sql.upper(), sql
        # Counting nominations by grouping every dossier in scope (a JOIN then GROUP BY the dossier) is the
        # cost that grew with rows; the counts are correlated subqueries of the page's rows instead.
        assert 'GROUP BY "dossiers_dossier"."id"' not in sql, sql


@pytest.fixture
def office_client(client, campaign):
    client.force_login(office_user())
    return client


def test_the_portal_list_costs_the_same_queries_for_2_or_80_dossiers(
    office_client, campaign, clerk, django_assert_max_num_queries
):
    add_dossiers(campaign, clerk, 1)
    _, few = _get(office_client, PORTAL_LIST)
    add_dossiers(campaign, clerk, 39)
    with django_assert_max_num_queries(len(few)):
        response, many = _get(office_client, PORTAL_LIST)
    assert len(many) == len(few)
    assert response.content.decode().count("Mở hồ sơ") == 80
    _assert_page_sized_sql(many)


def test_the_portal_list_counts_each_dossiers_nominations_newest_first(office_client, campaign, clerk):
    first, second = add_dossiers(campaign, clerk, 1)
    NominationFactory(dossier=second)
    page = office_client.get(PORTAL_LIST).context["page"]
    assert [d.pk for d in page.object_list] == [second.pk, first.pk]
    assert [d.nomination_count for d in page.object_list] == [3, 2]
    assert page.paginator.count == 2


def test_a_units_own_list_costs_the_same_queries_when_the_agency_grows(
    client, campaign, clerk, unit, django_assert_max_num_queries
):
    Dossier.objects.create(campaign=campaign, unit=unit, level="grassroots", created_by=clerk)
    client.force_login(clerk)
    _, few = _get(client, PORTAL_LIST)
    add_dossiers(campaign, clerk, 30)  # other units' dossiers: not this unit's, not on its list
    with django_assert_max_num_queries(len(few)):
        response, many = _get(client, PORTAL_LIST)
    assert response.content.decode().count("Mở hồ sơ") == 1


def test_the_office_changelist_costs_the_same_queries_for_2_or_80_dossiers(
    office_client, campaign, clerk, django_assert_max_num_queries
):
    add_dossiers(campaign, clerk, 1)
    _, few = _get(office_client, CHANGELIST)
    add_dossiers(campaign, clerk, 39)
    with django_assert_max_num_queries(len(few)):
        response, many = _get(office_client, CHANGELIST)
    assert len(many) == len(few)
    assert len(response.context["cl"].result_list) == 80
    _assert_page_sized_sql(many)


def test_the_office_changelist_shows_the_newest_first_with_their_nomination_counts(office_client, campaign, clerk):
    first, second = add_dossiers(campaign, clerk, 1)
    NominationFactory(dossier=second)
    changelist = office_client.get(CHANGELIST).context["cl"]
    rows = list(changelist.result_list)
    assert [d.pk for d in rows] == [second.pk, first.pk]
    assert [d._nomination_count for d in rows] == [3, 2]
    # Sorting by the count still works (the header's link), on the page's correlated counts.
    column = changelist.list_display.index("nomination_count")
    sorted_rows = list(office_client.get(f"{CHANGELIST}?o={column}").context["cl"].result_list)
    assert [d._nomination_count for d in sorted_rows] == [2, 3]


def test_the_office_changelist_filters_by_submission_date_without_a_date_hierarchy(office_client, campaign, clerk):
    add_dossiers(campaign, clerk, 1)
    response = office_client.get(CHANGELIST)
    assert "submitted_at__gte" in response.content.decode()  # the date filter's links
    assert response.context["cl"].date_hierarchy is None
