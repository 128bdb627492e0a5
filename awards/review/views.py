"""Portal pages of review: the proposed list published for comment (công khai) and its feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from awards.notices import selectors as notice_selectors
from campaign.rules import can, refuse_unless
from core.errors import DomainError
from core.time import local_today

from . import selectors, services
from .forms import FeedbackForm


@login_required
@require_safe
def publication_list(request):
    publications = selectors.publications_for(request.user)
    now = timezone.now()
    return render(request, "awards/publication_list.html", {
        "publications": publications,
        "now": now,
        # Signed decisions published inside the agency (Law 10/2022), those still up first.
        "notices": notice_selectors.notices_listed(request.user, local_today(now)),
        "today": local_today(now),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_detail(request, pk: int):
    publication = selectors.publication_for_page(request.user, pk)
    approvals = list(selectors.approved_list(publication.campaign, publication.level))
    now = timezone.now()
    is_open = publication.is_open(now)
    # Staff of the agency comment; the inspection board supervises the publication and only reads it.
    if request.method == "POST":
        refuse_unless(request.user, "awards.add_feedback", publication)
    can_comment = is_open and can(request.user, "awards.add_feedback", publication)
    form = FeedbackForm(request.POST or None, approvals=approvals)
    if request.method == "POST" and form.is_valid():
        # The form offers only the published list's nominees; the service checks it again.
        nomination = {a.nomination_id: a.nomination for a in approvals}.get(form.cleaned_data["nomination"])
        if nomination is None:
            raise Http404("Tập thể, cá nhân này không có trong danh sách được công khai.")
        try:
            services.send_feedback(publication=publication, nomination=nomination, by=request.user,
                                   text=form.cleaned_data["text"])
        except DomainError as error:
            if not is_open:  # the window closed while the page was open: say so above the list
                messages.error(request, error.message)
                return redirect("awards:publication", publication.pk)
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
            "can_comment": can_comment,
            "now": now,
        },
        status=400 if request.method == "POST" else 200,
    )
