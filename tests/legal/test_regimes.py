"""The law by date (DESIGN.md R11): the seeded regimes and base salaries, asked at their boundaries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from legal.models import AwardForm, BaseSalary, CashCoefficient, LegalRegime, LegalText, ReportForm
from legal.selectors import (
    NoLawOnDate,
    base_salary_on,
    cash_for,
    giay_khen_amounts,
    regime_on,
    round_up_to_10000,
    stale_citations,
)

pytestmark = pytest.mark.django_db

D = dt.date


def test_the_data_migration_seeds_two_regimes_and_three_base_salaries():
    assert list(LegalRegime.objects.values_list("code", "valid_from", "valid_to")) == [
        ("2023", D(2017, 10, 1), D(2023, 12, 31)),
        ("2024", D(2024, 1, 1), None),
    ]
    assert list(BaseSalary.objects.order_by("valid_from").values_list("amount", "valid_from")) == [
        (1_490_000, D(2019, 7, 1)),
        (1_800_000, D(2023, 7, 1)),
        (2_340_000, D(2024, 7, 1)),
    ]


def test_each_regime_cites_its_law_decree_and_circular_in_order():
    cited = {
        regime.code: [basis.legal_text.code for basis in regime.bases.select_related("legal_text")]
        for regime in LegalRegime.objects.all()
    }
    assert cited == {
        "2023": ["15/2003/QH11", "91/2017/NĐ-CP", "12/2019/TT-BNV"],
        "2024": ["06/2022/QH15", "98/2023/NĐ-CP", "01/2024/TT-BNV"],
    }
    lines = [basis.text for basis in LegalRegime.objects.get(code="2023").bases.all()]
    assert lines[0].startswith("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;")
    assert "ngày 14 tháng 6 năm 2005" in lines[0] and "ngày 16 tháng 11 năm 2013" in lines[0]


def test_decree_98_2023_ends_on_30_06_2025_and_no_later_regime_is_invented():
    decree = LegalText.objects.get(code="98/2023/NĐ-CP")
    assert (decree.valid_from, decree.valid_to, decree.replaced_by) == (
        D(2024, 1, 1), D(2025, 6, 30), "Nghị định 152/2025/NĐ-CP"
    )
    assert not LegalText.objects.filter(code__startswith="152/2025").exists()
    assert regime_on(D(2025, 7, 1)).code == "2024"


def test_giay_khen_coefficients_and_report_forms_per_regime():
    assert {
        (c.regime.code, c.form, c.individual, c.collective) for c in CashCoefficient.objects.select_related("regime")
    } == {
        ("2023", AwardForm.GIAY_KHEN, Decimal("0.30"), Decimal("0.60")),
        ("2024", AwardForm.GIAY_KHEN, Decimal("0.30"), Decimal("0.60")),
    }
    sources = set(ReportForm.objects.values_list("regime__code", "source"))
    assert sources == {("2023", "Phụ lục Nghị định 91/2017/NĐ-CP"), ("2024", "Phụ lục I Nghị định 98/2023/NĐ-CP")}


@pytest.mark.parametrize(
    ("day", "code"),
    [(D(2023, 12, 31), "2023"), (D(2024, 1, 1), "2024"), (D(2017, 10, 1), "2023"), (D(2030, 1, 1), "2024")],
)
def test_regime_on_a_date_is_inclusive_at_both_ends(day, code):
    assert regime_on(day).code == code


def test_no_regime_before_the_first_is_a_vietnamese_error():
    with pytest.raises(NoLawOnDate) as refused:
        regime_on(D(2017, 9, 30))
    assert refused.value.message == (
        "Chưa có chế độ thi đua, khen thưởng nào áp dụng cho ngày 30/09/2017; "
        "quản trị hệ thống cần nhập văn bản pháp lý của giai đoạn này."
    )


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (D(2019, 7, 1), 1_490_000),
        (D(2023, 6, 30), 1_490_000),
        (D(2023, 7, 1), 1_800_000),
        (D(2024, 6, 30), 1_800_000),
        (D(2024, 7, 1), 2_340_000),
        (D(2026, 11, 30), 2_340_000),
    ],
)
def test_base_salary_on_a_date(day, amount):
    assert base_salary_on(day) == amount


def test_no_base_salary_before_the_first_row():
    with pytest.raises(NoLawOnDate) as refused:
        base_salary_on(D(2019, 6, 30))
    assert refused.value.message == "Chưa có mức lương cơ sở áp dụng cho ngày 30/06/2019."


@pytest.mark.parametrize(
    ("day", "individual", "collective"),
    [
        (D(2023, 11, 24), 540_000, 1_080_000),
        (D(2024, 6, 30), 540_000, 1_080_000),  # regime 2024, base salary still 1,800,000
        (D(2024, 7, 1), 710_000, 1_410_000),  # 702,000 and 1,404,000 rounded up
        (D(2023, 6, 30), 450_000, 900_000),  # 447,000 rounded up
    ],
)
def test_cash_of_a_giay_khen_on_both_sides_of_01_07_2024(day, individual, collective):
    assert cash_for(day, AwardForm.GIAY_KHEN, collective=False) == individual
    assert cash_for(day, AwardForm.GIAY_KHEN, collective=True) == collective
    amounts = giay_khen_amounts(day)
    assert (amounts.individual, amounts.collective) == (individual, collective)


def test_rounding_up_to_ten_thousand_keeps_exact_amounts():
    assert round_up_to_10000(Decimal("540000")) == 540_000
    assert round_up_to_10000(Decimal("540000.01")) == 550_000


def test_a_new_salary_row_takes_effect_on_its_day_without_touching_campaigns():
    BaseSalary.objects.create(amount=2_530_000, valid_from=D(2026, 7, 1))
    assert cash_for(D(2026, 6, 30)) == 710_000
    assert cash_for(D(2026, 7, 1)) == 760_000  # 759,000 rounded up


def test_a_regime_without_a_coefficient_for_the_form_says_so():
    CashCoefficient.objects.filter(regime__code="2024").delete()
    with pytest.raises(NoLawOnDate) as refused:
        cash_for(D(2024, 7, 1))
    assert "chưa có hệ số tiền thưởng" in refused.value.message


def test_a_regime_overlapping_another_is_refused_in_vietnamese():
    regime = LegalRegime(code="2025", name="Chế độ mới", valid_from=D(2025, 7, 1))
    with pytest.raises(ValidationError) as refused:
        regime.full_clean()
    assert refused.value.messages == [
        "Thời gian áp dụng trùng với chế độ “Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; "
        "Thông tư 01/2024/TT-BNV” (từ 01/01/2024); hãy đặt ngày kết thúc cho chế độ đó trước khi nhập chế độ mới."
    ]


def test_a_later_regime_after_closing_the_current_one_takes_over_on_its_first_day():
    LegalRegime.objects.filter(code="2024").update(valid_to=D(2025, 6, 30))
    later = LegalRegime(code="2025", name="Chế độ từ 01/07/2025", valid_from=D(2025, 7, 1))
    later.full_clean()
    later.save()
    assert regime_on(D(2025, 6, 30)).code == "2024"
    assert regime_on(D(2025, 7, 1)).code == "2025"


def test_stale_citations_match_a_text_by_its_number_or_the_words_it_is_cited_as():
    lines = [
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ …;",
        "Căn cứ Quyết định số 10/2020/QĐ-UBND của UBND Tỉnh;",
    ]
    on_2024 = stale_citations(lines, D(2024, 3, 1))
    assert [(item.text.code, item.line) for item in on_2024] == [("15/2003/QH11", lines[0])]
    assert on_2024[0].message == (
        "Căn cứ “Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;” dẫn 15/2003/QH11, văn bản hết hiệu "
        "lực từ sau ngày 31/12/2023 (thay thế bởi Luật Thi đua, khen thưởng số 06/2022/QH15)."
    )
    assert [item.text.code for item in stale_citations(lines, D(2025, 7, 1))] == ["15/2003/QH11", "98/2023/NĐ-CP"]
    assert [item.text.code for item in stale_citations(lines[1:], D(2023, 6, 1))] == ["98/2023/NĐ-CP"]
    assert "chỉ có hiệu lực từ ngày 01/01/2024" in stale_citations(lines[1:], D(2023, 6, 1))[0].message


@pytest.mark.django_db(transaction=True)
def test_the_law_comes_back_after_a_flush_but_not_inside_a_restore():
    from django.core.management import call_command
    from django.db import transaction

    call_command("flush", "--noinput", verbosity=0)
    assert (LegalRegime.objects.count(), LegalText.objects.count(), BaseSalary.objects.count()) == (2, 8, 3)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        # The restore (ops/archive.py) flushes inside its transaction and loads the backup's own rows.
        call_command("flush", "--noinput", verbosity=0)
        assert LegalRegime.objects.count() == 0
        raise Undo
    assert LegalRegime.objects.count() == 2
