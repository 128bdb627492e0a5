"""The queue's work for mail (queue "mail"): sending one message with retries, and the daily reminders."""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from core.time import PLAN_TZ, local_today

from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final ("Gửi không được").
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
# The daily reminders run at this local time.
REMINDER_TIME = time(7, 0)


@task(queue_name="mail")
def send_outgoing_mail(mail_pk: int) -> str:
    """Send one mail of the outbox. Idempotent: only a queued mail is taken (a compare-and-set on its
    status, so two workers never both send it), and a mail already sent is left alone."""
    now = timezone.now()
    taken = OutgoingMail.objects.filter(pk=mail_pk, status=MailStatus.QUEUED).update(
        status=MailStatus.SENDING, attempts=F("attempts") + 1, sending_started_at=now
    )
    if not taken:
        return "bỏ qua"
    mail = OutgoingMail.objects.get(pk=mail_pk)
    try:
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipient_list).send()
    except Exception as error:  # the mail server refused or is unreachable: retried later
        logger.warning("Không gửi được thư %s (lần %s): %s", mail.pk, mail.attempts, error)
        message = f"{type(error).__name__}: {error}"[:2000]
        if mail.attempts >= MAX_ATTEMPTS:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=MailStatus.FAILED, last_error=message, next_attempt_at=None, sending_started_at=None
            )
            return "không gửi được"
        retry_at = timezone.now() + BACKOFF[mail.attempts - 1]
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.QUEUED, last_error=message, next_attempt_at=retry_at, sending_started_at=None
        )
        # Straight into the queue (the status above is written already): the retry is not lost to a
        # transaction that never commits.
        send_outgoing_mail.using(run_after=retry_at).enqueue(mail.pk)
        return "gửi lại sau"
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, sending_started_at=None
    )
    return "đã gửi"


def next_reminder_run(now: datetime | None = None) -> datetime:
    """07:00 (Vietnam) of the next morning, or of today if that is still ahead."""
    now = now or timezone.now()
    today = local_today(now)
    at = datetime.combine(today, REMINDER_TIME, tzinfo=PLAN_TZ)
    return at if at > now else datetime.combine(today + timedelta(days=1), REMINDER_TIME, tzinfo=PLAN_TZ)


@task(queue_name="mail")
def daily_reminders() -> int:
    """The morning run: each app's reminders, the outbox swept of what a stopped worker left, and the
    next morning's run scheduled."""
    from .reminders import run_reminders
    from .services import sweep_outbox

    sent = run_reminders()
    sweep_outbox()
    schedule_daily_reminders()
    return sent


def _waiting_daily_run() -> bool:
    """Whether a morning run is already waiting: in the database queue, or among the Redis queue's scheduled
    jobs (a worker started on a second machine, or restarted, must not schedule a second run)."""
    from django_tasks import task_backends

    backend = task_backends[daily_reminders.backend]
    kind = type(backend).__module__.split(".")[0]
    if kind == "django_tasks_db":
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path=daily_reminders.module_path, status="READY", run_after__gt=timezone.now()
        ).exists()
    if kind == "django_tasks_rq":
        import django_rq
        from rq.job import Job

        queue = django_rq.get_queue(daily_reminders.queue_name)
        waiting = Job.fetch_many(queue.scheduled_job_registry.get_job_ids(), connection=queue.connection)
        return any(job is not None and job.func_name == daily_reminders.module_path for job in waiting)
    return False


def schedule_daily_reminders(*, force: bool = False) -> datetime | None:
    """Enqueue tomorrow's (or this morning's) reminders unless a run is waiting already."""
    if not force and _waiting_daily_run():
        return None
    at = next_reminder_run()
    daily_reminders.using(run_after=at).enqueue()
    return at
