import re
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from campaign.models import Agency, Board, Campaign, Gender, Membership, Role, StaffMember, Unit
from campaign.rules import scope_for, standing
from core.time import local_today

ITEM_1 = (
    "Triển khai, quán triệt thực hiện Luật thực hiện dân chủ ở cơ sở và thực hiện nghiêm túc các chỉ thị, "
    "kết luận của Trung ương, văn bản của Tỉnh về thực hiện dân chủ, cụ thể: tiếp tục tập trung thực hiện "
    "tốt những nội dung quy định tại Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện "
    "dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập; Thông tư số "
    "01/2016/TT-BNV ngày 13/01/2016 của Bộ trưởng Bộ Nội vụ hướng dẫn một số nội dung của Nghị định số "
    "04/2015/NĐ-CP; Quyết định số 310-QĐ/TU ngày 06/01/2022 của Ban Thường vụ Tỉnh ủy ban hành Quy chế "
    "làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh."
)
ITEM_9 = (
    "Thực hiện sơ kết, tổng kết việc thực hiện Quy chế dân chủ cơ sở trong hoạt động của cơ quan và xem "
    "xét tập thể, cá nhân có thành tích tiêu biểu trong thực hiện quy chế dân chủ đề nghị Ban vận động "
    "DCCS, Ban Chỉ đạo QCDC Tỉnh xem xét khen thưởng, xây dựng điển hình."
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed():
    call_command("seed_demo", "--quiet")


def snapshot() -> dict[str, list[dict]]:
    models = [*apps.get_app_config("campaign").get_models(), User, User.groups.through, User.user_permissions.through]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def plan_2023() -> Campaign:
    return Campaign.objects.get(agency__code="SCT", year=2023, number="…/KH-SCT")


@pytest.mark.django_db
def test_second_run_leaves_every_row_unchanged():
    seed()
    before = snapshot()
    assert len(before["campaign.Membership"]) == 6  # three roles in each agency
    assert len(before["campaign.Agency"]) == 2

    seed()

    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    assert after == before


@pytest.mark.django_db
def test_second_run_keeps_a_changed_password():
    seed()
    user = User.objects.get(username="vanphong")
    user.set_password("Mat-khau-moi-2024")
    user.save()

    seed()

    assert authenticate(RequestFactory().post("/dang-nhap/"), username="vanphong", password="Mat-khau-moi-2024") == user


@pytest.mark.django_db
def test_2023_plan_has_the_nine_content_items_verbatim():
    seed()

    items = list(plan_2023().content_items.order_by("number"))

    assert [item.number for item in items] == list(range(1, 10))
    assert items[0].text == ITEM_1
    assert items[8].text == ITEM_9


@pytest.mark.django_db
def test_2023_plan_has_the_dates_and_quotas_of_the_seed():
    seed()

    plan = plan_2023()

    assert (plan.emulation_end, plan.submission_deadline) == (date(2023, 10, 31), date(2023, 11, 10))
    assert (plan.collective_quota, plan.individual_quota) == (2, 5)
    assert (
        plan.award_reason
        == "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023"
    )
    assert plan.recipient_lines()[-1] == "Lưu: VT, VP(Cường, 02b)."
    assert {(r.level, r.report_kind) for r in plan.dossier_requirements.all()} == {
        ("provincial", "full"),
        ("grassroots", "summary"),
    }


DEMO_LOGINS = [
    # (username, agency, role in the agency or None, unit of the staff member)
    ("donvi.congnghiep", "SCT", None, "Phòng Quản lý Công nghiệp"),
    ("donvi.khuyencong", "SCT", None, "Trung tâm Khuyến công và Xúc tiến thương mại"),
    ("vanphong", "SCT", Role.OFFICE, "Văn phòng Sở"),
    ("giamdoc", "SCT", Role.DIRECTOR, "Ban Giám đốc Sở"),
    ("thanhtra", "SCT", Role.INSPECTION, "Phòng Quản lý Thương mại"),
    ("donvi.syt", "SYT", None, "Phòng Nghiệp vụ Y"),
    ("vanphong.syt", "SYT", Role.OFFICE, "Văn phòng Sở"),
    ("giamdoc.syt", "SYT", Role.DIRECTOR, "Văn phòng Sở"),
    ("thanhtra.syt", "SYT", Role.INSPECTION, "Trung tâm Kiểm soát bệnh tật"),
]


@pytest.mark.parametrize(("username", "code", "role", "unit"), DEMO_LOGINS)
@pytest.mark.django_db
def test_demo_login_authenticates_with_its_role_and_unit(username, code, role, unit):
    seed()

    user = authenticate(RequestFactory().post("/dang-nhap/"), username=username, password="ThiDua@2023")

    assert user is not None
    held = list(Membership.objects.filter(user=user).values_list("agency__code", "role"))
    assert held == ([(code, role)] if role else [])
    assert not user.groups.exists() and not user.is_superuser
    assert (user.staff_member.unit.agency.code, user.staff_member.unit.name) == (code, unit)


@pytest.mark.parametrize(("username", "code", "role", "unit"), DEMO_LOGINS)
@pytest.mark.django_db
def test_each_demo_login_stands_in_its_own_agency_only(username, code, role, unit):
    seed()
    agency = Agency.objects.get(code=code)

    me = standing(User.objects.get(username=username))

    assert me.agencies == {agency.pk}
    assert me.office == ({agency.pk} if role == Role.OFFICE else set())
    assert me.director == ({agency.pk} if role == Role.DIRECTOR else set())
    assert me.inspection == ({agency.pk} if role == Role.INSPECTION else set())
    assert me.staff is not None and me.staff.unit.name == unit
    # The inspection board supervises and acts for no unit; everybody else acts for their own unit.
    assert me.acting_unit_id == (None if role == Role.INSPECTION else me.staff.unit_id)


@pytest.mark.django_db
def test_a_role_given_to_a_demo_login_since_is_taken_back_by_the_next_run():
    seed()
    unit_login = User.objects.get(username="donvi.syt")
    Membership.objects.create(user=unit_login, agency=Agency.objects.get(code="SYT"), role=Role.OFFICE)

    seed()

    assert not Membership.objects.filter(user=unit_login).exists()


@pytest.mark.django_db
def test_the_second_agency_has_its_units_staff_boards_and_open_plan():
    seed()

    agency = Agency.objects.get(code="SYT")
    assert (agency.name, agency.parent_authority, agency.place_name, agency.head_title, agency.office_name) == (
        "Sở Y tế", "UBND TỈNH ĐỒNG THÁP", "Đồng Tháp", "Giám đốc", "Văn phòng Sở"
    )
    assert list(Unit.objects.filter(agency=agency).order_by("display_order").values_list("name", flat=True)) == [
        "Văn phòng Sở", "Phòng Nghiệp vụ Y", "Trung tâm Kiểm soát bệnh tật"
    ]
    staff = StaffMember.objects.filter(unit__agency=agency)
    assert 8 <= staff.count() <= 10
    assert set(staff.values_list("gender", flat=True)) == {Gender.MALE, Gender.FEMALE}
    assert staff.get(user__username="donvi.syt").is_leader  # the unit head signs
    boards = {board.kind: board for board in Board.objects.filter(agency=agency)}
    assert set(boards) == {"council", "inspection"}
    assert boards["council"].memberships.get(role="chair").staff.user.username == "giamdoc.syt"
    assert boards["inspection"].memberships.get(role="chair").staff.user.username == "thanhtra.syt"
    assert boards["inspection"].memberships.count() >= 2

    plan = Campaign.objects.get(agency=agency, number="01/KH-SYT-DEMO", year=local_today().year)
    assert plan.is_emulation_open() and plan.is_submission_open()
    assert (plan.collective_quota, plan.individual_quota) == (2, 5)
    assert plan.content_items.count() == 9
    assert {(r.level, r.report_kind) for r in plan.dossier_requirements.all()} == {
        ("provincial", "full"),
        ("grassroots", "summary"),
    }
    assert plan.signer_name == "Lê Văn Thắng"
    assert "Cường" not in plan.recipients
    # Nothing of the second agency is mixed with the first.
    assert not Campaign.objects.filter(agency=agency).exclude(number="01/KH-SYT-DEMO").exists()
    assert not StaffMember.objects.filter(unit__agency=agency, board_memberships__board__agency__code="SCT").exists()


@pytest.mark.django_db
def test_the_summary_prints_the_logins_of_both_agencies():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    text = out.getvalue()
    for username, *_ in DEMO_LOGINS:
        assert re.search(rf"^{re.escape(username)} +ThiDua@2023 ", text, re.MULTILINE), username
    assert "Phòng Nghiệp vụ Y – Sở Y tế" in text
    assert "01/KH-SYT-DEMO" in text


@pytest.mark.django_db
def test_director_login_is_the_signer_and_heads_the_council():
    seed()

    director = User.objects.get(username="giamdoc").staff_member

    assert (director.full_name, director.gender, director.position, director.is_leader) == (
        "Nguyễn Hữu Dũng",
        Gender.MALE,
        "Giám đốc",
        True,
    )
    assert director.board_memberships.get(board__kind="council").role == "chair"


@pytest.mark.django_db
def test_demo_staff_has_at_least_28_people_of_both_genders():
    seed()

    assert StaffMember.objects.count() >= 28
    assert set(StaffMember.objects.values_list("gender", flat=True)) == {Gender.MALE, Gender.FEMALE}


@pytest.mark.django_db
def test_current_year_demo_campaign_is_open_today():
    seed()

    demo = Campaign.objects.get(number="01/KH-SCT-DEMO", year=local_today().year)

    assert demo.is_emulation_open()
    assert demo.is_submission_open()
    assert demo.content_items.count() == 9
    assert demo.legal_bases.count() == plan_2023().legal_bases.count()


@pytest.mark.django_db
def test_the_second_agencys_office_sees_only_its_own_plan_units_and_staff():
    seed()
    office = User.objects.get(username="vanphong.syt")

    assert set(scope_for(office, Campaign.objects.all()).values_list("number", flat=True)) == {"01/KH-SYT-DEMO"}
    assert set(scope_for(office, Unit.objects.all()).values_list("agency__code", flat=True)) == {"SYT"}
    assert set(scope_for(office, StaffMember.objects.all()).values_list("unit__agency__code", flat=True)) == {"SYT"}
    sct_office = User.objects.get(username="vanphong")
    assert not scope_for(sct_office, Campaign.objects.filter(agency__code="SYT")).exists()
