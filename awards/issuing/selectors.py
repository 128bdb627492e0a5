"""Queries of issuing: decisions, the Tờ trình, certificates, the award register and staff histories.

Every list a user gets and every object they open goes through `scope_for` (campaign/rules.py, R8): a
row of another agency, or of another unit for staff, is simply not there (a 404).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from awards.models import Award, AwardDecision, DecisionState, ProvincialOutcome, ProvincialProposal
from campaign.models import AwardLevel, Campaign, StaffMember
from campaign.rules import can, scope_for, standing
from campaign.selectors import NameBook
from dossiers.models import Nomination, NomineeKind


def decisions_for(user) -> QuerySet[AwardDecision]:
    """The decisions the user sees: drafts included for the office, the Director and the inspection board
    of the agency; staff none (they reach their unit's certificates through `certificates_for`)."""
    return scope_for(user, AwardDecision.objects.select_related("campaign", "agency", "signed_by"))


def decision_for_page(user, pk: int) -> AwardDecision:
    try:
        return decisions_for(user).get(pk=pk)
    except AwardDecision.DoesNotExist:
        raise Http404("Không tìm thấy quyết định.") from None


def proposals_for(user) -> QuerySet[ProvincialProposal]:
    return scope_for(user, ProvincialProposal.objects.select_related("campaign", "agency", "signed_by"))


def proposal_for_page(user, pk: int) -> ProvincialProposal:
    try:
        return proposals_for(user).get(pk=pk)
    except ProvincialProposal.DoesNotExist:
        raise Http404("Không tìm thấy tờ trình.") from None


def campaign_for_document(user, pk: int) -> Campaign:
    """The campaign a decision or a Tờ trình is drafted for: another agency's is a 404."""
    try:
        return scope_for(user, Campaign.objects.select_related("agency")).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch.") from None


def _signed_awards() -> QuerySet[Award]:
    return Award.objects.filter(decision__state=DecisionState.SIGNED).select_related(
        "decision__campaign", "decision__agency", "unit", "staff"
    )


def certificates_for(user) -> QuerySet[Award]:
    """Signed awards the user may print: every one of the agency for its office, Director and inspection
    board; for staff, those of their own unit and their own (R8: another unit's certificate is a 404)."""
    return scope_for(user, _signed_awards())


def own_certificates(user) -> QuerySet[Award]:
    """Signed awards of the person's unit (collective and individual) and the person's own, whatever
    else the user oversees."""
    person = standing(user).person
    if person is None:
        return Award.objects.none()
    return certificates_for(user).filter(Q(unit=person.unit_id) | Q(staff=person)).order_by("-year", "decision", "order")


def award_for_download(user, pk: int) -> Award:
    try:
        return certificates_for(user).get(pk=pk)
    except Award.DoesNotExist:
        raise Http404("Không tìm thấy Giấy khen.") from None


def award_register(user, *, year: int | None = None, campaign_id: int | None = None) -> QuerySet[Award]:
    """The award register (sổ khen thưởng) of the user's agencies: every award of a signed decision, by
    year and register number."""
    qs = certificates_for(user)
    if year:
        qs = qs.filter(year=year)
    if campaign_id:
        qs = qs.filter(decision__campaign=campaign_id)
    return qs.order_by("-year", "agency", "register_number")


def register_years(user) -> list[int]:
    return list(certificates_for(user).order_by("-year").values_list("year", flat=True).distinct())


def register_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns of the user's agencies with a signed decision: the register's filter."""
    return (
        scope_for(user, Campaign.objects.filter(award_decisions__state=DecisionState.SIGNED))
        .distinct()
        .order_by("-year", "-pk")
    )


def with_names_of_the_day(awards: list[Award]) -> list[Award]:
    """Each award gets `award_form` (“Giấy khen của Giám đốc Sở Công Thương”) with the agency's name on
    its decision's date: a later rename does not rewrite the register or a history (one query for all)."""
    book = NameBook.of_agencies({award.decision.agency_id for award in awards})
    for award in awards:
        agency, day = award.decision.agency, award.decision.signing_date
        award.award_form = f"Giấy khen của {agency.head_title} {book.agency_on(agency, day).name}"
    return awards


def staff_for_history(user, pk: int) -> StaffMember:
    """A staff member's award history: seen by active colleagues of the same unit (the person included)
    and by the overseers of the agency."""
    try:
        return scope_for(user, StaffMember.objects.select_related("unit", "unit__agency")).get(pk=pk)
    except StaffMember.DoesNotExist:
        raise Http404("Không tìm thấy cán bộ.") from None


def staff_history(user, staff: StaffMember) -> dict:
    """Individual awards, awards of the person's unit as a collective, and every nomination with its
    outcome, as far as the user sees them."""
    awards = with_names_of_the_day(
        list(certificates_for(user).filter(staff=staff).order_by("-year", "-decision__signing_date"))
    )
    collective = with_names_of_the_day(list(
        certificates_for(user)
        .filter(kind=NomineeKind.COLLECTIVE, unit=staff.unit_id)
        .order_by("-year", "-decision__signing_date")
    ))
    nominations = list(
        scope_for(user, Nomination.objects.filter(staff=staff))
        .select_related("dossier__unit", "campaign", "approval__award__decision", "approval__provincial_outcome")
        .order_by("-campaign__year", "-pk")
    )
    # Awards of the province (Khen thưởng cấp tỉnh), recorded by the steering committee on a Tờ trình.
    provincial = provincial_outcomes(user).filter(awarded=True)
    return {
        "awards": awards,
        "collective_awards": collective,
        "nominations": nominations,
        "provincial_awards": list(provincial.filter(approval__nomination__staff=staff)),
        "provincial_collective_awards": list(
            provincial.filter(approval__nomination__nominee_unit=staff.unit_id, approval__kind=NomineeKind.COLLECTIVE)
        ),
    }


def provincial_outcomes(user, *, year: int | None = None, campaign_id: int | None = None) -> QuerySet[ProvincialOutcome]:
    """The province's outcomes on the agencies' Tờ trình, as far as the user sees them."""
    qs = scope_for(user, ProvincialOutcome.objects.all()).select_related(
        "proposal__agency", "proposal__campaign", "approval__nomination__staff",
        "approval__nomination__nominee_unit", "approval__nomination__dossier__unit",
    )
    if year:
        qs = qs.filter(decision_date__year=year)
    if campaign_id:
        qs = qs.filter(proposal__campaign=campaign_id)
    return qs.order_by("-decision_date", "proposal", "pk")


def campaigns_awaiting_documents(user) -> dict[str, list[Campaign]]:
    """Campaigns of the user's agencies with approvals but no decision (grassroots) or no Tờ trình
    (provincial) yet, for those the user may draft them."""
    campaigns = scope_for(user, Campaign.objects.select_related("agency"))
    grassroots = (
        campaigns.filter(approvals__level=AwardLevel.GRASSROOTS, approvals__revoked_at__isnull=True)
        .exclude(award_decisions__level=AwardLevel.GRASSROOTS)
        .distinct()
        .order_by("-year", "-pk")
    )
    provincial = (
        campaigns.filter(
            approvals__level=AwardLevel.PROVINCIAL, approvals__revoked_at__isnull=True, provincial_proposal__isnull=True
        )
        .distinct()
        .order_by("-year", "-pk")
    )
    return {
        "grassroots": [c for c in grassroots if can(user, "awards.add_awarddecision", c)],
        "provincial": [c for c in provincial if can(user, "awards.add_provincialproposal", c)],
    }
