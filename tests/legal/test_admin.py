"""The law by date in the admin: the deployment's administrator edits it, offices read it, nobody else."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from legal.models import BaseSalary, LegalRegime
from legal.selectors import cash_for
from tests.factories import AgencyFactory, UnitFactory, director_user, office_user, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return User.objects.create_superuser("quantri", "q@example.com", "x")


def test_the_administrator_enters_a_new_base_salary_and_cash_follows_from_its_day(client, administrator):
    client.force_login(administrator)
    response = client.post("/quan-tri/legal/basesalary/add/", {
        "amount": "2530000", "valid_from": "01/07/2026", "source": "Nghị định mới",
    })
    assert response.status_code == 302
    assert BaseSalary.objects.get(valid_from=dt.date(2026, 7, 1)).amount == 2_530_000
    assert (cash_for(dt.date(2026, 6, 30)), cash_for(dt.date(2026, 7, 1))) == (710_000, 760_000)


def test_an_overlapping_regime_is_a_form_error_in_vietnamese(client, administrator):
    client.force_login(administrator)
    data = {"code": "2025", "name": "Chế độ mới", "valid_from": "01/07/2025", "valid_to": ""}
    for prefix in ("bases", "coefficients", "report_forms"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post("/quan-tri/legal/legalregime/add/", data)
    assert response.status_code == 200
    assert "Thời gian áp dụng trùng với chế độ “Luật Thi đua, khen thưởng số 06/2022/QH15" in response.content.decode()
    assert LegalRegime.objects.count() == 2


def test_an_office_reads_the_regimes_and_cannot_change_them(client):
    office = office_user(username="vanphong")
    client.force_login(office)
    regime = LegalRegime.objects.get(code="2024")
    page = client.get(f"/quan-tri/legal/legalregime/{regime.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert "98/2023/NĐ-CP" in page.content.decode()
    assert client.post(f"/quan-tri/legal/legalregime/{regime.pk}/change/", {"code": "X"}).status_code == 403
    assert client.post("/quan-tri/legal/basesalary/add/", {"amount": "1", "valid_from": "01/01/2030"}).status_code == 403
    assert LegalRegime.objects.get(pk=regime.pk).code == "2024" and BaseSalary.objects.count() == 3


def test_staff_and_the_director_do_not_see_the_regimes(client):
    agency = AgencyFactory()
    client.force_login(director_user(agency=agency))
    assert client.get("/quan-tri/legal/legalregime/").status_code == 403
    client.force_login(staff_user(UnitFactory(agency=agency)))
    assert client.get("/quan-tri/legal/legalregime/").status_code == 302
