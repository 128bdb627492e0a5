"""Portal pages of the council's e-ballot: the list, the office's opening form, one ballot's page (the
member's “Phiếu biểu quyết”, who has voted, the office's close button, the tally once closed) and the
minutes of the council meeting as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards.models import CouncilMeeting
from campaign.rules import can, refuse_unless, scope_for
from core.errors import DomainError

from . import ballot_minutes, ballots
from .ballot_forms import CouncilBallotForm, OpenBallotForm


def _ballot(user, pk: int):
    return get_object_or_404(ballots.ballots_for(user).select_related("meeting__campaign__agency"), pk=pk)


@login_required
@require_safe
def ballot_list(request):
    # Staff (members find their ballots here) and the office, the Director and the board.
    refuse_unless(request.user, "awards.view_councilballot")
    listed = list(ballots.ballots_for(request.user))
    may_open = can(request.user, "awards.open_councilballot")
    waiting = list(ballots.meetings_without_ballot(request.user)) if may_open else []
    voted = ballots.voted_ballot_ids(request.user, listed)
    return render(request, "awards/council/ballot_list.html", {
        "ballots": [(ballot, ballot.pk in voted) for ballot in listed],
        "waiting": waiting,
        "now": timezone.now(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_open(request, meeting_id: int):
    meeting = get_object_or_404(
        scope_for(request.user, CouncilMeeting.objects.select_related("campaign")), pk=meeting_id
    )
    refuse_unless(request.user, "awards.open_councilballot", meeting)
    if hasattr(meeting, "ballot"):
        return redirect("awards:council-ballot", meeting.ballot.pk)
    form = OpenBallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = ballots.open_ballot(
                meeting=meeting, by=request.user, opens_at=data["opens_at"], closes_at=data["closes_at"],
                secret=data["secret"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã mở biểu quyết điện tử. Các thành viên dự họp bỏ phiếu trên Cổng.")
            return redirect("awards:council-ballot", ballot.pk)
    return render(request, "awards/council/ballot_open.html", {
        "meeting": meeting,
        "form": form,
        "present": list(meeting.members_present.order_by("full_name")),
        "nominations": list(ballots.ballot_nominations(meeting)),
    }, status=400 if request.method == "POST" else 200)


def _render_ballot(request, ballot, *, form=None, status=200):
    user = request.user
    now = timezone.now()
    may_vote = can(user, "awards.vote_councilballot", ballot)
    voted = ballots.has_voted(ballot, user) if may_vote else False
    in_window = ballot.is_open and ballot.opens_at <= now <= ballot.closes_at
    nominations = list(ballots.ballot_nominations(ballot.meeting)) if ballot.is_open else []
    if form is None and may_vote and not voted and in_window:
        form = CouncilBallotForm(nominations=nominations)
    people, present_count = ballots.participation(ballot) if can(user, "awards.view_councilballot", ballot) else (
        [], 0
    )
    mine = ballots.own_choices(ballot, user) if voted else {}
    return render(request, "awards/council/ballot_detail.html", {
        "ballot": ballot,
        "meeting": ballot.meeting,
        "form": form,
        "may_vote": may_vote,
        "voted": voted,
        "before_window": now < ballot.opens_at,
        "nominations": nominations,
        "people": people,
        "present_count": present_count,
        "voted_count": sum(1 for _, at in people if at),
        "may_close": ballot.is_open and can(user, "awards.close_councilballot", ballot),
        "may_print": can(user, "awards.print_council_minutes", ballot),
        "rows": ballots.tally_rows(ballot),
        "mine": [(n, ballots.CHOICE_LABELS[c]) for n, c in ballots.named_choices(mine)],
    }, status=status)


@login_required
@require_safe
def ballot_detail(request, pk: int):
    return _render_ballot(request, _ballot(request.user, pk))


@login_required
@require_POST
def ballot_vote(request, pk: int):
    ballot = _ballot(request.user, pk)
    refuse_unless(request.user, "awards.vote_councilballot", ballot)
    form = CouncilBallotForm(request.POST, nominations=list(ballots.ballot_nominations(ballot.meeting)))
    if form.is_valid():
        try:
            ballots.cast(ballot=ballot, by=request.user, choices=form.choices())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã ghi nhận phiếu biểu quyết của bạn.")
            return redirect("awards:council-ballot", ballot.pk)
    return _render_ballot(request, ballot, form=form, status=400)


@login_required
@require_POST
def ballot_close(request, pk: int):
    ballot = _ballot(request.user, pk)
    refuse_unless(request.user, "awards.close_councilballot", ballot)
    try:
        ballots.close_ballot(ballot=ballot, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã kết thúc biểu quyết. Kết quả là phiếu biểu quyết của phiên họp để xét duyệt.")
    return redirect("awards:council-ballot", ballot.pk)


@login_required
@require_safe
def ballot_minutes_pdf(request, pk: int):
    ballot = _ballot(request.user, pk)
    refuse_unless(request.user, "awards.print_council_minutes", ballot)
    pdf = ballot_minutes.minutes_pdf(ballot)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{ballot_minutes.file_name(ballot)}"'
    response["Cache-Control"] = "private, no-store"
    return response
