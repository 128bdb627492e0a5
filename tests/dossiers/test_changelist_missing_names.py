"""The office's changelist names each nominee in its "còn thiếu" list (a person, a collective unit, a
snapshot name) from the names the changelist reads once per page, and its rows' checkboxes are Django's
(issue 17 item 1)."""

import pytest

from tests.dossiers.test_list_queries import CHANGELIST, _get, add_dossiers, office_client  # noqa: F401
from tests.factories import NominationFactory, office_user

pytestmark = pytest.mark.django_db


def test_the_missing_list_names_people_units_and_snapshots(office_client, campaign):  # noqa: F811
    made = add_dossiers(campaign, office_user(), 2)
    NominationFactory(dossier=made[0], snapshot_name="Nguyễn Thị Đã Chuyển")
    person = made[1].nominations.exclude(staff=None).get()

    response, statements = _get(office_client, CHANGELIST)
    html = response.content.decode()

    assert f" của {person.staff.full_name}</li>" in html
    assert f" của {made[1].unit.name}</li>" in html  # the collective
    assert "<li>Báo cáo tóm tắt thành tích của Nguyễn Thị Đã Chuyển</li>" in html  # grassroots: the summary
    for dossier in made:
        assert (f'<input type="checkbox" name="_selected_action" value="{dossier.pk}" class="action-select" '
                f'aria-label="Chọn mục này để thực hiện thao tác - {dossier}">') in html


def test_the_names_cost_the_same_queries_for_2_or_12_units(office_client, campaign):  # noqa: F811
    clerk = office_user()
    add_dossiers(campaign, clerk, 2)
    _, few = _get(office_client, CHANGELIST)
    add_dossiers(campaign, clerk, 10)
    _, many = _get(office_client, CHANGELIST)

    assert len(many) == len(few)
