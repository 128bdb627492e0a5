"""Queries shared by the admin, the portal pages and the services of the awards app.

Every list a user gets and every object they open goes through `scope_for` (campaign/rules.py, R8): a
row of another agency, or of another unit for staff, is simply not there (a 404).
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from campaign.models import AwardLevel, Campaign, StaffMember
from campaign.rules import can, scope_for, standing
from core.time import local_today
from dossiers.models import Dossier, DossierState, Nomination, NomineeKind

from . import quota
from .models import Approval, Award, AwardDecision, DecisionState, Feedback, ProvincialProposal, Publication

# Review: the council, the shortlist, the published list --------------------------------------------


def nominations_before_council(campaign: Campaign, level: str) -> QuerySet[Nomination]:
    """Nominations of accepted dossiers: what the council votes on."""
    return (
        Nomination.objects.filter(
            campaign=campaign, level=level, is_live=True, dossier__state=DossierState.ACCEPTED
        )
        .select_related("dossier__unit", "staff__unit", "nominee_unit")
        .order_by("kind", "dossier__unit__display_order", "pk")
    )


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


def publications_for(user) -> QuerySet[Publication]:
    """The published lists of the user's agency (every active staff member reads them)."""
    return scope_for(user, Publication.objects.select_related("campaign")).order_by("-opened_at")


def publication_for_page(user, pk: int) -> Publication:
    try:
        return scope_for(user, Publication.objects.select_related("campaign__agency")).get(pk=pk)
    except Publication.DoesNotExist:
        raise Http404("Không tìm thấy danh sách công khai.") from None


def campaign_for_review(user, pk: int) -> Campaign:
    """A campaign of the shortlist page: another agency's is a 404."""
    try:
        return scope_for(user, Campaign.objects.select_related("agency")).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch.") from None


def review_dashboard(user) -> list[dict]:
    """Per campaign of the user's agencies and level: dossiers by state, approved vs quota, open feedback,
    overdue supplements, the publication. A fixed number of queries whatever the number of campaigns."""
    today = local_today()
    campaigns = list(scope_for(user, Campaign.objects.select_related("agency")).order_by("-year", "-pk"))
    ids = [campaign.pk for campaign in campaigns]
    state_counts = {
        (row["campaign_id"], row["level"], row["state"]): row["n"]
        for row in Dossier.objects.filter(campaign_id__in=ids)
        .values("campaign_id", "level", "state").annotate(n=Count("pk")).order_by()
    }
    overdue = {
        (row["campaign_id"], row["level"]): row["n"]
        for row in Dossier.objects.filter(campaign_id__in=ids, state=DossierState.RETURNED, supplement_due__lt=today)
        .values("campaign_id", "level").annotate(n=Count("pk")).order_by()
    }
    approved = quota.approved_counts_by_campaign(ids)
    open_feedback = {
        (row["publication__campaign_id"], row["publication__level"]): row["n"]
        for row in Feedback.objects.filter(publication__campaign_id__in=ids, answer="")
        .values("publication__campaign_id", "publication__level").annotate(n=Count("pk")).order_by()
    }
    publications = {(p.campaign_id, p.level): p for p in Publication.objects.filter(campaign_id__in=ids)}
    blocks = []
    for campaign in campaigns:
        for level, level_label in AwardLevel.choices:
            states = [
                (state, label, state_counts.get((campaign.pk, level, state), 0))
                for state, label in DossierState.choices
            ]
            use = quota.quota_use(campaign, level, quota.counts_in(approved, campaign.pk, level))
            blocks.append({
                "campaign": campaign,
                "level": level,
                "level_label": level_label,
                "states": states,
                "total": sum(n for _, _, n in states),
                "collectives": (use[NomineeKind.COLLECTIVE].approved, use[NomineeKind.COLLECTIVE].quota),
                "individuals": (use[NomineeKind.INDIVIDUAL].approved, use[NomineeKind.INDIVIDUAL].quota),
                "open_feedback": open_feedback.get((campaign.pk, level), 0),
                "overdue": overdue.get((campaign.pk, level), 0),
                "publication": publications.get((campaign.pk, level)),
            })
    return blocks


# Issuing: decisions, the Tờ trình, awards, the register ----------------------------------------------


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
    awards = list(certificates_for(user).filter(staff=staff).order_by("-year", "-decision__signing_date"))
    collective = list(
        certificates_for(user)
        .filter(kind=NomineeKind.COLLECTIVE, unit=staff.unit_id)
        .order_by("-year", "-decision__signing_date")
    )
    nominations = list(
        scope_for(user, Nomination.objects.filter(staff=staff))
        .select_related("dossier__unit", "campaign", "approval__award__decision")
        .order_by("-campaign__year", "-pk")
    )
    return {"awards": awards, "collective_awards": collective, "nominations": nominations}


def campaigns_awaiting_documents(user) -> dict[str, list[Campaign]]:
    """Campaigns of the user's agencies with approvals but no decision (grassroots) or no Tờ trình
    (provincial) yet, for those the user may draft them."""
    campaigns = scope_for(user, Campaign.objects.select_related("agency"))
    grassroots = (
        campaigns.filter(approvals__level=AwardLevel.GRASSROOTS)
        .exclude(award_decisions__level=AwardLevel.GRASSROOTS)
        .distinct()
        .order_by("-year", "-pk")
    )
    provincial = (
        campaigns.filter(approvals__level=AwardLevel.PROVINCIAL, provincial_proposal__isnull=True)
        .distinct()
        .order_by("-year", "-pk")
    )
    return {
        "grassroots": [c for c in grassroots if can(user, "awards.add_awarddecision", c)],
        "provincial": [c for c in provincial if can(user, "awards.add_provincialproposal", c)],
    }
