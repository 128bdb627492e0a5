"""Portal pages of the awards app: the published proposed list and its feedback (công khai)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from dossiers.models import Nomination
from dossiers.services import DomainError

from . import selectors, services
from .forms import FeedbackForm
from .models import Publication


@login_required
def publication_list(request):
    publications = Publication.objects.select_related("campaign").order_by("-opened_at")
    return render(request, "awards/publication_list.html", {"publications": publications, "now": timezone.now()})


@login_required
def publication_detail(request, pk: int):
    publication = get_object_or_404(Publication.objects.select_related("campaign__agency"), pk=pk)
    approvals = list(selectors.approved_list(publication.campaign, publication.level))
    now = timezone.now()
    is_open = publication.is_open(now)
    form = FeedbackForm(request.POST or None, approvals=approvals)
    if request.method == "POST" and form.is_valid():
        nomination = get_object_or_404(Nomination, pk=form.cleaned_data["nomination"])
        try:
            services.send_feedback(publication=publication, nomination=nomination, by=request.user,
                                   text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã gửi ý kiến. Văn phòng Sở sẽ trả lời trên trang này.")
            return redirect("awards:publication", publication.pk)
    feedback = list(publication.feedback.select_related("nomination__staff", "nomination__nominee_unit")
                    .order_by("created_at", "pk"))
    collectives = [a for a in approvals if a.kind == "collective"]
    individuals = [a for a in approvals if a.kind == "individual"]
    return render(
        request,
        "awards/publication_detail.html",
        {
            "publication": publication,
            "collectives": collectives,
            "individuals": individuals,
            "feedback": feedback,
            "form": form,
            "is_open": is_open,
            "now": now,
        },
        status=400 if request.method == "POST" else 200,
    )
