"""R12: a quota or a provincial allocation is never set below what is already approved (issue 12, point 2)."""

import datetime as dt

import pytest

from awards.review import services as review
from campaign.models import Campaign
from tests.awards.conftest import build_approved_list, make_accepted_dossier
from tests.factories import allocate

INDIVIDUAL_FLOOR = "Đã duyệt 5 cá nhân cấp cơ sở; chỉ tiêu không thể thấp hơn 5."


def _change_form_data(client, campaign, url=None) -> dict:
    """What the plan's change page (or one of its history versions) posts back when nothing is touched."""
    response = client.get(url or f"/quan-tri/campaign/campaign/{campaign.pk}/change/")
    assert response.status_code == 200
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def test_admin_refuses_an_individual_quota_below_the_approved_naming_the_count(client, office, campaign, approved):
    client.force_login(office)
    data = _change_form_data(client, campaign)
    data.update(individual_quota=3, change_reason="Giảm chỉ tiêu")
    response = client.post(f"/quan-tri/campaign/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["individual_quota"] == [INDIVIDUAL_FLOOR]
    assert INDIVIDUAL_FLOOR in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).individual_quota == 5


def test_admin_saves_a_quota_raised_above_the_approved(client, office, campaign, approved):
    client.force_login(office)
    data = _change_form_data(client, campaign)
    data.update(individual_quota=7, change_reason="Tăng chỉ tiêu")
    response = client.post(f"/quan-tri/campaign/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).individual_quota == 7


def test_a_collective_quota_below_the_approved_is_refused_by_the_service(campaign, approved):
    errors = review.check_quota_change(campaign=campaign, values={"collective_quota": 1, "individual_quota": 5})
    assert errors == {"collective_quota": "Đã duyệt 2 tập thể cấp cơ sở; chỉ tiêu không thể thấp hơn 2."}


def test_a_provincial_allocation_below_the_approved_is_refused(campaign, office, council, meeting, make_pdf):
    allocate(campaign, individuals=1)
    _, (nomination,) = make_accepted_dossier(campaign, office, level="provincial", files=make_pdf)
    provincial = review.create_meeting(campaign=campaign, level="provincial", held_on=dt.date(2023, 11, 13),
                                       present=council[:6], by=office)
    review.record_votes(meeting=provincial, nomination=nomination, votes={m.pk: "agree" for m in council[:6]},
                        by=office)
    review.approve_nomination(nomination=nomination, by=office)
    errors = review.check_quota_change(campaign=campaign, values={"provincial_plan": None})
    assert errors == {
        "provincial_plan": "Đã duyệt 1 cá nhân cấp tỉnh; phân bổ của Ban Chỉ đạo Tỉnh theo kế hoạch này là 0, "
        "không thể thấp hơn 1."
    }


def test_a_revoked_approval_no_longer_holds_the_quota_up(campaign, office, council, meeting, make_pdf):
    _, (nomination,) = make_accepted_dossier(campaign, office, files=make_pdf)
    review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]}, by=office)
    approval = review.approve_nomination(nomination=nomination, by=office)
    assert review.check_quota_change(campaign=campaign, values={"individual_quota": 0}) != {}
    review.revoke_approval(approval=approval, by=office, reason="Trùng đề nghị")
    assert review.check_quota_change(campaign=campaign, values={"individual_quota": 0}) == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_lowered_quota_and_a_concurrent_approval_never_leave_more_approved_than_the_quota(
    campaign, office, council, meeting, make_pdf
):
    """The admin's save holds the campaign lock from the check to the commit: an approval that arrives
    meanwhile waits, then sees the new quota and is refused."""
    import threading
    import time

    from django.db import connection, connections, transaction

    from awards.models import Approval
    from core.errors import DomainError

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL=postgres://...; CI does)")
    _, nominations = make_accepted_dossier(campaign, office, individuals=2, files=make_pdf)
    for nomination in nominations:
        review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]},
                            by=office)
    review.approve_nomination(nomination=nominations[0], by=office)
    checked = threading.Event()
    outcome = {}

    def lower_quota():
        try:
            with transaction.atomic():  # as the admin's change view does
                errors = review.check_quota_change(campaign=campaign, values={"individual_quota": 1})
                outcome["errors"] = errors
                checked.set()
                time.sleep(0.5)
                Campaign.objects.filter(pk=campaign.pk).update(individual_quota=1)
        finally:
            connections.close_all()

    def approve():
        checked.wait(10)
        try:
            review.approve_nomination(nomination=nominations[1], by=office)
            outcome["approve"] = "ok"
        except DomainError as error:
            outcome["approve"] = error.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lower_quota), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["errors"] == {}
    assert outcome["approve"].startswith("Vượt chỉ tiêu: chỉ tiêu khen thưởng là 01 cá nhân")
    assert Approval.objects.live().filter(campaign=campaign, kind="individual").count() == 1


def test_reverting_the_plan_to_a_version_with_a_lower_quota_is_refused(client, office, campaign, council, make_pdf):
    campaign.individual_quota = 3
    campaign.save()
    lower = campaign.history.latest()
    campaign.individual_quota = 5
    campaign.save()
    build_approved_list(campaign, office, council, make_pdf)
    client.force_login(office)
    url = f"/quan-tri/campaign/campaign/{campaign.pk}/history/{lower.history_id}/"
    data = _change_form_data(client, campaign, url)
    data.update(change_reason="Khôi phục")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["individual_quota"] == [INDIVIDUAL_FLOOR]
    assert Campaign.objects.get(pk=campaign.pk).individual_quota == 5
