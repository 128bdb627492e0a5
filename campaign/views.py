from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Campaign
from .selectors import open_campaigns, past_campaigns


def home(request):
    now = timezone.now()
    return render(
        request,
        "campaign/home.html",
        {"campaigns": list(open_campaigns(now=now)), "past_campaigns": past_campaigns(now=now)[:10], "now": now},
    )


def campaign_detail(request, pk: int):
    campaign = get_object_or_404(
        Campaign.objects.select_related("agency").prefetch_related(
            "content_items", "legal_bases", "dossier_requirements"
        ),
        pk=pk,
    )
    return render(request, "campaign/campaign_detail.html", {"campaign": campaign, "now": timezone.now()})
