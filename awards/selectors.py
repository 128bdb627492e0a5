"""Queries shared by the admin, the portal pages and the services of the awards app."""

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet

from campaign.models import AwardLevel, BoardKind, BoardMembership, Campaign, StaffMember
from dossiers.models import DossierState, Nomination, NomineeKind

from .council import Tally, tally
from .models import Approval, CouncilMeeting, Feedback, Publication, Vote


def council_members(campaign: Campaign) -> QuerySet[StaffMember]:
    """Members of the agency's emulation and commendation council."""
    return StaffMember.objects.filter(
        board_memberships__board__agency=campaign.agency_id, board_memberships__board__kind=BoardKind.COUNCIL
    ).distinct()


def council_member_ids(campaign: Campaign) -> set[int]:
    return set(
        BoardMembership.objects.filter(board__agency=campaign.agency_id, board__kind=BoardKind.COUNCIL).values_list(
            "staff_id", flat=True
        )
    )


def nominations_before_council(campaign: Campaign, level: str) -> QuerySet[Nomination]:
    """Nominations of accepted dossiers: what the council votes on."""
    return (
        Nomination.objects.filter(
            campaign=campaign, level=level, is_live=True, dossier__state=DossierState.ACCEPTED
        )
        .select_related("dossier__unit", "staff__unit", "nominee_unit")
        .order_by("kind", "dossier__unit__display_order", "pk")
    )


def meeting_tallies(meeting: CouncilMeeting) -> dict[int, Tally]:
    """The tally of every nomination voted at a meeting, in two queries."""
    members = len(council_member_ids(meeting.campaign))
    present = meeting.members_present.count()
    by_nomination: dict[int, list[str]] = defaultdict(list)
    for nomination_id, choice in Vote.objects.filter(meeting=meeting).values_list("nomination_id", "choice"):
        by_nomination[nomination_id].append(choice)
    return {
        nomination_id: tally(meeting, members=members, present=present, choices=choices)
        for nomination_id, choices in by_nomination.items()
    }


def latest_tally(nomination: Nomination) -> Tally | None:
    """The result of the latest council meeting that voted on the nomination."""
    meeting = (
        CouncilMeeting.objects.filter(votes__nomination=nomination).order_by("-held_on", "-pk").distinct().first()
    )
    if meeting is None:
        return None
    return meeting_tallies(meeting).get(nomination.pk)


def approved_counts(campaign: Campaign, level: str) -> dict[str, int]:
    counts = {NomineeKind.COLLECTIVE: 0, NomineeKind.INDIVIDUAL: 0}
    for kind in Approval.objects.filter(campaign=campaign, level=level).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


def quota_for(campaign: Campaign, level: str, kind: str) -> int:
    """How many may be approved; at provincial level, none until an allocation is entered (R5)."""
    if level == AwardLevel.GRASSROOTS:
        return campaign.collective_quota if kind == NomineeKind.COLLECTIVE else campaign.individual_quota
    allocation = (
        campaign.provincial_collective_allocation
        if kind == NomineeKind.COLLECTIVE
        else campaign.provincial_individual_allocation
    )
    return allocation or 0


def approved_list(campaign: Campaign, level: str) -> QuerySet[Approval]:
    """The proposed list: collectives first, then individuals, in unit order."""
    return (
        Approval.objects.filter(campaign=campaign, level=level)
        .select_related("nomination__staff__unit", "nomination__nominee_unit", "nomination__dossier__unit")
        .order_by("kind", "nomination__dossier__unit__display_order", "nomination__pk")
    )


def publication_with_feedback(campaign: Campaign, level: str) -> Publication | None:
    return (
        Publication.objects.filter(campaign=campaign, level=level)
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related("author__staff_member", "nomination", "answered_by"),
            )
        )
        .first()
    )


def unanswered_feedback_count(campaign: Campaign, level: str) -> int:
    return Feedback.objects.filter(publication__campaign=campaign, publication__level=level, answer="").count()


# Decisions, awards, the award register -------------------------------------------------------------------

from campaign.rules import can, ensure, reason, scope_for, standing  # noqa: F401
from django.http import Http404  # noqa: E402

from .models import Award, AwardDecision, DecisionState, ProvincialProposal  # noqa: E402


def visible_decisions(roles) -> QuerySet[AwardDecision]:
    """The office, the Director and the inspection board see every decision, drafts included; staff none
    (they reach their unit's certificates through `certificates_for_staff`)."""
    qs = AwardDecision.objects.select_related("campaign", "agency", "signed_by")
    return qs if roles.sees_all_dossiers else qs.none()


def decision_for_page(roles, pk: int) -> AwardDecision:
    try:
        return visible_decisions(roles).get(pk=pk)
    except AwardDecision.DoesNotExist:
        raise Http404("Không tìm thấy quyết định.") from None


def proposal_for_page(roles, pk: int) -> ProvincialProposal:
    qs = ProvincialProposal.objects.select_related("campaign", "agency", "signed_by")
    if not roles.sees_all_dossiers:
        raise Http404("Không tìm thấy tờ trình.")
    try:
        return qs.get(pk=pk)
    except ProvincialProposal.DoesNotExist:
        raise Http404("Không tìm thấy tờ trình.") from None


def signed_awards() -> QuerySet[Award]:
    return Award.objects.filter(decision__state=DecisionState.SIGNED).select_related(
        "decision__campaign", "decision__agency", "unit", "staff"
    )


def certificates_for_staff(roles) -> QuerySet[Award]:
    """Signed awards a user may print: all for the office, Director and inspection board; for staff, those of
    their own unit and their own (R8: another unit's certificate is a 404)."""
    qs = signed_awards()
    if roles.sees_all_dossiers:
        return qs
    staff = roles.staff_member
    if staff is None:
        return qs.none()
    return qs.filter(Q(unit=staff.unit_id) | Q(staff=staff))


def own_certificates(staff: StaffMember) -> QuerySet[Award]:
    """Signed awards of the person's unit (collective and individual) and the person's own."""
    return signed_awards().filter(Q(unit=staff.unit_id) | Q(staff=staff)).order_by("-year", "decision", "order")


def award_for_download(roles, pk: int) -> Award:
    try:
        return certificates_for_staff(roles).get(pk=pk)
    except Award.DoesNotExist:
        raise Http404("Không tìm thấy Giấy khen.") from None


def award_register(*, year: int | None = None, campaign_id: int | None = None) -> QuerySet[Award]:
    """The award register (sổ khen thưởng): every award of a signed decision, by year and register number."""
    qs = signed_awards()
    if year:
        qs = qs.filter(year=year)
    if campaign_id:
        qs = qs.filter(decision__campaign=campaign_id)
    return qs.order_by("-year", "agency", "register_number")


def register_years() -> list[int]:
    return list(signed_awards().order_by("-year").values_list("year", flat=True).distinct())


def staff_for_history(roles, pk: int) -> StaffMember:
    """A staff member's award history: seen by the person, colleagues of the same unit, and those who see all."""
    qs = StaffMember.objects.select_related("unit", "unit__agency")
    if not roles.sees_all_dossiers:
        me = roles.staff_member
        if me is None:
            raise Http404("Không tìm thấy cán bộ.")
        qs = qs.filter(Q(pk=me.pk) | Q(unit=me.unit_id))
    try:
        return qs.get(pk=pk)
    except StaffMember.DoesNotExist:
        raise Http404("Không tìm thấy cán bộ.") from None


def staff_history(staff: StaffMember) -> dict:
    """Individual awards, awards of the person's unit as a collective, and every nomination with its outcome."""
    awards = list(signed_awards().filter(staff=staff).order_by("-year", "-decision__signing_date"))
    collective = list(
        signed_awards().filter(kind=NomineeKind.COLLECTIVE, unit=staff.unit_id).order_by("-year", "-decision__signing_date")
    )
    nominations = list(
        Nomination.objects.filter(staff=staff)
        .select_related("dossier__unit", "campaign", "approval__award__decision")
        .order_by("-campaign__year", "-pk")
    )
    return {"awards": awards, "collective_awards": collective, "nominations": nominations}


def campaigns_awaiting_documents() -> dict[str, list[Campaign]]:
    """Campaigns with approvals but no decision (grassroots) or no Tờ trình (provincial) yet."""
    grassroots = (
        Campaign.objects.filter(approvals__level=AwardLevel.GRASSROOTS)
        .exclude(award_decisions__level=AwardLevel.GRASSROOTS)
        .distinct()
        .order_by("-year", "-pk")
    )
    provincial = (
        Campaign.objects.filter(approvals__level=AwardLevel.PROVINCIAL, provincial_proposal__isnull=True)
        .distinct()
        .order_by("-year", "-pk")
    )
    return {"grassroots": list(grassroots), "provincial": list(provincial)}
