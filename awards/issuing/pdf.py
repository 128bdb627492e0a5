"""The printed documents: the award decision with its list, the Giấy khen, the print-on-blank mode with its
calibration page, and the Tờ trình to the province (DESIGN.md "Vietnamese administrative form", R10).

Django templates under templates/awards/pdf/ (with the shared pieces of templates/pdf/) render HTML that
WeasyPrint lays out. Every text passes through NFC; fonts are the system's Times-metric serifs (Liberation
Serif, then Tinos, then DejaVu Serif), which WeasyPrint embeds as subsets. Nothing is fetched from outside:
the documents have no URLs at all.
"""

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.template.loader import render_to_string

from awards.models import (
    Award,
    AwardDecision,
    CertificateLayout,
    CouncilMeeting,
    PaperSize,
    ProvincialProposal,
    Publication,
    RegisteredDocument,
    nfc,
)
from awards.review.quota import quota_for
from campaign.models import Agency, AwardLevel
from campaign.selectors import AgencyNames, NameBook

# The generic pieces every printed document shares live in core (dossiers prints the unit's minutes too);
# they stay importable from here.
from core.pdf import FONT_FAMILY, RenderedPdf, count2, html_to_pdf, long_date  # noqa: F401
from dossiers.models import NomineeKind
from legal.selectors import giay_khen_amounts

# Landscape sheets, in mm. Certificate positions are kept for A4; an A3 sheet is the same drawing scaled.
SHEETS = {PaperSize.A4: (Decimal(297), Decimal(210)), PaperSize.A3: (Decimal(420), Decimal(297))}
A3_SCALE = Decimal(420) / Decimal(297)


def render_html(template: str, context: dict) -> str:
    """The HTML a document is laid out from (tests measure its layout boxes)."""
    return render_to_string(template, {"font_family": FONT_FAMILY, **context})


def render(template: str, context: dict) -> RenderedPdf:
    return html_to_pdf(render_html(template, context))


# Words and numbers as Vietnamese administrative documents write them ----------------------------------


def place_date(agency: Agency, day: date) -> str:
    return f"{nfc(agency.place_name)}, {long_date(day)}"


def vnd(amount: int) -> str:
    """1080000 -> “1.080.000”."""
    return f"{amount:,}".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three_digits(number: int, *, full: bool) -> list[str]:
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def number_in_words(number: int) -> str:
    """540000 -> “năm trăm bốn mươi nghìn”; 1080000 -> “một triệu không trăm tám mươi nghìn”."""
    if number == 0:
        return "không"
    if number >= 10**18:
        raise ValueError("number too large")
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        words += _three_digits(value, full=index < len(groups) - 1)
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """“Một triệu không trăm tám mươi nghìn đồng”."""
    words = number_in_words(amount)
    return f"{words[:1].upper()}{words[1:]} đồng"


def names_on(agency: Agency, day: date) -> AgencyNames:
    """The agency's name, parent authority and place as a document dated `day` prints them (renames and
    the 01/07/2025 province mergers keep the old names on what was dated before)."""
    return NameBook.of_agencies([agency.pk]).agency_on(agency, day)


def authority(agency: Agency, names: AgencyNames | None = None) -> str:
    """“GIÁM ĐỐC SỞ CÔNG THƯƠNG”."""
    name = names.name if names is not None else agency.name
    return nfc(f"{agency.head_title} {name}").upper()


def issuer_line(agency: Agency, layout: CertificateLayout | None = None, names: AgencyNames | None = None) -> str:
    """“GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP”: the agency's head, the agency and its province."""
    if layout is not None and layout.issuer_title.strip():
        return nfc(layout.issuer_title).strip().upper()
    parent = nfc(names.parent_authority if names is not None else agency.parent_authority).strip().upper()
    for prefix in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "UBND "):
        if parent.startswith(prefix):
            parent = parent[len(prefix):]
            break
    return f"{authority(agency, names)} {parent}".strip()


def basis_lines(bases: list[str], closing: str = "") -> list[str]:
    """The “Căn cứ …” lines as Decree 30/2020 punctuates them: each ends with “;”, the last with “.”.

    Whatever the office typed at the end of a line (“;”, “,”, “.”, nothing) is replaced; `closing` is
    the line after them (“Xét đề nghị của …”), which then is the last one.
    """
    lines = [nfc(text).strip().rstrip(" ;,.") for text in [*bases, closing]]
    lines = [line for line in lines if line]
    return [f"{line};" for line in lines[:-1]] + [f"{line}." for line in lines[-1:]]


def signer_lines(document: RegisteredDocument) -> list[str]:
    """[“KT. GIÁM ĐỐC”, “PHÓ GIÁM ĐỐC”] when a deputy signs, else [“GIÁM ĐỐC”]."""
    title = nfc(document.signer_title).strip().upper()
    if document.is_deputy:
        return [f"KT. {nfc(document.agency.head_title).strip().upper()}", title]
    return [title]


def _document_context(document: RegisteredDocument) -> dict:
    agency = document.agency
    names = names_on(agency, document.signing_date)
    return {
        "doc": document,
        "agency": agency,
        "names": names,
        "parent_authority": nfc(names.parent_authority).upper(),
        "agency_name": nfc(names.name).upper(),
        "number": document.number_display,
        "place_date": f"{nfc(names.place_name)}, {long_date(document.signing_date)}",
        "signer_lines": signer_lines(document),
        "signer_name": nfc(document.signer_name),
        "recipients": [nfc(line) for line in document.recipient_lines()],
        "draft": not document.is_signed,
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _split(awards: list[Award]) -> tuple[list[Award], list[Award]]:
    collectives = [a for a in awards if a.kind == NomineeKind.COLLECTIVE]
    individuals = [a for a in awards if a.kind == NomineeKind.INDIVIDUAL]
    return collectives, individuals


# The decision and its attached list -------------------------------------------------------------------


def decision_context(decision: AwardDecision, awards: list[Award]) -> dict:
    campaign = decision.campaign
    agency = decision.agency
    collectives, individuals = _split(awards)
    cash = giay_khen_amounts(decision.signing_date)  # R11: the law on the decision's date
    collective_amount = collectives[0].amount if collectives else cash.collective
    individual_amount = individuals[0].amount if individuals else cash.individual
    total = sum(award.amount for award in awards)
    counted = []
    if collectives:
        counted.append(f"{count2(len(collectives))} tập thể")
    if individuals:
        counted.append(f"{count2(len(individuals))} cá nhân")
    context = _document_context(decision)
    head = nfc(f"{agency.head_title} {context['names'].name}")
    reason = nfc(campaign.award_reason).strip().rstrip(".")
    return {
        **context,
        "title_document": f"Quyết định {decision.number or '(dự thảo)'}",
        "subject": nfc(decision.subject),
        "authority": authority(agency, context["names"]),
        "legal_bases": basis_lines(
            [basis.text for basis in campaign.legal_bases.all()], f"Xét đề nghị của {nfc(decision.proposer).strip()}"
        ),
        "head": head,
        "counted": " và ".join(counted),
        "reason_lower": reason[:1].lower() + reason[1:],
        "collectives": collectives,
        "individuals": individuals,
        "collective_amount": vnd(collective_amount),
        "collective_amount_words": amount_in_words(collective_amount),
        "individual_amount": vnd(individual_amount),
        "individual_amount_words": amount_in_words(individual_amount),
        "total": vnd(total),
        "total_words": amount_in_words(total),
        "fund_source": nfc(campaign.award_fund_source).strip().rstrip("."),
        "executors": nfc(decision.executors).strip(),
        "list_reference": (
            f"(Kèm theo Quyết định số {decision.number_display} {long_date(decision.signing_date)} của {head})"
        ),
    }


def decision_pdf(decision: AwardDecision, awards: list[Award]) -> RenderedPdf:
    """The decision (A4 portrait) followed by its attached list; a draft carries the “DỰ THẢO” mark."""
    return render("awards/pdf/decision.html", decision_context(decision, awards))


# The Giấy khen --------------------------------------------------------------------------------------


# The pre-printed part of the Giấy khen, on the A4 drawing (mm, pt): what a blank (phôi) already carries.
CERTIFICATE_DRAWING = {
    "frame_outer": 7, "frame_outer_width": 1.6, "frame_inner": 10.5, "frame_inner_width": 0.6, "frame_line": 12.2,
    "corner": 5.5, "corner_at": 7.75,
    "nation_top": 19, "nation_pt": 13.5, "motto_top": 25.5, "motto_pt": 14,
    "issuer_top": 41, "issuer_pt": 16, "give_top": 53, "give_pt": 15,
    "award_top": 60, "award_pt": 46, "watermark_pt": 120, "watermark_top": 80,
}


@dataclass(frozen=True)
class Box:
    left: Decimal
    top: Decimal
    width: Decimal


@dataclass(frozen=True)
class CertificateGeometry:
    """Where everything goes on a landscape sheet (mm and pt), for the full certificate or a blank."""

    paper: str
    sheet_width: Decimal
    sheet_height: Decimal
    scale: Decimal
    text: Box
    name_top: Decimal
    details_top: Decimal
    reason_top: Decimal
    decision: Box
    signature: Box
    date_top: Decimal
    signer_title_top: Decimal
    signer_name_top: Decimal
    name_pt: Decimal
    text_pt: Decimal
    small_pt: Decimal
    fixed: dict
    # The issuer line where a blank (phôi) carries it, for generic blanks that do not.
    issuer_top: Decimal = Decimal(0)
    offset_x: Decimal = Decimal(0)
    offset_y: Decimal = Decimal(0)

    @classmethod
    def for_layout(cls, layout: CertificateLayout, *, paper: str | None = None, with_offsets: bool) -> "CertificateGeometry":
        paper = paper or layout.paper
        width, height = SHEETS[paper]
        k = A3_SCALE if paper == PaperSize.A3 else Decimal(1)
        dx = Decimal(layout.offset_x_mm) if with_offsets else Decimal(0)
        dy = Decimal(layout.offset_y_mm) if with_offsets else Decimal(0)

        def x(value) -> Decimal:
            return (Decimal(value) * k + dx).quantize(Decimal("0.1"))

        def y(value) -> Decimal:
            return (Decimal(value) * k + dy).quantize(Decimal("0.1"))

        def size(value) -> Decimal:
            return (Decimal(value) * k).quantize(Decimal("0.1"))

        return cls(
            paper=paper,
            sheet_width=width,
            sheet_height=height,
            scale=k,
            text=Box(x(layout.text_left_mm), Decimal(0), size(layout.text_width_mm)),
            name_top=y(layout.name_top_mm),
            details_top=y(layout.details_top_mm),
            reason_top=y(layout.reason_top_mm),
            decision=Box(x(layout.decision_left_mm), y(layout.decision_top_mm), size(110)),
            signature=Box(x(layout.signature_left_mm), Decimal(0), size(layout.signature_width_mm)),
            date_top=y(layout.date_top_mm),
            signer_title_top=y(layout.signer_title_top_mm),
            signer_name_top=y(layout.signer_name_top_mm),
            name_pt=size(layout.name_font_pt),
            text_pt=size(layout.text_font_pt),
            small_pt=size(Decimal(layout.text_font_pt) * Decimal("0.8")),
            fixed={key: size(value) for key, value in CERTIFICATE_DRAWING.items()},
            issuer_top=y(CERTIFICATE_DRAWING["issuer_top"]),
            offset_x=dx,
            offset_y=dy,
        )

    def room_below(self, top: Decimal, *, details: bool) -> dict[str, Decimal]:
        """How much height each text field has before the next one starts (mm): a field never runs into it."""
        name_next = self.details_top if details else self.reason_top
        reason_next = self.date_top if self.date_top > self.reason_top else self.sheet_height - self.mm(15)
        return {
            "name": name_next - self.name_top,
            "details": self.reason_top - self.details_top,
            "reason": reason_next - self.reason_top,
        }

    def mm(self, value) -> Decimal:
        """A length of the A4 drawing on this sheet."""
        return (Decimal(value) * self.scale).quantize(Decimal("0.1"))


# Fitting a long text into its field (a position and unit of 110 characters and more) -------------------

PT_MM = 25.4 / 72
LINE_HEIGHT = Decimal("1.3")
WRAPPED_LINE_HEIGHT = Decimal("1.15")
# A field first shrinks down to this share of its size on one line; beyond that it wraps within its box.
SHRINK_FLOOR = Decimal("0.8")


@lru_cache(maxsize=8)
def _font(style: str):
    """The font WeasyPrint draws the text with (fontconfig's match for our first family), to measure it."""
    from PIL import ImageFont

    pattern = "Liberation Serif" + "".join(f":{part}" for part in style.split())
    try:
        found = subprocess.run(
            [shutil.which("fc-match") or "fc-match", "-f", "%{file}", pattern],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
        return ImageFont.truetype(found, 100)
    except (OSError, subprocess.SubprocessError):
        return None


def text_width_mm(text: str, pt: Decimal, style: str = "") -> Decimal:
    font = _font(style)
    if font is None:  # no font to measure with: a generous estimate (half an em per character)
        return Decimal(len(text)) * pt * Decimal("0.55") * Decimal(PT_MM)
    return Decimal(str(font.getlength(text))) / 100 * pt * Decimal(PT_MM)


def wrapped_lines(text: str, pt: Decimal, style: str, width: Decimal) -> int:
    """How many lines the text takes in a box `width` mm wide, breaking between words as the layout does."""
    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width_mm(trial, pt, style) > width:
            lines += 1
            current = word
        else:
            current = trial
    return lines


@dataclass(frozen=True)
class Fit:
    pt: Decimal
    lines: int
    line_height: Decimal

    @property
    def css(self) -> str:
        wrap = "normal" if self.lines > 1 else "nowrap"
        return f"font-size: {self.pt}pt; line-height: {self.line_height}; white-space: {wrap};"


def fit_text(text: str, *, pt: Decimal, width: Decimal, height: Decimal, style: str = "") -> Fit:
    """Shrink to fit the field's width on one line; past the floor, wrap within the box (its width, and the
    height before the next field), as small as it takes. Sizes in pt, lengths in mm."""
    usable = width * Decimal("0.97")  # the measure is a shade narrower than the layout's, never wider
    one_line = text_width_mm(text, pt, style)
    if one_line <= usable:
        return Fit(pt, 1, LINE_HEIGHT)
    shrunk = (pt * usable / one_line).quantize(Decimal("0.1"), rounding="ROUND_FLOOR")
    if shrunk >= pt * SHRINK_FLOOR:
        return Fit(shrunk, 1, LINE_HEIGHT)
    size = (pt * SHRINK_FLOOR).quantize(Decimal("0.1"), rounding="ROUND_FLOOR")
    while True:
        lines = wrapped_lines(text, size, style, usable)
        if lines * size * WRAPPED_LINE_HEIGHT * Decimal(PT_MM) <= height or size <= 5:
            return Fit(size, lines, WRAPPED_LINE_HEIGHT)
        size -= Decimal("0.5")


def default_layout(agency: Agency) -> CertificateLayout:
    """The agency's calibrated layout, or the defaults (which are also the full certificate's positions)."""
    return CertificateLayout.objects.filter(agency=agency).first() or CertificateLayout(agency=agency)


def fitted_fields(g: CertificateGeometry, *, name: str, details: str, reason: str) -> dict[str, Fit]:
    """The size (and, when it must, the wrapping) of each text field of one certificate."""
    room = g.room_below(g.name_top, details=bool(details))
    fits = {
        "name": fit_text(name, pt=g.name_pt, width=g.text.width, height=room["name"], style="bold"),
        "reason": fit_text(reason, pt=g.text_pt, width=g.text.width, height=room["reason"], style="bold italic"),
    }
    if details:
        fits["details"] = fit_text(details, pt=g.text_pt, width=g.text.width, height=room["details"], style="italic")
    return fits


# The verification QR code (issue 14): above the decision line, its left edge on the line's, on the A4 drawing.
QR_SIZE_MM = 20
QR_ABOVE_DECISION_MM = 24


def qr_box(g: CertificateGeometry) -> dict[str, Decimal]:
    """Where the QR code and its caption go (mm): in the empty lower-left part, clear of every text field."""
    return {
        "left": g.decision.left,
        "top": g.decision.top - g.mm(QR_ABOVE_DECISION_MM),
        "size": g.mm(QR_SIZE_MM),
        "caption_left": g.decision.left + g.mm(QR_SIZE_MM + 2.5),
        # Two lines of caption ending level with the code's bottom edge.
        "caption_top": g.decision.top - g.mm(QR_ABOVE_DECISION_MM - QR_SIZE_MM + 6),
        "caption_width": g.mm(100),
        "caption_pt": g.mm(7),
    }


def _verification(award: Award, draft: bool) -> dict | None:
    """The QR code and caption of a signed decision's certificate; a draft's awards have no link yet."""
    if draft or award.pk is None or not award.verify_token:
        return None
    from awards.verify.qr import qr_svg, shown_url, verify_url

    return {"svg": qr_svg(verify_url(award.verify_token)), "caption": shown_url(award.verify_token)}


def _certificate_items(
    decision: AwardDecision, awards: list[Award], g: CertificateGeometry, reason: str
) -> list[dict]:
    decision_line = f"Quyết định số {decision.number_display}, ngày {decision.signing_date:%d/%m/%Y}"
    items = []
    for award in awards:
        name, details = nfc(award.display_name), nfc(award.details)
        items.append({
            "award": award,
            "name": name,
            "details": details,
            "decision_line": decision_line,
            "register": award.register_display,
            "collective": award.is_collective,
            "fit": fitted_fields(g, name=name, details=details, reason=reason),
            "verify": _verification(award, not decision.is_signed),
        })
    return items


def certificate_context(
    decision: AwardDecision, awards: list[Award], *, geometry: CertificateGeometry, layout: CertificateLayout
) -> dict:
    context = _document_context(decision)
    reason = nfc(decision.campaign.award_reason).strip()
    issuer = issuer_line(decision.agency, layout, context["names"])
    width = geometry.sheet_width - 2 * geometry.fixed["frame_line"] - geometry.mm(6)
    return {
        **context,
        "title_document": f"Giấy khen – Quyết định {decision.number or '(dự thảo)'}",
        "g": geometry,
        "issuer": issuer,
        "issuer_fit": fit_text(issuer, pt=geometry.fixed["issuer_pt"], width=width, height=geometry.mm(11), style="bold"),
        "print_issuer": layout.print_issuer,
        "marks": {
            "draft_top": geometry.mm(72), "draft_pt": geometry.mm(110),
            "note_top": geometry.mm(16), "note_pt": geometry.mm(13),
        },
        "reason": reason,
        "items": _certificate_items(decision, awards, geometry, reason),
        "qr": qr_box(geometry),
    }


def certificates_pdf(decision: AwardDecision, awards: list[Award], *, paper: str = PaperSize.A4) -> RenderedPdf:
    """One landscape page per award, the whole certificate: border, national title, texts, signer."""
    layout = default_layout(decision.agency)
    # The full certificate is drawn at the standard positions, whatever the blanks' calibration says.
    standard = CertificateLayout(agency=decision.agency, issuer_title=layout.issuer_title)
    geometry = CertificateGeometry.for_layout(standard, paper=paper, with_offsets=False)
    context = certificate_context(decision, awards, geometry=geometry, layout=layout)
    return render("awards/pdf/certificates.html", context)


def blank_certificates_pdf(decision: AwardDecision, awards: list[Award], *, layout: CertificateLayout) -> RenderedPdf:
    """Print-on-blank mode: only the variable fields, at the agency's calibrated positions."""
    geometry = CertificateGeometry.for_layout(layout, with_offsets=True)
    context = certificate_context(decision, awards, geometry=geometry, layout=layout)
    return render("awards/pdf/certificates_blank.html", context)


def _mm_words(value: Decimal) -> str:
    return f"{abs(Decimal(value)):.1f}".replace(".", ",") + " mm"


def offset_words(dx: Decimal, dy: Decimal) -> str:
    """“sang trái 3,0 mm, lên trên 2,5 mm”: a negative shift said the way it moves, never “sang phải -3 mm”."""
    parts = []
    if dx:
        parts.append(f"sang {'phải' if dx > 0 else 'trái'} {_mm_words(dx)}")
    if dy:
        parts.append(f"{'xuống dưới' if dy > 0 else 'lên trên'} {_mm_words(dy)}")
    return ", ".join(parts) if parts else "không dịch (0 mm)"


def calibration_context(layout: CertificateLayout) -> dict:
    geometry = CertificateGeometry.for_layout(layout, with_offsets=True)
    width, height = geometry.sheet_width, geometry.sheet_height
    dx, dy = Decimal(layout.offset_x_mm), Decimal(layout.offset_y_mm)
    # The grid is in real millimetres of the paper (A3 as A4) and moves with the offsets: once calibrated,
    # the line labelled 10 mm lies 10 mm from the paper's edge. Every 10 mm line is labelled.
    grid_x = [{"mm": mm, "at": Decimal(mm) + dx, "major": mm % 50 == 0} for mm in range(10, int(width), 10)]
    grid_y = [{"mm": mm, "at": Decimal(mm) + dy, "major": mm % 50 == 0} for mm in range(10, int(height), 10)]
    # Corner marks: an L at 10 mm from each corner of the sheet, 8 mm long, moved by the offsets as well.
    arm = Decimal(8)
    corners = [
        {"x": Decimal(10) + dx, "y": Decimal(10) + dy, "h": "right", "v": "down"},
        {"x": width - 10 + dx, "y": Decimal(10) + dy, "h": "left", "v": "down"},
        {"x": Decimal(10) + dx, "y": height - 10 + dy, "h": "right", "v": "up"},
        {"x": width - 10 + dx, "y": height - 10 + dy, "h": "left", "v": "up"},
    ]
    for corner in corners:
        corner["hx"] = corner["x"] if corner["h"] == "right" else corner["x"] - arm
        corner["vy"] = corner["y"] if corner["v"] == "down" else corner["y"] - arm
    sample_reason = "Đã có thành tích xuất sắc … (lý do khen thưởng)"
    sample = {
        "name": "Ông Nguyễn Văn Mẫu",
        "details": "Chức vụ, Đơn vị công tác",
        "reason": sample_reason,
        "decision_line": "Quyết định số 123/QĐ-SCT, ngày 05/11/2023",
        "register": "01",
    }
    sample["fit"] = fitted_fields(geometry, name=sample["name"], details=sample["details"], reason=sample_reason)
    issuer = issuer_line(layout.agency, layout)
    return {
        "g": geometry,
        "layout": layout,
        "agency": layout.agency,
        "draft": False,
        "title_document": "Trang căn chỉnh in Giấy khen trên phôi",
        "grid_x": grid_x,
        "grid_y": grid_y,
        "corners": corners,
        "arm": arm,
        "offsets": offset_words(dx, dy),
        "sample": sample,
        "issuer": issuer,
        "issuer_fit": fit_text(issuer, pt=geometry.fixed["issuer_pt"], width=width - 40, height=geometry.mm(11),
                               style="bold"),
        "print_issuer": layout.print_issuer,
        "info_left": geometry.mm(30) + dx,
        "info_top": geometry.mm(52) + dy,
        "info_width": geometry.mm(237),
        "place_date": place_date(layout.agency, date(2023, 11, 5)),
        "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        "signer_name": "Họ và tên người ký",
    }


def calibration_pdf(layout: CertificateLayout) -> RenderedPdf:
    """A test page for the blanks: a millimetre grid, the sheet's corners, and a box where each field lands."""
    return render("awards/pdf/calibration.html", calibration_context(layout))


# The Tờ trình to the province -----------------------------------------------------------------------


def _provincial_plan_line(campaign) -> str:
    plan = campaign.provincial_plan
    if plan is None or any(plan.number in basis.text for basis in campaign.legal_bases.all()):
        return ""
    return f"{plan.carried_out_line};"


def proposal_context(proposal: ProvincialProposal, approvals: list) -> dict:
    campaign = proposal.campaign
    collectives = [a.nomination for a in approvals if a.kind == NomineeKind.COLLECTIVE]
    individuals = [a.nomination for a in approvals if a.kind == NomineeKind.INDIVIDUAL]
    meeting = CouncilMeeting.objects.filter(campaign=campaign, level="provincial").order_by("-held_on").first()
    publication = Publication.objects.filter(campaign=campaign, level="provincial").first()
    counted = []
    if collectives:
        counted.append(f"{count2(len(collectives))} tập thể")
    if individuals:
        counted.append(f"{count2(len(individuals))} cá nhân")
    reason = nfc(campaign.award_reason).strip().rstrip(".")
    context = _document_context(proposal)
    agency_name = nfc(context["names"].name)
    plan_date = f" ngày {campaign.plan_date:%d/%m/%Y}" if campaign.plan_date else ""
    plan_line = (
        f"Thực hiện Kế hoạch số {nfc(campaign.number).strip()}{plan_date} của {agency_name} "
        f"về việc {_lower_first(nfc(campaign.title).strip())}"
    )
    entries = [
        *({"name": nfc(n.nominee_name), "kind": "collective"} for n in collectives),
        *(
            {
                "name": nfc(f"{n.staff.honorific} {n.nominee_name}"),
                "details": nfc(", ".join(p for p in (n.position, n.unit_name) if p)),
                "kind": "individual",
            }
            for n in individuals
        ),
    ]
    # Every entry of the list ends with “;”, the last one with “.”.
    for index, entry in enumerate(entries):
        entry["end"] = "." if index == len(entries) - 1 else ";"
    return {
        **context,
        "title_document": f"Tờ trình {proposal.number or '(dự thảo)'}",
        "subject": nfc(proposal.subject),
        "addressee": nfc(proposal.addressee),
        "requested_award": nfc(proposal.requested_award).strip(),
        "campaign": campaign,
        "campaign_title": _lower_first(nfc(campaign.title).strip()),
        "agency_name_plain": agency_name,
        "legal_bases": [f"{line.rstrip(' ;,.')};" for line in basis_lines([b.text for b in campaign.legal_bases.all()])],
        "plan_line": f"{plan_line};",
        # The province's plan the agency's plan carries out (issue 11), printed from its data unless a legal
        # basis of the plan already cites it.
        "provincial_plan_line": _provincial_plan_line(campaign),
        "meeting": meeting,
        "publication": publication,
        "counted": " và ".join(counted),
        "allocation": (
            f"{count2(quota_for(campaign, AwardLevel.PROVINCIAL, NomineeKind.COLLECTIVE))} tập thể, "
            f"{count2(quota_for(campaign, AwardLevel.PROVINCIAL, NomineeKind.INDIVIDUAL))} cá nhân"
        ),
        "reason_lower": reason[:1].lower() + reason[1:],
        "collectives": [entry for entry in entries if entry["kind"] == "collective"],
        "individuals": [entry for entry in entries if entry["kind"] == "individual"],
    }


def proposal_pdf(proposal: ProvincialProposal, approvals: list) -> RenderedPdf:
    return render("awards/pdf/proposal.html", proposal_context(proposal, approvals))
