"""II and IV: a unit reports what it did on each content item; editable until 31/10 23:59:59 ICT, then read-only."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign import selectors, services
from campaign.models import ContentItem, Membership, ProgressEvidence, ProgressReport, Role
from tests.factories import CampaignFactory, ProgressReportFactory, staff_user
from tests.helpers import pdf_bytes, png_bytes, vn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

TEXT = "Tổ chức hội nghị quán triệt Luật thực hiện dân chủ ở cơ sở cho 25 công chức của phòng."


def report(plan, item, by, *, text=TEXT, day=dt.date(2023, 10, 5), evidence=()):
    return services.save_progress_report(
        campaign=plan, content_item=item, by=by, description=text, activity_date=day, evidence=list(evidence)
    )


def pdf(name="bien-ban-hoi-nghi.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def test_a_unit_reports_on_a_content_item_with_evidence(plan, items, unit, member, settings):
    saved = report(plan, items[1], member, evidence=[pdf(), SimpleUploadedFile("anh.png", png_bytes())])

    assert (saved.unit, saved.campaign, saved.content_item.number) == (unit, plan, 1)
    assert (saved.description, saved.activity_date) == (TEXT, dt.date(2023, 10, 5))
    files = list(saved.evidence.order_by("original_name"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("anh.png", "image/png"),
        ("bien-ban-hoi-nghi.pdf", "application/pdf"),
    ]
    assert files[1].sha256 == hashlib.sha256(pdf_bytes("bien-ban-hoi-nghi.pdf")).hexdigest()
    # Stored under a generated name in the private storage, not under the user's name.
    assert files[1].file.name.startswith(f"progress/{plan.pk}/{saved.pk}/")
    assert "bien-ban" not in files[1].file.name
    assert files[1].file.storage.exists(files[1].file.name)


def test_a_second_save_updates_the_same_report_and_keeps_its_evidence(plan, items, member, leader):
    first = report(plan, items[2], member, evidence=[pdf()])

    second = report(plan, items[2], leader, text="Đã cập nhật", day=dt.date(2023, 10, 19))

    assert second.pk == first.pk
    assert (second.description, second.updated_by, second.created_by) == ("Đã cập nhật", leader, member)
    assert second.evidence.count() == 1
    assert ProgressReport.objects.count() == 1


def test_a_report_on_an_item_of_another_campaign_is_refused(plan, member):
    other_item = ContentItem.objects.create(campaign=CampaignFactory(number="99/KH-SCT"), number=1, text="Khác")

    with pytest.raises(services.DomainError) as refused:
        report(plan, other_item, member)

    assert refused.value.message == (
        "Nội dung số 1 không thuộc Kế hoạch số 57/KH-SCT; chỉ báo cáo được các nội dung của Kế hoạch này."
    )
    assert not ProgressReport.objects.exists()


def test_the_report_is_editable_until_the_last_instant_of_31_october(plan, items, member):
    with time_machine.travel(vn(2023, 10, 31, 23, 59, 59, 999999), tick=False):
        saved = report(plan, items[3], member, day=dt.date(2023, 10, 31))

    assert saved.description == TEXT


def test_editing_after_31_october_is_refused_and_the_report_is_unchanged(plan, items, member):
    saved = report(plan, items[3], member)

    with time_machine.travel(vn(2023, 11, 1, 0, 0, 0), tick=False), pytest.raises(
        services.OutsideEmulationPeriod
    ) as refused:
        report(plan, items[3], member, text="Sửa sau hạn")

    assert refused.value.message == (
        "Đã hết thời gian thi đua (đến hết ngày 31/10/2023); không thể cập nhật báo cáo tiến độ nữa."
    )
    saved.refresh_from_db()
    assert saved.description == TEXT


def test_a_disguised_evidence_file_is_refused_and_nothing_is_saved(plan, items, member, tmp_path):
    fake = SimpleUploadedFile("minh-chung.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")

    with pytest.raises(services.DomainError) as refused:
        report(plan, items[4], member, evidence=[pdf(), fake])

    assert refused.value.message.startswith("Nội dung tệp “minh-chung.pdf” không phải là tệp PDF thật")
    assert not ProgressReport.objects.exists()
    assert not ProgressEvidence.objects.exists()
    folder = tmp_path / "private"
    assert [p for p in folder.rglob("*") if p.is_file()] == [] if folder.exists() else True


def test_an_activity_date_outside_the_emulation_period_is_refused(plan, items, member):
    with pytest.raises(services.DomainError) as refused:
        report(plan, items[1], member, day=dt.date(2023, 5, 1))

    assert refused.value.message == "Ngày thực hiện phải trong thời gian thi đua: từ 15/05/2023 đến 31/10/2023."


def test_an_activity_date_in_the_future_is_refused(plan, items, member):
    with pytest.raises(services.DomainError) as refused:
        report(plan, items[1], member, day=dt.date(2023, 10, 25))

    assert refused.value.message == "Ngày thực hiện không được sau ngày hôm nay: báo cáo nêu việc đã làm."


def test_an_empty_description_is_refused(plan, items, member):
    with pytest.raises(services.DomainError) as refused:
        report(plan, items[1], member, text="   ")

    assert refused.value.message == "Hãy nêu những việc đơn vị đã làm cho nội dung này."


def test_the_inspection_board_does_not_write_progress_reports(plan, items, unit):
    member_of_the_board = staff_user(unit, username="loi")
    Membership.objects.create(user=member_of_the_board, agency=unit.agency, role=Role.INSPECTION)

    with pytest.raises(services.NotAllowed) as refused:
        report(plan, items[1], member_of_the_board)

    assert "chỉ được xem và gửi báo cáo giám sát" in refused.value.message


def test_evidence_is_limited_per_report(plan, items, member):
    report(plan, items[5], member, evidence=[pdf(f"tep-{n}.pdf") for n in range(services.MAX_EVIDENCE_PER_REPORT)])

    with pytest.raises(services.DomainError) as refused:
        report(plan, items[5], member, evidence=[pdf("mot-tep-nua.pdf")])

    assert refused.value.message.startswith("Mỗi nội dung có tối đa 10 tệp minh chứng (đã có 10)")
    assert ProgressEvidence.objects.count() == 10


def test_removing_evidence_deletes_the_row_and_the_stored_file(plan, items, member, django_capture_on_commit_callbacks):
    saved = report(plan, items[1], member, evidence=[pdf()])
    evidence = saved.evidence.get()
    storage, name = evidence.file.storage, evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence=evidence, by=member)

    assert not ProgressEvidence.objects.exists()
    assert not storage.exists(name)


def test_progress_reports_for_unit_lists_only_that_unit_and_plan_in_item_order(plan, items, unit, other_unit, member):
    report(plan, items[7], member)
    report(plan, items[2], member)
    ProgressReportFactory(content_item=items[1], unit=other_unit)

    reports = list(selectors.progress_reports_for_unit(plan, unit))

    assert [r.content_item.number for r in reports] == [2, 7]


# The pages -----------------------------------------------------------------------------------------------


def test_the_work_page_lists_the_nine_items_with_what_is_reported(client, plan, items, member):
    report(plan, items[1], member, evidence=[pdf()])
    client.force_login(member)

    html = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()

    assert html.count('class="list-group-item progress-item') == 9
    assert '<strong class="reported-count">1/9</strong> nội dung đã báo cáo' in html
    assert TEXT in html
    assert "bien-ban-hoi-nghi.pdf" in html
    assert html.count(">Báo cáo<span") == 8 and html.count(">Cập nhật<span") == 1


def test_filing_a_report_from_the_browser(client, plan, items, member):
    client.force_login(member)

    response = client.post(
        f"/ke-hoach/{plan.pk}/noi-dung/{items[2].pk}/bao-cao/",
        {"description": TEXT, "activity_date": "05/10/2023", "evidence": [pdf()]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ke-hoach/{plan.pk}/thuc-hien/#noi-dung-2"
    saved = ProgressReport.objects.get()
    assert (saved.content_item, saved.activity_date, saved.evidence.count()) == (items[2], dt.date(2023, 10, 5), 1)


def test_a_refused_file_keeps_what_was_typed(client, plan, items, member):
    client.force_login(member)

    response = client.post(
        f"/ke-hoach/{plan.pk}/noi-dung/{items[2].pk}/bao-cao/",
        {"description": "Nội dung đã gõ dài", "activity_date": "05/10/2023",
         "evidence": [SimpleUploadedFile("bang-tinh.pdf", b"khong phai pdf")]},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung tệp “bang-tinh.pdf” không phải là tệp PDF thật" in html
    assert "Nội dung đã gõ dài</textarea>" in html
    assert 'value="05/10/2023"' in html
    assert not ProgressReport.objects.exists()


def test_an_item_of_another_campaign_is_not_found_on_this_plan(client, plan, member):
    other_item = ContentItem.objects.create(campaign=CampaignFactory(number="98/KH-SCT"), number=1, text="Khác")
    client.force_login(member)

    response = client.post(
        f"/ke-hoach/{plan.pk}/noi-dung/{other_item.pk}/bao-cao/", {"description": TEXT, "activity_date": "05/10/2023"}
    )

    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_after_31_october_the_report_page_is_read_only_and_post_is_refused(client, plan, items, member):
    report(plan, items[1], member)
    with time_machine.travel(vn(2023, 11, 1, 9), tick=False):
        client.force_login(member)
        page = client.get(f"/ke-hoach/{plan.pk}/noi-dung/{items[1].pk}/bao-cao/").content.decode()
        refused = client.post(
            f"/ke-hoach/{plan.pk}/noi-dung/{items[1].pk}/bao-cao/",
            {"description": "Sửa sau hạn", "activity_date": "05/10/2023"},
        )

    assert "Đã hết thời gian thi đua (đến hết ngày 31/10/2023): báo cáo chỉ còn để xem." in page
    assert 'id="progress-form"' not in page and TEXT in page
    assert refused.status_code == 400
    assert "không thể cập nhật báo cáo tiến độ nữa." in refused.content.decode()
    assert ProgressReport.objects.get().description == TEXT


def test_evidence_downloads_for_the_unit_and_the_office_only(client, plan, items, member, outsider, office):
    evidence = report(plan, items[1], member, evidence=[pdf()]).evidence.get()
    url = f"/minh-chung/{evidence.pk}/"

    client.force_login(member)
    own = client.get(url)
    client.force_login(office)
    office_copy = client.get(url)
    client.force_login(outsider)
    other_unit = client.get(url)

    assert own.status_code == 200 and b"".join(own.streaming_content) == pdf_bytes("bien-ban-hoi-nghi.pdf")
    assert own["Content-Disposition"].startswith("attachment;")
    assert office_copy.status_code == 200
    assert other_unit.status_code == 404


def test_another_units_staff_cannot_remove_evidence(client, plan, items, member, outsider):
    evidence = report(plan, items[1], member, evidence=[pdf()]).evidence.get()
    client.force_login(outsider)

    response = client.post(f"/ke-hoach/{plan.pk}/minh-chung/{evidence.pk}/go/")

    assert response.status_code == 404
    assert ProgressEvidence.objects.count() == 1


def test_the_office_reads_a_units_progress_read_only(client, plan, items, unit, member, office):
    report(plan, items[1], member)
    client.force_login(office)

    html = client.get(f"/ke-hoach/{plan.pk}/don-vi/{unit.pk}/").content.decode()

    assert TEXT in html and "<strong>1/9</strong> nội dung đã báo cáo" in html
    assert "<form" not in html.replace('action="/dang-xuat/"', "").split("</nav>", 1)[1]


def test_a_store_that_fails_refuses_the_report_and_keeps_nothing(plan, items, member, tmp_path, monkeypatch):
    from core.storage import STORAGE_FAILED
    from tests.helpers import full_disk

    full_disk(monkeypatch)
    with pytest.raises(services.DomainError) as refused:
        report(plan, items[4], member, evidence=[pdf("minh-chung.pdf")])

    assert refused.value.message == STORAGE_FAILED.format(name="minh-chung.pdf")
    assert refused.value.message.startswith("Không lưu được tệp “minh-chung.pdf” vào kho lưu trữ của máy chủ")
    assert not ProgressReport.objects.exists() and not ProgressEvidence.objects.exists()
