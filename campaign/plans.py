"""A plan's legal bases from the law of its date, and next year's plan from this one (R11, issue 13).

- `initial_legal_bases`: the Căn cứ lines a new plan starts with: the agency's own basis of competence,
  the lines of the regime in force on the plan's launch date, and the plan itself. They are rows of
  the plan (`LegalBasis`) the office still edits.
- `stale_citations_of`: the Căn cứ lines of a plan that cite a text not in force on its launch date.
- `copy_plan`: "Tạo kế hoạch mới từ kế hoạch này": the content items, dossier requirements, quotas and
  texts of a plan under a new number and dates; the Căn cứ re-filled from the regime of the new date;
  nothing else (no dossiers, reports, acknowledgements, decisions). Other apps copy their own per-plan
  data on `plan_copied`, sent inside the same transaction.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from core.errors import DomainError
from core.pdf import long_date
from core.time import vn_date
from legal.models import LegalRegime
from legal.selectors import NoLawOnDate, StaleCitation, regime_on, shorten, stale_citations

from .models import Campaign, ContentItem, DossierRequirement, LegalBasis
from .rules import ensure
from .signals import plan_copied


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def plan_line(campaign: Campaign) -> str:
    """The Căn cứ line that cites the plan itself, e.g. “Căn cứ Kế hoạch số 123/KH-SCT ngày 15 tháng 5
    năm 2023 của Sở Công Thương về phát động phong trào thi đua …”."""
    dated = f" {long_date(campaign.plan_date)}" if campaign.plan_date else ""
    title = " ".join(campaign.title.split()).rstrip(".;")
    return f"Căn cứ Kế hoạch số {campaign.number}{dated} của {campaign.agency.name} về {_lower_first(title)}"


def _terminated(lines: list[str]) -> list[str]:
    """Each Căn cứ line ends with “;”, the last one with “.” (Decree 30/2020)."""
    clean = [" ".join(line.split()).rstrip(" ;.,") for line in lines if line.strip()]
    return [line + ("." if index == len(clean) - 1 else ";") for index, line in enumerate(clean)]


@dataclass(frozen=True)
class InitialBases:
    lines: list[str]
    regime: LegalRegime | None  # None when no regime applies on the plan's launch date


def initial_legal_bases(campaign: Campaign) -> InitialBases:
    """The Căn cứ lines a plan starts with, in the order of Decree 30/2020 (competence first, then the
    texts the matter rests on, then the plan)."""
    lines = []
    competence = campaign.agency.competence_basis.strip()
    if competence:
        lines.append(competence)
    try:
        regime = regime_on(campaign.launch_date)
    except NoLawOnDate:
        regime = None
    if regime is not None:
        lines.extend(basis.text for basis in regime.bases.all())
    lines.append(plan_line(campaign))
    return InitialBases(lines=_terminated(lines), regime=regime)


def prefill_legal_bases(campaign: Campaign) -> InitialBases | None:
    """Give a plan with no Căn cứ yet its initial lines; a plan that has some keeps them (None)."""
    if campaign.legal_bases.exists():
        return None
    initial = initial_legal_bases(campaign)
    LegalBasis.objects.bulk_create(
        LegalBasis(campaign=campaign, order=order, text=text) for order, text in enumerate(initial.lines, start=1)
    )
    return initial


def stale_citations_of(campaign: Campaign) -> list[StaleCitation]:
    """The plan's Căn cứ lines that cite a recorded text not in force on the plan's launch date."""
    return stale_citations([basis.text for basis in campaign.legal_bases.all()], campaign.launch_date)


def stale_warning(campaign: Campaign) -> str | None:
    """One message for the office, or None."""
    stale = stale_citations_of(campaign)
    if not stale:
        return None
    by_line: dict[str, list[str]] = {}
    for item in stale:
        by_line.setdefault(item.line, []).append(item.description)
    details = " ".join(f"Căn cứ “{shorten(line)}” dẫn {'; '.join(texts)}." for line, texts in by_line.items())
    return (
        f"Kế hoạch (ngày phát động {vn_date(campaign.launch_date)}) dẫn văn bản không còn hoặc chưa có hiệu lực "
        f"vào ngày đó: {details} Hãy sửa phần căn cứ của kế hoạch."
    )


# Next year's plan ---------------------------------------------------------------------------------------

# The plan's texts that are copied (the rest of the plan is per year: dates, allocations, province).
COPIED_TEXTS = (
    "title", "preamble", "purposes", "requirements", "organisation", "recipients",
    "award_reason", "award_fund_source", "signer_title", "signer_name",
)


YEAR_IN_TEXTS = ("title", "award_reason")


def _next_year(text: str, old: int, new: int) -> str:
    """“năm 2023” in the plan's title, award reason and content items becomes “năm 2024”."""
    if old == new:
        return text
    return re.sub(rf"(năm\s+){old}\b", rf"\g<1>{new}", text, flags=re.IGNORECASE)


def check_new_plan(
    *, source: Campaign, number: str | None, year: int | None, launch_date: date | None,
    emulation_end: date | None, submission_deadline: date | None,
) -> dict[str, str]:
    """What is wrong with the new plan's number and dates, by field, in Vietnamese (empty: nothing).
    A value missing (None: the field has its own error) skips the checks that need it."""
    errors: dict[str, str] = {}
    if launch_date and emulation_end and launch_date > emulation_end:
        errors["emulation_end"] = (
            f"Thời hạn thi đua ({vn_date(emulation_end)}) không được trước ngày phát động ({vn_date(launch_date)})."
        )
    if emulation_end and submission_deadline and emulation_end > submission_deadline:
        errors["submission_deadline"] = (
            f"Hạn nộp hồ sơ ({vn_date(submission_deadline)}) không được trước ngày kết thúc thi đua "
            f"({vn_date(emulation_end)})."
        )
    if number and year and Campaign.objects.filter(agency_id=source.agency_id, number=number, year=year).exists():
        errors["number"] = f"Cơ quan đã có kế hoạch số {number} trong năm {year}; hãy nhập số khác."
    if launch_date:
        try:
            regime_on(launch_date)
        except NoLawOnDate as error:
            errors["launch_date"] = error.message
    return errors


def copy_plan(
    *, source: Campaign, by: User, number: str, year: int, launch_date: date, emulation_end: date,
    submission_deadline: date, plan_date: date | None = None,
) -> Campaign:
    """Next year's plan from `source` (see the module's docstring). Refused, nothing written, when the
    user may not, or the number or dates are wrong."""
    ensure(by, "campaign.copy_campaign", source)
    number = " ".join(number.split())
    if not number:
        raise DomainError("Hãy nhập số của kế hoạch mới.")
    errors = check_new_plan(
        source=source, number=number, year=year, launch_date=launch_date, emulation_end=emulation_end,
        submission_deadline=submission_deadline,
    )
    if errors:
        raise DomainError(" ".join(errors.values()))
    with transaction.atomic():
        source = Campaign.objects.select_related("agency").get(pk=source.pk)
        copy = Campaign(
            agency=source.agency,
            number=number,
            year=year,
            plan_date=plan_date,
            launch_date=launch_date,
            emulation_end=emulation_end,
            submission_deadline=submission_deadline,
            collective_quota=source.collective_quota,
            individual_quota=source.individual_quota,
            # The year moves in the plan's own wording; the preamble and the other texts cite documents
            # by their dates (a province's plan of 2023), which the office updates, not the portal.
            **{
                name: _next_year(getattr(source, name), source.year, year) if name in YEAR_IN_TEXTS
                else getattr(source, name)
                for name in COPIED_TEXTS
            },
        )
        copy._change_reason = f"Tạo từ kế hoạch {source.number} năm {source.year}"
        try:
            with transaction.atomic():
                copy.save()
        except IntegrityError:
            raise DomainError(f"Cơ quan đã có kế hoạch số {number} trong năm {year}; hãy nhập số khác.") from None
        ContentItem.objects.bulk_create(
            ContentItem(campaign=copy, number=item.number, text=_next_year(item.text, source.year, year))
            for item in source.content_items.all()
        )
        DossierRequirement.objects.bulk_create(
            DossierRequirement(
                campaign=copy,
                level=requirement.level,
                requires_proposal_letter=requirement.requires_proposal_letter,
                requires_meeting_minutes=requirement.requires_meeting_minutes,
                requires_achievement_report=requirement.requires_achievement_report,
                report_kind=requirement.report_kind,
            )
            for requirement in source.dossier_requirements.all()
        )
        prefill_legal_bases(copy)
        plan_copied.send(sender=Campaign, source=source, copy=copy)
    return copy
