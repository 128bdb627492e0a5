"""The law on a date (DESIGN.md R11): the regime, the base salary and the cash of an award in force on a
decision's date, and the texts a plan cites that are not in force on its date."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db.models import Q

from core.errors import DomainError
from core.time import vn_date

from .models import AwardForm, BaseSalary, CashCoefficient, LegalRegime, LegalText


class NoLawOnDate(DomainError):
    """No regime, base salary or coefficient is recorded for the date asked."""


def regime_on(day: date) -> LegalRegime:
    """The regime that applies on `day` (inclusive at both ends)."""
    regime = (
        LegalRegime.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if regime is None:
        raise NoLawOnDate(
            f"Chưa có chế độ thi đua, khen thưởng nào áp dụng cho ngày {vn_date(day)}; "
            "quản trị hệ thống cần nhập văn bản pháp lý của giai đoạn này."
        )
    return regime


def base_salary_on(day: date) -> int:
    """The base salary (đ) in force on `day`: the latest row that starts on or before it."""
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").values_list("amount", flat=True)
    amount = salary.first()
    if amount is None:
        raise NoLawOnDate(f"Chưa có mức lương cơ sở áp dụng cho ngày {vn_date(day)}.")
    return amount


def round_up_to_10000(value: Decimal) -> int:
    """Cash awards are rounded up to 10,000 đ (Decree 91/2017 art. 73; Decree 98/2023 art. 58)."""
    return int((value / Decimal(10_000)).to_integral_value(rounding=ROUND_CEILING)) * 10_000


def coefficient_on(day: date, form: str = AwardForm.GIAY_KHEN) -> CashCoefficient:
    """The coefficients of `form` in the regime in force on `day`."""
    regime = regime_on(day)
    coefficient = CashCoefficient.objects.filter(regime=regime, form=form).first()
    if coefficient is None:
        raise NoLawOnDate(
            f"Chế độ “{regime.name}” chưa có hệ số tiền thưởng cho {AwardForm(form).label}."
        )
    return coefficient


def _cash(base_salary: int, coefficient: CashCoefficient, collective: bool) -> int:
    factor = coefficient.collective if collective else coefficient.individual
    return round_up_to_10000(Decimal(base_salary) * factor)


def cash_for(day: date, form: str = AwardForm.GIAY_KHEN, collective: bool = False) -> int:
    """The cash (đ) for one award of `form` decided on `day`: the regime's coefficient times the base
    salary in force on that day, rounded up to 10,000 đ."""
    return _cash(base_salary_on(day), coefficient_on(day, form), collective)


@dataclass(frozen=True)
class Amounts:
    """The cash of one Giấy khen on a date, for an individual and for a collective."""

    day: date
    base_salary: int
    individual: int
    collective: int


def giay_khen_amounts(day: date) -> Amounts:
    """Both amounts from one reading of the law on `day` (three queries, not one set per amount)."""
    base_salary, coefficient = base_salary_on(day), coefficient_on(day, AwardForm.GIAY_KHEN)
    return Amounts(
        day=day,
        base_salary=base_salary,
        individual=_cash(base_salary, coefficient, collective=False),
        collective=_cash(base_salary, coefficient, collective=True),
    )


@dataclass(frozen=True)
class StaleCitation:
    """A Căn cứ line that cites a text not in force on the plan's date."""

    line: str
    text: LegalText
    day: date

    @property
    def description(self) -> str:
        """“15/2003/QH11, văn bản hết hiệu lực từ sau ngày 31/12/2023 (thay thế bởi …)”."""
        if self.text.valid_to is not None and self.text.valid_to < self.day:
            until = f"hết hiệu lực từ sau ngày {vn_date(self.text.valid_to)}"
        else:
            until = f"chỉ có hiệu lực từ ngày {vn_date(self.text.valid_from)}"
        replaced = f" (thay thế bởi {self.text.replaced_by})" if self.text.replaced_by else ""
        return f"{self.text.code}, văn bản {until}{replaced}"

    @property
    def message(self) -> str:
        return f"Căn cứ “{shorten(self.line)}” dẫn {self.description}."


def shorten(line: str, limit: int = 120) -> str:
    """A Căn cứ line quoted in a message: cut at a word, with “…”, when long."""
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + " …"


def stale_citations(lines, day: date, texts=None) -> list[StaleCitation]:
    """The lines (Căn cứ of a plan) that cite a recorded legal text not in force on `day`. A line is
    matched to a text by the text's number (or the words it is cited as) found in the line."""
    texts = list(texts if texts is not None else LegalText.objects.all())
    found: list[StaleCitation] = []
    for line in lines:
        for text in texts:
            if text.is_cited_in(line) and not text.in_force_on(day):
                found.append(StaleCitation(line=line, text=text, day=day))
    return found
