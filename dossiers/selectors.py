"""Who sees which dossiers (R8), and the queries the pages share."""

from campaign.rules import can, ensure, reason, scope_for, standing  # noqa: F401
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from .models import Dossier, DossierFile, Nomination


def visible_dossiers(roles) -> QuerySet[Dossier]:
    """The office, the Director and the inspection board see all; staff see their unit's only."""
    qs = Dossier.objects.select_related("campaign", "unit")
    if roles.sees_all_dossiers:
        return qs
    if roles.unit is not None:
        return qs.filter(unit=roles.unit)
    return qs.none()


def dossier_list(roles) -> QuerySet[Dossier]:
    return visible_dossiers(roles).annotate(
        nomination_count=Count("nominations", distinct=True),
        collective_count=Count("nominations", filter=Q(nominations__kind="collective"), distinct=True),
    ).order_by("-campaign__year", "campaign_id", "unit__display_order", "level", "pk")


def dossier_for_page(roles, pk: int) -> Dossier:
    """The dossier with everything its page shows, or 404 when the user may not see it."""
    qs = visible_dossiers(roles).prefetch_related(
        "campaign__dossier_requirements",
        Prefetch("nominations", queryset=Nomination.objects.select_related("staff__unit", "nominee_unit")),
        Prefetch("files", queryset=DossierFile.objects.select_related("uploaded_by").order_by("kind", "-version")),
        "timeline__by__staff_member",
    )
    try:
        return qs.get(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None


def dossier_for_change(roles, pk: int) -> Dossier:
    """Only the unit's own staff change a dossier in the portal; others get 404 (no existence leak)."""
    if roles.acting_unit is None:
        raise Http404("Không tìm thấy hồ sơ.")
    try:
        return Dossier.objects.select_related("campaign", "unit").get(pk=pk, unit=roles.acting_unit)
    except Dossier.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None


def file_for_download(roles, pk: int) -> DossierFile:
    try:
        return DossierFile.objects.select_related("dossier").get(pk=pk, dossier__in=visible_dossiers(roles))
    except DossierFile.DoesNotExist:
        raise Http404("Không tìm thấy tệp.") from None
