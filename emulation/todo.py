""""Việc cần làm" from emulation (registered in EmulationConfig.ready()): the unit's pledge (đăng ký thi đua)
while the plan takes pledges, and the criteria it has not scored itself while self-scoring is open. One
query for every plan of the agency, whatever the number of plans, criteria and scores."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q

from campaign.models import Campaign
from campaign.rules import can, scope_for, standing
from campaign.todo import Todo, count_of, plan_line
from core.time import local_today

from .models import Criterion, Pledge, Score
from .services import pledge_lock_sql, scoring_deadline_sql


def unit_tasks(user, now: datetime) -> list[Todo]:
    me = standing(user)
    unit_id = me.acting_unit_id
    if me.staff is None or unit_id is None:
        return []
    may_pledge = can(user, "emulation.add_pledge")
    may_score = can(user, "emulation.add_score")
    if not (may_pledge or may_score):
        return []
    today = local_today(now)
    # The windows of emulation/services.py, with its defaults where the office has not set the plan's dates:
    # pledges until the lock date, self-scoring from the day after the emulation period until the deadline.
    rows = (
        scope_for(user, Campaign.objects.all())
        .filter(agency_id=me.staff_agency_id, launch_date__lte=today)
        .annotate(lock=pledge_lock_sql(), deadline=scoring_deadline_sql())
        .filter(Q(lock__gte=today) | Q(emulation_end__lt=today, deadline__gte=today))
        .annotate(
            own_pledge=Exists(Pledge.objects.filter(campaign=OuterRef("pk"), unit_id=unit_id, staff__isnull=True)),
            criteria_count=count_of(Criterion.objects.filter(campaign=OuterRef("pk")), "campaign"),
            scored_count=count_of(Score.objects.filter(campaign=OuterRef("pk"), unit_id=unit_id), "campaign"),
        )
        .order_by("lock", "pk")
        .values("pk", "number", "emulation_end", "lock", "deadline", "own_pledge", "criteria_count", "scored_count")
    )
    out: list[Todo] = []
    for row in rows:
        if may_pledge and not row["own_pledge"] and row["lock"] >= today:
            out.append(plan_line(
                user, row, what="emulation.pledge", label="Đăng ký thi đua của đơn vị theo Kế hoạch số {number}",
                count=1, permission="emulation.add_pledge", url_name="emulation:pledges",
                due=("hạn đăng ký", row["lock"]), today=today, order=25,
            ))
        missing = row["criteria_count"] - row["scored_count"]
        if may_score and missing > 0 and row["emulation_end"] < today <= row["deadline"]:
            out.append(plan_line(
                user, row, what="emulation.scores",
                label="Tiêu chí thi đua của Kế hoạch số {number} đơn vị chưa tự chấm điểm", count=missing,
                permission="emulation.add_score", url_name="emulation:scores",
                due=("hạn tự chấm điểm", row["deadline"]), today=today, order=20,
            ))
    return out


def tasks(user, now: datetime) -> list[Todo]:
    return unit_tasks(user, now)
