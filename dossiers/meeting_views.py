"""Pages of the unit's review meeting. Thin: the rules are in dossiers/meetings.py, who may see or do
what is asked of campaign/rules.py (scope_for: 404 for the unseen; refuse_unless: 403 with the reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from campaign.rules import can, refuse_unless, scope_for, standing
from core.errors import DomainError

from . import meetings, minutes
from .meeting_forms import AttendanceForm, BallotForm, CloseMeetingForm, OpenMeetingForm
from .models import Dossier, MeetingAttendance, MeetingParticipation, MeetingState, ReviewMeeting
from .selectors import DOSSIER_NOT_FOUND, visible_dossiers

MEETING_NOT_FOUND = "Không tìm thấy cuộc họp xét."


def _meeting(user, pk: int) -> ReviewMeeting:
    qs = ReviewMeeting.objects.select_related(
        "dossier__unit", "dossier__campaign__agency", "chair", "secretary", "minutes_file"
    )
    try:
        return scope_for(user, qs).get(pk=pk)
    except ReviewMeeting.DoesNotExist:
        raise Http404(MEETING_NOT_FOUND) from None


@login_required
def meeting_open(request, pk: int):
    try:
        dossier = visible_dossiers(request.user).get(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404(DOSSIER_NOT_FOUND) from None
    refuse_unless(request.user, "dossiers.open_reviewmeeting", dossier)
    staff = list(meetings.unit_staff(dossier))
    form = OpenMeetingForm(request.POST or None, staff=meetings.unit_staff(dossier), staff_list=staff,
                           head=standing(request.user).staff)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                meeting = meetings.open_meeting(dossier=dossier, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã mở cuộc họp xét; cán bộ của đơn vị có thể bỏ phiếu trong thời gian biểu quyết.")
                return redirect("dossiers:meeting", meeting.pk)
    nominations = list(dossier.nominations.select_related("staff", "nominee_unit"))
    return render(
        request,
        "dossiers/meeting_open.html",
        {"dossier": dossier, "form": form, "staff": staff, "nominations": nominations},
        status=status,
    )


def _render_meeting(request, meeting: ReviewMeeting, *, ballot_form=None, attendance_form=None, close_form=None,
                    status=200):
    user = request.user
    now = timezone.now()
    me = standing(user).staff
    questions = list(meeting.questions.all())
    staff = meetings.unit_staff(meeting.dossier)
    staff_list = list(staff)
    present_ids = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("staff_id", flat=True))
    voted = {p.staff_id: p for p in MeetingParticipation.objects.filter(meeting=meeting)}
    is_open = meeting.state == MeetingState.OPEN
    in_window = meeting.voting_opens_at <= now <= meeting.voting_closes_at
    my_vote = voted.get(me.pk) if me is not None else None
    may_vote = is_open and can(user, "dossiers.vote_reviewmeeting", meeting)
    may_mark = is_open and can(user, "dossiers.record_attendance", meeting)
    may_close = is_open and can(user, "dossiers.close_reviewmeeting", meeting)
    may_confirm = meeting.state == MeetingState.CLOSED and can(user, "dossiers.confirm_reviewmeeting", meeting)
    if may_vote and in_window and my_vote is None and ballot_form is None:
        ballot_form = BallotForm(questions=questions)
    if may_mark and attendance_form is None:
        attendance_form = AttendanceForm(staff=staff, initial={"present": sorted(present_ids)})
    if may_close and close_form is None:
        close_form = CloseMeetingForm()
    # The tally once the vote is over: a running count would sway those who have not voted yet.
    result = meetings.tally(meeting) if not is_open else None
    people = [
        {"staff": s, "present": s.pk in present_ids, "voted": voted.get(s.pk)} for s in staff_list
    ]
    context = {
        "meeting": meeting,
        "dossier": meeting.dossier,
        "questions": questions,
        "people": people,
        "present_count": len(present_ids),
        "voted_count": len(voted),
        "staff_count": meeting.staff_count if meeting.staff_count is not None else len(staff_list),
        "result": result,
        "is_open": is_open,
        "in_window": in_window,
        "before_window": now < meeting.voting_opens_at,
        "my_vote": my_vote,
        "may_vote": may_vote,
        "ballot_form": ballot_form if may_vote and in_window and my_vote is None else None,
        "attendance_form": attendance_form if may_mark else None,
        "close_form": close_form if may_close else None,
        "may_confirm": may_confirm,
        "dossier_editable": meeting.dossier.is_editable,
        "now": now,
    }
    return render(request, "dossiers/meeting_detail.html", context, status=status)


@login_required
@require_safe
def meeting_detail(request, pk: int):
    return _render_meeting(request, _meeting(request.user, pk))


@login_required
@require_POST
def meeting_vote(request, pk: int):
    meeting = _meeting(request.user, pk)
    refuse_unless(request.user, "dossiers.vote_reviewmeeting", meeting)
    form = BallotForm(request.POST, questions=list(meeting.questions.all()))
    if form.is_valid():
        try:
            meetings.cast_ballot(meeting=meeting, by=request.user, choices=form.choices())
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("dossiers:meeting", meeting.pk)
        messages.success(request, "Đã ghi nhận phiếu của bạn. Cảm ơn bạn đã tham gia biểu quyết.")
        return redirect("dossiers:meeting", meeting.pk)
    return _render_meeting(request, meeting, ballot_form=form, status=400)


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    meeting = _meeting(request.user, pk)
    refuse_unless(request.user, "dossiers.record_attendance", meeting)
    form = AttendanceForm(request.POST, staff=meetings.unit_staff(meeting.dossier))
    if form.is_valid():
        try:
            present = meetings.record_attendance(meeting=meeting, by=request.user, present=list(form.cleaned_data["present"]))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã ghi nhận {len(present)} người dự họp.")
            return redirect("dossiers:meeting", meeting.pk)
    return _render_meeting(request, meeting, attendance_form=form, status=400)


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = _meeting(request.user, pk)
    refuse_unless(request.user, "dossiers.close_reviewmeeting", meeting)
    form = CloseMeetingForm(request.POST)
    if form.is_valid():
        try:
            meetings.close_meeting(meeting=meeting, by=request.user, conclusion=form.cleaned_data["conclusion"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã kết thúc biểu quyết. Hãy xem lại biên bản rồi xác nhận để đưa vào hồ sơ.")
            return redirect("dossiers:meeting", meeting.pk)
    return _render_meeting(request, meeting, close_form=form, status=400)


@login_required
@require_POST
def meeting_confirm(request, pk: int):
    meeting = _meeting(request.user, pk)
    refuse_unless(request.user, "dossiers.confirm_reviewmeeting", meeting)
    try:
        meeting = meetings.confirm_minutes(meeting=meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dossiers:meeting", meeting.pk)
    messages.success(
        request,
        f"Đã xác nhận biên bản và đưa vào hồ sơ (Biên bản họp xét đề nghị khen thưởng, phiên bản "
        f"{meeting.minutes_file.version}).",
    )
    return redirect("dossiers:detail", meeting.dossier_id)


@login_required
@require_safe
def meeting_minutes(request, pk: int):
    """The minutes: once confirmed, the file filed in the dossier; before, a draft marked “DỰ THẢO”."""
    meeting = _meeting(request.user, pk)
    if meeting.state == MeetingState.CONFIRMED:
        return redirect("dossiers:file", meeting.minutes_file_id)
    pdf = minutes.minutes_pdf(meeting, final=False)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="du-thao-{meetings.minutes_file_name(meeting)}"'
    response["Cache-Control"] = "private, no-store"
    return response
