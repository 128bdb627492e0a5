"""The minutes of the council meeting, “Biên bản họp Hội đồng Thi đua - Khen thưởng”, as a PDF in the
administrative form (Decree 30/2020), written from the e-ballot's tally: the agency and its council, the
national title and motto, number, place and date, the title, the members present, the method of the vote
and its window, the quorum and the pass threshold of the meeting, the tally per nomination (counts only,
never a voter), the conclusion and the signatures of the secretary and the chair. The shared pieces
(fonts, A4 page, header, no fetching, the hour and a person as minutes write them) come from core/pdf.py
and templates/pdf/, as for the unit's minutes (dossiers/minutes.py).
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from awards.models import CouncilBallot, CouncilBallotState, VoteBase
from campaign.models import AwardLevel, BoardKind, BoardMembership, BoardRole
from core.pdf import FONT_FAMILY, RenderedPdf, clock_words, html_to_pdf, long_date, nfc, person_line
from core.time import PLAN_TZ

from . import ballots, council


def file_name(ballot: CouncilBallot) -> str:
    return f"bien-ban-hop-hoi-dong-{ballot.meeting.held_on:%Y-%m-%d}.pdf"


def _officers(ballot: CouncilBallot, present: list) -> tuple[str, str, str, str]:
    """The chair and the secretary of the council among the members present (blank lines if absent)."""
    roles = dict(
        BoardMembership.objects.filter(
            board__agency=ballot.meeting.campaign.agency_id, board__kind=BoardKind.COUNCIL,
            staff__in=[p.pk for p in present],
        ).values_list("staff_id", "role")
    )
    by_role = {role: person for person in present for pk, role in roles.items() if pk == person.pk}
    chair = by_role.get(BoardRole.CHAIR) or by_role.get(BoardRole.VICE_CHAIR)
    secretary = by_role.get(BoardRole.SECRETARY)
    return (
        person_line(chair) if chair else "",
        nfc(chair.full_name) if chair else "",
        person_line(secretary) if secretary else "",
        nfc(secretary.full_name) if secretary else "",
    )


def minutes_context(ballot: CouncilBallot) -> dict:
    meeting = ballot.meeting
    campaign = meeting.campaign
    agency = campaign.agency
    present = list(meeting.members_present.order_by("full_name"))
    voted = ballot.participations.count()
    rows = ballots.tally_rows(ballot)
    chair, chair_name, secretary, secretary_name = _officers(ballot, present)
    title = nfc(campaign.title).strip().rstrip(".")
    level = (
        f"Giấy khen của {nfc(agency.head_title)} {nfc(agency.name)}"
        if meeting.level == AwardLevel.GRASSROOTS
        else "khen thưởng cấp tỉnh"
    )
    needed = council.quorum_needed(meeting, meeting.council_size)
    closed = ballot.closed_at.astimezone(PLAN_TZ) if ballot.closed_at else None
    passed = [row.nomination.nominee_name for row in rows if row.result and row.result.passed]
    return {
        "font_family": FONT_FAMILY,
        "title_document": f"Biên bản họp Hội đồng Thi đua - Khen thưởng – {nfc(agency.name)}",
        "parent_authority": nfc(agency.name).upper(),
        # On two lines, as the council's name is set in its own documents.
        "agency_name": mark_safe("HỘI ĐỒNG THI ĐUA -<br>KHEN THƯỞNG"),
        "author": nfc(agency.name),
        # The register number is written in by hand on the signed copy.
        "number": "\u00a0" * 8 + "/BB-HĐTĐKT",
        "place_date": f"{nfc(agency.place_name)}, {long_date(meeting.held_on)}",
        "draft": ballot.state != CouncilBallotState.CLOSED,
        "agency_plain": nfc(agency.name),
        "held_on": long_date(meeting.held_on),
        "chair": chair,
        "secretary": secretary,
        "chair_name": chair_name,
        "secretary_name": secretary_name,
        "members": meeting.council_size,
        "present": present,
        "present_count": len(present),
        "absent": max(meeting.council_size - len(present), 0),
        "voted": voted,
        "campaign_line": f"Kế hoạch số {nfc(campaign.number)} của {nfc(agency.name)} về {title[:1].lower()}{title[1:]}",
        "level": level,
        "method": "bỏ phiếu kín trực tuyến" if ballot.secret else "biểu quyết công khai trực tuyến",
        "window": (
            f"từ {ballot.opens_at.astimezone(PLAN_TZ):%H:%M ngày %d/%m/%Y} "
            f"đến {ballot.closes_at.astimezone(PLAN_TZ):%H:%M ngày %d/%m/%Y}"
        ),
        "quorum_percent": meeting.quorum_percent,
        "quorum_needed": needed,
        "has_quorum": meeting.council_size > 0 and len(present) >= needed,
        "base_label": "tổng số thành viên Hội đồng" if meeting.vote_base == VoteBase.ALL_MEMBERS
        else "số thành viên dự họp",
        "threshold": meeting.pass_threshold_percent,
        "rows": rows,
        "passed": passed,
        "ended": f"{clock_words(closed)}, {long_date(closed.date())}" if closed else "",
    }


def minutes_pdf(ballot: CouncilBallot) -> RenderedPdf:
    """The minutes; until the office closes the ballot they carry the “DỰ THẢO” mark and no tally."""
    return html_to_pdf(render_to_string("awards/pdf/council_minutes.html", minutes_context(ballot)))
