""""Việc cần làm" from the dossiers (registered in DossiersConfig.ready()): the unit's supplement requests
and drafts, its review meetings waiting for the person's vote, the office's dossiers to check and overdue
supplements, the board's newly submitted dossiers. One aggregate query per line, whatever the number of rows."""

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from campaign.rules import can, scope_for, standing
from campaign.todo import RECENT_DAYS, Todo, due_note, link, votes_waiting
from core.time import local_today, start_of_day

from .models import Dossier, DossierState, MeetingState, ReviewMeeting


def _one_or_list(user, count: int, pk, *, query: str) -> str:
    """A single dossier opens itself; several open the list filtered."""
    if count == 1 and pk is not None:
        return link(user, "dossiers.view_dossier", "dossiers:detail", pk)
    return link(user, "dossiers.view_dossier", "dossiers:list", query=query)


def unit_tasks(user, now: datetime) -> list[Todo]:
    me = standing(user)
    if me.acting_unit_id is None or not can(user, "dossiers.add_dossier"):
        return []
    today = local_today(now)
    returned = Q(state=DossierState.RETURNED)
    draft = Q(state=DossierState.DRAFT, campaign__submission_deadline__gte=today)
    totals = scope_for(user, Dossier.objects.filter(unit_id=me.acting_unit_id)).aggregate(
        returned=Count("pk", filter=returned),
        returned_due=Min("supplement_due", filter=returned),
        returned_pk=Min("pk", filter=returned),
        drafts=Count("pk", filter=draft),
        draft_deadline=Min("campaign__submission_deadline", filter=draft),
        draft_pk=Min("pk", filter=draft),
    )
    out = []
    note, urgent = due_note("hạn bổ sung sớm nhất", totals["returned_due"], today)
    out.append(Todo(
        "dossiers.returned", "Hồ sơ được yêu cầu bổ sung", totals["returned"],
        _one_or_list(user, totals["returned"], totals["returned_pk"], query="trang-thai=returned"),
        note, urgent, order=10,
    ))
    note, urgent = due_note("hạn nộp", totals["draft_deadline"], today)
    out.append(Todo(
        "dossiers.drafts", "Hồ sơ nháp chưa nộp", totals["drafts"],
        _one_or_list(user, totals["drafts"], totals["draft_pk"], query="trang-thai=draft"),
        note, urgent, order=15,
    ))
    return out


def vote_tasks(user, now: datetime) -> list[Todo]:
    """The unit's review meetings whose vote is under way and that the person has not voted in yet."""
    me = standing(user)
    if me.staff is None or not can(user, "dossiers.vote_reviewmeeting"):
        return []
    waiting = scope_for(user, ReviewMeeting.objects.filter(
        dossier__unit_id=me.acting_unit_id, state=MeetingState.OPEN, voting_opens_at__lte=now,
        voting_closes_at__gte=now,
    )).exclude(participations__staff_id=me.staff.pk)
    return [votes_waiting(
        user, waiting, closes="voting_closes_at", key="dossiers.to_vote",
        label="Cuộc họp xét khen thưởng chờ bạn biểu quyết",
        one=("dossiers.view_reviewmeeting", "dossiers:meeting"), many=("dossiers.view_dossier", "dossiers:list"),
    )]


def office_tasks(user, now: datetime) -> list[Todo]:
    if not can(user, "dossiers.review_dossier"):
        return []
    today = local_today(now)
    me = standing(user)
    overdue = Q(state=DossierState.RETURNED, supplement_due__lt=today)
    totals = scope_for(user, Dossier.objects.filter(campaign__agency_id__in=me.office)).aggregate(
        submitted=Count("pk", filter=Q(state=DossierState.SUBMITTED)),
        overdue=Count("pk", filter=overdue),
        overdue_since=Min("supplement_due", filter=overdue),
    )
    changelist = "admin:dossiers_dossier_changelist"
    note, _ = due_note("hạn sớm nhất", totals["overdue_since"], today)
    return [
        Todo("dossiers.to_check", "Hồ sơ đã nộp chờ kiểm tra", totals["submitted"],
             link(user, "dossiers.review_dossier", changelist, query="state__exact=submitted"), order=10),
        Todo("dossiers.overdue_supplements", "Yêu cầu bổ sung đã quá hạn", totals["overdue"],
             link(user, "dossiers.review_dossier", changelist, query="qua_han=bo-sung"), note, True, order=15),
    ]


def board_tasks(user, now: datetime) -> list[Todo]:
    """The inspection board: dossiers submitted lately, to supervise."""
    if not can(user, "campaign.add_supervisionreport"):
        return []
    since = start_of_day(local_today(now) - timedelta(days=RECENT_DAYS - 1))
    me = standing(user)
    count = scope_for(user, Dossier.objects.filter(
        campaign__agency_id__in=me.inspection, submitted_at__gte=since
    )).count()
    return [Todo("dossiers.new", f"Hồ sơ đề nghị khen thưởng mới nộp ({RECENT_DAYS} ngày qua)", count,
                 link(user, "dossiers.view_dossier", "dossiers:list"), order=30)]


def tasks(user, now: datetime) -> list[Todo]:
    return unit_tasks(user, now) + vote_tasks(user, now) + office_tasks(user, now) + board_tasks(user, now)
