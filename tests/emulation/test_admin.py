import pytest

from emulation import services
from emulation.models import Criterion, EmulationSettings, PledgeTitle
from tests.factories import CampaignFactory
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def test_the_office_sets_the_plans_dates_inside_their_periods(client, plan, office):
    client.force_login(office)
    plan.emulation_settings.delete()
    response = client.post("/quan-tri/emulation/emulationsettings/add/", {
        "campaign": plan.pk, "pledge_lock_date": "15/11/2023", "scoring_deadline": "20/10/2023"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["pledge_lock_date"] == ["Hạn đăng ký phải trong thời gian thi đua (từ 15/05/2023 đến 31/10/2023)."]
    assert errors["scoring_deadline"] == ["Hạn tự chấm điểm phải sau ngày kết thúc thi đua (31/10/2023)."]
    assert not EmulationSettings.objects.exists()
    response = client.post("/quan-tri/emulation/emulationsettings/add/", {
        "campaign": plan.pk, "persons_pledge": "on", "pledge_lock_date": "30/06/2023", "scoring_deadline": "20/11/2023"})
    assert response.status_code == 302
    assert EmulationSettings.objects.get().persons_pledge is True


def test_a_criterion_belongs_to_a_content_item_of_its_own_plan(client, plan, items, office):
    other = CampaignFactory(agency=plan.agency, number="99/KH-SCT")
    client.force_login(office)
    response = client.post("/quan-tri/emulation/criterion/add/", {
        "campaign": other.pk, "content_item": items[0].pk, "order": 1, "text": "Tiêu chí", "max_points": "5"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["content_item"] == ["Nội dung này không thuộc Kế hoạch đã chọn."]
    response = client.post("/quan-tri/emulation/criterion/add/", {
        "campaign": plan.pk, "content_item": items[0].pk, "order": 1, "text": "Tiêu chí", "max_points": "0"})
    assert response.status_code == 200
    assert Criterion.objects.count() == 0


def test_the_admin_register_names_who_has_not_registered(client, plan, unit_a, unit_b, clerk_a, office, inspector):
    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=PledgeTitle.EXCELLENT_COLLECTIVE,
                         now=vn(2023, 6, 1, 9))
    for user in (office, inspector):
        client.force_login(user)
        body = client.get(f"/quan-tri/emulation/pledge/dang-ky/{plan.pk}/").content.decode()
        assert "1/2 đơn vị đã đăng ký" in body and "Chưa đăng ký" in body


def test_scores_are_read_only_in_the_admin(client, plan, criteria, unit_a, clerk_a, office):
    score = services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a, points="3", evidence_text="x",
                                now=vn(2023, 11, 5, 9))
    client.force_login(office)
    response = client.post(f"/quan-tri/emulation/score/{score.pk}/change/", {"self_points": "0"})
    assert response.status_code == 403
    score.refresh_from_db()
    assert score.self_points == 3
    assert client.get(f"/quan-tri/emulation/score/{score.pk}/history/").status_code == 200


@pytest.mark.django_db
def test_nobody_adds_a_score_in_the_admin_not_even_the_deployment_administrator(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("quantri", password="Quan-tri-2023!"))
    assert client.get("/quan-tri/emulation/score/add/").status_code == 403
