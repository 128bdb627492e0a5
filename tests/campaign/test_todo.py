""""Việc cần làm" (issue 15 item 1): each person's lines with their counts and links, another agency's
people see none of it, the number of queries does not grow with the data, the navigation's count."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from campaign import todo
from campaign.models import Agency, Recommendation
from dossiers.models import Dossier, DossierState
from tests.factories import (
    AcknowledgementFactory,
    DossierFactory,
    ProgressReportFactory,
    UnitFactory,
    committee_user,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import vn

pytestmark = pytest.mark.django_db

NOW = vn(2023, 10, 20, 9)  # inside the 2023 plan's emulation period (until 31/10), before the cutoff (10/11)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def lines(user) -> dict[str, todo.Todo]:
    return {item.key: item for item in todo.compute(user)}


def _dossiers(campaign, unit, n: int, state: str, **fields) -> list[Dossier]:
    made = [DossierFactory(campaign=campaign, unit=unit, level=level) for level in ("grassroots", "provincial")[:n]]
    # More than two per unit need other campaigns; the tests use few per unit and many units instead.
    Dossier.objects.filter(pk__in=[d.pk for d in made]).update(state=state, **fields)
    return made


def test_staff_see_their_supplement_requests_drafts_the_plan_to_acknowledge_and_items_to_report(plan, unit, member):
    returned, = _dossiers(plan, unit, 1, DossierState.RETURNED, supplement_due=dt.date(2023, 10, 22))
    ProgressReportFactory(content_item=plan.content_items.get(number=1), unit=unit)
    ProgressReportFactory(content_item=plan.content_items.get(number=2), unit=unit)
    mine = lines(member)
    assert mine["dossiers.returned"].count == 1
    assert mine["dossiers.returned"].url == f"/ho-so/{returned.pk}/"  # one request opens the dossier itself
    assert mine["dossiers.returned"].note == "hạn bổ sung sớm nhất 22/10/2023 (còn 2 ngày)"
    assert mine["dossiers.returned"].urgent
    assert "dossiers.drafts" not in mine  # nothing at zero
    acknowledge = mine[f"plan.acknowledge.{plan.pk}"]
    assert (acknowledge.count, acknowledge.url) == (1, f"/ke-hoach/{plan.pk}/thuc-hien/")
    report = mine[f"plan.report.{plan.pk}"]
    assert (report.count, report.url) == (7, f"/ke-hoach/{plan.pk}/thuc-hien/")
    assert report.note == "kỳ thi đua đến hết ngày 31/10/2023 (còn 11 ngày)"
    # Most pressing first: the supplement due in two days.
    assert todo.compute(member)[0].key == "dossiers.returned"


def test_drafts_count_with_the_days_left_to_the_cutoff_and_several_open_the_filtered_list(plan, unit, member):
    _dossiers(plan, unit, 2, DossierState.DRAFT)
    AcknowledgementFactory(campaign=plan, staff=member.staff_member)
    mine = lines(member)
    assert mine["dossiers.drafts"].count == 2
    assert mine["dossiers.drafts"].url == "/ho-so/?trang-thai=draft"
    assert mine["dossiers.drafts"].note == "hạn nộp 10/11/2023 (còn 21 ngày)"
    assert f"plan.acknowledge.{plan.pk}" not in mine  # acknowledged already


def test_another_units_dossiers_are_not_this_units_work(plan, unit, other_unit, member):
    _dossiers(plan, other_unit, 1, DossierState.RETURNED, supplement_due=dt.date(2023, 10, 25))
    assert "dossiers.returned" not in lines(member)


def test_the_office_sees_dossiers_to_check_and_overdue_supplements_of_its_own_agency_only(plan, unit, other_unit, office):
    _dossiers(plan, unit, 2, DossierState.SUBMITTED)
    _dossiers(plan, other_unit, 1, DossierState.RETURNED, supplement_due=dt.date(2023, 10, 18))
    theirs = lines(office)
    assert theirs["dossiers.to_check"].count == 2
    assert theirs["dossiers.to_check"].url == "/quan-tri/dossiers/dossier/?state__exact=submitted"
    assert theirs["dossiers.overdue_supplements"].count == 1
    assert theirs["dossiers.overdue_supplements"].url == "/quan-tri/dossiers/dossier/?qua_han=bo-sung"
    assert theirs["dossiers.overdue_supplements"].note == "hạn sớm nhất 18/10/2023 (quá hạn 2 ngày)"
    # Another agency's office sees nothing of it.
    elsewhere = Agency.objects.create(name="Sở Y tế", parent_authority="UBND TỈNH ĐỒNG THÁP", code="SYT", place_name="Đồng Tháp")
    assert lines(office_user(username="vanphong.syt", agency=elsewhere)) == {}


def test_the_board_sees_what_is_new_and_overdue_recommendations_the_director_what_to_answer(plan, unit, office):
    board = inspector_user(username="thanhtra")
    director = director_user(username="giamdoc")
    _dossiers(plan, unit, 1, DossierState.SUBMITTED, submitted_at=vn(2023, 10, 19, 8))
    ProgressReportFactory(content_item=plan.content_items.get(number=3), unit=unit,
                          created_at=vn(2023, 10, 18, 8), updated_at=vn(2023, 10, 18, 8))
    Recommendation.objects.create(
        agency=plan.agency, year=2023, number=1, title="Công khai quy chế chi tiêu", content="Đề nghị công khai.",
        filed_by=board, filed_by_name="Châu Văn Lợi", filed_at=vn(2023, 10, 1, 8), due_date=dt.date(2023, 10, 16),
    )
    seen = lines(board)
    assert seen["dossiers.new"].count == 1 and seen["dossiers.new"].url == "/ho-so/"
    assert seen["plan.new_reports"].count == 1 and seen["plan.new_reports"].url == "/giam-sat/"
    assert seen["recommendations.overdue"].count == 1 and seen["recommendations.overdue"].url == "/kien-nghi/"
    assert "recommendations.answer" not in seen  # the board files; the Director answers
    answer = lines(director)["recommendations.answer"]
    assert (answer.count, answer.url, answer.urgent) == (1, "/kien-nghi/", True)
    assert answer.note == "hạn trả lời sớm nhất 16/10/2023 (quá hạn 4 ngày)"
    # The office neither answers nor files recommendations.
    assert not any(key.startswith("recommendations.") for key in lines(office))


def test_a_visitor_has_no_tasks_and_the_committee_none_of_an_agencys_own_work(plan, unit):
    from django.contrib.auth.models import AnonymousUser

    _dossiers(plan, unit, 1, DossierState.SUBMITTED)
    assert todo.compute(AnonymousUser()) == []
    assert lines(committee_user(username="bcd.tinh")) == {}


def test_the_count_is_computed_once_per_request():
    request = RequestFactory().get("/")
    request.user = office_user(username="vanphong")
    first = todo.todo_for(request)
    with CaptureQueriesContext(connection) as queries:
        assert todo.todo_for(request) is first
    assert len(queries) == 0


# Queries do not grow with the data --------------------------------------------------------------------


def _world(plan, size: int):
    """`size` units, each with a returned and a submitted dossier, a progress report and a recommendation."""
    units = [UnitFactory(agency=plan.agency, name=f"Phòng thử {size}-{i}") for i in range(size)]
    for i, unit in enumerate(units):
        returned = DossierFactory(campaign=plan, unit=unit, level="grassroots")
        Dossier.objects.filter(pk=returned.pk).update(state=DossierState.RETURNED, supplement_due=dt.date(2023, 10, 1))
        submitted = DossierFactory(campaign=plan, unit=unit, level="provincial")
        Dossier.objects.filter(pk=submitted.pk).update(state=DossierState.SUBMITTED, submitted_at=vn(2023, 10, 19, 8))
        ProgressReportFactory(content_item=plan.content_items.get(number=1 + i % 9), unit=unit,
                              created_at=vn(2023, 10, 19, 8), updated_at=vn(2023, 10, 19, 8))
        Recommendation.objects.create(
            agency=plan.agency, year=2023, number=size * 100 + i + 1, title=f"Kiến nghị {i}", content="Đề nghị.",
            filed_by=returned.created_by, filed_by_name="Châu Văn Lợi", filed_at=vn(2023, 10, 1, 8),
            due_date=dt.date(2023, 10, 15 + i % 10),
        )
    return units


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        todo.compute(user)
    return len(queries)


@pytest.mark.parametrize("who", ["staff", "office", "board", "director"])
def test_the_number_of_queries_is_the_same_at_one_row_and_at_many(plan, who, django_assert_max_num_queries):
    def person(units):
        if who == "staff":
            return staff_user(units[0], username=f"canbo{len(units)}")
        maker = {"office": office_user, "board": inspector_user, "director": director_user}[who]
        return maker(username=f"{who}{len(units)}")

    small = person(_world(plan, 1))
    todo.compute(small)  # who the user is (two queries) is then kept on the user object
    few = _queries(small)
    large = person(_world(plan, 25))
    todo.compute(large)
    with django_assert_max_num_queries(few):
        items = todo.compute(large)
    assert _queries(large) == few
    assert sum(item.count for item in items) > 1


def test_the_home_page_lists_the_tasks_first_and_costs_the_same_queries_at_many_rows(
    client, plan, django_assert_max_num_queries
):
    office = office_user(username="vanphong")
    _world(plan, 1)
    client.force_login(office)
    client.get("/")  # the session and the first request's caches
    with CaptureQueriesContext(connection) as one:
        html = client.get("/").content.decode()
    assert html.index('id="viec-can-lam"') < html.index('id="plans"')
    assert 'id="todo-dossiers-to-check"' in html and "<title>Việc cần làm - Cổng thi đua - Sở Công Thương</title>" in html
    _world(plan, 25)
    with django_assert_max_num_queries(len(one)):
        html = client.get("/").content.decode()
    # The navigation's count is the page's own (no second count, no script to fetch it).
    total = 26 + 26  # submitted dossiers to check + overdue supplements
    assert f'id="nav-todo-count" title="{total} việc đang chờ bạn">{total}</span>' in html
    assert "js/todo.js" not in html


def test_other_pages_fetch_the_count_and_the_count_answers_json(client, plan, unit, member):
    _dossiers(plan, unit, 1, DossierState.RETURNED, supplement_due=dt.date(2023, 10, 25))
    client.force_login(member)
    page = client.get("/ho-so/").content.decode()
    assert 'data-todo-count-url="/viec-can-lam/so-luong/"' in page and "js/todo.js" in page
    response = client.get("/viec-can-lam/so-luong/")
    # A supplement request, the plan to acknowledge, its nine content items to report, the unit's pledge.
    assert response.json() == {"total": 12, "title": "12 việc đang chờ bạn"}
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get("/viec-can-lam/so-luong/").json() == {"total": 0, "title": ""}


def test_the_banner_and_footer_name_the_agency(client, plan, member):
    plan.agency.address = "Số 2, đường 30 tháng 4, phường 1, thành phố Cao Lãnh"
    plan.agency.phone = "0277 3851 234"
    plan.agency.office_email = "vanphong@sct.dongthap.gov.vn"
    plan.agency.save()
    client.force_login(member)
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    banner = html[html.index('id="banner"'):html.index("</header>")]
    assert "UBND TỈNH ĐỒNG THÁP" in banner and "SỞ CÔNG THƯƠNG" in banner
    footer = html[html.index('id="footer"'):]
    assert "Địa chỉ: Số 2, đường 30 tháng 4" in footer and "Điện thoại: 0277 3851 234" in footer
    assert "vanphong@sct.dongthap.gov.vn" in footer
    assert f"<title>{plan.title} - Cổng thi đua - Sở Công Thương</title>" in html


def test_the_demo_contacts_fill_only_what_is_blank(plan):
    from django.core.management import call_command

    call_command("seed_demo_contacts", quiet=True)
    agency = Agency.objects.get(code="SCT")
    assert agency.address.startswith("Địa chỉ mẫu:") and agency.phone.endswith("(số mẫu)")
    Agency.objects.filter(pk=agency.pk).update(address="Số 12, đường Lý Thường Kiệt")
    call_command("seed_demo_contacts", quiet=True)
    assert Agency.objects.get(pk=agency.pk).address == "Số 12, đường Lý Thường Kiệt"


def test_each_page_has_one_h1_and_the_title_names_the_page_the_portal_and_the_agency(client, plan, member, office):
    """Parts of a title are parted by " - " (issue 15: "<page> - Cổng thi đua - <agency>")."""
    import re

    for person, paths in (
        (member, ["/", "/ho-so/", f"/ke-hoach/{plan.pk}/", f"/ke-hoach/{plan.pk}/thuc-hien/", "/cong-khai/"]),
        (office, ["/", "/ho-so/", "/khen-thuong/quyet-dinh/", f"/ke-hoach/{plan.pk}/bang-theo-doi/"]),
    ):
        client.force_login(person)
        for path in paths:
            html = client.get(path).content.decode()
            assert len(re.findall(r"<h1[\s>]", html)) == 1, path
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert title.endswith(" - Cổng thi đua - Sở Công Thương") and not title.startswith(" - "), (path, title)
            assert "–" not in title, (path, title)  # one separator in every title, not "–" here and "-" there
