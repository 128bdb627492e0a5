import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from campaign.models import Board, BoardKind, BoardMembership, Campaign, ContentItem
from campaign.signals import plan_copied
from emulation import exports, selectors, services
from emulation.models import Criterion, EmulationSettings, Score
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, staff_user
from tests.helpers import pdf_bytes, vn

pytestmark = pytest.mark.django_db


def _score(criterion, unit, by, points, now=None, **kwargs):
    kwargs.setdefault("evidence_text", "Biên bản hội nghị ngày 01/06/2023")
    return services.save_score(criterion=criterion, unit=unit, by=by, points=points,
                               now=now or vn(2023, 11, 5, 9), **kwargs)


@pytest.mark.parametrize(("moment", "open_"), [
    (vn(2023, 10, 31, 23, 59, 59), False),  # still the emulation period
    (vn(2023, 11, 1, 0, 0, 0), True),
    (vn(2023, 11, 15, 23, 59, 59), True),  # the scoring deadline, inclusive
    (vn(2023, 11, 16, 0, 0, 0), False),
])
def test_units_score_themselves_after_the_emulation_period_until_the_deadline(criteria, unit_a, clerk_a, moment, open_):
    with time_machine.travel(moment, tick=False):
        if open_:
            _score(criteria[0], unit_a, clerk_a, "3,5", now=None)
            assert Score.objects.get().self_points == Decimal("3.5")
        else:
            with pytest.raises(services.DeadlineError):
                services.save_score(criterion=criteria[0], unit=unit_a, by=clerk_a, points="3",
                                    evidence_text="x")
            assert Score.objects.count() == 0


@pytest.mark.parametrize(("points", "message"), [
    ("4,5", "Điểm phải từ 0 đến 4"), ("-1", "Điểm phải từ 0 đến 4"), ("abc", "không phải là số"),
    ("1,25", "một chữ số thập phân"), ("NaN", "phải là một số"), ("", "Hãy nhập số điểm"),
])
def test_points_outside_zero_to_the_maximum_are_refused(criteria, unit_a, clerk_a, points, message):
    with pytest.raises(services.DomainError, match=message):
        _score(criteria[0], unit_a, clerk_a, points)
    assert Score.objects.count() == 0


def test_points_need_evidence(criteria, unit_a, clerk_a):
    with pytest.raises(services.DomainError, match="Hãy ghi minh chứng"):
        _score(criteria[0], unit_a, clerk_a, "2", evidence_text="  ")
    assert _score(criteria[0], unit_a, clerk_a, "0", evidence_text="").self_points == 0


def test_an_evidence_file_is_kept_privately_and_a_disguised_one_is_refused(criteria, unit_a, clerk_a):
    score = _score(criteria[0], unit_a, clerk_a, "3", evidence_file=SimpleUploadedFile(
        "bien-ban.pdf", pdf_bytes(), content_type="application/pdf"))
    assert (score.evidence_name, score.evidence_content_type) == ("bien-ban.pdf", "application/pdf")
    assert score.evidence_file.name.startswith(f"scores/{score.campaign_id}/{unit_a.pk}/")
    with pytest.raises(services.DomainError):
        _score(criteria[0], unit_a, clerk_a, "4", evidence_file=SimpleUploadedFile(
            "bang-tinh.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf"))
    score.refresh_from_db()
    assert score.self_points == 3 and score.evidence_name == "bien-ban.pdf"


def test_the_database_keeps_one_score_per_unit_and_criterion(criteria, unit_a):
    row = {"campaign": criteria[0].campaign, "criterion": criteria[0], "unit": unit_a, "self_points": 1,
           "scored_at": vn(2023, 11, 5, 9)}
    Score.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(**row)


def test_the_database_refuses_an_adjustment_without_reason(criteria, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(campaign=criteria[0].campaign, criterion=criteria[0], unit=unit_a, self_points=1,
                             scored_at=vn(2023, 11, 5, 9), adjusted_points=2)


def test_other_units_the_office_and_other_agencies_do_not_score_a_unit(criteria, unit_a, clerk_b, office,
                                                                        other_agency_clerk):
    for user in (clerk_b, office, other_agency_clerk):
        with pytest.raises(services.NotAllowed):
            _score(criteria[0], unit_a, user, "2")
    assert Score.objects.count() == 0


def test_the_office_adjusts_with_a_reason_and_history_keeps_every_version(criteria, unit_a, clerk_a, office):
    score = _score(criteria[1], unit_a, clerk_a, "6")
    with pytest.raises(services.DomainError, match="Hãy ghi lý do"):
        services.adjust_score(score=score, points="4", reason="   ", by=office, now=vn(2023, 11, 20, 9))
    score.refresh_from_db()
    assert score.adjusted_points is None
    services.adjust_score(score=score, points="4", reason="Thiếu biên bản kiểm tra", by=office, now=vn(2023, 11, 20, 9))
    services.adjust_score(score=score, points="4,5", reason="Đã bổ sung một phần", by=office, now=vn(2023, 11, 21, 9))
    score.refresh_from_db()
    assert (score.adjusted_points, score.adjust_reason, score.final_points) == (
        Decimal("4.5"), "Đã bổ sung một phần", Decimal("4.5"))
    assert [h.adjusted_points for h in score.history.order_by("history_date")] == [None, Decimal("4"), Decimal("4.5")]
    assert score.history.first().history_change_reason == "Đã bổ sung một phần"


def test_an_adjusted_score_is_final_for_the_unit(criteria, unit_a, clerk_a, office):
    score = _score(criteria[1], unit_a, clerk_a, "6")
    services.adjust_score(score=score, points="5", reason="Thẩm định", by=office, now=vn(2023, 11, 6, 9))
    with pytest.raises(services.DomainError, match="đã được điều chỉnh"):
        _score(criteria[1], unit_a, clerk_a, "6", now=vn(2023, 11, 7, 9))


def test_adjustments_are_refused_to_the_unit_the_board_and_above_the_maximum(criteria, unit_a, clerk_a, inspector, office):
    score = _score(criteria[0], unit_a, clerk_a, "3")
    for user in (clerk_a, inspector):
        with pytest.raises(services.NotAllowed, match="Chỉ Văn phòng Sở hoặc thành viên Ban Vận động"):
            services.adjust_score(score=score, points="1", reason="x", by=user, now=vn(2023, 11, 6, 9))
    with pytest.raises(services.DomainError, match="từ 0 đến 4"):
        services.adjust_score(score=score, points="5", reason="x", by=office, now=vn(2023, 11, 6, 9))
    score.refresh_from_db()
    assert score.adjusted_points is None


def test_the_mobilisation_board_adjusts_other_units_scores_never_its_own(plan, criteria, unit_a, unit_b, clerk_a, clerk_b):
    board = Board.objects.create(agency=plan.agency, kind=BoardKind.MOBILISATION, name="Ban Vận động")
    BoardMembership.objects.create(board=board, staff=clerk_b.staff_member)
    score_a = _score(criteria[0], unit_a, clerk_a, "3")
    services.adjust_score(score=score_a, points="2", reason="Thẩm định của Ban Vận động", by=clerk_b,
                          now=vn(2023, 11, 6, 9))
    score_b = _score(criteria[0], unit_b, clerk_b, "4")
    with pytest.raises(services.NotAllowed):
        services.adjust_score(score=score_b, points="4", reason="Tự thẩm định", by=clerk_b, now=vn(2023, 11, 6, 9))


def test_units_are_ranked_by_total_adjusted_score_ties_share_a_rank(plan, criteria, unit_a, unit_b, clerk_a, clerk_b, office):
    unit_c = UnitFactory(agency=plan.agency, name="Văn phòng Sở", display_order=3)
    clerk_c = staff_user(unit_c, username="vanthu.c")
    UnitFactory(agency=plan.agency, name="Chi đoàn", display_order=4)  # has not scored
    _score(criteria[0], unit_a, clerk_a, "4")
    _score(criteria[1], unit_a, clerk_a, "6")  # 10 on its own count
    _score(criteria[0], unit_b, clerk_b, "3")
    _score(criteria[1], unit_b, clerk_b, "5")  # 8
    _score(criteria[0], unit_c, clerk_c, "2")
    _score(criteria[1], unit_c, clerk_c, "4")  # 6
    a6 = Score.objects.get(unit=unit_a, criterion=criteria[1])
    services.adjust_score(score=a6, points="1", reason="Không có minh chứng", by=office, now=vn(2023, 11, 20, 9))  # 5
    b6 = Score.objects.get(unit=unit_b, criterion=criteria[1])
    services.adjust_score(score=b6, points="3", reason="Minh chứng một phần", by=office, now=vn(2023, 11, 20, 9))  # 6
    rows = selectors.ranking(plan)
    assert [(r.rank, r.unit.name, r.self_total, r.final_total) for r in rows] == [
        (1, "Phòng Quản lý Thương mại", Decimal("8.0"), Decimal("6.0")),
        (1, "Văn phòng Sở", Decimal("6.0"), Decimal("6.0")),
        (3, "Phòng Quản lý Công nghiệp", Decimal("10.0"), Decimal("5.0")),
        (None, "Chi đoàn", None, None),
    ]


def test_the_export_holds_the_ranking_and_every_score_as_numbers(plan, criteria, unit_a, unit_b, clerk_a, clerk_b, office):
    _score(criteria[0], unit_a, clerk_a, "4")
    _score(criteria[1], unit_a, clerk_a, "5,5", evidence_text="=HYPERLINK(\"http://x\")")
    _score(criteria[0], unit_b, clerk_b, "3")
    score = Score.objects.get(unit=unit_a, criterion=criteria[1])
    services.adjust_score(score=score, points="2", reason="Thiếu minh chứng", by=office, now=vn(2023, 11, 20, 9))
    book = load_workbook(io.BytesIO(exports.scores_workbook(plan)))
    ranking = [row for row in book[exports.RANKING_SHEET].iter_rows(min_row=5, values_only=True)]
    assert ranking == [(1, "Phòng Quản lý Công nghiệp", 9.5, 6.0, 2, 1), (2, "Phòng Quản lý Thương mại", 3.0, 3.0, 1, 0)]
    detail = list(book[exports.SCORES_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 3
    assert detail[1][:7] == ("Phòng Quản lý Công nghiệp", 2, "1. Có kết quả, minh chứng", 6.0, 5.5, 2.0, 2.0)
    assert detail[1][7] == "=HYPERLINK(\"http://x\")"  # kept as text, never a formula
    assert book[exports.SCORES_SHEET].cell(row=3, column=8).data_type == "s"


def test_copying_a_plan_copies_its_criteria_and_settings(plan, criteria):
    copy = CampaignFactory(agency=plan.agency, number="12/KH-SCT", year=2024, launch_date=plan.launch_date.replace(year=2024),
                           emulation_end=plan.emulation_end.replace(year=2024),
                           submission_deadline=plan.submission_deadline.replace(year=2024))
    ContentItem.objects.bulk_create(ContentItem(campaign=copy, number=n, text=f"Nội dung {n}") for n in (1, 2, 3))
    plan_copied.send(sender=Campaign, source=plan, copy=copy)
    assert [(c.content_item.number, c.order, c.text, c.max_points) for c in Criterion.objects.filter(campaign=copy)] == [
        (1, 1, "Ban hành kế hoạch", Decimal("4.0")), (2, 1, "Có kết quả, minh chứng", Decimal("6.0"))]
    assert all(c.content_item.campaign_id == copy.pk for c in Criterion.objects.filter(campaign=copy))
    settings = EmulationSettings.objects.get(campaign=copy)
    assert (settings.persons_pledge, str(settings.pledge_lock_date), str(settings.scoring_deadline)) == (
        True, "2024-06-30", "2024-11-15")
    plan_copied.send(sender=Campaign, source=plan, copy=copy)  # a second signal adds nothing
    assert Criterion.objects.filter(campaign=copy).count() == 2


def test_a_left_staff_member_cannot_score(criteria, unit_a):
    clerk = staff_user(unit_a, username="da.nghi")
    StaffMemberFactory._meta.model.objects.filter(user=clerk).update(is_active=False)
    clerk.refresh_from_db()
    with pytest.raises(services.NotAllowed, match="không còn công tác"):
        _score(criteria[0], unit_a, clerk, "2")


def test_a_store_that_fails_refuses_the_new_evidence_and_keeps_the_score(criteria, unit_a, clerk_a, monkeypatch):
    from core.storage import STORAGE_FAILED
    from tests.helpers import full_disk

    score = _score(criteria[0], unit_a, clerk_a, "3", evidence_file=SimpleUploadedFile(
        "bien-ban.pdf", pdf_bytes(), content_type="application/pdf"))
    kept = score.evidence_file.name
    full_disk(monkeypatch)
    with pytest.raises(services.DomainError) as refused:
        _score(criteria[0], unit_a, clerk_a, "4", evidence_file=SimpleUploadedFile(
            "bang-diem.pdf", pdf_bytes(), content_type="application/pdf"))

    assert refused.value.message == STORAGE_FAILED.format(name="bang-diem.pdf")
    score.refresh_from_db()
    assert (score.self_points, score.evidence_name, score.evidence_file.name) == (3, "bien-ban.pdf", kept)
    assert score.evidence_file.storage.exists(kept)
