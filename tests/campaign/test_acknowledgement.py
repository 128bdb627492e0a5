"""IV.1: every staff member with a login confirms having read the plan, once, during the emulation period."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from campaign import selectors, services
from campaign.models import Acknowledgement
from tests.factories import AcknowledgementFactory, CampaignFactory, StaffMemberFactory, UserFactory
from tests.helpers import vn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]


def test_staff_member_acknowledges_the_plan_during_the_emulation_period(plan, member):
    acknowledgement = services.acknowledge_plan(campaign=plan, by=member)

    assert (acknowledgement.staff, acknowledgement.acknowledged_by) == (member.staff_member, member)
    assert acknowledgement.acknowledged_at == vn(2023, 10, 20, 9)


def test_acknowledging_twice_is_refused_with_the_time_of_the_first(plan, member):
    services.acknowledge_plan(campaign=plan, by=member)

    with pytest.raises(services.AlreadyAcknowledged) as refused:
        services.acknowledge_plan(campaign=plan, by=member)

    assert refused.value.message == (
        "Bạn đã xác nhận đọc và nắm nội dung Kế hoạch lúc 09:00 ngày 20/10/2023; không cần xác nhận lại."
    )
    assert Acknowledgement.objects.count() == 1


def test_the_database_keeps_one_acknowledgement_per_person_and_plan(plan, member):
    AcknowledgementFactory(campaign=plan, staff=member.staff_member)

    with pytest.raises(IntegrityError), transaction.atomic():
        AcknowledgementFactory(campaign=plan, staff=member.staff_member)


def test_the_last_instant_of_the_emulation_period_is_accepted(plan, member):
    with time_machine.travel(vn(2023, 10, 31, 23, 59, 59), tick=False):
        services.acknowledge_plan(campaign=plan, by=member)

    assert Acknowledgement.objects.filter(campaign=plan).count() == 1


def test_acknowledging_after_the_emulation_period_is_refused(plan, member):
    with time_machine.travel(vn(2023, 11, 1, 0, 0, 0), tick=False), pytest.raises(
        services.OutsideEmulationPeriod
    ) as refused:
        services.acknowledge_plan(campaign=plan, by=member)

    assert refused.value.message == (
        "Đã hết thời gian thi đua (đến hết ngày 31/10/2023); không thể xác nhận đã đọc Kế hoạch nữa."
    )
    assert not Acknowledgement.objects.exists()


def test_acknowledging_before_the_launch_is_refused(plan, member):
    with time_machine.travel(vn(2023, 5, 14, 23, 59), tick=False), pytest.raises(
        services.OutsideEmulationPeriod
    ) as refused:
        services.acknowledge_plan(campaign=plan, by=member)

    assert refused.value.message == (
        "Kế hoạch chưa phát động (phát động ngày 15/05/2023); chưa thể xác nhận đã đọc Kế hoạch."
    )


def test_an_account_without_a_staff_member_cannot_acknowledge(plan):
    with pytest.raises(services.NotAllowed) as refused:
        services.acknowledge_plan(campaign=plan, by=UserFactory())

    assert refused.value.message.startswith("Tài khoản của bạn chưa gắn với cán bộ nào")


def test_unit_acknowledgements_separate_pending_done_and_without_login(plan, unit, leader, member):
    services.acknowledge_plan(campaign=plan, by=leader)
    StaffMemberFactory(unit=unit, full_name="Lê Thị Hồng Nhung")  # no login

    status = selectors.unit_acknowledgements(plan, unit)

    assert [p.staff.full_name for p in status.acknowledged] == ["Trần Văn Khoa"]
    assert [p.staff.full_name for p in status.pending] == ["Nguyễn Thành Đạt"]
    assert [p.staff.full_name for p in status.without_login] == ["Lê Thị Hồng Nhung"]
    assert status.percent == 50


# The pages -----------------------------------------------------------------------------------------------


def test_the_work_page_offers_the_statement_to_confirm(client, plan, member):
    client.force_login(member)

    html = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()

    assert "Thực hiện kế hoạch – Phòng Quản lý Công nghiệp" in html
    assert f'action="/ke-hoach/{plan.pk}/xac-nhan/"' in html
    assert ">Tôi đã đọc và nắm nội dung Kế hoạch</button>" in html


def test_confirming_in_the_browser_records_it_and_says_so(client, plan, member):
    client.force_login(member)

    response = client.post(f"/ke-hoach/{plan.pk}/xac-nhan/", follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(f"/ke-hoach/{plan.pk}/thuc-hien/", 302)]
    assert "Đã ghi nhận: bạn đã đọc và nắm nội dung Kế hoạch. Cảm ơn bạn." in html
    assert "lúc 09:00 ngày 20/10/2023" in html
    assert "xac-nhan/\"" not in html  # the button is gone
    assert Acknowledgement.objects.filter(staff=member.staff_member).count() == 1


def test_confirming_twice_in_the_browser_changes_nothing_and_says_why(client, plan, member):
    client.force_login(member)
    client.post(f"/ke-hoach/{plan.pk}/xac-nhan/")

    html = client.post(f"/ke-hoach/{plan.pk}/xac-nhan/", follow=True).content.decode()

    assert "Bạn đã xác nhận đọc và nắm nội dung Kế hoạch lúc 09:00 ngày 20/10/2023" in html
    assert Acknowledgement.objects.count() == 1


def test_after_the_emulation_period_the_page_says_it_is_closed_and_post_is_refused(client, plan, member):
    with time_machine.travel(vn(2023, 11, 1, 8), tick=False):
        client.force_login(member)
        html = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()
        refused = client.post(f"/ke-hoach/{plan.pk}/xac-nhan/", follow=True).content.decode()

    assert "Đã hết thời gian thi đua (đến hết ngày 31/10/2023); không nhận xác nhận nữa." in html
    assert "Tôi đã đọc và nắm nội dung Kế hoạch</button>" not in html
    assert "không thể xác nhận đã đọc Kế hoạch nữa." in refused
    assert not Acknowledgement.objects.exists()


def test_a_unit_leader_sees_who_has_not_confirmed(client, plan, leader, member):
    services.acknowledge_plan(campaign=plan, by=leader)
    client.force_login(leader)

    html = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()

    pending = html[html.index('class="list-unstyled small mb-3 ack-pending"') :]
    pending = pending[: pending.index("</ul>")]
    assert "Nguyễn Thành Đạt" in pending and "Trần Văn Khoa" not in pending
    assert "<strong>1/2</strong> cán bộ có tài khoản đã xác nhận" in html


def test_a_staff_member_who_is_not_a_leader_does_not_see_the_list(client, plan, member):
    client.force_login(member)

    html = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()

    assert "ack-pending" not in html


def test_the_menu_leads_a_staff_member_to_the_open_plan(client, plan, member):
    client.force_login(member)

    response = client.get("/thuc-hien/")

    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/thuc-hien/"


def test_the_menu_prefers_a_plan_still_in_its_emulation_period(client, plan, member):
    reviewing = CampaignFactory(
        agency=plan.agency, number="58/KH-SCT", emulation_end=dt.date(2023, 10, 10), submission_deadline=dt.date(2023, 10, 30)
    )
    client.force_login(member)

    response = client.get("/thuc-hien/")
    page = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()

    assert response["Location"] == f"/ke-hoach/{plan.pk}/thuc-hien/"
    assert f'href="/ke-hoach/{reviewing.pk}/thuc-hien/">58/KH-SCT (2023)</a>' in page
