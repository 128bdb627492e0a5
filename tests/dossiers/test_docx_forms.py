"""Pre-filled DOCX forms (issue 13 point 5): each form of the campaign's regime, filled for a dossier; the
office's own template replaces the default once it renders with sample data; downloads follow R8."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from dossiers import forms_docx, services
from dossiers.models import FormKind, FormTemplate, NomineeKind
from legal.models import LegalRegime
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    StaffMemberFactory,
    UnitFactory,
    inspector_user,
    office_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


@pytest.fixture
def nominated(complete_draft, clerk, unit, make_pdf):
    """The draft with a collective (the unit) besides the individual, and the unit's head."""
    StaffMemberFactory(unit=unit, full_name="Võ Minh Tâm", position="Trưởng phòng", is_leader=True)
    services.add_nomination(dossier=complete_draft, by=clerk, kind=NomineeKind.COLLECTIVE,
                            achievement_summary="Tập thể dẫn đầu phong trào.", report=make_pdf("tt.pdf"))
    return complete_draft


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("slug", ["cong-van-de-nghi", "bien-ban-hop-xet"])
def test_the_letter_and_the_minutes_name_the_unit_and_every_nominee(client, nominated, clerk, slug):
    response = _get(client, clerk, f"/ho-so/{nominated.pk}/mau/{slug}.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    text = _text(response.content)
    assert "PHÒNG QUẢN LÝ CÔNG NGHIỆP" in text
    assert "Ông Lê Văn Hùng, Chuyên viên, Phòng Quản lý Công nghiệp" in text
    assert "Phòng Quản lý Công nghiệp" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Đồng Tháp, ngày 01 tháng 11 năm 2023" in text
    assert "Võ Minh Tâm" in text  # the unit's head signs


def test_the_letter_cites_the_plan_and_asks_for_the_award(client, nominated, clerk):
    text = _text(_get(client, clerk, f"/ho-so/{nominated.pk}/mau/cong-van-de-nghi.docx").content)
    campaign = nominated.campaign
    assert f"Căn cứ Kế hoạch số {campaign.number} ngày 12/05/2023 của Sở Công Thương" in text
    assert "xét, tặng Giấy khen cho 1 tập thể và 1 cá nhân" in text
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Sở Công Thương" in text


@pytest.mark.parametrize(
    ("slug", "kind", "heading"),
    [
        ("bao-cao-tom-tat-ca-nhan", NomineeKind.INDIVIDUAL, "BÁO CÁO TÓM TẮT THÀNH TÍCH"),
        ("bao-cao-thanh-tich-ca-nhan", NomineeKind.INDIVIDUAL, "BÁO CÁO THÀNH TÍCH"),
        ("bao-cao-tom-tat-tap-the", NomineeKind.COLLECTIVE, "BÁO CÁO TÓM TẮT THÀNH TÍCH"),
        ("bao-cao-thanh-tich-tap-the", NomineeKind.COLLECTIVE, "BÁO CÁO THÀNH TÍCH"),
    ],
)
def test_each_report_is_filled_for_its_nominee_in_the_2023_forms(client, nominated, clerk, slug, kind, heading):
    nomination = nominated.nominations.get(kind=kind)
    response = _get(client, clerk, f"/ho-so/{nominated.pk}/de-nghi/{nomination.pk}/mau/{slug}.docx")
    assert response.status_code == 200
    text = _text(response.content)
    assert heading in text.split("\n")
    assert nomination.nominee_name in text
    assert nomination.achievement_summary in text
    assert "Phụ lục Nghị định 91/2017/NĐ-CP" in text  # the regime of a plan dated 12/05/2023
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
    if kind == NomineeKind.INDIVIDUAL:
        assert "Mẫu số 02" in text and "I. SƠ LƯỢC LÝ LỊCH" in text
        assert "- Họ tên: Lê Văn Hùng" in text
    else:
        assert "Mẫu số 01" in text and "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text


def test_a_2024_plan_gets_the_forms_of_decree_98_2023(client, make_pdf):
    campaign = CampaignFactory(plan_date=dt.date(2024, 3, 1), launch_date=dt.date(2024, 3, 5), year=2024,
                               emulation_end=dt.date(2024, 10, 31), submission_deadline=dt.date(2024, 11, 10))
    unit = UnitFactory(agency=campaign.agency, name="Phòng Kế hoạch - Tài chính")
    clerk = staff_user(unit, username="vanthu.kh")
    person = StaffMemberFactory(unit=unit, full_name="Đặng Thị Ngọc Hân", gender="female", position="Kế toán")
    import time_machine

    from tests.helpers import vn

    with time_machine.travel(vn(2024, 11, 4, 9), tick=True):
        dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
        nomination = services.add_nomination(dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person,
                                             achievement_summary="Hoàn thành xuất sắc.", report=make_pdf("r.pdf"))
        client.force_login(clerk)
        url = f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/mau/bao-cao-thanh-tich-ca-nhan.docx"
        text = _text(client.get(url).content)
    assert "Mẫu số 02 – Phụ lục I Nghị định 98/2023/NĐ-CP" in text
    assert "I. THÔNG TIN CHUNG" in text
    assert "- Họ tên: Đặng Thị Ngọc Hân" in text
    assert "Giới tính: Nữ" in text


def _docx_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload_in_admin(client, office, agency, content: bytes, name: str = "mau.docx", kind=FormKind.PROPOSAL_LETTER):
    client.force_login(office)
    regime = LegalRegime.objects.get(code="2023")
    return client.post("/quan-tri/dossiers/formtemplate/add/", {
        "agency": agency.pk, "regime": regime.pk, "kind": kind,
        "file": SimpleUploadedFile(name, content, content_type=DOCX),
    })


def test_the_offices_own_template_replaces_the_default(client, nominated, clerk):
    agency = nominated.campaign.agency
    office = office_user(username="vanphong")
    template = _docx_with("CÔNG VĂN RIÊNG CỦA SỞ: {{ unit.name }} đề nghị {% for n in individuals %}{{ n.name }}{% endfor %}")
    response = _upload_in_admin(client, office, agency, template)
    assert response.status_code == 302
    own = FormTemplate.objects.get()
    assert (own.original_name, own.uploaded_by) == ("mau.docx", office)
    # Stored once, under the row's name (by the form, through store_for_row; not again by the model's save).
    folder = Path(own.file.path).parent
    assert [p.name for p in folder.iterdir()] == [Path(own.file.name).name]
    text = _text(_get(client, clerk, f"/ho-so/{nominated.pk}/mau/cong-van-de-nghi.docx").content)
    assert text.strip() == "CÔNG VĂN RIÊNG CỦA SỞ: Phòng Quản lý Công nghiệp đề nghị Lê Văn Hùng"
    # The minutes still come from the default; another agency's dossiers are untouched.
    assert "BIÊN BẢN" in _text(_get(client, clerk, f"/ho-so/{nominated.pk}/mau/bien-ban-hop-xet.docx").content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mau.doc", b"\xd0\xcf\x11\xe0 old word", "không phải tệp .docx"),
        ("mau.pdf", b"%PDF-1.4 x", "không phải tệp .docx"),
        ("mau.docx", b"this is not a zip", "không phải là tệp DOCX thật"),
        ("mau.docx", None, "có lỗi cú pháp hoặc dùng biến không có"),  # {% for without endfor
        ("mau.docx", "unknown", "có lỗi cú pháp hoặc dùng biến không có"),  # a variable that does not exist
        ("mau.docx", "sandbox", "có lỗi cú pháp hoặc dùng biến không có"),  # reaching Python's internals
    ],
)
def test_a_bad_upload_is_refused_with_a_vietnamese_message_and_nothing_is_kept(client, nominated, name, content, message):
    from django.core.files.storage import default_storage  # noqa: F401 (the private storage is checked below)

    from core.storage import private_storage

    if content is None:
        content = _docx_with("{% for n in individuals %}{{ n.name }}")
    elif content == "unknown":
        content = _docx_with("{{ don_vi }}")
    elif content == "sandbox":
        content = _docx_with("{{ unit.__class__.__mro__[1].__subclasses__() }}")
    office = office_user(username="vanphong")
    response = _upload_in_admin(client, office, nominated.campaign.agency, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FormTemplate.objects.count() == 0
    storage = private_storage()
    assert not storage.exists("form-templates") or storage.listdir("form-templates") == ([], [])


def test_a_zip_without_a_document_is_refused(client, nominated):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    response = _upload_in_admin(client, office_user(username="vanphong"), nominated.campaign.agency, out.getvalue())
    assert response.status_code == 200
    assert FormTemplate.objects.count() == 0


def test_downloads_follow_who_sees_the_dossier(client, nominated, other_unit):
    nomination = nominated.nominations.first()
    urls = [f"/ho-so/{nominated.pk}/mau/cong-van-de-nghi.docx",
            f"/ho-so/{nominated.pk}/de-nghi/{nomination.pk}/mau/bao-cao-tom-tat-ca-nhan.docx"]
    other_agency = AgencyFactory(code="STC", name="Sở Tài chính")
    outsiders = [staff_user(other_unit, username="khac"), office_user(username="vp.stc", agency=other_agency)]
    for user in outsiders:
        for url in urls:
            assert _get(client, user, url).status_code == 404
    for user in (office_user(username="vanphong"), inspector_user(username="thanhtra")):
        assert _get(client, user, urls[0]).status_code == 200
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_wrong_kinds_and_ids_are_404(client, nominated, clerk):
    collective = nominated.nominations.get(kind=NomineeKind.COLLECTIVE)
    client.force_login(clerk)
    assert client.get(f"/ho-so/{nominated.pk}/mau/khong-co.docx").status_code == 404
    assert client.get(f"/ho-so/{nominated.pk}/mau/bao-cao-tom-tat-ca-nhan.docx").status_code == 404
    assert client.get(f"/ho-so/{nominated.pk}/de-nghi/{collective.pk}/mau/cong-van-de-nghi.docx").status_code == 404
    assert client.get(f"/ho-so/{nominated.pk}/de-nghi/99999999999999999999/mau/bao-cao-tom-tat-ca-nhan.docx").status_code == 404
    # A collective's report asked for in the individual's form: a message on the dossier page, nothing filled.
    response = client.get(f"/ho-so/{nominated.pk}/de-nghi/{collective.pk}/mau/bao-cao-tom-tat-ca-nhan.docx")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Mẫu báo cáo không đúng loại (tập thể hay cá nhân) của đề nghị đã chọn." in page.content.decode()


def test_the_dossier_page_links_every_form(client, nominated, clerk, django_assert_max_num_queries):
    client.force_login(clerk)
    text = client.get(f"/ho-so/{nominated.pk}/").content.decode()
    assert "Mẫu văn bản điền sẵn (Word)" in text
    for nomination in nominated.nominations.all():
        assert f"/ho-so/{nominated.pk}/de-nghi/{nomination.pk}/mau/" in text
    assert f"/ho-so/{nominated.pk}/mau/cong-van-de-nghi.docx" in text


def test_filling_takes_a_fixed_number_of_queries(nominated, clerk, make_pdf, django_assert_max_num_queries):
    for i in range(10):
        person = StaffMemberFactory(unit=nominated.unit, full_name=f"Cán bộ {i}")
        services.add_nomination(dossier=nominated, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person,
                                achievement_summary="Tốt.", report=make_pdf(f"{i}.pdf"))
    with django_assert_max_num_queries(10):
        filled = forms_docx.fill(nominated, FormKind.MEETING_MINUTES)
    assert "Cán bộ 9" in _text(filled.content)


def test_a_dossier_without_a_collective_asks_for_its_individuals_only(client, complete_draft, clerk):
    text = _text(_get(client, clerk, f"/ho-so/{complete_draft.pk}/mau/cong-van-de-nghi.docx").content)
    assert "xét, tặng Giấy khen cho 1 cá nhân đã có thành tích" in text
    assert "Tập thể (" not in text
    assert "1. Cá nhân (1):" in text


def test_a_form_printed_after_the_campaign_bears_the_date_of_its_submission(nominated, clerk):
    submitted = services.submit_dossier(dossier=nominated, by=clerk)
    filled = forms_docx.fill(submitted, FormKind.PROPOSAL_LETTER, today=dt.date(2026, 12, 1))
    text = _text(filled.content)
    assert "Đồng Tháp, ngày 01 tháng 11 năm 2023" in text
    assert "2026" not in text


def test_a_store_that_fails_is_an_error_on_the_field_and_nothing_is_kept(client, nominated, monkeypatch):
    from core.storage import private_storage
    from dossiers.admin_form_templates import TEMPLATE_STORAGE_FAILED
    from tests.helpers import full_disk

    full_disk(monkeypatch)
    response = _upload_in_admin(client, office_user(username="vanphong"), nominated.campaign.agency,
                                _docx_with("{{ unit.name }}"), name="mau-rieng.docx")

    assert response.status_code == 200
    page = response.content.decode()
    assert TEMPLATE_STORAGE_FAILED.format(name="mau-rieng.docx") in page
    assert "hãy báo quản trị hệ thống" in page  # the office is the one uploading
    assert 'name="kind"' in page and 'value="proposal_letter" selected' in page  # the rest of the form kept
    assert FormTemplate.objects.count() == 0
    storage = private_storage()
    assert not storage.exists("form-templates") or storage.listdir("form-templates") == ([], [])
