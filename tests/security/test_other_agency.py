"""One deployment, two agencies (DESIGN.md R8): every role of Sở Công Thương, on every URL, admin page,
admin action and download of the permission matrix, tried on Sở Y tế's objects.

An object of another agency must be answered exactly as an object that does not exist (the same status
for a real id of the other agency as for an id that exists nowhere), no page may name the other
agency's units or people, and nothing may be written. The one exception is a launched plan, which is a
public document.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from campaign.models import Agency, StaffMember, Unit
from core.access import paths_of
from tests.factories import AgencyFactory
from tests.security.test_permission_matrix import EXPECTED, _snapshot
from tests.security.world import ROLES, FreshSessions, build_world

pytestmark = pytest.mark.django_db

MARKER = "Y tế"  # in every name of the second agency, and in no name of the first
MISSING = 987654  # an id that exists nowhere
# A launched plan is a public document; a Giấy khen's verification page is public to whoever holds its QR link
# (the token is the only key; an unknown token is answered 404, see tests/awards/test_verify.py).
PUBLIC = {("GET", "campaign-detail"), ("GET", "verify:certificate"), ("POST", "verify:certificate")}


def _second_agency(make_pdf):
    from campaign.models import Province

    agency = AgencyFactory(code="SYT", name="Sở Y tế")
    # In another province, so the first world's steering committee (Tỉnh Đồng Tháp's) is a stranger to it.
    agency.province = Province.objects.create(name="Tỉnh An Giang", code="AG", place_name="An Giang")
    agency.save()
    world = build_world(make_pdf, agency=agency, suffix=".syt")
    for unit in Unit.objects.filter(agency=agency):
        unit.name = f"{unit.name} ({MARKER})"
        unit.save()
    for person in StaffMember.objects.filter(unit__agency=agency):
        person.full_name = f"{person.full_name} ({MARKER})"
        person.save()
    return agency, world


def _object_of(model, agency: Agency, world_b):
    """One object of `model` that belongs to the second agency, for its change, history and delete pages."""
    if getattr(model, "access", None) is not None:
        lookup = paths_of(model).agency
        if lookup is None:
            return None  # a row of the province (its plan, its committee's accounts): no agency's data
        field = "pk" if lookup == "pk" else f"{lookup}_id"
        return model._default_manager.filter(**{field: agency.pk}).order_by("pk").first()
    if model is User:
        return world_b.users["office"]
    if model._meta.app_label == "axes":
        return model._default_manager.filter(username=world_b.users["staff_a"].username).first()
    return None  # not the data of an agency (e.g. a group of the deployment)


def _url(path: str, ids: dict, obj) -> str:
    return path.format(**ids, obj=obj if obj is not None else MISSING)


def _ask(sessions, user, method: str, name: str, url: str, selected):
    sessions.sign_in(user)
    client = sessions.client
    if method == "GET":
        return client.get(url)
    if method == "POST":
        return client.post(url, {})
    return client.post(url, {"action": name.split(":")[2], "index": 0, "_selected_action": [selected]})


def test_no_role_of_one_agency_reaches_another_agencys_objects(client, make_pdf):
    world_a = build_world(make_pdf)
    agency_b, world_b = _second_agency(make_pdf)
    missing_ids = {key: MISSING for key in world_b.ids}
    before = _snapshot()
    leaks = {}
    sessions = FreshSessions(client)
    for (method, name), (path, _) in EXPECTED.items():
        label = name.split(":")[1] if name.startswith("admin:") else ""
        model = apps.get_model(label) if "." in label and name.count(":") == 2 else None
        obj_b = _object_of(model, agency_b, world_b) if model is not None else None
        if "{obj}" in path and obj_b is None:
            continue  # a page of the deployment (groups): not an agency's data
        selected = obj_b.pk if obj_b is not None else MISSING
        url_b = _url(path, world_b.ids, obj_b.pk if obj_b is not None else None)
        url_missing = _url(path, missing_ids, None)
        for role in ROLES:
            user = world_a.users[role]
            answer_b = _ask(sessions, user, method, name, url_b, selected)
            if "{" in path and (method, name) not in PUBLIC:
                answer_missing = _ask(sessions, user, method, name, url_missing, MISSING)
                if answer_b.status_code != answer_missing.status_code:
                    leaks[(method, name, role)] = (answer_missing.status_code, answer_b.status_code)
            body = b"" if answer_b.get("Content-Type", "").startswith("application/") else answer_b.content
            if role != "anonymous" and (method, name) not in PUBLIC and MARKER.encode() in body:
                leaks[(method, name, role)] = "names the other agency"
    assert leaks == {}
    assert _snapshot() == before


def test_the_second_agency_works_on_its_own_objects(client, make_pdf):
    """The same matrix holds inside the second agency: the rules are per agency, not per deployment."""
    build_world(make_pdf)
    _, world_b = _second_agency(make_pdf)
    client.force_login(world_b.users["staff_a"])
    assert client.get(f"/ho-so/{world_b.ids['dossier_a']}/").status_code == 200
    assert client.get(f"/ho-so/tep/{world_b.ids['file_a']}/").status_code == 200
    client.force_login(world_b.users["office"])
    assert client.get(f"/quan-tri/dossiers/dossier/{world_b.ids['dossier_a']}/change/").status_code == 200
    assert client.get(f"/khen-thuong/quyet-dinh/{world_b.ids['decision']}/").status_code == 200
    listing = client.get("/quan-tri/dossiers/dossier/").content.decode()
    assert MARKER in listing
    client.force_login(world_b.users["director"])
    assert client.get(f"/khen-thuong/quyet-dinh/{world_b.ids['decision']}/in/quyet-dinh.pdf").status_code == 200
