"""Publication of a signed decision inside the agency (Law 10/2022 on grassroots democracy; DESIGN.md,
"Vietnamese administrative form"): due within 5 working days of signing, kept up at least 20 days, and
who opened it recorded once per person.

Publishing happens when the decision is signed (awards.issuing.services.sign_decision calls
`publish_decision` in its transaction), so a decision signed in the portal meets the due date; one
recorded later from a paper signature is published on the day it is recorded and the notice says
whether that was still within the due date.
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import (
    NOTICE_DUE_WORKING_DAYS,
    NOTICE_MINIMUM_DAYS,
    AwardDecision,
    DecisionNotice,
    NoticeView,
)
from campaign.calendar import add_working_days
from campaign.rules import ensure
from core.errors import DomainError
from core.time import local_today, vn_date


def notice_due_on(decision: AwardDecision) -> date:
    """The last day to publish: the fifth working day after signing, in the agency's calendar."""
    return add_working_days(decision.agency_id, decision.signing_date, NOTICE_DUE_WORKING_DAYS)


def publish_decision(*, decision: AwardDecision, by: User, now: datetime | None = None) -> DecisionNotice:
    """Publish a signed decision and its list to every staff member of the agency. Called inside the
    signing transaction: a signature that fails publishes nothing."""
    now = now or timezone.now()
    if not decision.is_signed:
        raise DomainError("Chỉ công khai quyết định đã ký.")
    today = local_today(now)
    with transaction.atomic():
        notice, _ = DecisionNotice.objects.get_or_create(
            decision=decision,
            defaults={
                "due_on": notice_due_on(decision),
                "published_at": now,
                "published_on": today,
                "ends_on": today + timedelta(days=NOTICE_MINIMUM_DAYS),
                "published_by": by,
            },
        )
    return notice


def extend_notice(*, notice: DecisionNotice, until: date, by: User) -> DecisionNotice:
    """The office keeps the decision up longer (or brings an extension back), never below 20 days."""
    ensure(by, "awards.change_decisionnotice", notice)
    with transaction.atomic():
        notice = DecisionNotice.objects.select_for_update().get(pk=notice.pk)
        floor = notice.minimum_end
        if until < floor:
            raise DomainError(
                f"Thời gian công khai ít nhất {NOTICE_MINIMUM_DAYS} ngày: ngày kết thúc không được trước "
                f"ngày {vn_date(floor)} (đã công khai từ ngày {vn_date(notice.published_on)})."
            )
        if until > notice.published_on + timedelta(days=3660):
            raise DomainError("Ngày kết thúc quá xa; hãy chọn một ngày trong vòng 10 năm.")
        notice.ends_on = until
        notice._history_user = by
        notice.save(update_fields=["ends_on"])
    return notice


def record_opening(*, notice: DecisionNotice, user: User, now: datetime | None = None) -> NoticeView:
    """Who opened the published decision: the first time only, later openings change nothing."""
    existing = NoticeView.objects.filter(notice=notice, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return NoticeView.objects.create(notice=notice, user=user, first_opened_at=now or timezone.now())
    except IntegrityError:
        # Opened in two tabs at the same moment: the first one counts.
        return NoticeView.objects.get(notice=notice, user=user)


def is_up(notice: DecisionNotice, now: datetime | None = None) -> bool:
    return notice.is_up(local_today(now))
