"""What every printed document of the portal shares (DESIGN.md "Vietnamese administrative form"): the
fonts, the HTML-to-PDF step that fetches nothing from outside, and dates and counts as Decree 30/2020
writes them. The documents themselves live with their apps (awards/issuing/pdf.py, dossiers/minutes.py);
their shared template pieces (A4 page, header with the national title and motto, signature block) are
under templates/pdf/.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from core.time import PLAN_TZ

# Times-metric serifs, embedded by WeasyPrint as subsets.
FONT_FAMILY = '"Liberation Serif", "Tinos", "DejaVu Serif", serif'


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


@cache
def _no_fetching():
    """The documents are self-contained: any URL in them (say, pasted into a name) is refused, not fetched.
    WeasyPrint (about 40 MB with its fonts and images) is imported here, by the processes that print, not by
    every web worker (issue 17: lean workers)."""
    from weasyprint.urls import URLFetcher

    class _NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Tài liệu in không được tải tài nguyên bên ngoài: {url}")

    return _NoFetching()


def html_to_pdf(html: str) -> RenderedPdf:
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_no_fetching()).render()
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


def nfc(text: str) -> str:
    """Vietnamese text in composed form (NFC), whatever the keyboard or the copy-paste produced."""
    return unicodedata.normalize("NFC", text or "")


def long_date(day: date) -> str:
    """“ngày 05 tháng 11 năm 2023”: days under 10 and months 1 and 2 with a leading zero (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def count2(number: int) -> str:
    """Counts in documents: “02 tập thể”, “05 cá nhân”."""
    return f"{number:02d}"


def clock_words(moment: datetime) -> str:
    """“08 giờ 30 phút” in Vietnam time: the hour a meeting's minutes give."""
    local = moment.astimezone(PLAN_TZ)
    return f"{local.hour:02d} giờ {local.minute:02d} phút"


def person_line(staff) -> str:
    """“Ông Nguyễn Văn A, Trưởng phòng”: a person in a meeting's minutes (honorific, name, position)."""
    text = f"{staff.honorific} {staff.full_name}"
    return nfc(f"{text}, {staff.position}" if staff.position else text)
