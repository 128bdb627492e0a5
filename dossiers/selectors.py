"""The queries the dossier pages share. Who sees what is not decided here: every query starts from
`scope_for` and every "may they change it" asks `can` (campaign/rules.py, R8)."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from campaign.rules import refuse_unless, scope_for, sees_row
from core.prepared import Prepared

from .models import Dossier, DossierFile, Nomination

DOSSIER_NOT_FOUND = "Không tìm thấy hồ sơ."


def visible_dossiers(user) -> QuerySet[Dossier]:
    return scope_for(user, Dossier.objects.select_related("campaign", "unit"))


def nomination_count() -> Coalesce:
    """How many nominations the outer dossier has: a correlated count over the nominations' index on their
    dossier, so a page of 100 dossiers costs 100 look-ups whatever the size of the table (a
    Count("nominations") would join and group every dossier in scope before the page is taken)."""
    per_dossier = (
        Nomination.objects.filter(dossier=OuterRef("pk")).order_by().values("dossier").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(per_dossier.values("n"), output_field=IntegerField()), 0)


# The lists' order: the newest dossier first, on the primary key's index, so the database reads the page's
# 100 rows off the index instead of sorting every dossier in scope across three tables.
LIST_ORDER = ("-pk",)


def dossier_list(user) -> QuerySet[Dossier]:
    return visible_dossiers(user).annotate(nomination_count=nomination_count()).order_by(*LIST_ORDER)


def dossier_for_page(user, pk: int) -> Dossier:
    """The dossier with everything its page shows, or 404 when the user may not see it."""
    qs = visible_dossiers(user).prefetch_related(
        "campaign__dossier_requirements",
        Prefetch("nominations", queryset=Nomination.objects.select_related("staff__unit", "nominee_unit")),
        Prefetch("files", queryset=DossierFile.objects.select_related("uploaded_by").order_by("kind", "-version")),
        "timeline__by__staff_member",
    )
    try:
        return qs.get(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404(DOSSIER_NOT_FOUND) from None


def dossier_for_change(user, pk: int) -> Dossier:
    """The dossier the user is about to change: 404 when they do not see it (no existence leak), 403
    with the reason when they see it but may not change it (the office, the Director, the board)."""
    dossier = _DOSSIER_BY_PK.first(pk)
    if dossier is None or not sees_row(user, dossier):
        raise Http404(DOSSIER_NOT_FOUND)
    refuse_unless(user, "dossiers.change_dossier", dossier)
    return dossier


# Read on every step of a dossier: compiled once per process (core/prepared.py); what the user sees is then
# asked of the rules for the row read, the same answer `visible_dossiers` gives.
_DOSSIER_BY_PK = Prepared(lambda pk: Dossier.objects.select_related("campaign", "unit").filter(pk=pk), int)


def nomination_in(user, dossier: Dossier, pk: int) -> Nomination:
    """A nomination of `dossier` that the user sees, or 404."""
    nomination = (
        scope_for(user, Nomination.objects.filter(dossier=dossier)).select_related("staff").filter(pk=pk).first()
    )
    if nomination is None:
        raise Http404("Không tìm thấy đề nghị.")
    nomination.dossier = dossier  # the services read its unit and campaign: no second query
    return nomination


def file_for_download(user, pk: int) -> DossierFile:
    """A file is reached only by those who see its dossier (R8); anyone else gets 404."""
    try:
        return scope_for(user, DossierFile.objects.select_related("dossier")).get(pk=pk)
    except DossierFile.DoesNotExist:
        raise Http404("Không tìm thấy tệp.") from None
