"""The office gives its agency's people their logins (campaign/accounts.py, campaign/accounts_admin.py): issue one
to a staff member, to many at once, link a role holder's login to their staff record, set a new password; the
password is shown once and changed at the first sign-in. Other agencies, the board, the Director, a role
holder's login and a staff member who has left are refused, and a refusal leaves no login behind."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

from campaign.accounts import issue_login, suggested_username
from campaign.models import PasswordChangeDue, StaffMember
from tests.factories import AgencyFactory, StaffMemberFactory, UnitFactory, office_user, staff_user

pytestmark = pytest.mark.django_db

PASSWORD = re.compile(r'<code class="temporary-password">([^<]+)</code>')


def page(staff) -> str:
    return f"/quan-tri/campaign/staffmember/{staff.pk}/tai-khoan/"


@pytest.fixture
def newcomer(unit):
    return StaffMemberFactory(unit=unit, full_name="Nguyễn Thị Ánh Đào", position="Chuyên viên")


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def admin_client_office(client, office):
    client.force_login(office)
    return client


def test_the_office_issues_a_login_shown_once_that_must_be_changed_at_the_first_sign_in(
    admin_client_office, client_factory, newcomer
):
    client = admin_client_office
    change_page = client.get(f"/quan-tri/campaign/staffmember/{newcomer.pk}/change/").content.decode()
    assert 'id="staff-login-link"' in change_page and "Chưa có" in change_page
    assert "/quan-tri/auth/user/" not in change_page  # no lookup of logins the office may not open

    form = client.get(page(newcomer)).content.decode()
    assert 'value="dao.nta.sct"' in form  # suggested: given name, initials, agency code

    response = client.post(page(newcomer), {"step": "issue", "username": "dao.nta.sct", "email": "dao@sct.vn"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = PASSWORD.search(response.content.decode()).group(1)
    newcomer.refresh_from_db()
    login = newcomer.user
    assert login.username == "dao.nta.sct" and login.email == "dao@sct.vn"
    assert (login.last_name, login.first_name) == ("Nguyễn Thị Ánh", "Đào")
    assert login.check_password(password) and PasswordChangeDue.objects.filter(user=login).exists()
    assert password not in client.get(page(newcomer)).content.decode()  # shown once only

    person = client_factory()
    person.post("/dang-nhap/", {"username": "dao.nta.sct", "password": password})
    assert person.get("/ho-so/").url == "/doi-mat-khau/"


def test_bad_names_and_a_taken_name_are_refused_beside_the_field_and_nothing_is_created(
    admin_client_office, newcomer, member
):
    before = User.objects.count()
    for username, said in (("", "Hãy nhập tên đăng nhập"), ("có dấu", "không hợp lệ"), ("códấu", "không hợp lệ"), ("a" * 151, "150"),
                           ("DAT", "đã có người dùng")):
        response = admin_client_office.post(page(newcomer), {"step": "issue", "username": username, "email": ""})
        html = response.content.decode()
        assert response.status_code == 200 and said in html, username
        assert f'value="{username}"' in html or not username or len(username) > 150  # what was typed stays
    response = admin_client_office.post(page(newcomer), {"step": "issue", "username": "dao.moi", "email": "không"})
    html = response.content.decode()
    assert "Địa chỉ thư điện tử không hợp lệ" in html and 'value="dao.moi"' in html and 'value="không"' in html
    assert User.objects.count() == before
    newcomer.refresh_from_db()
    assert newcomer.user_id is None


def test_a_second_click_does_not_make_a_second_login(admin_client_office, newcomer):
    admin_client_office.post(page(newcomer), {"step": "issue", "username": "dao.nta.sct"})
    again = admin_client_office.post(page(newcomer), {"step": "issue", "username": "dao.khac"})
    html = again.content.decode()
    assert 'id="staff-login">dao.nta.sct<' in html  # the page now shows the login it has, and says why
    assert "Nguyễn Thị Ánh Đào đã có tài khoản “dao.nta.sct”" in html
    assert not User.objects.filter(username="dao.khac").exists()


def test_many_at_once_from_the_list_with_those_who_have_a_login_or_left_set_apart(admin_client_office, unit, member):
    first = StaffMemberFactory(unit=unit, full_name="Lê Văn An")
    second = StaffMemberFactory(unit=unit, full_name="Lê Văn An")  # same name: a number is added
    left = StaffMemberFactory(unit=unit, full_name="Phạm Thị Bình", is_active=False)
    has_one = StaffMember.objects.get(user=member)
    chosen = [first.pk, second.pk, left.pk, has_one.pk]
    confirm = admin_client_office.post("/quan-tri/campaign/staffmember/",
                                       {"action": "issue_logins_action", "_selected_action": chosen})
    html = confirm.content.decode()  # who gets which name, who is left out; nothing made yet
    assert "<code>an.lv.sct</code>" in html and "<code>an.lv.sct2</code>" in html and "Cấp 2 tài khoản" in html
    assert "Phạm Thị Bình" in html and User.objects.filter(staff_member__in=[first, second]).count() == 0

    response = admin_client_office.post("/quan-tri/campaign/staffmember/",
                                        {"action": "issue_logins_action", "_selected_action": chosen, "post": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã cấp 2 tài khoản đăng nhập" in html
    assert {User.objects.get(staff_member=first).username, User.objects.get(staff_member=second).username} == {
        "an.lv.sct", "an.lv.sct2"}
    assert len(PASSWORD.findall(html)) == 2
    assert "Phạm Thị Bình" in html and "không còn công tác" in html and "đã có tài khoản “dat”" in html
    left.refresh_from_db()
    assert left.user_id is None


def test_a_new_password_for_a_forgotten_or_locked_login_ends_its_sessions_and_unlocks_it(
    admin_client_office, client_factory, member
):
    staff = StaffMember.objects.get(user=member)
    person = client_factory()
    person.force_login(member)
    AccessAttempt.objects.create(username=member.username, ip_address="10.0.0.9", user_agent="x", failures_since_start=5,
                                 get_data="", post_data="", http_accept="", path_info="/dang-nhap/")

    response = admin_client_office.post(page(staff), {"step": "reset"})
    password = PASSWORD.search(response.content.decode()).group(1)
    member.refresh_from_db()
    assert member.check_password(password) and PasswordChangeDue.objects.filter(user=member).exists()
    assert not AccessAttempt.objects.filter(username=member.username).exists()
    assert person.get("/ho-so/").status_code == 302  # the old session has ended
    assert person.get("/ho-so/").url.startswith("/dang-nhap/")


def test_a_role_holders_password_is_only_the_administrators_to_set(admin_client_office, office, unit, director):
    office_staff = StaffMemberFactory(unit=unit, full_name="Lê Quốc Cường", user=director)
    before = director.password
    page_html = admin_client_office.get(page(office_staff)).content.decode()
    assert 'id="reset-refused"' in page_html and 'id="reset-form"' not in page_html
    response = admin_client_office.post(page(office_staff), {"step": "reset"})
    assert "chỉ quản trị viên hệ thống mới đặt lại mật khẩu" in response.content.decode()
    director.refresh_from_db()
    assert director.password == before


def test_a_role_holder_without_a_staff_record_is_linked_by_name_and_only_within_the_agency(
    admin_client_office, unit, office
):
    person = StaffMemberFactory(unit=unit, full_name="Lê Quốc Cường")
    elsewhere = office_user(username="vanphong.syt", agency=AgencyFactory(code="SYT", name="Sở Y tế"))
    response = admin_client_office.post(page(person), {"step": "link", "existing": "vanphong.syt"})
    assert "Không có tài khoản “vanphong.syt”" in response.content.decode()
    person.refresh_from_db()
    assert person.user_id is None and not hasattr(elsewhere, "staff_member")

    response = admin_client_office.post(page(person), {"step": "link", "existing": "VANPHONG"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == office


def test_others_may_not_give_logins(client, newcomer, director, inspector, outsider):
    other_office = office_user(username="vanphong.syt", agency=AgencyFactory(code="SYT", name="Sở Y tế"))
    for user, status in ((director, 403), (inspector, 403), (other_office, 404)):
        client.force_login(user)
        assert client.get(page(newcomer)).status_code == status, user
        assert client.post(page(newcomer), {"step": "issue", "username": "x.y"}).status_code == status, user
    client.force_login(outsider)  # unit staff do not enter the admin
    assert client.post(page(newcomer), {"step": "issue", "username": "x.y"}).status_code == 302
    assert not User.objects.filter(username="x.y").exists()


def test_a_staff_member_who_has_left_gets_no_login(admin_client_office, unit):
    left = StaffMemberFactory(unit=unit, full_name="Phạm Thị Bình", is_active=False)
    html = admin_client_office.get(page(left)).content.decode()
    assert 'id="staff-left"' in html and 'id="issue-form"' not in html
    response = admin_client_office.post(page(left), {"step": "issue", "username": "binh.pt.sct"})
    assert "không còn công tác" in response.content.decode()
    assert not User.objects.filter(username="binh.pt.sct").exists()


def test_suggested_names_are_plain_ascii_and_free(unit):
    staff = StaffMemberFactory(unit=unit, full_name="Đặng Thị Ngọc Ánh")
    assert suggested_username(staff) == "anh.dtn.sct"
    staff_user(UnitFactory(agency=unit.agency), username="anh.dtn.sct")
    assert suggested_username(staff) == "anh.dtn.sct2"


def test_the_unit_page_shows_logins_by_name_in_one_query_for_all_rows(admin_client_office, unit,
                                                                      django_assert_max_num_queries):
    for index in range(12):
        staff_user(unit, username=f"canbo{index}", full_name=f"Cán bộ {index}")
    with django_assert_max_num_queries(40):
        html = admin_client_office.get(f"/quan-tri/campaign/unit/{unit.pk}/change/").content.decode()
    assert "canbo11" in html and "/quan-tri/auth/user/" not in html


def test_the_list_filters_those_who_still_need_a_login(admin_client_office, newcomer, member):
    html = admin_client_office.get("/quan-tri/campaign/staffmember/?tai_khoan=chua").content.decode()
    assert newcomer.full_name in html and "Nguyễn Thành Đạt" not in html
    html = admin_client_office.get("/quan-tri/campaign/staffmember/?tai_khoan=co").content.decode()
    assert newcomer.full_name not in html and "Nguyễn Thành Đạt" in html


def test_a_bad_name_and_a_bad_address_are_both_named_at_once(admin_client_office, newcomer):
    html = admin_client_office.post(page(newcomer), {"step": "issue", "username": "códấu", "email": "sai"}).content.decode()
    assert "Tên đăng nhập “códấu” không hợp lệ" in html and "Địa chỉ thư điện tử không hợp lệ" in html


def test_the_confirmation_of_many_logins_asks_the_database_the_same_few_times_for_ten_or_sixty(
    admin_client_office, unit, django_assert_max_num_queries
):
    def confirm(count):
        chosen = [StaffMemberFactory(unit=unit, full_name="Trần Văn Bảo").pk for _ in range(count)]
        with django_assert_max_num_queries(30) as captured:
            html = admin_client_office.post("/quan-tri/campaign/staffmember/",
                                            {"action": "issue_logins_action", "_selected_action": chosen}).content.decode()
        assert f"Cấp {count} tài khoản" in html and f"<code>bao.tv.sct{count}</code>" in html
        StaffMember.objects.filter(pk__in=chosen).delete()
        return len(captured)

    assert confirm(10) == confirm(60)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_offices_clicks_at_once_give_one_login(office, unit):
    from tests.awards.test_decisions import _all_at_once, _postgres_only

    _postgres_only()
    staff = StaffMemberFactory(unit=unit, full_name="Võ Minh Tâm")
    outcomes = _all_at_once([
        lambda name=name: issue_login(by=office, staff=staff, username=name).username
        for name in ("tam.vm.sct", "tam.vm.sct2", "tam.khac", "tam.nua")
    ])
    logins = [o for o in outcomes if o in ("tam.vm.sct", "tam.vm.sct2", "tam.khac", "tam.nua")]
    assert len(logins) == 1 and outcomes.count(f"Võ Minh Tâm đã có tài khoản “{logins[0]}”.") == 3
    staff.refresh_from_db()
    assert staff.user.username == logins[0]
    assert User.objects.filter(username__startswith="tam.").count() == 1  # the refused left no login behind
    assert PasswordChangeDue.objects.filter(user__username__startswith="tam.").count() == 1
