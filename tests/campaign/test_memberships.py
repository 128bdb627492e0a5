"""Roles held per agency (DESIGN.md R8): the office gives its own people a role in the admin, the
deployment's administrator adds agencies and their first office account and reads no agency's data,
a person belongs to one agency, and a group's name gives nobody anything."""

import pytest
from django.contrib.auth.models import Group, User

from campaign.models import Membership, Role, StaffMember
from campaign.rules import can, scope_for, standing
from dossiers.models import Dossier
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    DossierFactory,
    UnitFactory,
    UserFactory,
    office_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

ADD = "/quan-tri/campaign/membership/add/"


@pytest.fixture
def sct():
    return AgencyFactory()


@pytest.fixture
def syt():
    return AgencyFactory(code="SYT", name="Sở Y tế")


@pytest.fixture
def office(sct):
    return office_user(username="vanphong", agency=sct)


def test_the_office_gives_one_of_its_people_a_role(client, sct, office):
    person = staff_user(UnitFactory(agency=sct), username="phogiamdoc")
    client.force_login(office)

    response = client.post(ADD, {"user": person.pk, "role": Role.DIRECTOR})

    assert response.status_code == 302
    granted = Membership.objects.get(user=person)
    assert (granted.agency, granted.role, granted.granted_by) == (sct, Role.DIRECTOR, office)
    assert granted.history.count() == 1
    client.force_login(person)
    assert client.get("/quan-tri/").status_code == 200


def test_the_office_cannot_give_a_role_to_another_agencys_person(client, sct, syt, office):
    stranger = staff_user(UnitFactory(agency=syt), username="canbo.syt")
    client.force_login(office)

    form = client.get(ADD).content.decode()
    response = client.post(ADD, {"user": stranger.pk, "role": Role.OFFICE})

    assert "canbo.syt" not in form
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()


def test_the_office_lists_only_its_agencys_roles(client, sct, syt, office):
    office_user(username="vanphong.syt", agency=syt)
    client.force_login(office)

    html = client.get("/quan-tri/campaign/membership/").content.decode()

    assert "vanphong.syt" not in html
    assert "Sở Y tế" not in html


def test_the_last_office_account_of_an_agency_is_kept(client, sct, office):
    own = Membership.objects.get(user=office)
    client.force_login(office)

    assert client.get(f"/quan-tri/campaign/membership/{own.pk}/delete/").status_code == 403
    response = client.post(f"/quan-tri/campaign/membership/{own.pk}/change/", {"user": office.pk, "role": Role.DIRECTOR})

    assert "tài khoản Văn phòng Sở cuối cùng" in response.content.decode()
    assert Membership.objects.get(pk=own.pk).role == Role.OFFICE


def test_a_person_belongs_to_one_agency(sct, syt):
    from django.core.exceptions import ValidationError

    user = office_user(username="vanphong", agency=sct)
    with pytest.raises(ValidationError) as refused:
        Membership(user=user, agency=syt, role=Role.DIRECTOR).full_clean()
    assert "thuộc một cơ quan khác" in str(refused.value)
    with pytest.raises(ValidationError):
        StaffMember(unit=UnitFactory(agency=syt), full_name="Nguyễn Văn A", gender="male", user=user).full_clean()


def test_a_group_named_like_a_role_gives_nothing(sct):
    user = UserFactory(username="nhom", is_staff=True)
    user.groups.add(Group.objects.create(name="Văn phòng Sở"))
    campaign = CampaignFactory(agency=sct)
    DossierFactory(campaign=campaign, unit=UnitFactory(agency=sct))

    assert standing(user).office == frozenset()
    assert not scope_for(user, Dossier.objects.all()).exists()
    assert not can(user, "campaign.change_campaign", campaign)


def test_the_deployment_administrator_adds_agencies_and_reads_no_agencys_data(client, sct):
    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-dai")
    DossierFactory(campaign=CampaignFactory(agency=sct), unit=UnitFactory(agency=sct))
    client.force_login(admin)

    assert client.get("/quan-tri/campaign/agency/add/").status_code == 200
    assert client.get("/quan-tri/campaign/membership/add/").status_code == 200
    assert client.get("/quan-tri/dossiers/dossier/").status_code == 403
    assert client.get("/ho-so/").status_code == 404
    assert not scope_for(admin, Dossier.objects.all()).exists()


def test_a_staff_member_who_has_left_loses_the_units_rights_at_once(sct):
    unit = UnitFactory(agency=sct)
    user = staff_user(unit, username="danghi")
    dossier = DossierFactory(campaign=CampaignFactory(agency=sct), unit=unit)
    assert can(user, "dossiers.change_dossier", dossier)

    StaffMember.objects.filter(user=user).update(is_active=False)
    user = User.objects.get(pk=user.pk)  # a new request: the standing is computed again

    assert not can(user, "dossiers.change_dossier", dossier)
    assert not scope_for(user, Dossier.objects.all()).exists()
