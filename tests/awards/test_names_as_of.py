"""Names as of a date (issue 13 point 4): a rename keeps the old name on everything dated before it — the
printed documents, the award register and the award histories — and the admin asks from which day a new
name applies."""

import datetime as dt
import re
import unicodedata

import pytest
from pypdf import PdfReader

from awards.issuing import pdf
from awards.issuing import services as issuing
from campaign.models import NameChange
from campaign.selectors import agency_names_on, name_on
from campaign.services import record_rename
from core.errors import DomainError
from tests.awards.conftest import AFTER_PUBLICATION, UNIT_A, build_approved_list

pytestmark = pytest.mark.django_db

MERGER = dt.date(2025, 7, 1)


def text(content: bytes) -> str:
    import io

    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pages))).strip()


def rename_agency(agency, *, by, on, name=None, parent=None, place=None):
    before = {"name": agency.name, "parent_authority": agency.parent_authority, "place_name": agency.place_name}
    agency.name = name or agency.name
    agency.parent_authority = parent or agency.parent_authority
    agency.place_name = place or agency.place_name
    record_rename(obj=agency, before=before, applies_from=on, by=by)
    agency.save()


def rename_unit(unit, new_name, *, by, on):
    before = {"name": unit.name}
    unit.name = new_name
    record_rename(obj=unit, before=before, applies_from=on, by=by)
    unit.save()


def test_name_on_follows_each_rename_from_its_first_day(office, campaign):
    agency = campaign.agency
    rename_agency(agency, by=office, on=dt.date(2024, 1, 1), name="Sở Công Thương và Du lịch")
    rename_agency(agency, by=office, on=MERGER, name="Sở Công Thương", parent="UBND TỈNH ĐỒNG THÁP MỚI")
    assert name_on(agency, dt.date(2023, 12, 31)) == "Sở Công Thương"
    assert name_on(agency, dt.date(2024, 1, 1)) == "Sở Công Thương và Du lịch"
    assert name_on(agency, dt.date(2025, 6, 30)) == "Sở Công Thương và Du lịch"
    assert name_on(agency, MERGER) == "Sở Công Thương"
    # The parent authority changed only at the merger: before it, the old one, whatever the name did.
    assert agency_names_on(agency, dt.date(2023, 5, 1)).parent_authority == "UBND TỈNH ĐỒNG THÁP"
    assert agency_names_on(agency, dt.date(2025, 6, 30)).parent_authority == "UBND TỈNH ĐỒNG THÁP"
    assert agency_names_on(agency, MERGER).parent_authority == "UBND TỈNH ĐỒNG THÁP MỚI"


def test_a_rename_needs_its_date_and_goes_forward_in_time(office, campaign):
    agency = campaign.agency
    before = {"name": agency.name}
    agency.name = "Sở Công Thương mới"
    with pytest.raises(DomainError) as refused:
        record_rename(obj=agency, before=before, applies_from=None, by=office)
    assert refused.value.message == (
        "Đổi tên cơ quan: hãy nhập ngày tên mới bắt đầu áp dụng; văn bản ghi ngày trước đó vẫn in tên cũ."
    )
    record_rename(obj=agency, before=before, applies_from=MERGER, by=office)
    agency.save()
    agency.name = "Sở Công Thương sau cùng"
    with pytest.raises(DomainError) as refused:
        record_rename(obj=agency, before={"name": "Sở Công Thương mới"}, applies_from=dt.date(2025, 1, 1), by=office)
    assert refused.value.message.startswith("Cơ quan đã đổi tên từ ngày 01/07/2025")
    assert NameChange.objects.count() == 1


def test_a_decision_dated_before_the_rename_prints_the_old_names_and_after_it_the_new(decision_123, office):
    agency = decision_123.agency
    rename_agency(agency, by=office, on=dt.date(2023, 11, 6), name="Sở Công Thương và Thương mại",
                  parent="UBND TỈNH ĐỒNG THÁP MỚI")
    awards = list(decision_123.awards.all())
    before = text(pdf.decision_pdf(decision_123, awards).content)  # dated 05/11/2023, the day before
    assert before.startswith("UBND TỈNH ĐỒNG THÁP SỞ CÔNG THƯƠNG CỘNG HÒA")
    assert "Tặng Giấy khen của Giám đốc Sở Công Thương cho 02 tập thể" in before
    assert "Thương mại" not in before.split("DANH SÁCH")[0].split("Điều 1")[0].replace("Thương mại;", "")
    certificate = text(pdf.certificates_pdf(decision_123, awards[:1]).content)
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP TẶNG" in certificate

    decision_123.signing_date = dt.date(2023, 11, 6)  # the same decision dated on the rename's first day
    after = text(pdf.decision_pdf(decision_123, awards).content)
    assert after.startswith("UBND TỈNH ĐỒNG THÁP MỚI SỞ CÔNG THƯƠNG VÀ THƯƠNG MẠI CỘNG HÒA")
    assert "Tặng Giấy khen của Giám đốc Sở Công Thương và Thương mại cho 02 tập thể" in after
    certificate = text(pdf.certificates_pdf(decision_123, awards[:1]).content)
    assert "GIÁM ĐỐC SỞ CÔNG THƯƠNG VÀ THƯƠNG MẠI TỈNH ĐỒNG THÁP MỚI TẶNG" in certificate


def test_the_register_and_the_history_show_the_name_of_the_decisions_date(client, decision_123, office,
                                                                          django_assert_max_num_queries):
    agency = decision_123.agency
    rename_agency(agency, by=office, on=MERGER, name="Sở Công Thương (sau hợp nhất)")
    client.force_login(office)
    with django_assert_max_num_queries(20):
        page = client.get("/khen-thuong/so-khen-thuong/").content.decode()
    # The banner, title and footer carry the agency's name of today; the register's rows the name of each
    # decision's date.
    html = page[page.index("<main"):page.index("</main>")]
    assert "sau hợp nhất" in page[:page.index("<main")]
    assert html.count("Giấy khen của Giám đốc Sở Công Thương</td>") == 7
    assert "sau hợp nhất" not in html
    person = decision_123.awards.filter(kind="individual").first().staff
    history = client.get(f"/khen-thuong/qua-trinh-khen-thuong/{person.pk}/").content.decode()
    assert "<td>Giấy khen của Giám đốc Sở Công Thương</td>" in history
    # Dated on or after the rename: the new name.
    type(decision_123).objects.filter(pk=decision_123.pk).update(signing_date=MERGER)
    html = client.get("/khen-thuong/so-khen-thuong/").content.decode()
    assert html.count("Giấy khen của Giám đốc Sở Công Thương (sau hợp nhất)</td>") == 7


def test_a_unit_renamed_before_the_decision_is_awarded_under_its_new_name(campaign, office, council, director,
                                                                          make_pdf):
    build_approved_list(campaign, office, council, make_pdf)
    unit = campaign.agency.units.get(name=UNIT_A)
    rename_unit(unit, "Phòng Quản lý Công nghiệp và Năng lượng", by=office, on=dt.date(2023, 11, 20))
    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    names = {a.recipient_name for a in decision.awards.filter(kind="collective")}
    assert "Phòng Quản lý Công nghiệp và Năng lượng" in names and UNIT_A not in names
    assert {a.unit_name for a in decision.awards.filter(unit=unit, kind="individual")} == {
        "Phòng Quản lý Công nghiệp và Năng lượng"
    }


def test_the_admin_asks_from_which_day_a_new_name_applies(client, office, campaign):
    unit = campaign.agency.units.create(name="Phòng Quản lý Thương mại", kind="division", display_order=5)
    client.force_login(office)
    url = f"/quan-tri/campaign/unit/{unit.pk}/change/"
    form = {"name": "Phòng Quản lý Thương mại và Xuất nhập khẩu", "kind": "division", "display_order": "5",
            "agency": campaign.agency.pk, "staff-TOTAL_FORMS": "0", "staff-INITIAL_FORMS": "0",
            "name_changes-TOTAL_FORMS": "0", "name_changes-INITIAL_FORMS": "0", "_save": "Lưu"}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Hãy nhập ngày tên mới bắt đầu áp dụng; văn bản ghi ngày trước đó vẫn in tên cũ." in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Phòng Quản lý Thương mại" and not NameChange.objects.exists()
    response = client.post(url, {**form, "renamed_from": "01/07/2025"})
    assert response.status_code == 302
    unit.refresh_from_db()
    change = NameChange.objects.get()
    assert (unit.name, change.old_name, change.changed_on, change.unit) == (
        "Phòng Quản lý Thương mại và Xuất nhập khẩu", "Phòng Quản lý Thương mại", MERGER, unit
    )
    assert name_on(unit, dt.date(2025, 6, 30)) == "Phòng Quản lý Thương mại"
