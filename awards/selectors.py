"""Queries shared by the admin, the portal pages and the services of the awards app."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

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
