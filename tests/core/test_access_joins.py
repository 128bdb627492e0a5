"""access_joins: the foreign keys the rules follow, so rows read with them are asked about without a query."""

import pytest

from campaign.models import StaffMember
from core.access import access_joins, follow, paths_of
from dossiers.models import Nomination
from tests.factories import NominationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_the_joins_lead_where_the_rules_look():
    assert access_joins(StaffMember) == ["unit"]
    # The longest path only: "dossier" and "dossier__campaign" are in it.
    assert "dossier__campaign__agency" in access_joins(Nomination)
    assert "dossier" not in access_joins(Nomination)


@pytest.mark.parametrize("model, factory", [(StaffMember, StaffMemberFactory), (Nomination, NominationFactory)])
def test_rows_read_with_the_joins_are_followed_without_a_query(model, factory, django_assert_num_queries):
    factory()
    row = model.objects.select_related(*access_joins(model)).get()
    paths = paths_of(model)
    with django_assert_num_queries(0):
        for lookup in filter(None, (paths.agency, paths.unit, paths.owner, paths.province)):
            follow(row, lookup)
