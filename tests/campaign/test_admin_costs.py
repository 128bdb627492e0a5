"""What an admin page asks the rules: the list of every app and model (for the nav sidebar, which this site does not
show) is built only where a page shows it (the admin's home and an app's page), and a model-level question is
asked once per request however many times the page needs its answer."""

from collections import Counter
from unittest import mock

import pytest

import campaign.admin_base
from tests.factories import CampaignFactory, inspector_user

pytestmark = pytest.mark.django_db


def _questions(client, path):
    """The model-level questions (no object) the page asks the rules, with how often each."""
    asked = Counter()
    real = campaign.admin_base.can

    def counting(user, permission, obj=None):
        if obj is None:
            asked[permission] += 1
        return real(user, permission, obj)

    with mock.patch.object(campaign.admin_base, "can", counting):
        response = client.get(path)
    return response, asked


def test_a_list_page_asks_about_its_own_models_not_every_model_and_each_question_once(client, office):
    CampaignFactory()
    client.force_login(office)

    response, asked = _questions(client, "/quan-tri/campaign/campaign/")

    assert response.status_code == 200
    assert asked, "the page asks the rules about its model"
    assert max(asked.values()) == 1, asked
    # The list's own model and the models linked from it; not the some 60 models of the whole site.
    assert len(asked) < 15, sorted(asked)
    assert "available_apps" in response.context and "nav-sidebar" not in response.content.decode()


def test_the_admin_home_still_lists_what_the_office_may_open_with_its_add_links(client, office):
    client.force_login(office)

    response, asked = _questions(client, "/quan-tri/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/quan-tri/dossiers/dossier/"' in page and 'href="/quan-tri/campaign/unit/add/"' in page
    assert len(asked) > 50 and max(asked.values()) == 1


def test_the_inspection_board_home_lists_what_it_reads_without_add_links(client):
    board = inspector_user(username="thanhtra")
    client.force_login(board)

    page = client.get("/quan-tri/").content.decode()

    assert 'href="/quan-tri/dossiers/dossier/"' in page
    assert 'href="/quan-tri/campaign/unit/add/"' not in page


def test_an_app_page_lists_only_that_apps_models(client, office):
    client.force_login(office)

    page = client.get("/quan-tri/dossiers/").content.decode()

    assert 'href="/quan-tri/dossiers/dossier/"' in page and 'href="/quan-tri/campaign/unit/"' not in page


def _unit_change_post(client, unit, name):
    """The unit's change page as the office posts it: the unit's fields with `name`, every inline's management
    form as the page gave it. Returns the page's URL, the data and the staff inline's prefix."""
    url = f"/quan-tri/campaign/unit/{unit.pk}/change/"
    inlines = client.get(url).context["inline_admin_formsets"]
    data = {"name": name, "kind": unit.kind, "display_order": unit.display_order, "agency": unit.agency_id,
            "_save": "Lưu"}
    for inline in inlines:
        management = inline.formset.management_form
        data.update({management.add_prefix(field): value for field, value in management.initial.items()})
    staff = next(inline.formset.prefix for inline in inlines if inline.formset.model.__name__ == "StaffMember")
    return url, data, staff


@pytest.mark.parametrize("count", ["1000", "9" * 30])
def test_an_inline_posted_with_a_huge_form_count_is_refused_without_building_thousands_of_forms(client, office, count):
    from campaign.admin_base import INLINE_NEW_ROWS
    from campaign.models import Unit
    from tests.factories import StaffMemberFactory, UnitFactory

    unit = UnitFactory(agency=office.memberships.get().agency, name="Phòng Kế hoạch")
    StaffMemberFactory(unit=unit)
    StaffMemberFactory(unit=unit)
    client.force_login(office)
    url, data, staff = _unit_change_post(client, unit, "Phòng Kế hoạch - Tài chính")
    data[f"{staff}-TOTAL_FORMS"] = count

    response = client.post(url, data)

    assert response.status_code == 200
    posted = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == staff)
    assert len(posted.forms) == 2  # the unit's own rows, as posted; no empty rows
    # The page counts the forms it shows, so that the office can correct and save it.
    assert f'name="{staff}-TOTAL_FORMS" value="2"' in response.content.decode()
    assert f"Vui lòng gửi tối đa {2 + INLINE_NEW_ROWS} biểu mẫu." in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Phòng Kế hoạch"
    assert Unit.objects.filter(name__startswith="Phòng Kế hoạch").count() == 1


def test_an_inline_within_its_bound_still_saves_new_rows(client, office):
    from campaign.models import StaffMember
    from tests.factories import UnitFactory

    unit = UnitFactory(agency=office.memberships.get().agency, name="Phòng Kế hoạch")
    client.force_login(office)
    url, data, staff = _unit_change_post(client, unit, unit.name)
    data[f"{staff}-TOTAL_FORMS"] = "3"
    for i, name in enumerate(("Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường")):
        data.update({f"{staff}-{i}-full_name": name, f"{staff}-{i}-gender": "male", f"{staff}-{i}-position": "Chuyên viên",
                     f"{staff}-{i}-is_active": "on", f"{staff}-{i}-unit": unit.pk})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert sorted(StaffMember.objects.filter(unit=unit).values_list("full_name", flat=True)) == [
        "Lê Văn An", "Phạm Văn Cường", "Trần Thị Bình"]
