"""Changing one's password in the portal, and changing at once a password someone else chose
(campaign/passwords.py)."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from campaign.models import PasswordChangeDue
from campaign.passwords import require_change

pytestmark = pytest.mark.django_db

CHANGE = "/doi-mat-khau/"
OLD, NEW = "MatKhau-Cu-2023", "Hoa-Sen-Dong-Thap-2026"


def sign_in(client, username: str, password: str):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def change(client, old: str, new: str, again: str | None = None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_a_unit_member_changes_their_password_in_the_portal(client, member):
    member.set_password(OLD)
    member.save()
    sign_in(client, member.username, OLD)

    home = client.get("/").content.decode()
    assert f'id="nav-password" href="{CHANGE}"' in home  # under their name, on every page
    page = client.get(CHANGE)
    assert page.status_code == 200 and "<h1 class=\"h4 mb-3\">Đổi mật khẩu</h1>" in page.content.decode()

    response = change(client, OLD, NEW)
    assert response.status_code == 302 and response.url == "/"
    assert "Đã đổi mật khẩu" in client.get("/").content.decode()  # still signed in, told so
    member.refresh_from_db()
    assert member.check_password(NEW) and not member.check_password(OLD)


def test_a_wrong_old_password_or_a_weak_or_mismatched_new_one_changes_nothing_and_says_why_in_vietnamese(
    client, member
):
    member.set_password(OLD)
    member.save()
    sign_in(client, member.username, OLD)

    for old, new, again in ((" sai ", NEW, NEW), (OLD, "123", "123"), (OLD, NEW, NEW + "x")):
        response = change(client, old, new, again)
        assert response.status_code == 200
        html = response.content.decode()
        assert "invalid-feedback" in html or "alert-danger" in html, (old, new, again)
        assert not re.search(r"\b(Your|password is too|didn.t match|incorrectly)\b", html), html  # no English
    member.refresh_from_db()
    assert member.check_password(OLD)


def test_the_page_is_for_signed_in_people_only(client):
    response = client.get(CHANGE)
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_the_first_office_login_of_a_new_agency_changes_its_printed_password_before_anything_else(client):
    out = StringIO()
    call_command("create_agency", stdout=out, code="SYT", name="Sở Y tế", parent_authority="UBND TỈNH ĐỒNG THÁP",
                 place_name="Đồng Tháp", office_username="vanphong.syt")
    printed = re.search(r"Mật khẩu \(chỉ hiển thị một lần này\): (\S+)", out.getvalue()).group(1)
    office = User.objects.get(username="vanphong.syt")
    assert PasswordChangeDue.objects.filter(user=office).exists()

    sign_in(client, "vanphong.syt", printed)
    for path in ("/", "/quan-tri/", "/ho-so/", "/bang-theo-doi/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == CHANGE, path
    page = client.get(CHANGE).content.decode()
    assert "Mật khẩu của bạn do người khác đặt khi cấp tài khoản" in page
    assert 'action="/dang-xuat/"' in page  # signing out stays possible

    change(client, printed, NEW)
    assert client.get("/quan-tri/").status_code == 200
    assert not PasswordChangeDue.objects.filter(user=office).exists()


def test_a_refused_change_keeps_the_obligation(client, member):
    member.set_password(OLD)
    member.save()
    require_change(member)
    sign_in(client, member.username, OLD)

    change(client, OLD, "123")
    assert client.get("/").url == CHANGE
    assert PasswordChangeDue.objects.filter(user=member).exists()


def test_logins_the_administrator_adds_or_resets_for_someone_else_must_change_their_password(client):
    admin = User.objects.create_superuser("quantri", password=OLD)
    client.force_login(admin)

    client.post("/quan-tri/auth/user/add/", {"username": "moi", "password1": NEW, "password2": NEW,
                                            "usable_password": "true"})
    added = User.objects.get(username="moi")
    assert PasswordChangeDue.objects.filter(user=added).exists()

    other = User.objects.create_user("cu", password=OLD)
    response = client.post(f"/quan-tri/auth/user/{other.pk}/password/",
                           {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302
    assert PasswordChangeDue.objects.filter(user=other).exists()

    # The administrator's own password, changed by themselves, is theirs.
    client.post(f"/quan-tri/auth/user/{admin.pk}/password/", {"password1": NEW, "password2": NEW})
    assert not PasswordChangeDue.objects.filter(user=admin).exists()


def test_the_obligation_is_looked_up_at_sign_in_only_not_on_every_page(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member.set_password(OLD)
    member.save()
    with CaptureQueriesContext(connection) as queries:
        sign_in(client, member.username, OLD)
    assert sum("passwordchangedue" in q["sql"] for q in queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/ho-so/")
    assert not any("passwordchangedue" in q["sql"] for q in queries.captured_queries)


def test_a_weak_new_password_is_named_even_when_the_two_new_passwords_differ(client, member):
    member.set_password(OLD)
    member.save()
    sign_in(client, member.username, OLD)

    response = change(client, OLD, "123", "1234")
    form = response.context["form"]
    assert "new_password1" in form.errors and "new_password2" in form.errors  # weak, and the two differ
    html = response.content.decode()
    assert "Mật khẩu quá ngắn" in html and "Hai trường mật khẩu không giống nhau" in html
    member.refresh_from_db()
    assert member.check_password(OLD)


def test_the_admins_own_password_link_leads_to_the_portal_page_and_back_and_clears_a_due_change(client, office):
    office.set_password(OLD)
    office.save()
    client.force_login(office)
    require_change(office)  # marked while signed in: the admin's link must clear it too
    client.get("/quan-tri/")  # not yet in this session: the admin opens

    response = client.get("/quan-tri/password_change/")
    assert response.status_code == 302 and response.url == CHANGE + "?next=%2Fquan-tri%2F"
    page = client.get(response.url).content.decode()
    assert '<input type="hidden" name="next" value="/quan-tri/">' in page and '<a href="/quan-tri/">Quay lại</a>' in page

    response = client.post(CHANGE, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW,
                                    "next": "/quan-tri/"})
    assert response.status_code == 302 and response.url == "/quan-tri/"
    assert not PasswordChangeDue.objects.filter(user=office).exists()


def test_next_never_leads_off_the_site(client, member):
    member.set_password(OLD)
    member.save()
    sign_in(client, member.username, OLD)
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        page = client.get(CHANGE, {"next": target}).content.decode()
        assert "evil" not in page and "javascript:" not in page
        response = client.post(CHANGE, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW,
                                        "next": target})
        assert response.status_code == 302 and response.url == "/", target
        member.set_password(OLD)
        member.save()
        sign_in(client, member.username, OLD)
