"""Reminders (issue 15 point 7): each app says, in its own `reminders` module, what to remind of on a
given day (`@provider`); this module sends each reminder at most once per object and day (a log row with
a unique constraint) through the outbox. The apps' modules are found at start-up (MailConfig.ready), so
campaign never imports the apps above it."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model

from campaign.models import Agency
from core.time import local_today

from .models import ReminderLog
from .services import queue_mail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    agency: Agency
    key: str  # the mail template (defaults.KINDS)
    about: Model  # the object reminded of: at most one reminder of this key per object and day
    to: list[str]
    context: dict = field(default_factory=dict)


Provider = Callable[[date], Iterable[Reminder]]
PROVIDERS: list[Provider] = []


def provider(function: Provider) -> Provider:
    """Register a function giving the reminders due on a day (a calendar day in Vietnam)."""
    if function not in PROVIDERS:
        PROVIDERS.append(function)
    return function


def send_once(reminder: Reminder, day: date) -> bool:
    """Queue the reminder unless it went out for this object today already."""
    if not reminder.to:
        return False
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                agency=reminder.agency,
                key=reminder.key,
                about_type=ContentType.objects.get_for_model(reminder.about),
                about_id=reminder.about.pk,
                on_day=day,
            )
            mail = queue_mail(reminder.agency, reminder.key, reminder.to, reminder.context, about=reminder.about)
            log.mail = mail
            log.save(update_fields=["mail"])
    except IntegrityError:  # sent already today (another run got there first)
        return False
    return mail is not None


def run_reminders(day: date | None = None) -> int:
    """Every provider's reminders for `day` (today in Vietnam by default); how many mails were queued."""
    day = day or local_today()
    sent = 0
    for function in PROVIDERS:
        for reminder in function(day):
            sent += send_once(reminder, day)
    return sent
