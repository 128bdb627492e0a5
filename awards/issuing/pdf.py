"""The printed documents: the award decision with its list, the Giấy khen, the print-on-blank mode with its
calibration page, and the Tờ trình to the province (DESIGN.md "Vietnamese administrative form", R10).

Django templates under templates/awards/pdf/ (with the shared pieces of templates/pdf/) render HTML that
WeasyPrint lays out. Every text passes through NFC; fonts are the system's Times-metric serifs (Liberation
Serif, then Tinos, then DejaVu Serif), which WeasyPrint embeds as subsets. Nothing is fetched from outside:
the documents have no URLs at all.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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

# The generic pieces every printed document shares live in core (dossiers prints the unit's minutes too);
# they stay importable from here.
from core.pdf import FONT_FAMILY, RenderedPdf, count2, html_to_pdf, long_date  # noqa: F401
from dossiers.models import NomineeKind
from legal.selectors import giay_khen_amounts

# Landscape sheets, in mm. Certificate positions are kept for A4; an A3 sheet is the same drawing scaled.
SHEETS = {PaperSize.A4: (Decimal(297), Decimal(210)), PaperSize.A3: (Decimal(420), Decimal(297))}
A3_SCALE = Decimal(420) / Decimal(297)


def render(template: str, context: dict) -> RenderedPdf:
    return html_to_pdf(render_to_string(template, {"font_family": FONT_FAMILY, **context}))


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


def authority(agency: Agency) -> str:
    """“GIÁM ĐỐC SỞ CÔNG THƯƠNG”."""
    return nfc(f"{agency.head_title} {agency.name}").upper()


def issuer_line(agency: Agency, layout: CertificateLayout | None = None) -> str:
    """“GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP”: the agency's head, the agency and its province."""
    if layout is not None and layout.issuer_title.strip():
        return nfc(layout.issuer_title).strip().upper()
    parent = nfc(agency.parent_authority).strip().upper()
    for prefix in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "UBND "):
        if parent.startswith(prefix):
            parent = parent[len(prefix):]
            break
    return f"{authority(agency)} {parent}".strip()


def signer_lines(document: RegisteredDocument) -> list[str]:
    """[“KT. GIÁM ĐỐC”, “PHÓ GIÁM ĐỐC”] when a deputy signs, else [“GIÁM ĐỐC”]."""
    title = nfc(document.signer_title).strip().upper()
    if document.is_deputy:
        return [f"KT. {nfc(document.agency.head_title).strip().upper()}", title]
    return [title]


def _document_context(document: RegisteredDocument) -> dict:
    agency = document.agency
    return {
        "doc": document,
        "agency": agency,
        "parent_authority": nfc(agency.parent_authority).upper(),
        "agency_name": nfc(agency.name).upper(),
        "number": document.number_display,
        "place_date": place_date(agency, document.signing_date),
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
    head = nfc(f"{agency.head_title} {agency.name}")
    reason = nfc(campaign.award_reason).strip().rstrip(".")
    return {
        **_document_context(decision),
        "title_document": f"Quyết định {decision.number or '(dự thảo)'}",
        "subject": nfc(decision.subject),
        "authority": authority(agency),
        "legal_bases": [nfc(basis.text).strip() for basis in campaign.legal_bases.all()],
        "proposer": nfc(decision.proposer).strip(),
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
        )

    def mm(self, value) -> Decimal:
        """A length of the A4 drawing on this sheet."""
        return (Decimal(value) * self.scale).quantize(Decimal("0.1"))


def default_layout(agency: Agency) -> CertificateLayout:
    """The agency's calibrated layout, or the defaults (which are also the full certificate's positions)."""
    return CertificateLayout.objects.filter(agency=agency).first() or CertificateLayout(agency=agency)


def _certificate_items(decision: AwardDecision, awards: list[Award]) -> list[dict]:
    decision_line = f"Quyết định số {decision.number_display}, ngày {decision.signing_date:%d/%m/%Y}"
    return [
        {
            "award": award,
            "name": nfc(award.display_name),
            "details": nfc(award.details),
            "decision_line": decision_line,
            "register": award.register_display,
            "collective": award.is_collective,
        }
        for award in awards
    ]


def certificate_context(
    decision: AwardDecision, awards: list[Award], *, geometry: CertificateGeometry, layout: CertificateLayout
) -> dict:
    return {
        **_document_context(decision),
        "title_document": f"Giấy khen – Quyết định {decision.number or '(dự thảo)'}",
        "g": geometry,
        "issuer": issuer_line(decision.agency, layout),
        "reason": nfc(decision.campaign.award_reason).strip(),
        "items": _certificate_items(decision, awards),
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


def calibration_pdf(layout: CertificateLayout) -> RenderedPdf:
    """A test page for the blanks: a millimetre grid, the sheet's corners, and a box where each field lands."""
    geometry = CertificateGeometry.for_layout(layout, with_offsets=True)
    width, height = geometry.sheet_width, geometry.sheet_height
    dx, dy = Decimal(layout.offset_x_mm), Decimal(layout.offset_y_mm)
    # The grid moves with the offsets too: once calibrated, the 10 mm line is 10 mm from the paper's edge.
    grid_x = [{"mm": mm, "at": Decimal(mm) + dx, "label": mm % 50 == 0} for mm in range(10, int(width), 10)]
    grid_y = [{"mm": mm, "at": Decimal(mm) + dy, "label": mm % 50 == 0} for mm in range(10, int(height), 10)]
    return render(
        "awards/pdf/calibration.html",
        {
            "g": geometry,
            "layout": layout,
            "agency": layout.agency,
            "draft": False,
            "title_document": "Trang căn chỉnh in Giấy khen trên phôi",
            "grid_x": grid_x,
            "grid_y": grid_y,
            "sample": {
                "name": "Ông Nguyễn Văn Mẫu",
                "details": "Chức vụ, Đơn vị công tác",
                "reason": "Đã có thành tích xuất sắc … (lý do khen thưởng)",
                "decision_line": "Quyết định số 123/QĐ-SCT, ngày 05/11/2023",
                "register": "01",
            },
            "place_date": place_date(layout.agency, date(2023, 11, 5)),
            "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            "signer_name": "Họ và tên người ký",
        },
    )


# The Tờ trình to the province -----------------------------------------------------------------------


def proposal_context(proposal: ProvincialProposal, approvals: list) -> dict:
    campaign = proposal.campaign
    agency = proposal.agency
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
    return {
        **_document_context(proposal),
        "title_document": f"Tờ trình {proposal.number or '(dự thảo)'}",
        "subject": nfc(proposal.subject),
        "addressee": nfc(proposal.addressee),
        "campaign": campaign,
        "campaign_title": _lower_first(nfc(campaign.title).strip()),
        "agency_name_plain": nfc(agency.name),
        "legal_bases": [nfc(basis.text).strip() for basis in campaign.legal_bases.all()],
        "meeting": meeting,
        "publication": publication,
        "counted": " và ".join(counted),
        "allocation": (
            f"{count2(quota_for(campaign, AwardLevel.PROVINCIAL, NomineeKind.COLLECTIVE))} tập thể, "
            f"{count2(quota_for(campaign, AwardLevel.PROVINCIAL, NomineeKind.INDIVIDUAL))} cá nhân"
        ),
        "reason_lower": reason[:1].lower() + reason[1:],
        "collectives": [{"name": nfc(n.nominee_name)} for n in collectives],
        "individuals": [
            {
                "name": nfc(f"{n.staff.honorific} {n.nominee_name}"),
                "details": nfc(", ".join(p for p in (n.position, n.unit_name) if p)),
            }
            for n in individuals
        ],
    }


def proposal_pdf(proposal: ProvincialProposal, approvals: list) -> RenderedPdf:
    return render("awards/pdf/proposal.html", proposal_context(proposal, approvals))
