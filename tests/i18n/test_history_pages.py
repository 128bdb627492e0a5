"""The admin's history of a record as a clerk reads it (issue 15): Vietnamese field names, a state by its label,
Vietnam time dd/mm/YYYY HH:MM, "(trống)" for nothing; never a code, "None" or a UTC timestamp."""

import datetime as dt

import pytest
from django.utils import timezone

from campaign.history_display import EMPTY, display_value
from dossiers.models import Dossier
from tests.awards.conftest import make_accepted_dossier
from tests.factories import CampaignFactory, office_user
from tests.i18n.test_language_crawl import visible_text

pytestmark = pytest.mark.django_db


def test_a_stored_value_reads_as_the_portal_shows_it():
    state = Dossier._meta.get_field("state")
    assert display_value(state, "submitted") == "Đã nộp"
    assert display_value(state, None) == EMPTY
    assert display_value(None, True) == "Có"
    assert display_value(None, dt.datetime(2023, 11, 2, 2, 0, 0, 263866, tzinfo=dt.UTC)) == "02/11/2023 09:00"
    assert display_value(None, dt.date(2023, 11, 10)) == "10/11/2023"


def test_the_dossier_history_names_fields_and_states_in_vietnamese(client, make_pdf):
    campaign = CampaignFactory()
    office = office_user(agency=campaign.agency)
    dossier, _ = make_accepted_dossier(campaign, office, files=make_pdf)
    client.force_login(office)
    texts = visible_text(client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/history/").content.decode())
    page = " | ".join(texts)
    assert "Trạng thái: | Đã nộp → Đã tiếp nhận" in page
    assert "Trạng thái: | Nháp → Đã nộp" in page
    submitted_at = timezone.localtime(Dossier.objects.get(pk=dossier.pk).submitted_at).strftime("%d/%m/%Y %H:%M")
    assert f"(trống) → {submitted_at}" in page
    assert "None" not in page and "+00:00" not in page and "submitted" not in page
