"""Hot reads compiled once per process (core/prepared.py, issue 17): the rows are those the ORM gives,
related rows come with them, and a read that cannot be prepared is refused on first use with the reason."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from campaign.models import StaffMember, Unit
from campaign.rules import standing
from core.auth_backend import PreparedModelBackend
from core.prepared import Prepared, PreparedError, attach
from core.sessions.db import SessionStore
from tests.factories import UnitFactory, office_user, staff_user

pytestmark = pytest.mark.django_db

STAFF = Prepared(lambda user_id: StaffMember.objects.select_related("unit", "unit__agency").filter(user_id=user_id), int)


def _fields(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_rows_and_their_related_rows_are_those_the_orm_reads_in_one_query(django_assert_num_queries):
    user = staff_user(UnitFactory())
    expected = StaffMember.objects.select_related("unit", "unit__agency").get(user=user)
    STAFF.first(user.pk)  # compiled on first use
    with django_assert_num_queries(1):
        person = STAFF.first(user.pk)
        assert person.unit.agency.name == expected.unit.agency.name  # no query: read with the row
    assert _fields(person) == _fields(expected)
    assert _fields(person.unit) == _fields(expected.unit)
    assert _fields(person.unit.agency) == _fields(expected.unit.agency)
    assert STAFF.first(user.pk + 1000) is None
    assert STAFF.all(user.pk + 1000) == []


def test_values_of_a_union_are_those_of_the_orm():
    office = office_user()
    unit, other = UnitFactory(), UnitFactory()
    union = Prepared(
        lambda a, b: Unit.objects.filter(pk=a).order_by().values_list("name").union(
            Unit.objects.filter(pk=b).order_by().values_list("name")
        ),
        int, int,
    )
    assert sorted(union.all(unit.pk, other.pk)) == sorted([(unit.name,), (other.name,)])
    assert union.all(unit.pk, unit.pk) == [(unit.name,)]
    # The user's standing reads its roles through a prepared union: the same roles as the memberships.
    me = standing(office)
    assert me.office == frozenset(office.memberships.values_list("agency_id", flat=True))


def test_a_read_that_depends_on_the_clock_is_refused():
    reads_the_clock = Prepared(lambda key: Session.objects.filter(session_key=key, expire_date__gt=timezone.now()), str)
    with pytest.raises(PreparedError, match="changes between calls"):
        reads_the_clock.first("abc")


def test_a_value_that_does_not_reach_the_sql_as_it_is_is_refused():
    inside_a_pattern = Prepared(lambda name: Unit.objects.filter(name__contains=name), str)
    with pytest.raises(PreparedError, match="as it is"):
        inside_a_pattern.all("Phòng")
    not_used = Prepared(lambda pk: Unit.objects.all(), int)
    with pytest.raises(PreparedError, match="not every value"):
        not_used.all(1)
    with pytest.raises(TypeError, match="expected int"):
        STAFF.first("1")


@pytest.mark.django_db(transaction=True)
def test_a_locked_read_is_refused_outside_a_transaction_as_the_orm_refuses_it():
    unit = UnitFactory()
    locked = Prepared(lambda pk: Unit.objects.select_for_update().filter(pk=pk), int)
    with transaction.atomic():
        assert locked.first(unit.pk) == unit
    try:
        list(Unit.objects.select_for_update().filter(pk=unit.pk))
    except TransactionManagementError:
        with pytest.raises(TransactionManagementError):  # PostgreSQL
            locked.first(unit.pk)
    else:  # SQLite has no row locks: the ORM reads, and so does the prepared read
        assert locked.first(unit.pk) == unit


def test_the_session_engine_reads_a_live_session_and_drops_an_expired_one():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("no-such-session-key").load() == {}


def test_the_auth_backend_gives_an_active_user_and_refuses_an_inactive_one():
    user = staff_user(UnitFactory())
    backend = PreparedModelBackend()
    assert backend.get_user(user.pk) == user
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None
    assert backend.get_user(user.pk + 1000) is None


def test_attached_rows_are_what_the_related_manager_gives_without_a_query(django_assert_num_queries):
    unit = UnitFactory()
    staff_user(unit)
    rows = list(StaffMember.objects.filter(unit=unit))
    attach(unit, "staff", rows)
    with django_assert_num_queries(0):
        assert list(unit.staff.all()) == rows
    assert list(unit.staff.filter(pk=rows[0].pk)) == rows[:1]  # a filter reads the database as usual
    attach(unit, "staff", [])
    with django_assert_num_queries(0):
        assert list(unit.staff.all()) == []
