from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation import services
from emulation.models import Pledge, PledgeTitle, Score
from tests.factories import UnitFactory, staff_user
from tests.helpers import pdf_bytes, vn

pytestmark = pytest.mark.django_db


def test_staff_register_their_units_pledge_on_the_portal(client, plan, items, unit_a, clerk_a, pledging):
    client.force_login(clerk_a)
    url = f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/"
    assert "Chưa đăng ký" in client.get(url).content.decode()
    response = client.post(url, {"title": "excellent_collective", f"text_{items[0].pk}": "100% cán bộ nắm Kế hoạch",
                                 f"number_{items[1].pk}": "4,5"})
    assert response.status_code == 302
    pledge = Pledge.objects.get(unit=unit_a, staff__isnull=True)
    assert [t.shown for t in pledge.targets.order_by("content_item__number")] == ["100% cán bộ nắm Kế hoạch", "4,5"]


def test_a_bad_pledge_form_keeps_what_was_typed(client, plan, items, clerk_a, pledging):
    client.force_login(clerk_a)
    response = client.post(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/", {
        "title": "other", f"text_{items[0].pk}": "Chỉ tiêu đã gõ", f"number_{items[1].pk}": "mười"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Chỉ tiêu (số) phải là một số" in body and "Chỉ tiêu đã gõ" in body
    response = client.post(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/", {"title": "other", f"text_{items[0].pk}": "Giữ lại"})
    assert response.status_code == 400
    assert "hãy ghi rõ danh hiệu đăng ký" in response.content.decode() and "Giữ lại" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_after_the_lock_the_page_is_read_only_and_a_post_changes_nothing(client, plan, unit_a, clerk_a):
    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=PledgeTitle.ADVANCED_COLLECTIVE,
                         now=vn(2023, 6, 1, 9))
    client.force_login(clerk_a)
    import time_machine

    with time_machine.travel(vn(2023, 7, 1, 0, 0, 0), tick=False):
        page = client.get(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/").content.decode()
        assert "Đã hết hạn đăng ký thi đua (đến hết ngày 30/06/2023)" in page
        assert "pledge-form" not in page
        response = client.post(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/", {"title": "excellent_collective"})
    assert response.status_code == 400
    assert Pledge.objects.get().title == PledgeTitle.ADVANCED_COLLECTIVE


def test_the_board_reads_a_units_pledge_and_may_not_post(client, plan, unit_a, clerk_a, inspector, pledging):
    client.force_login(inspector)
    assert client.get(f"/thi-dua/ke-hoach/{plan.pk}/don-vi/{unit_a.pk}/dang-ky/").status_code == 200
    assert client.post(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/", {"title": "excellent_collective"}).status_code == 302


def test_another_agency_sees_nothing(client, plan, unit_a, criteria, clerk_a, other_agency_clerk, scoring):
    score = services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a, points="1", evidence_text="x")
    client.force_login(other_agency_clerk)
    for url in (f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/", f"/thi-dua/ke-hoach/{plan.pk}/xep-hang/",
                f"/thi-dua/ke-hoach/{plan.pk}/don-vi/{unit_a.pk}/diem/", f"/thi-dua/diem/{score.pk}/minh-chung/"):
        assert client.get(url).status_code == 404, url


def test_the_register_shows_who_has_and_has_not_registered_without_a_query_per_unit(
        client, plan, unit_a, unit_b, clerk_a, person_a, office, django_assert_max_num_queries):
    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=PledgeTitle.EXCELLENT_COLLECTIVE,
                         now=vn(2023, 6, 1, 9))
    services.save_pledge(campaign=plan, unit=unit_a, staff=person_a, by=clerk_a, title=PledgeTitle.ADVANCED_WORKER,
                         now=vn(2023, 6, 1, 9))
    for n in range(20):
        UnitFactory(agency=plan.agency, name=f"Đơn vị thêm {n}")
    client.force_login(office)
    with django_assert_max_num_queries(14):
        response = client.get(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/tong-hop/")
    rows = response.context["rows"]
    assert len(rows) == 22 and response.context["registered"] == 1
    row_a = next(r for r in rows if r.unit == unit_a)
    assert (row_a.pledge.title, row_a.people, row_a.people_pledged) == (PledgeTitle.EXCELLENT_COLLECTIVE, 2, 1)
    assert "1/22" in response.content.decode()


def test_staff_do_not_open_the_register_or_the_ranking(client, plan, clerk_a):
    client.force_login(clerk_a)
    assert client.get(f"/thi-dua/ke-hoach/{plan.pk}/dang-ky/tong-hop/").status_code == 403
    response = client.get(f"/thi-dua/ke-hoach/{plan.pk}/xep-hang/")
    assert response.status_code == 403


def test_scoring_on_the_portal_and_the_evidence_file_is_served_only_to_whom_sees_it(
        client, plan, criteria, unit_a, clerk_a, clerk_b, office, scoring):
    client.force_login(clerk_a)
    url = f"/thi-dua/ke-hoach/{plan.pk}/cham-diem/{criteria[0].pk}/"
    response = client.post(url, {"points": "3,5", "evidence_text": "Kế hoạch số 12",
                                 "evidence_file": SimpleUploadedFile("ke-hoach.pdf", pdf_bytes())})
    assert response.status_code == 302
    score = Score.objects.get()
    assert score.self_points == Decimal("3.5")
    file_url = f"/thi-dua/diem/{score.pk}/minh-chung/"
    assert b"".join(client.get(file_url).streaming_content) == pdf_bytes()
    client.force_login(clerk_b)
    assert client.get(file_url).status_code == 404
    client.force_login(office)
    assert client.get(file_url).status_code == 200


def test_a_refused_score_keeps_the_typed_text_and_asks_for_the_file_again(client, plan, criteria, clerk_a, scoring):
    client.force_login(clerk_a)
    response = client.post(f"/thi-dua/ke-hoach/{plan.pk}/cham-diem/{criteria[0].pk}/", {
        "points": "9", "evidence_text": "Văn bản đã gõ", "evidence_file": SimpleUploadedFile("a.pdf", pdf_bytes())})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Điểm phải từ 0 đến 4" in body and "Văn bản đã gõ" in body and "chọn lại tệp" in body
    assert Score.objects.count() == 0


def test_the_office_adjusts_on_the_units_page_a_reason_is_required(client, plan, criteria, unit_a, clerk_a, office):
    score = services.save_score(criterion=criteria[1], unit=unit_a, by=clerk_a, points="6", evidence_text="x",
                                now=vn(2023, 11, 5, 9))
    client.force_login(office)
    url = f"/thi-dua/ke-hoach/{plan.pk}/don-vi/{unit_a.pk}/diem/"
    response = client.post(url, {"score": score.pk, "points": "4", "reason": ""})
    assert response.status_code == 400
    assert "Hãy ghi lý do điều chỉnh điểm." in response.content.decode()
    score.refresh_from_db()
    assert score.adjusted_points is None
    assert client.post(url, {"score": "abc", "points": "4", "reason": "x"}).status_code == 400
    assert client.post(url, {"score": score.pk, "points": "4", "reason": "Thiếu minh chứng"}).status_code == 302
    score.refresh_from_db()
    assert (score.adjusted_points, score.adjust_reason) == (Decimal("4"), "Thiếu minh chứng")


def test_the_board_and_the_director_read_the_ranking_but_do_not_adjust(client, plan, criteria, unit_a, clerk_a,
                                                                       inspector, director):
    score = services.save_score(criterion=criteria[1], unit=unit_a, by=clerk_a, points="6", evidence_text="x",
                                now=vn(2023, 11, 5, 9))
    for user in (inspector, director):
        client.force_login(user)
        assert client.get(f"/thi-dua/ke-hoach/{plan.pk}/xep-hang/").status_code == 200
        url = f"/thi-dua/ke-hoach/{plan.pk}/don-vi/{unit_a.pk}/diem/"
        assert "adjust-form" not in client.get(url).content.decode()
        assert client.post(url, {"score": score.pk, "points": "1", "reason": "x"}).status_code == 403
    score.refresh_from_db()
    assert score.adjusted_points is None


def test_the_ranking_page_and_the_export_take_no_query_per_unit(client, plan, criteria, office,
                                                                 django_assert_max_num_queries):
    for n in range(15):
        unit = UnitFactory(agency=plan.agency, name=f"Đơn vị {n:02d}", display_order=n)
        clerk = staff_user(unit, username=f"vt{n}")
        for criterion in criteria:
            services.save_score(criterion=criterion, unit=unit, by=clerk, points=str(n % 5), evidence_text="x",
                                now=vn(2023, 11, 5, 9))
    client.force_login(office)
    with django_assert_max_num_queries(12):
        response = client.get(f"/thi-dua/ke-hoach/{plan.pk}/xep-hang/")
    assert [r.rank for r in response.context["rows"]][:4] == [1, 1, 1, 4]
    with django_assert_max_num_queries(10):
        response = client.get(f"/thi-dua/ke-hoach/{plan.pk}/xep-hang.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_pledge_is_shown_beside_the_progress_reports(client, plan, unit_a, clerk_a, pledging):
    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=PledgeTitle.OTHER, title_other="Tập thể văn hoá")
    client.force_login(clerk_a)
    body = client.get(f"/ke-hoach/{plan.pk}/thuc-hien/").content.decode()
    assert "Đăng ký thi đua của đơn vị" in body and "Tập thể văn hoá" in body


def test_the_ranking_is_shown_beside_the_collective_nominations_in_the_review_page(client, plan, criteria, unit_a,
                                                                                    clerk_a, office):
    services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a, points="4", evidence_text="x",
                        now=vn(2023, 11, 5, 9))
    client.force_login(office)
    body = client.get(f"/quan-tri/awards/approval/xet-duyet/{plan.pk}/grassroots/").content.decode()
    assert "Bảng xếp hạng thi đua các đơn vị" in body and "Phòng Quản lý Công nghiệp" in body


def test_the_pledge_is_shown_on_the_units_dossier(client, plan, unit_a, clerk_a):
    from tests.factories import DossierFactory

    services.save_pledge(campaign=plan, unit=unit_a, by=clerk_a, title=PledgeTitle.EXCELLENT_COLLECTIVE,
                         now=vn(2023, 6, 1, 9))
    dossier = DossierFactory(campaign=plan, unit=unit_a, created_by=clerk_a)
    client.force_login(clerk_a)
    body = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Đăng ký thi đua của đơn vị" in body and 'id="dang-ky-thi-dua"' in body
