"""IV.3: the People's Inspection Board files supervision reports; the office and the Director read them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from campaign import services
from campaign.models import SupervisionReport
from tests.factories import SupervisionReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

FINDINGS = "Các phòng đã công khai quy chế chi tiêu nội bộ; 2 phòng chưa tổ chức sinh hoạt chuyên đề."


def file(plan, by, *, start=dt.date(2023, 7, 1), end=dt.date(2023, 9, 30), findings=FINDINGS, recommendations=""):
    return services.file_supervision_report(
        campaign=plan, by=by, period_start=start, period_end=end, findings=findings, recommendations=recommendations
    )


def test_a_board_member_files_a_supervision_report(plan, inspector):
    report = file(plan, inspector, recommendations="Tổ chức sinh hoạt chuyên đề trong tháng 11.")

    assert (report.campaign, report.filed_by, report.filed_by_name) == (plan, inspector, "thanhtra")
    assert (report.period_start, report.period_end, report.findings) == (dt.date(2023, 7, 1), dt.date(2023, 9, 30), FINDINGS)


def test_only_the_inspection_board_files_supervision_reports(plan, office, member):
    for user in (office, member):
        with pytest.raises(services.NotAllowed) as refused:
            file(plan, user)
        assert refused.value.message == "Chỉ thành viên Ban Thanh tra nhân dân mới gửi được báo cáo giám sát."
    assert not SupervisionReport.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(plan, inspector):
    with pytest.raises(services.DomainError) as refused:
        file(plan, inspector, start=dt.date(2023, 9, 30), end=dt.date(2023, 7, 1))

    assert refused.value.message == "Thời gian giám sát không hợp lệ: “từ ngày” phải trước hoặc bằng “đến ngày”."


def test_the_database_refuses_a_period_out_of_order(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionReportFactory(campaign=plan, period_start=dt.date(2023, 9, 30), period_end=dt.date(2023, 7, 1))


def test_a_period_ending_in_the_future_is_refused(plan, inspector):
    with pytest.raises(services.DomainError) as refused:
        file(plan, inspector, end=dt.date(2023, 10, 21))

    assert refused.value.message == "Thời gian giám sát không được kết thúc sau ngày hôm nay."


def test_the_board_files_from_its_page(client, plan, inspector):
    client.force_login(inspector)

    response = client.post(
        f"/ke-hoach/{plan.pk}/giam-sat/",
        {"period_start": "01/07/2023", "period_end": "30/09/2023", "findings": FINDINGS, "recommendations": ""},
        follow=True,
    )

    html = response.content.decode()
    assert "Đã gửi báo cáo giám sát. Văn phòng Sở và Lãnh đạo Sở xem được báo cáo này." in html
    assert "Giám sát từ 01/07/2023 đến 30/09/2023" in html
    assert SupervisionReport.objects.count() == 1


def test_the_office_and_the_director_read_reports_without_a_form(client, plan, office, director):
    SupervisionReportFactory(campaign=plan)
    for reader in (office, director):
        client.force_login(reader)
        html = client.get(f"/ke-hoach/{plan.pk}/giam-sat/").content.decode()
        assert "Các phòng, đơn vị công khai quy chế chi tiêu nội bộ đúng quy định." in html
        assert "Tiếp tục duy trì sinh hoạt chuyên đề hằng quý." in html
        assert "supervision-form" not in html


def test_the_office_cannot_file_a_report_through_the_page(client, plan, office):
    client.force_login(office)

    response = client.post(
        f"/ke-hoach/{plan.pk}/giam-sat/", {"period_start": "01/07/2023", "period_end": "30/09/2023", "findings": "x"}
    )

    assert response.status_code == 403
    assert not SupervisionReport.objects.exists()


def test_unit_staff_do_not_see_supervision_reports(client, plan, member):
    SupervisionReportFactory(campaign=plan)
    client.force_login(member)

    response = client.get(f"/ke-hoach/{plan.pk}/giam-sat/")

    assert response.status_code == 403
    assert "Báo cáo giám sát dành cho Ban Thanh tra nhân dân, Văn phòng Sở và Lãnh đạo Sở." in response.content.decode()
