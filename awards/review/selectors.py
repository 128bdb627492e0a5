"""Queries of review (the council, the shortlist, the published list, the dashboard), shared by the admin,
the portal pages and the services.

What a user gets goes through `scope_for` (campaign/rules.py, R8): a row of another agency is simply not
there (a 404).
"""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from awards.models import Approval, Feedback, Publication
from campaign.models import AwardLevel, Campaign
from campaign.rules import scope_for
from core.time import local_today
from dossiers.models import Dossier, DossierState, Nomination, NomineeKind

from . import quota


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
        Approval.objects.live()
        .filter(campaign=campaign, level=level)
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
    quota.prefetch_allocations(campaigns)
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
