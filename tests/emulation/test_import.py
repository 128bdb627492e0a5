import io

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from emulation import imports
from emulation.models import Pledge, PledgeTitle
from emulation.views import IMPORT_SALT
from tests.factories import StaffMemberFactory
from tests.helpers import docx_bytes, vn

pytestmark = pytest.mark.django_db

URL = "/thi-dua/ke-hoach/{}/dang-ky/nhap/"


def _xlsx(rows, *, sheet=imports.SHEET, header=("Họ và tên", "Danh hiệu đăng ký", "Cam kết", "Nội dung 1", "Nội dung 2")):
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("dang-ky.xlsx", buffer.getvalue(), content_type=imports.XLSX_TYPE)


@pytest.fixture
def people(unit_a):
    return [StaffMemberFactory(unit=unit_a, full_name=name) for name in ("Nguyễn Thành Đạt", "Lê Thị Hồng Nhung")]


def _upload(client, plan, upload):
    return client.post(URL.format(plan.pk), {"file": upload})


def test_a_valid_list_is_previewed_then_written_on_confirmation(client, plan, items, clerk_a, people, pledging):
    client.force_login(clerk_a)
    response = _upload(client, plan, _xlsx([
        ("Nguyễn Thành Đạt", "Chiến sĩ thi đua cơ sở", "Hoàn thành xuất sắc", "100%", 12),
        ("lê thị  hồng nhung", "Đảng viên tiêu biểu", "", "", "3,5"),
    ]))
    assert response.status_code == 200
    assert Pledge.objects.count() == 0  # a preview writes nothing
    payload = response.context["confirm"].initial["payload"]
    response = client.post(URL.format(plan.pk) + "xac-nhan/", {"payload": payload})
    assert response.status_code == 302
    pledges = {p.staff.full_name: p for p in Pledge.objects.select_related("staff")}
    assert pledges["Nguyễn Thành Đạt"].title == PledgeTitle.GRASSROOTS_FIGHTER
    assert [t.shown for t in pledges["Nguyễn Thành Đạt"].targets.order_by("content_item__number")] == ["100%", "12"]
    assert (pledges["Lê Thị Hồng Nhung"].title, pledges["Lê Thị Hồng Nhung"].title_label) == (
        PledgeTitle.OTHER, "Đảng viên tiêu biểu")
    assert [t.shown for t in pledges["Lê Thị Hồng Nhung"].targets.all()] == ["3,5"]
    # The same preview cannot be confirmed twice.
    response = client.post(URL.format(plan.pk) + "xac-nhan/", {"payload": payload})
    assert response.status_code == 400
    assert "chỉ dùng được một lần" in response.content.decode()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("x.xlsx", b"not a spreadsheet"), "không phải là tệp Excel"),
    (SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage" * 10), "Không đọc được tệp Excel"),
    (SimpleUploadedFile("x.xlsx", docx_bytes()), "Không đọc được tệp Excel"),
])
def test_garbage_files_are_refused_with_a_message(client, plan, clerk_a, pledging, upload, message):
    client.force_login(clerk_a)
    response = _upload(client, plan, upload)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_every_bad_row_is_named_by_its_row_number_and_nothing_is_written(client, plan, items, clerk_a, people, pledging):
    client.force_login(clerk_a)
    response = _upload(client, plan, _xlsx([
        ("Nguyễn Thành Đạt", "Lao động tiên tiến", "", "", ""),
        ("Người Lạ", "Lao động tiên tiến", "", "", ""),
        ("Nguyễn Thành Đạt", "Lao động tiên tiến", "", "", ""),
        ("Lê Thị Hồng Nhung", "", "", "x" * 501, ""),
    ], header=("Họ và tên", "Danh hiệu đăng ký", "Cam kết", "Nội dung 1", "Nội dung 9")))
    assert response.status_code == 400
    problems = [(p.row, p.message) for p in response.context["preview"].problems]
    assert problems == [
        (1, "Cột “Nội dung 9”: Kế hoạch không có nội dung số này."),
        (3, "Đơn vị không có cán bộ đang công tác tên “Người Lạ”."),
        (4, "Trùng người: “Nguyễn Thành Đạt” đã có ở dòng 2."),
        (5, "Thiếu danh hiệu đăng ký."),
        (5, "Chỉ tiêu ở cột “Nội dung 1” dài quá 500 ký tự."),
    ]
    assert response.context["confirm"] is None
    assert Pledge.objects.count() == 0


def test_a_missing_sheet_or_column_is_named(client, plan, clerk_a, pledging):
    client.force_login(clerk_a)
    response = _upload(client, plan, _xlsx([], sheet="Trang 1"))
    assert "Thiếu trang “Đăng ký cá nhân”" in response.content.decode()
    response = _upload(client, plan, _xlsx([("A",)], header=("Họ và tên",)))
    assert "Thiếu cột “Danh hiệu đăng ký” ở dòng tiêu đề." in response.content.decode()


def test_a_confirmation_after_the_lock_writes_nothing(client, plan, items, clerk_a, people):
    client.force_login(clerk_a)
    with time_machine.travel(vn(2023, 6, 30, 23, 59), tick=False):
        response = _upload(client, plan, _xlsx([("Nguyễn Thành Đạt", "Lao động tiên tiến", "", "", "")]))
        payload = response.context["confirm"].initial["payload"]
    with time_machine.travel(vn(2023, 7, 1, 0, 0, 0), tick=False):
        response = client.post(URL.format(plan.pk) + "xac-nhan/", {"payload": payload})
    assert response.status_code == 400
    assert "Đã hết hạn đăng ký thi đua" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_a_preview_of_another_unit_is_refused(client, plan, clerk_b, pledging):
    client.force_login(clerk_b)
    forged = signing.dumps({"unit": 999999, "nonce": "n", "rows": []}, salt=IMPORT_SALT, compress=True)
    response = client.post(URL.format(plan.pk) + "xac-nhan/", {"payload": forged})
    assert response.status_code == 302
    assert Pledge.objects.count() == 0


def test_the_office_and_the_board_do_not_import_a_units_list(client, plan, office, inspector, pledging):
    for user in (office, inspector):
        client.force_login(user)
        assert client.get(URL.format(plan.pk)).status_code == 404  # no unit of their own


def test_the_template_lists_the_units_people_and_a_column_per_content_item(client, plan, items, clerk_a, people, pledging):
    client.force_login(clerk_a)
    response = client.get(URL.format(plan.pk) + "mau.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))[imports.SHEET]
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Danh hiệu đăng ký", "Cam kết", "Nội dung 1", "Nội dung 2",
                                          "Nội dung 3"]
    assert sorted(c.value for c in sheet["A"][1:]) == ["Lê Thị Hồng Nhung", "Nguyễn Thành Đạt", "Văn thư A"]
