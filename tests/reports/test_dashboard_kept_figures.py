"""The dashboard keeps its agency-wide figures (totals, statistics) for a short while: any change made
through the models renews them at once, the kept figures equal a recount, and the page says when they
were counted (issue 17 item 1)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import DossierState, Nomination
from reports import selectors
from tests.factories import DossierFactory, NominationFactory, StaffMemberFactory
from tests.reports.test_dashboard import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]


def _get(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ke-hoach/{plan.pk}/bang-theo-doi/")
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _figures(dashboard):
    t = dashboard.totals
    return (t.staff_total, t.staff_with_login, t.acknowledged, t.items_reported, t.items_total, t.collectives,
            t.individuals, t.dossiers, dashboard.unit_count, dashboard.units_with_all_items,
            dashboard.supervision_count)


def test_a_second_look_reads_the_kept_figures_and_says_when_they_were_counted(client, plan, items, office):
    populate(plan, items, 3)
    client.force_login(office)

    first, first_queries = _get(client, plan)
    second, second_queries = _get(client, plan)

    assert second_queries < first_queries  # the totals and the statistics are not recounted
    assert 'id="figures-at"' in second and "chậm nhất sau 2 phút" in second
    assert _without_tokens(first) == _without_tokens(second)  # the same page, counted once


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (new on each response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_nomination_added_shows_on_the_next_look(client, plan, items, office, unit):
    populate(plan, items, 2)
    client.force_login(office)
    before, _ = _get(client, plan)
    assert '<div class="fs-4 fw-semibold" id="nominations-total">6</div>' in before

    dossier = DossierFactory(campaign=plan, unit=unit, state=DossierState.SUBMITTED)
    NominationFactory(dossier=dossier, staff=StaffMemberFactory(unit=unit))
    after, _ = _get(client, plan)

    assert '<div class="fs-4 fw-semibold" id="nominations-total">7</div>' in after


def test_the_kept_figures_equal_a_recount_after_each_change(plan, items, unit):
    populate(plan, items, 2)
    kept = selectors.campaign_dashboard(plan, per_page=50, keep_figures=True)
    assert _figures(kept) == _figures(selectors.campaign_dashboard(plan, per_page=50))

    StaffMemberFactory(unit=unit)
    dossier = DossierFactory(campaign=plan, unit=unit, state=DossierState.SUBMITTED)
    nomination = NominationFactory(dossier=dossier, staff=StaffMemberFactory(unit=unit))
    kept = selectors.campaign_dashboard(plan, per_page=50, keep_figures=True)
    assert _figures(kept) == _figures(selectors.campaign_dashboard(plan, per_page=50))
    assert kept.statistics["total"] == selectors.nomination_statistics(plan)["total"]

    Nomination.objects.get(pk=nomination.pk).delete()
    dossier.delete()
    kept = selectors.campaign_dashboard(plan, per_page=50, keep_figures=True)
    assert _figures(kept) == _figures(selectors.campaign_dashboard(plan, per_page=50))
    assert kept.statistics["total"] == selectors.nomination_statistics(plan)["total"]


def test_what_bypasses_the_models_is_kept_no_longer_than_the_maximum_age(plan, items, unit):
    populate(plan, items, 1)
    kept = selectors.campaign_dashboard(plan, per_page=50, keep_figures=True)
    assert kept.totals.staff_total == 3

    from campaign.models import StaffMember

    StaffMember.objects.bulk_create([StaffMember(full_name="Nhập hàng loạt", gender="male", unit=unit)])
    stale = selectors.campaign_dashboard(plan, per_page=50, keep_figures=True)
    assert stale.totals.staff_total == 3 and stale.figures_at == kept.figures_at  # kept, and says when

    from django.core.cache import cache

    key = next(k for k in cache._cache if "reports:figures:" in k)  # locmem: the entry's expiry is visible
    assert cache._expire_info[key] - __import__("time").time() <= selectors.FIGURES_MAX_AGE
