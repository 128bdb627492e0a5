from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import Campaign, ContentItem


def open_campaigns(*, now: datetime | None = None) -> QuerySet[Campaign]:
    """Campaigns still running: launched, and the submission cutoff not yet past (Vietnam days)."""
    from .deadlines import local_today

    today = local_today(now or timezone.now())
    return (
        Campaign.objects.filter(launch_date__lte=today, submission_deadline__gte=today)
        .select_related("agency")
        .prefetch_related(Prefetch("content_items", queryset=ContentItem.objects.order_by("number")))
        .order_by("submission_deadline", "pk")
    )


def past_campaigns(*, now: datetime | None = None) -> QuerySet[Campaign]:
    from .deadlines import local_today

    today = local_today(now or timezone.now())
    return Campaign.objects.filter(submission_deadline__lt=today).select_related("agency").order_by("-year", "-pk")
