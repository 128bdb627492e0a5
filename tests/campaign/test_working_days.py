"""Working days (campaign/calendar.py): weekends, Vietnam's public holidays with Tết and the swapped
working Saturdays of the `holidays` package, and the days the agency's office adds."""

import datetime as dt

import pytest

from campaign.calendar import add_working_days, is_working_day, working_days_between
from campaign.models import NonWorkingDay
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_friday_plus_one_working_day_is_the_monday():
    assert add_working_days(None, D(2023, 11, 17), 1) == D(2023, 11, 20)


def test_tet_2024_is_skipped_from_29_tet_to_mong_5():
    # Signed on Wednesday 07/02/2024: 08/02 (29 Tết) to 14/02 (mùng 5) are days off.
    assert add_working_days(None, D(2024, 2, 7), 5) == D(2024, 2, 21)
    assert add_working_days(None, D(2024, 2, 7), 1) == D(2024, 2, 15)


def test_30_04_and_01_05_2024_with_the_swapped_monday_and_the_working_saturday():
    # 29/04/2024 is off in exchange for Saturday 04/05/2024, which is worked.
    assert not is_working_day(None, D(2024, 4, 29))
    assert is_working_day(None, D(2024, 5, 4))
    assert add_working_days(None, D(2024, 4, 26), 5) == D(2024, 5, 7)


def test_national_day_2024_two_days_off():
    assert add_working_days(None, D(2024, 8, 30), 5) == D(2024, 9, 10)


def test_national_day_2023_compensatory_monday():
    # 02/09/2023 fell on a Saturday: Monday 04/09 is off.
    assert add_working_days(None, D(2023, 9, 1), 1) == D(2023, 9, 5)


def test_a_day_the_office_added_is_skipped_for_its_agency_only():
    agency = AgencyFactory()
    other = AgencyFactory(code="STC", name="Sở Tài chính")
    NonWorkingDay.objects.create(agency=agency, date=D(2024, 2, 15), note="Nghỉ bù Tết theo Công văn của UBND Tỉnh")
    assert add_working_days(agency, D(2024, 2, 7), 1) == D(2024, 2, 16)
    assert add_working_days(other, D(2024, 2, 7), 1) == D(2024, 2, 15)
    assert add_working_days(agency, D(2024, 2, 7), 5) == D(2024, 2, 22)


def test_working_days_between_counts_what_add_working_days_walks():
    agency = AgencyFactory()
    NonWorkingDay.objects.create(agency=agency, date=D(2024, 5, 2), note="Nghỉ")
    for start in (D(2024, 2, 7), D(2024, 4, 26), D(2024, 8, 30), D(2023, 12, 29)):
        for n in (0, 1, 5, 20):
            assert working_days_between(agency, start, add_working_days(agency, start, n)) == n
    assert working_days_between(agency, D(2024, 1, 10), D(2024, 1, 10)) == 0
    assert working_days_between(agency, D(2024, 1, 10), D(2024, 1, 1)) == 0


def test_a_long_count_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    agency = AgencyFactory()
    with django_assert_max_num_queries(3):
        add_working_days(agency, D(2024, 1, 2), 120)
    with django_assert_max_num_queries(1):
        working_days_between(agency, D(2024, 1, 2), D(2024, 12, 31))


def test_the_office_adds_a_day_off_in_the_admin_once(client):
    from tests.factories import office_user

    agency = AgencyFactory()
    office = office_user(username="vanphong", agency=agency)
    client.force_login(office)
    data = {"agency": agency.pk, "date": "15/02/2024", "note": "Nghỉ thêm sau Tết theo Công văn của UBND Tỉnh"}
    assert client.post("/quan-tri/campaign/nonworkingday/add/", data).status_code == 302
    assert NonWorkingDay.objects.get().date == D(2024, 2, 15)
    response = client.post("/quan-tri/campaign/nonworkingday/add/", data)
    assert response.status_code == 200
    assert NonWorkingDay.objects.count() == 1


def test_another_agencys_office_neither_sees_nor_adds_days_for_the_agency(client):
    from tests.factories import office_user

    agency = AgencyFactory()
    other = AgencyFactory(code="STC", name="Sở Tài chính")
    day = NonWorkingDay.objects.create(agency=agency, date=D(2024, 2, 15), note="Nghỉ")
    client.force_login(office_user(username="vanphong.stc", agency=other))
    assert client.get(f"/quan-tri/campaign/nonworkingday/{day.pk}/change/").status_code in (302, 404)
    response = client.post("/quan-tri/campaign/nonworkingday/add/",
                           {"agency": agency.pk, "date": "16/02/2024", "note": "Nghỉ"})
    assert response.status_code == 200  # the agency is not a choice: a form error, nothing added
    assert NonWorkingDay.objects.count() == 1


def test_seed_demo_publication_is_idempotent():
    from django.core.management import call_command

    agency = AgencyFactory()
    call_command("seed_demo_publication", quiet=True)
    call_command("seed_demo_publication", quiet=True)
    assert NonWorkingDay.objects.filter(agency=agency).count() == 1
