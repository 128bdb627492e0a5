"""The office of one agency adds rows to its own agency: every admin add page whose model has an agency comes
with that agency chosen (the administrator, who serves every agency, chooses it)."""

import pytest
from django.contrib import admin

from tests.factories import AgencyFactory, office_user

pytestmark = pytest.mark.django_db


def _add_pages_with_an_agency():
    for model, model_admin in admin.site._registry.items():
        if any(field.name == "agency" for field in model._meta.fields):
            yield model, model_admin


def test_every_add_page_of_the_office_comes_with_its_agency_chosen(client):
    agency = AgencyFactory()
    AgencyFactory(code="SYT", name="Sở Y tế")  # another agency, never offered
    office = office_user(username="vanphong", agency=agency)
    client.force_login(office)
    checked = []
    for model, _ in _add_pages_with_an_agency():
        opts = model._meta
        response = client.get(f"/quan-tri/{opts.app_label}/{opts.model_name}/add/")
        if response.status_code != 200:
            continue  # the office does not add these (the rules' answer, tested in the permission matrix)
        form = response.context["adminform"].form
        if "agency" in form.fields:
            assert form.initial.get("agency") == agency.pk, opts.label
            checked.append(opts.label)
    # Units, boards, plans, days off, form templates at least.
    assert {"campaign.Unit", "campaign.Board", "campaign.Campaign", "campaign.NonWorkingDay",
            "dossiers.FormTemplate"} <= set(checked), checked


def test_the_administrator_chooses_the_agency(client):
    from django.contrib.auth.models import User

    AgencyFactory()
    client.force_login(User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-dai"))

    # The administrator grants roles in any agency (and reads no agency's data, so adds no units).
    response = client.get("/quan-tri/campaign/membership/add/")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "agency" in form.fields and "agency" not in form.initial
