import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from campaign.models import StaffMember
from emulation import services
from emulation.models import Pledge, PledgeTarget, PledgeTitle
from tests.factories import inspector_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def _pledge(plan, unit, by, now, **kwargs):
    return services.save_pledge(campaign=plan, unit=unit, by=by, title=kwargs.pop("title", PledgeTitle.EXCELLENT_COLLECTIVE),
                                now=now, **kwargs)


def test_a_unit_registers_its_pledge_with_a_target_per_content_item(plan, items, unit_a, clerk_a):
    pledge = _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9), targets={
        items[0].pk: services.TargetInput(text="100% cán bộ nắm Kế hoạch"),
        items[1].pk: services.TargetInput(number=Decimal("4")),
        items[2].pk: services.TargetInput(),  # left empty: no target on this item
    })
    assert pledge.title_label == "Tập thể lao động xuất sắc"
    assert [(t.content_item.number, t.shown) for t in pledge.targets.order_by("content_item__number")] == [
        (1, "100% cán bộ nắm Kế hoạch"), (2, "4")]


def test_changing_a_pledge_updates_it_and_drops_emptied_targets(plan, items, unit_a, clerk_a):
    _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9), targets={items[0].pk: services.TargetInput(text="A")})
    pledge = _pledge(plan, unit_a, clerk_a, vn(2023, 6, 2, 9), title=PledgeTitle.OTHER, title_other="Đơn vị văn hoá",
                     targets={items[1].pk: services.TargetInput(text="B")})
    assert Pledge.objects.filter(campaign=plan, unit=unit_a).count() == 1
    assert pledge.title_label == "Đơn vị văn hoá"
    assert list(pledge.targets.values_list("target_text", flat=True)) == ["B"]
    assert pledge.history.count() == 2


@pytest.mark.parametrize(("moment", "open_"), [
    (vn(2023, 5, 14, 23, 59, 59), False),  # before the launch
    (vn(2023, 5, 15, 0, 0, 0), True),
    (vn(2023, 6, 30, 23, 59, 59), True),  # the lock date, inclusive
    (vn(2023, 7, 1, 0, 0, 0), False),
])
def test_pledges_are_taken_from_the_launch_until_the_end_of_the_lock_date(plan, unit_a, clerk_a, moment, open_):
    with time_machine.travel(moment, tick=False):
        if open_:
            _pledge(plan, unit_a, clerk_a, None)
            assert Pledge.objects.count() == 1
        else:
            with pytest.raises(services.DeadlineError) as refused:
                _pledge(plan, unit_a, clerk_a, None)
            assert Pledge.objects.count() == 0
            assert ("30/06/2023" in refused.value.message) or ("15/05/2023" in refused.value.message)


def test_after_the_lock_a_change_is_refused_and_the_pledge_is_kept(plan, unit_a, clerk_a):
    _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9))
    with pytest.raises(services.DeadlineError, match="Đã hết hạn đăng ký thi đua \\(đến hết ngày 30/06/2023\\)"):
        _pledge(plan, unit_a, clerk_a, vn(2023, 7, 1, 0), title=PledgeTitle.ADVANCED_COLLECTIVE)
    assert Pledge.objects.get().title == PledgeTitle.EXCELLENT_COLLECTIVE


def test_other_title_needs_its_text(plan, unit_a, clerk_a):
    with pytest.raises(services.DomainError, match="ghi rõ danh hiệu"):
        _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9), title=PledgeTitle.OTHER)
    assert Pledge.objects.count() == 0


def test_staff_of_another_unit_cannot_register_for_it(plan, unit_a, clerk_b):
    with pytest.raises(services.NotAllowed, match="đơn vị mình"):
        _pledge(plan, unit_a, clerk_b, vn(2023, 6, 1, 9))
    assert Pledge.objects.count() == 0


def test_the_office_and_the_board_do_not_register_a_unit_pledge(plan, unit_a, office, inspector):
    for user in (office, inspector):
        with pytest.raises(services.NotAllowed):
            _pledge(plan, unit_a, user, vn(2023, 6, 1, 9))
    assert Pledge.objects.count() == 0


def test_a_board_member_posted_in_a_unit_acts_for_no_unit(plan, unit_a):
    from tests.factories import StaffMemberFactory

    member = inspector_user(username="thanhtra.a", agency=plan.agency)
    StaffMemberFactory(unit=unit_a, user=member)
    with pytest.raises(services.NotAllowed, match="Ban Thanh tra nhân dân"):
        _pledge(plan, unit_a, member, vn(2023, 6, 1, 9))


def test_staff_who_have_left_lose_the_right_at_once(plan, unit_a, clerk_a):
    StaffMember.objects.filter(user=clerk_a).update(is_active=False)
    clerk_a.refresh_from_db()
    with pytest.raises(services.NotAllowed, match="không còn công tác"):
        _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9))


def test_another_agency_cannot_register(plan, unit_a, other_agency_clerk):
    with pytest.raises(services.NotAllowed):
        _pledge(plan, unit_a, other_agency_clerk, vn(2023, 6, 1, 9))


def test_a_person_pledges_once_and_only_when_the_plan_asks(plan, unit_a, clerk_a, person_a):
    _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9), staff=person_a, title=PledgeTitle.GRASSROOTS_FIGHTER)
    _pledge(plan, unit_a, clerk_a, vn(2023, 6, 2, 9), staff=person_a, title=PledgeTitle.ADVANCED_WORKER)
    assert list(Pledge.objects.values_list("staff_id", "title")) == [(person_a.pk, PledgeTitle.ADVANCED_WORKER)]
    plan.emulation_settings.persons_pledge = False
    plan.emulation_settings.save()
    plan.refresh_from_db()
    with pytest.raises(services.DomainError, match="không yêu cầu cá nhân"):
        _pledge(plan, unit_a, clerk_a, vn(2023, 6, 2, 9), staff=person_a, title=PledgeTitle.ADVANCED_WORKER)


def test_a_person_of_another_unit_cannot_be_registered(plan, unit_a, unit_b, clerk_a):
    from tests.factories import StaffMemberFactory

    stranger = StaffMemberFactory(unit=unit_b)
    with pytest.raises(services.NotAllowed):
        _pledge(plan, unit_a, clerk_a, vn(2023, 6, 1, 9), staff=stranger, title=PledgeTitle.ADVANCED_WORKER)
    assert Pledge.objects.count() == 0


@pytest.mark.parametrize("personal", [False, True])
def test_the_database_keeps_one_pledge_per_unit_and_per_person(plan, unit_a, person_a, personal):
    at = vn(2023, 6, 1, 9)
    row = {"campaign": plan, "unit": unit_a, "staff": person_a if personal else None, "title": "advanced_worker",
           "created_at": at, "updated_at": at}
    Pledge.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(**row)


def test_the_database_refuses_an_empty_target_and_an_unwritten_other_title(plan, items, unit_a):
    at = vn(2023, 6, 1, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=plan, unit=unit_a, title="other", created_at=at, updated_at=at)
    pledge = Pledge.objects.create(campaign=plan, unit=unit_a, title="advanced_collective", created_at=at, updated_at=at)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeTarget.objects.create(pledge=pledge, content_item=items[0])


def test_defaults_without_settings_lock_pledges_with_the_emulation_period(plan):
    plan.emulation_settings.delete()
    plan.refresh_from_db()
    assert services.settings_for(plan).pledge_lock_date == dt.date(2023, 10, 31)
    assert services.settings_for(plan).persons_pledge is False
