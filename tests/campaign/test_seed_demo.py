from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from campaign import roles
from campaign.models import Campaign, Gender, StaffMember
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
    models = [*apps.get_app_config("campaign").get_models(), User, User.groups.through]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def plan_2023() -> Campaign:
    return Campaign.objects.get(agency__code="SCT", year=2023, number="…/KH-SCT")


@pytest.mark.django_db
def test_second_run_leaves_every_row_unchanged():
    seed()
    before = snapshot()

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


@pytest.mark.parametrize(
    ("username", "group", "unit"),
    [
        ("donvi.congnghiep", None, "Phòng Quản lý Công nghiệp"),
        ("donvi.khuyencong", None, "Trung tâm Khuyến công và Xúc tiến thương mại"),
        ("vanphong", roles.OFFICE, "Văn phòng Sở"),
        ("giamdoc", roles.DIRECTOR, "Ban Giám đốc Sở"),
        ("thanhtra", roles.INSPECTION, "Phòng Quản lý Thương mại"),
    ],
)
@pytest.mark.django_db
def test_demo_login_authenticates_with_its_role_and_unit(username, group, unit):
    seed()

    user = authenticate(RequestFactory().post("/dang-nhap/"), username=username, password="ThiDua@2023")

    assert user is not None
    assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
    assert user.is_staff == (group is not None)
    assert user.staff_member.unit.name == unit


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
