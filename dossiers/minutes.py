"""The minutes of the unit's review meeting, “Biên bản họp xét đề nghị khen thưởng”, as a PDF in the
administrative form (Decree 30/2020): the agency over the unit, the national title and motto, number and
place and date, the title, time, place, chair, secretary, attendance, content, the tally per nominee, the
conclusion and the signatures of the secretary and the chair. The shared pieces (fonts, A4 page, header,
signature block, no fetching) come from core/pdf.py and templates/pdf/.
"""

from django.template.loader import render_to_string

from campaign.models import AwardLevel
from core.pdf import FONT_FAMILY, RenderedPdf, clock_words, html_to_pdf, long_date, nfc, person_line
from core.time import PLAN_TZ

from .meetings import tally
from .models import MeetingState, ReviewMeeting

# Shared with the council's minutes (awards/review/ballot_minutes.py).
_clock = clock_words
_person = person_line


def minutes_context(meeting: ReviewMeeting, *, final: bool) -> dict:
    dossier = meeting.dossier
    campaign = dossier.campaign
    agency = campaign.agency
    unit = dossier.unit
    result = tally(meeting)
    held = meeting.held_at.astimezone(PLAN_TZ)
    title = nfc(campaign.title).strip().rstrip(".")
    level = (
        f"Giấy khen của {nfc(agency.head_title)} {nfc(agency.name)}"
        if dossier.level == AwardLevel.GRASSROOTS
        else "khen thưởng cấp tỉnh"
    )
    closed = meeting.closed_at.astimezone(PLAN_TZ) if meeting.closed_at else None
    return {
        "font_family": FONT_FAMILY,
        "title_document": f"Biên bản họp xét đề nghị khen thưởng – {nfc(unit.name)}",
        "agency": agency,
        "parent_authority": nfc(agency.name).upper(),
        "agency_name": nfc(unit.name).upper(),
        # The unit's register number is written in by hand on the signed copy.
        "number": "\u00a0" * 8 + f"/BB-{nfc(agency.code)}",
        "place_date": f"{nfc(agency.place_name)}, {long_date(held.date())}",
        "draft": not final,
        "meeting": meeting,
        "unit_name": nfc(unit.name),
        "agency_name_plain": nfc(agency.name),
        "time_line": f"{_clock(held)}, {long_date(held.date())}",
        "place": nfc(meeting.place),
        "chair": _person(meeting.chair),
        "secretary": _person(meeting.secretary),
        "staff": result.staff,
        "present": result.present,
        "absent": max(result.staff - result.present, 0),
        "voted": result.voted,
        "campaign_line": f"Kế hoạch số {nfc(campaign.number)} của {nfc(agency.name)} về {title[:1].lower()}{title[1:]}",
        "level": level,
        "method": "bỏ phiếu kín trực tuyến" if meeting.secret_ballot else "biểu quyết công khai trực tuyến",
        "window": (
            f"từ {meeting.voting_opens_at.astimezone(PLAN_TZ):%H:%M ngày %d/%m/%Y} "
            f"đến {meeting.voting_closes_at.astimezone(PLAN_TZ):%H:%M ngày %d/%m/%Y}"
        ),
        "rows": result.rows,
        "conclusion": nfc(meeting.conclusion).strip(),
        "ended": f"{_clock(closed)}, {long_date(closed.date())}" if closed else "",
        "still_open": meeting.state == MeetingState.OPEN,
        "chair_name": nfc(meeting.chair.full_name),
        "secretary_name": nfc(meeting.secretary.full_name),
    }


def minutes_pdf(meeting: ReviewMeeting, *, final: bool = False) -> RenderedPdf:
    """The minutes; until the head confirms them they carry the “DỰ THẢO” mark."""
    return html_to_pdf(render_to_string("dossiers/pdf/minutes.html", minutes_context(meeting, final=final)))
