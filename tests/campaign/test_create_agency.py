"""`create_agency`: the deployment administrator adds an agency and its first office login, or nothing."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from campaign.models import Agency, Membership, Role
from campaign.rules import standing
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ARGS = {
    "code": "SYT",
    "name": "Sở Y tế",
    "parent_authority": "UBND TỈNH ĐỒNG THÁP",
    "place_name": "Đồng Tháp",
    "office_username": "vanphong.syt",
}


@pytest.fixture(autouse=True)
def no_password_in_environment(monkeypatch):
    monkeypatch.delenv("AGENCY_OFFICE_PASSWORD", raising=False)


def create(**overrides) -> str:
    out = StringIO()
    call_command("create_agency", stdout=out, **{**ARGS, **overrides})
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Agency.objects.count(), User.objects.count(), Membership.objects.count()


def printed_password(output: str) -> str:
    return re.search(r"Mật khẩu \(chỉ hiển thị một lần này\): (\S+)", output).group(1)


def test_creates_the_agency_its_office_login_and_the_office_role():
    output = create(office_email="vanphong@syt.dongthap.gov.vn")

    agency = Agency.objects.get(code="SYT")
    assert (agency.name, agency.parent_authority, agency.place_name, agency.head_title, agency.office_name) == (
        "Sở Y tế", "UBND TỈNH ĐỒNG THÁP", "Đồng Tháp", "Giám đốc", "Văn phòng Sở"
    )
    user = User.objects.get(username="vanphong.syt")
    assert user.email == "vanphong@syt.dongthap.gov.vn"
    assert not user.is_superuser
    assert list(Membership.objects.filter(user=user).values_list("agency__code", "role")) == [("SYT", Role.OFFICE)]
    assert standing(user).office == {agency.pk}
    assert standing(user).agencies == {agency.pk}
    assert "Đã tạo cơ quan “Sở Y tế” (chữ viết tắt SYT, thuộc UBND TỈNH ĐỒNG THÁP)." in output
    assert "cổng yêu cầu người dùng đổi mật khẩu ngay khi đăng nhập lần đầu" in output


def test_the_printed_password_is_strong_and_logs_in():
    password = printed_password(create())

    assert len(password) >= 20
    assert authenticate(RequestFactory().post("/dang-nhap/"), username="vanphong.syt", password=password)
    # Generated afresh each time.
    assert printed_password(create(code="SGD", name="Sở Giáo dục", office_username="vanphong.sgd")) != password


def test_the_new_office_login_enters_the_admin_once_it_has_changed_the_printed_password(client):
    password = printed_password(create())

    response = client.post(
        "/quan-tri/login/", {"username": "vanphong.syt", "password": password, "next": "/quan-tri/"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/quan-tri/").url == "/doi-mat-khau/"  # the printed password is changed first
    new = "Sen-Hong-Thap-Muoi-2026"
    client.post("/doi-mat-khau/", {"old_password": password, "new_password1": new, "new_password2": new})
    assert client.get("/quan-tri/").status_code == 200


def test_optional_titles_are_kept():
    create(head_title="Chánh Thanh tra", office_name="Văn phòng Thanh tra tỉnh", code="ttt")

    agency = Agency.objects.get()
    assert (agency.code, agency.head_title, agency.office_name) == ("TTT", "Chánh Thanh tra", "Văn phòng Thanh tra tỉnh")


def test_a_password_from_the_environment_is_used_and_not_printed(monkeypatch):
    monkeypatch.setenv("AGENCY_OFFICE_PASSWORD", "Ytế-Đồng-Tháp-2025!")

    output = create()

    assert "Ytế-Đồng-Tháp-2025!" not in output
    assert "lấy từ biến môi trường AGENCY_OFFICE_PASSWORD" in output
    assert User.objects.get(username="vanphong.syt").check_password("Ytế-Đồng-Tháp-2025!")


def refused(**overrides) -> str:
    before = counts()
    with pytest.raises(CommandError) as error:
        create(**overrides)
    assert counts() == before
    message = str(error.value)
    assert message.endswith("Không có gì được tạo.")
    return message


def test_an_existing_code_is_refused_and_nothing_is_written():
    AgencyFactory(code="SYT", name="Sở Y tế")

    assert "Đã có cơ quan mang chữ viết tắt “SYT” (Sở Y tế)." in refused(code="syt")


def test_a_username_taken_is_refused_and_nothing_is_written():
    User.objects.create_user("VanPhong.SYT")

    assert "Tên đăng nhập “vanphong.syt” đã có người dùng" in refused()
    assert not Agency.objects.filter(code="SYT").exists()


@pytest.mark.parametrize("code", ["S", "SỞ-YT", "SYT 2", "S_YT", "A" * 21, ""])
def test_a_malformed_code_is_refused_and_nothing_is_written(code):
    assert "không hợp lệ: chỉ gồm 2–20 chữ cái không dấu, chữ số hoặc dấu gạch ngang" in refused(code=code)


def test_a_weak_password_from_the_environment_is_refused_and_nothing_is_written(monkeypatch):
    monkeypatch.setenv("AGENCY_OFFICE_PASSWORD", "12345678")

    message = refused()

    assert "Mật khẩu trong biến môi trường AGENCY_OFFICE_PASSWORD chưa đạt yêu cầu" in message
    assert "Mật khẩu quá ngắn" in message


def test_a_password_like_the_username_is_refused(monkeypatch):
    monkeypatch.setenv("AGENCY_OFFICE_PASSWORD", "vanphong.syt1")

    assert "AGENCY_OFFICE_PASSWORD chưa đạt yêu cầu" in refused()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"office_username": "văn phòng"}, "Tên đăng nhập “văn phòng” không hợp lệ"),
        ({"office_username": "  "}, "Tên đăng nhập của Văn phòng Sở không được để trống."),
        ({"office_email": "khong-phai-email"}, "Địa chỉ thư điện tử “khong-phai-email” không hợp lệ."),
        ({"name": " "}, "Thông tin cơ quan chưa hợp lệ"),
    ],
)
def test_other_bad_input_is_refused_and_nothing_is_written(overrides, expected):
    assert expected in refused(**overrides)


def test_a_refusal_after_the_checks_rolls_everything_back(monkeypatch):
    """Should the role fail to save, neither the agency nor the login stays behind."""

    def broken(*args, **kwargs):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(Membership.objects, "create", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        create()
    assert counts() == before
