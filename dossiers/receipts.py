"""The dossier code and the receipt (issue 15): what a unit gets back when it submits.

A code, e.g. `SCT-2023-0012`, is the agency's short code, the plan's year and a four-digit number of the
agency and year. It is given at the dossier's first submission, kept when the dossier is submitted again
after a supplement, and never given twice: the number comes from a counter row locked for the rest of the
submitting transaction, and the database refuses a second dossier with the same code.

The receipt, “Giấy biên nhận hồ sơ”, says what the office received and when: each part and each file
(the version current at the submission) with its size and a short SHA-256, the date and time in Vietnam
time, and who submitted. It is a receipt, not an acceptance.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.template.loader import render_to_string

from core.pdf import FONT_FAMILY, RenderedPdf, html_to_pdf, long_date, nfc
from core.time import PLAN_TZ
from core.uploads import human_size

from .models import DocumentKind, Dossier, DossierCodeSequence, DossierFile, DossierState

SHORT_HASH = 12
RECEIPT_NOTE = (
    "Giấy này chỉ xác nhận đã nhận hồ sơ, không phải là văn bản tiếp nhận hay chấp thuận hồ sơ. "
    "Kết quả kiểm tra hồ sơ sẽ được thông báo sau trên Cổng."
)


# The code -----------------------------------------------------------------------------------------


def format_code(agency_code: str, year: int, number: int) -> str:
    return f"{agency_code}-{year}-{number:04d}"


def give_code(dossier: Dossier) -> str:
    """The dossier's code, taking the next number of its agency and year if it has none yet. Call inside
    the submitting transaction, with the dossier row locked: the counter row stays locked until commit,
    so a concurrent submission waits for it and takes the number after."""
    if dossier.code:
        return dossier.code
    agency = dossier.campaign.agency
    year = dossier.campaign.year
    # One statement (issue 17): the row of a new agency and year is created with 1, an existing one is
    # advanced; either way the row stays locked until commit (PostgreSQL and SQLite alike).
    table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [agency.pk, year],
        )
        (number,) = cursor.fetchone()
    dossier.code = format_code(agency.code, year, number)
    return dossier.code


# What was received --------------------------------------------------------------------------------

PART_LABELS = {
    DocumentKind.PROPOSAL_LETTER: "Công văn đề nghị",
    DocumentKind.MEETING_MINUTES: "Biên bản họp xét đề nghị khen thưởng",
}


@dataclass(frozen=True)
class ReceivedFile:
    part: str
    name: str
    version: int
    size: int
    sha256: str

    @property
    def size_label(self) -> str:
        return human_size(self.size)

    @property
    def short_hash(self) -> str:
        return self.sha256[:SHORT_HASH]


def current_files(dossier: Dossier, *, at: datetime | None = None) -> list[ReceivedFile]:
    """The newest version of each part uploaded by `at` (the submission): the dossier-level documents
    first, then each nominee's report, in the dossier's order. Reads `dossier.files` and
    `dossier.nominations` (prefetched by the pages)."""
    newest: dict[tuple[str, int | None], DossierFile] = {}
    for stored in dossier.files.all():
        if at is not None and stored.uploaded_at > at:
            continue
        key = (stored.kind, stored.nomination_id)
        if key not in newest or stored.version > newest[key].version:
            newest[key] = stored
    rows: list[ReceivedFile] = []
    for kind, label in PART_LABELS.items():
        stored = newest.get((kind, None))
        if stored is not None:
            rows.append(_received(label, stored))
    for nomination in dossier.nominations.all():
        stored = newest.get((DocumentKind.ACHIEVEMENT_REPORT, nomination.pk))
        if stored is not None:
            rows.append(_received(f"{dossier.report_label} của {nomination.nominee_name}", stored))
    return rows


def _received(part: str, stored: DossierFile) -> ReceivedFile:
    return ReceivedFile(part=part, name=stored.original_name, version=stored.version, size=stored.size,
                        sha256=stored.sha256)


def person_name(user) -> str:
    if user is None:
        return ""
    try:
        staff = user.staff_member
    except ObjectDoesNotExist:
        staff = None
    if staff is not None and staff.full_name:
        return staff.full_name
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def has_receipt(dossier: Dossier) -> bool:
    """A receipt exists once the dossier has been submitted (and so has a code)."""
    return bool(dossier.code) and dossier.submitted_at is not None and dossier.state != DossierState.DRAFT


def receipt_context(dossier: Dossier) -> dict:
    """Everything the receipt page and the PDF show. The dossier comes from selectors.dossier_for_page
    (nominations, files and the timeline with its people prefetched): no query per file."""
    campaign = dossier.campaign
    agency = campaign.agency
    submitted = dossier.submitted_at.astimezone(PLAN_TZ)
    entries = [e for e in dossier.timeline.all() if e.is_transition and e.to_state == DossierState.SUBMITTED]
    entry = entries[-1] if entries else None
    nominations = list(dossier.nominations.all())
    return {
        "dossier": dossier,
        "campaign": campaign,
        "agency": agency,
        "code": dossier.code,
        "unit_name": nfc(dossier.unit.name),
        "level": dossier.get_level_display(),
        "plan_line": f"Kế hoạch số {nfc(campaign.number)}: {nfc(campaign.title)}",
        "received_at": submitted,
        "received_time": f"{submitted:%H:%M} ngày {submitted:%d/%m/%Y}",
        "resubmitted": bool(entry and entry.from_state == DossierState.RETURNED),
        "submitted_by": person_name(entry.by) if entry else "",
        "nominations": nominations,
        "collectives": sum(1 for n in nominations if n.kind == "collective"),
        "individuals": sum(1 for n in nominations if n.kind == "individual"),
        "files": current_files(dossier, at=dossier.submitted_at),
        "note": RECEIPT_NOTE,
    }


def receipt_file_name(dossier: Dossier) -> str:
    return f"Bien-nhan-{dossier.code}.pdf"


def receipt_pdf(dossier: Dossier) -> RenderedPdf:
    context = receipt_context(dossier)
    agency = context["agency"]
    submitted = context["received_at"]
    context.update({
        "font_family": FONT_FAMILY,
        "title_document": f"Giấy biên nhận hồ sơ {dossier.code}",
        "parent_authority": nfc(agency.parent_authority).upper(),
        "agency_name": nfc(agency.name).upper(),
        "number": nfc(dossier.code),
        "place_date": f"{nfc(agency.place_name)}, {long_date(submitted.date())}",
        "office_name": nfc(agency.office_name),
    })
    return html_to_pdf(render_to_string("dossiers/pdf/receipt.html", context))
