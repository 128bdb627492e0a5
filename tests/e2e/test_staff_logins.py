"""The office gives a staff member a login in the admin; the person signs in with the password handed over and
must choose their own before anything else (campaign/accounts.py, campaign/passwords.py)."""

import re

import pytest

from campaign.models import StaffMember

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e


def test_a_new_login_from_the_office_and_the_first_sign_in_of_its_holder(page, live_server, demo_data, login,
                                                                          screenshot):
    staff = StaffMember.objects.filter(user__isnull=True, is_active=True, unit__agency__code="SCT").first()
    login(page, live_server, "vanphong")

    page.goto(f"{live_server.url}/quan-tri/campaign/staffmember/")
    page.get_by_role("link", name="Chưa có").click()  # the filter: who still needs a login
    page.get_by_role("link", name=staff.full_name).click()
    expect(page.locator(".field-login_account")).to_contain_text("Chưa có")
    page.get_by_role("link", name="Tài khoản đăng nhập").click()

    username = page.locator("#id_username")
    suggested = username.input_value()
    assert re.fullmatch(r"[a-z0-9.]+\.sct\d*", suggested), suggested
    username.fill("có dấu")
    page.get_by_label("Thư điện tử").fill("sai")
    page.get_by_role("button", name="Cấp tài khoản").click()
    expect(page.locator("#issue-form")).to_contain_text("không hợp lệ: chỉ dùng chữ không dấu")
    expect(page.locator("#issue-form")).to_contain_text("Địa chỉ thư điện tử không hợp lệ")
    expect(page.get_by_label("Thư điện tử")).to_have_value("sai")  # what was typed stays
    username.fill(suggested)
    page.get_by_label("Thư điện tử").fill("nguoimoi@sct.dongthap.gov.vn")
    page.get_by_role("button", name="Cấp tài khoản").click()

    expect(page.locator("#issued-logins")).to_contain_text(suggested)
    password = page.locator("code.temporary-password").inner_text()
    screenshot("e2e_staff_login_issued")
    page.emulate_media(media="print")  # printed to be handed over: the table and how to sign in, nothing else
    expect(page.locator("#header")).to_be_hidden()
    expect(page.locator("#issued-note")).to_be_hidden()
    expect(page.locator("#issued-howto")).to_be_visible()
    expect(page.locator("#issued-logins")).to_be_visible()
    page.emulate_media(media="screen")
    page.locator("#logout-form button").click()

    page.goto(f"{live_server.url}/dang-nhap/")
    page.locator("#id_username").fill(suggested)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server.url}/doi-mat-khau/")
    expect(page.get_by_role("alert")).to_contain_text("Mật khẩu của bạn do người khác đặt")
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill("Sen-Hong-Thap-Muoi-2026")
    page.locator("#id_new_password2").fill("Sen-Hong-Thap-Muoi-2026")
    page.locator("form:has(#id_old_password)").get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator("body")).to_contain_text("Đã đổi mật khẩu")
    page.goto(f"{live_server.url}/ho-so/")
    expect(page).to_have_url(f"{live_server.url}/ho-so/")  # no longer held at the change page
