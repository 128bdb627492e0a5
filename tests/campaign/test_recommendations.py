"""The inspection board's recommendations (issue 14 point 5; Law 10/2022, art. 63): only the board
files, only the Director (or a deputy) answers, the due date, overdue shown on the dashboards, nothing
deletable, another agency's answered as missing, and the list's queries bounded."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.deletion import ProtectedError
from django.db.utils import IntegrityError

from campaign.models import NonWorkingDay, Recommendation, RecommendationAnswer, RecommendationAttachment
from campaign.recommendations import services
from campaign.recommendations.services import due_date_for
from campaign.rules import RULES, can
from core.errors import DomainError, NotAllowed
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    SupervisionReportFactory,
    UnitFactory,
    committee_user,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import pdf_bytes, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    agency = AgencyFactory()
    unit = UnitFactory(agency=agency, name="Phòng Kế hoạch - Tài chính")
    return {
        "agency": agency,
        "board": inspector_user(username="thanhtra", agency=agency),
        "director": director_user(username="giamdoc", agency=agency),
        "office": office_user(username="vanphong", agency=agency),
        "staff": staff_user(unit, username="canbo"),
        "leader": staff_user(unit, username="truongphong", is_leader=True),
    }


def _file(people, *, now=None, title="Công khai danh sách đề nghị khen thưởng", **kwargs):
    return services.file_recommendation(
        agency=people["agency"], by=people["board"], title=title,
        content="Đề nghị niêm yết danh sách tại bảng tin của cơ quan đủ 5 ngày làm việc.",
        now=now or vn(2024, 3, 1, 9), **kwargs,
    )


def _answer(recommendation, by, **kwargs):
    values = {"decision": "accepted", "text": "Văn phòng Sở niêm yết từ ngày 05/03/2024.", "now": vn(2024, 3, 4, 9)}
    values.update(kwargs)
    return services.answer_recommendation(recommendation=recommendation, by=by, **values)


def _stored_files() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# Who files, who answers ------------------------------------------------------------------------------


def test_the_board_files_a_recommendation_numbered_and_due_in_fifteen_days(people):
    recommendation = _file(people)
    assert (recommendation.year, recommendation.number, recommendation.reference) == (2024, 1, "01/2024")
    # Filed Friday 01/03/2024: the 15th day is Saturday 16/03, so the answer is due Monday 18/03.
    assert recommendation.due_date == dt.date(2024, 3, 18)
    assert recommendation.filed_by == people["board"]


@pytest.mark.parametrize("role", ["director", "office", "staff", "leader"])
def test_nobody_but_the_board_files_and_nothing_is_written(people, role):
    with pytest.raises(NotAllowed) as refused:
        _file({**people, "board": people[role]})
    assert refused.value.message in (
        "Chỉ thành viên Ban Thanh tra nhân dân của cơ quan mới gửi được kiến nghị.",
    )
    assert Recommendation.objects.count() == 0


def test_the_board_of_another_agency_cannot_file_to_this_agency(people):
    other_board = inspector_user(username="thanhtra.syt", agency=AgencyFactory(code="SYT", name="Sở Y tế"))
    with pytest.raises(NotAllowed):
        _file({**people, "board": other_board})
    assert Recommendation.objects.count() == 0


def test_the_committee_cannot_file(people):
    with pytest.raises(NotAllowed):
        _file({**people, "board": committee_user(username="bcd")})


def test_numbers_run_per_agency_and_year(people):
    first = _file(people, now=vn(2024, 12, 31, 23, 59))
    second = _file(people, now=vn(2024, 12, 31, 23, 59, 30))
    next_year = _file(people, now=vn(2025, 1, 1, 0, 0))  # 17:00 UTC on 31/12: already 2025 in Vietnam
    other = AgencyFactory(code="SYT", name="Sở Y tế")
    elsewhere = services.file_recommendation(agency=other, by=inspector_user(username="tt.syt", agency=other),
                                             title="Kiến nghị", content="Nội dung", now=vn(2024, 12, 31, 9))
    assert [(r.year, r.number) for r in (first, second, next_year, elsewhere)] == [
        (2024, 1), (2024, 2), (2025, 1), (2024, 1)
    ]


def test_the_database_refuses_a_number_used_twice(people):
    first = _file(people)
    with pytest.raises(IntegrityError):
        Recommendation.objects.create(agency=first.agency, year=first.year, number=first.number, title="x",
                                      content="x", filed_by=people["board"], filed_by_name="x",
                                      filed_at=first.filed_at, due_date=first.due_date)


def test_the_director_answers_and_the_board_reads_the_answer(people, client):
    recommendation = _file(people)
    answer = _answer(recommendation, people["director"])
    assert (answer.decision, answer.answered_by, answer.corrects) == ("accepted", people["director"], None)
    client.force_login(people["board"])
    page = client.get(f"/kien-nghi/{recommendation.pk}/").content.decode()
    assert "Văn phòng Sở niêm yết từ ngày 05/03/2024." in page
    assert "Tiếp thu" in page
    assert "Đang có hiệu lực" in page


@pytest.mark.parametrize("role", ["board", "office", "staff", "leader"])
def test_nobody_but_the_director_answers(people, role):
    recommendation = _file(people)
    with pytest.raises(NotAllowed) as refused:
        _answer(recommendation, people[role])
    assert refused.value.message == (
        "Chỉ Giám đốc hoặc Phó Giám đốc Sở mới trả lời được kiến nghị của Ban Thanh tra nhân dân."
    )
    assert RecommendationAnswer.objects.count() == 0


def test_the_director_of_another_agency_cannot_answer(people):
    recommendation = _file(people)
    other_director = director_user(username="gd.syt", agency=AgencyFactory(code="SYT", name="Sở Y tế"))
    with pytest.raises(NotAllowed):
        _answer(recommendation, other_director)
    assert RecommendationAnswer.objects.count() == 0


@pytest.mark.parametrize("decision", ["partly", "not_accepted"])
def test_an_answer_not_accepting_in_full_gives_reasons(people, decision):
    recommendation = _file(people)
    with pytest.raises(DomainError) as refused:
        _answer(recommendation, people["director"], decision=decision, reasons="  ")
    assert refused.value.message == "Kiến nghị không được tiếp thu toàn bộ: hãy nêu rõ lý do."
    answer = _answer(recommendation, people["director"], decision=decision, reasons="Đã niêm yết đúng hạn.")
    assert answer.reasons == "Đã niêm yết đúng hạn."


def test_the_database_refuses_a_refusal_without_reasons(people):
    recommendation = _file(people)
    with pytest.raises(IntegrityError):
        RecommendationAnswer.objects.create(recommendation=recommendation, decision="not_accepted", text="Không",
                                            reasons="", answered_by=people["director"], answered_by_name="x",
                                            answered_at=vn(2024, 3, 2, 9))


def test_a_correction_is_a_new_answer_and_the_earlier_is_kept(people, client):
    recommendation = _file(people)
    first = _answer(recommendation, people["director"])
    with pytest.raises(DomainError) as refused:
        _answer(recommendation, people["director"], decision="partly", reasons="Chỉ niêm yết tại trụ sở chính.")
    assert "Nếu cần sửa, hãy gửi câu trả lời đính chính" in refused.value.message
    with pytest.raises(DomainError):
        _answer(recommendation, people["director"], decision="partly", reasons="Chỉ tại trụ sở.", corrects=first)
    second = _answer(recommendation, people["director"], decision="partly", reasons="Chỉ niêm yết tại trụ sở chính.",
                     corrects=first, correction_note="Sửa phạm vi niêm yết.", now=vn(2024, 3, 5, 9))
    with pytest.raises(DomainError) as stale:
        _answer(recommendation, people["director"], text="Lần ba", corrects=first, correction_note="x")
    assert "đã được đính chính" in stale.value.message
    first.refresh_from_db()
    assert (first.decision, first.text) == ("accepted", "Văn phòng Sở niêm yết từ ngày 05/03/2024.")
    assert list(recommendation.answers.order_by("answered_at")) == [first, second]
    client.force_login(people["board"])
    page = client.get(f"/kien-nghi/{recommendation.pk}/").content.decode()
    assert "Đã được đính chính" in page and "Sửa phạm vi niêm yết." in page


# The due date ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        (vn(2024, 1, 2, 9), dt.date(2024, 1, 17)),  # a Wednesday: 15 calendar days, working days not counted
        (vn(2024, 1, 2, 23, 59, 59), dt.date(2024, 1, 17)),  # the last second of the day in Vietnam
        (vn(2024, 1, 3, 0, 0), dt.date(2024, 1, 18)),  # 17:00 UTC on 02/01 is already 03/01 in Vietnam
        (vn(2024, 1, 25, 9), dt.date(2024, 2, 15)),  # 09/02/2024 falls in Tết: the first working day after it
        (vn(2024, 4, 5, 9), dt.date(2024, 4, 22)),  # Saturday 20/04 -> Monday 22/04
    ],
)
def test_the_answer_is_due_fifteen_calendar_days_after_the_day_of_filing(people, filed, due):
    assert _file(people, now=filed).due_date == due


def test_a_day_off_of_the_agency_moves_the_due_date(people):
    NonWorkingDay.objects.create(agency=people["agency"], date=dt.date(2024, 2, 15), note="Nghỉ thêm sau Tết")
    assert due_date_for(people["agency"], dt.date(2024, 1, 25)) == dt.date(2024, 2, 16)


# Open and overdue on the dashboards ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "office", "board"])
def test_open_and_overdue_recommendations_show_on_the_home_page(people, client, role):
    overdue = _file(people, title="Kiến nghị đã quá hạn", now=vn(2024, 3, 1, 9))  # due 18/03
    _file(people, title="Kiến nghị còn hạn", now=vn(2024, 3, 15, 9))  # due 01/04 (30/03 is a Saturday)
    answered = _file(people, title="Kiến nghị đã trả lời", now=vn(2024, 3, 2, 9))
    _answer(answered, people["director"])
    client.force_login(people[role])
    with time_machine.travel(vn(2024, 3, 20, 9), tick=False):
        page = client.get("/").content.decode()
        listing = client.get("/kien-nghi/?loc=qua-han").content.decode()
    assert "2 chờ trả lời" in page and "1 quá hạn" in page and "1 đã trả lời" in page
    assert "Kiến nghị đã quá hạn" in page and "Quá hạn 2 ngày" in page and "list-group-item-danger" in page
    assert "Kiến nghị còn hạn" in page and "Còn 12 ngày" in page
    assert "Kiến nghị đã trả lời" not in page  # the panel lists what waits for an answer
    assert f'id="kien-nghi-{overdue.pk}"' in listing and "table-danger" in listing
    assert "Kiến nghị còn hạn" not in listing


def test_the_dashboard_shows_the_panel(people, client):
    campaign = CampaignFactory(agency=people["agency"])
    _file(people, now=vn(2023, 10, 1, 9))
    client.force_login(people["director"])
    page = client.get(f"/ke-hoach/{campaign.pk}/bang-theo-doi/").content.decode()
    assert 'id="kien-nghi"' in page and "1 quá hạn" in page


def test_staff_see_no_panel_and_no_list(people, client):
    recommendation = _file(people)
    client.force_login(people["staff"])
    assert 'id="kien-nghi"' not in client.get("/").content.decode()
    response = client.get("/kien-nghi/")
    assert response.status_code == 403
    assert "dành cho Ban Thanh tra nhân dân, Lãnh đạo Sở và Văn phòng Sở" in response.content.decode()
    assert client.get(f"/kien-nghi/{recommendation.pk}/").status_code == 404


# Nothing can be deleted --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "office", "board", "staff"])
def test_the_rules_let_nobody_change_or_delete(people, role):
    recommendation = _file(people)
    answer = _answer(recommendation, people["director"])
    for permission, obj in (
        ("campaign.delete_recommendation", recommendation), ("campaign.change_recommendation", recommendation),
        ("campaign.delete_recommendationanswer", answer), ("campaign.change_recommendationanswer", answer),
        ("campaign.delete_recommendationattachment", None),
    ):
        assert not can(people[role], permission, obj)


def test_nobody_deletes_in_the_admin(people, client):
    recommendation = _file(people)
    _answer(recommendation, people["director"])
    for role in ("director", "office", "board"):
        client.force_login(people[role])
        assert client.get(f"/quan-tri/campaign/recommendation/{recommendation.pk}/change/").status_code == 200
        assert client.get(f"/quan-tri/campaign/recommendation/{recommendation.pk}/delete/").status_code == 403
        assert client.post(f"/quan-tri/campaign/recommendation/{recommendation.pk}/delete/",
                           {"post": "yes"}).status_code == 403
        changed = client.post(f"/quan-tri/campaign/recommendation/{recommendation.pk}/change/",
                              {"title": "Đã sửa"})
        assert changed.status_code == 403
        assert client.get("/quan-tri/campaign/recommendation/add/").status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.title == "Công khai danh sách đề nghị khen thưởng"
    assert (Recommendation.objects.count(), RecommendationAnswer.objects.count()) == (1, 1)


def test_no_page_deletes_and_the_database_protects_what_was_answered(people, client):
    recommendation = _file(people, attachments=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes())])
    answer = _answer(recommendation, people["director"])
    assert not any("delete" in name for name in RULES if "recommendation" in name and RULES[name].name != "always_deny")
    with pytest.raises(ProtectedError):
        recommendation.delete()
    with pytest.raises(ProtectedError):
        Recommendation.objects.filter(pk=recommendation.pk).delete()
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
    assert RecommendationAnswer.objects.filter(pk=answer.pk).exists()
    assert RecommendationAttachment.objects.filter(recommendation=recommendation).count() == 1


def test_history_is_kept(people):
    recommendation = _file(people)
    answer = _answer(recommendation, people["director"])
    assert recommendation.history.count() == 1 and answer.history.count() == 1


# Pages: filing, answering, another agency, bad input ----------------------------------------------------


def test_the_board_files_in_the_portal_from_a_supervision_report(people, client):
    campaign = CampaignFactory(agency=people["agency"])
    report = SupervisionReportFactory(campaign=campaign, filed_by=people["board"])
    client.force_login(people["board"])
    form = client.get(f"/kien-nghi/gui/?bao-cao={report.pk}").content.decode()
    assert f'<option value="{report.pk}" selected>' in form
    with time_machine.travel(vn(2024, 3, 1, 9), tick=False):
        response = client.post("/kien-nghi/gui/", {
            "title": "Họp xét khen thưởng chưa mời đại diện Công đoàn", "content": "Đề nghị mời đại diện.",
            "campaign": str(campaign.pk), "supervision_report": str(report.pk),
            "attachments": [SimpleUploadedFile("bien-ban.pdf", pdf_bytes())],
        })
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kien-nghi/{recommendation.pk}/"
    assert (recommendation.campaign, recommendation.supervision_report) == (campaign, report)
    attachment = recommendation.attachments.get()
    assert attachment.original_name == "bien-ban.pdf"
    download = client.get(f"/kien-nghi/tep/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()


def test_a_refused_file_keeps_what_was_typed_and_writes_nothing(people, client):
    client.force_login(people["board"])
    response = client.post("/kien-nghi/gui/", {
        "title": "Tiêu đề đã gõ", "content": "Nội dung đã gõ dài",
        "attachments": [SimpleUploadedFile("gia.pdf", b"khong phai pdf")],
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung tệp “gia.pdf” không phải là tệp PDF thật" in page
    assert "Tiêu đề đã gõ" in page and "Nội dung đã gõ dài" in page
    assert Recommendation.objects.count() == 0 and _stored_files() == []


def test_the_director_answers_in_the_portal_and_garbage_is_refused(people, client):
    recommendation = _file(people)
    client.force_login(people["director"])
    bad = client.post(f"/kien-nghi/{recommendation.pk}/tra-loi/", {"decision": "not_accepted", "text": "Chưa"})
    assert bad.status_code == 400
    assert "Kiến nghị không được tiếp thu toàn bộ: hãy nêu rõ lý do." in bad.content.decode()
    assert "Chưa" in bad.content.decode()
    garbage = client.post(f"/kien-nghi/{recommendation.pk}/tra-loi/", {"decision": "x", "text": "a", "corrects": "9" * 30})
    assert garbage.status_code == 400
    ok = client.post(f"/kien-nghi/{recommendation.pk}/tra-loi/", {"decision": "accepted", "text": "Đồng ý."})
    assert ok.status_code == 302
    assert RecommendationAnswer.objects.get().text == "Đồng ý."


def test_the_board_and_the_office_cannot_answer_in_the_portal(people, client):
    recommendation = _file(people)
    for role in ("board", "office"):
        client.force_login(people[role])
        assert "form-tra-loi" not in client.get(f"/kien-nghi/{recommendation.pk}/").content.decode()
        response = client.post(f"/kien-nghi/{recommendation.pk}/tra-loi/", {"decision": "accepted", "text": "x"})
        assert response.status_code == 403
    assert RecommendationAnswer.objects.count() == 0


def test_another_agency_is_answered_as_missing(people, client):
    recommendation = _file(people, attachments=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes())])
    attachment = recommendation.attachments.get()
    other = AgencyFactory(code="SYT", name="Sở Y tế")
    for user in (director_user(username="gd.syt", agency=other), inspector_user(username="tt.syt", agency=other),
                 office_user(username="vp.syt", agency=other)):
        client.force_login(user)
        for url in (f"/kien-nghi/{recommendation.pk}/", f"/kien-nghi/tep/{attachment.pk}/"):
            assert client.get(url).status_code == 404
            assert client.get(url.replace(str(recommendation.pk if "tep" not in url else attachment.pk),
                                          "987654")).status_code == 404
        assert client.post(f"/kien-nghi/{recommendation.pk}/tra-loi/", {"decision": "accepted", "text": "x"}).status_code == 404
        listing = client.get("/kien-nghi/").content.decode()
        assert "Công khai danh sách đề nghị khen thưởng" not in listing
    assert RecommendationAnswer.objects.count() == 0
    assert client.get("/kien-nghi/" + "9" * 30 + "/").status_code == 404


# Queries -------------------------------------------------------------------------------------------------


def test_the_list_and_the_home_page_do_not_query_per_row(people, client, django_assert_max_num_queries):
    campaign = CampaignFactory(agency=people["agency"])
    for n in range(30):
        recommendation = _file(people, title=f"Kiến nghị {n}", campaign=campaign, now=vn(2024, 3, 1 + n % 20, 9))
        if n % 3 == 0:
            _answer(recommendation, people["director"], now=vn(2024, 3, 25, 9))
    client.force_login(people["office"])
    with time_machine.travel(vn(2024, 3, 20, 9), tick=False):
        with django_assert_max_num_queries(12):
            listing = client.get("/kien-nghi/")
        with django_assert_max_num_queries(14):
            home = client.get("/")
    assert listing.content.decode().count('id="kien-nghi-') == 30
    assert "20 chờ trả lời" in home.content.decode()


def test_the_list_words_the_decision_in_vietnamese(people, client):
    recommendation = _file(people)
    _answer(recommendation, people["director"], decision="partly", reasons="Một phần đã làm.")
    client.force_login(people["office"])
    page = client.get("/kien-nghi/?loc=da-tra-loi").content.decode()
    assert "Tiếp thu một phần" in page and "Partly" not in page


def test_the_board_files_from_its_supervision_page_and_the_office_finds_the_list_in_its_menu(people, client):
    campaign = CampaignFactory(agency=people["agency"])
    report = SupervisionReportFactory(campaign=campaign, filed_by=people["board"])
    client.force_login(people["board"])
    page = client.get(f"/ke-hoach/{campaign.pk}/giam-sat/").content.decode()
    assert f'href="/kien-nghi/gui/?bao-cao={report.pk}"' in page
    client.force_login(people["office"])
    page = client.get(f"/ke-hoach/{campaign.pk}/giam-sat/").content.decode()
    assert "/kien-nghi/gui/" not in page
    assert 'href="/kien-nghi/">Kiến nghị</a>' in client.get("/").content.decode()


def test_seed_demo_recommendations_is_idempotent(db):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from campaign.recommendations import selectors
    from core.time import local_today

    call_command("seed_demo", "--quiet")
    call_command("seed_demo_recommendations", "--quiet")
    call_command("seed_demo_recommendations", "--quiet")
    director = User.objects.get(username="giamdoc")
    rows = selectors.decorate(selectors.recommendations_for(director), local_today())
    assert sorted(row.state for row in rows) == ["answered", "open", "overdue"]
    assert RecommendationAttachment.objects.count() == 1


def test_a_store_that_fails_refuses_the_recommendation_and_keeps_nothing(people, monkeypatch):
    from core.storage import STORAGE_FAILED
    from tests.helpers import full_disk

    full_disk(monkeypatch)
    with pytest.raises(DomainError) as refused:
        _file(people, attachments=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes())])

    assert refused.value.message == STORAGE_FAILED.format(name="bien-ban.pdf")
    assert not Recommendation.objects.exists() and not RecommendationAttachment.objects.exists()
