"""Reminders (issue 15 point 7): 3 days before the cutoff to units with drafts, 2 days before a
supplement is due, each morning for comments left unanswered; once per object and day; the daily run
schedules itself for 07:00 the next morning."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from awards.models import Feedback, Publication
from campaign.mail.models import OutgoingMail, ReminderLog
from campaign.mail.reminders import run_reminders
from campaign.mail.tasks import daily_reminders, next_reminder_run, schedule_daily_reminders
from dossiers.models import DossierState
from tests.factories import DossierFactory, NominationFactory
from tests.helpers import vn


def _kinds():
    return sorted(OutgoingMail.objects.values_list("kind", "recipients"))


@pytest.fixture
def draft(campaign, unit, clerk):
    return DossierFactory(campaign=campaign, unit=unit, created_by=clerk)


def test_units_with_a_draft_are_reminded_3_days_before_the_cutoff_once(draft, clerk):
    # Cutoff 10/11/2023: the reminder goes out on 07/11, not on 06/11 or 08/11.
    assert run_reminders(dt.date(2023, 11, 6)) == 0
    assert run_reminders(dt.date(2023, 11, 7)) == 1
    assert run_reminders(dt.date(2023, 11, 7)) == 0  # the same day again: nothing more
    assert run_reminders(dt.date(2023, 11, 8)) == 0
    reminder = OutgoingMail.objects.get()
    assert (reminder.kind, reminder.recipients, reminder.subject) == (
        "reminder_cutoff_drafts", clerk.email, "[Thi đua] Còn 3 ngày đến hạn nộp hồ sơ: Phòng Quản lý Công nghiệp"
    )
    assert "Hạn nộp: hết ngày 10/11/2023 (còn 3 ngày)." in reminder.body
    assert ReminderLog.objects.get().on_day == dt.date(2023, 11, 7)


def test_a_submitted_dossier_gets_no_cutoff_reminder(draft):
    draft.state = DossierState.SUBMITTED
    draft.save()
    assert run_reminders(dt.date(2023, 11, 7)) == 0


def test_the_unit_is_reminded_2_days_before_its_supplement_is_due(draft, clerk):
    draft.state = DossierState.RETURNED
    draft.supplement_due = dt.date(2023, 11, 20)
    draft.supplement_note = "Bổ sung biên bản họp xét."
    draft.save()
    assert run_reminders(dt.date(2023, 11, 17)) == 0
    assert run_reminders(dt.date(2023, 11, 18)) == 1
    assert run_reminders(dt.date(2023, 11, 18)) == 0
    reminder = OutgoingMail.objects.get()
    assert reminder.subject == "[Thi đua] Còn 2 ngày đến hạn bổ sung hồ sơ: Phòng Quản lý Công nghiệp"
    assert "Nội dung cần bổ sung: Bổ sung biên bản họp xét." in reminder.body
    assert "Hạn bổ sung: hết ngày 20/11/2023 (còn 2 ngày)." in reminder.body


def test_the_office_is_reminded_each_day_of_comments_left_unanswered(campaign, draft, clerk, office, other_office):
    publication = Publication.objects.create(
        campaign=campaign, level="grassroots", opened_at=vn(2023, 11, 13, 8), working_days=5,
        closes_on=dt.date(2023, 11, 17), published_by=office,
    )
    nomination = NominationFactory(dossier=draft)
    comment = Feedback.objects.create(
        publication=publication, nomination=nomination, author=clerk, text="Ý kiến", created_at=vn(2023, 11, 14, 10)
    )
    assert run_reminders(dt.date(2023, 11, 14)) == 0  # sent that day: the office has the day to answer
    assert run_reminders(dt.date(2023, 11, 15)) == 1
    assert run_reminders(dt.date(2023, 11, 15)) == 0
    assert run_reminders(dt.date(2023, 11, 16)) == 1  # still unanswered the next morning
    reminder = OutgoingMail.objects.filter(kind="reminder_unanswered_comments").first()
    # The agency's own office only: the other agency's office hears nothing.
    assert reminder.recipients == office.email
    assert reminder.subject == "[Thi đua] 1 ý kiến về danh sách công khai chưa được trả lời"
    comment.answer = "Đã xem xét."
    comment.save()
    assert run_reminders(dt.date(2023, 11, 17)) == 0


def test_the_daily_run_is_at_7_in_vietnam_and_schedules_the_next_morning(db, clock):
    # Frozen at 09:00 on 01/11/2023 (Vietnam): the next run is 07:00 on 02/11.
    assert next_reminder_run() == vn(2023, 11, 2, 7)
    assert next_reminder_run(vn(2023, 11, 2, 6, 59)) == vn(2023, 11, 2, 7)
    assert schedule_daily_reminders() == vn(2023, 11, 2, 7)
    assert schedule_daily_reminders() is None  # one is waiting already
    assert DBTaskResult.objects.filter(task_path=daily_reminders.module_path, status="READY").count() == 1


def test_the_daily_task_sends_the_reminders_and_waits_for_the_next_morning(draft, clock):
    clock.move_to(vn(2023, 11, 7, 7))
    daily_reminders.call()
    assert _kinds() == [("reminder_cutoff_drafts", draft.created_by.email)]
    waiting = DBTaskResult.objects.get(task_path=daily_reminders.module_path, status="READY")
    assert waiting.run_after == vn(2023, 11, 8, 7)


def test_send_reminders_command_for_cron(draft, clock):
    call_command("send_reminders", ngay="07/11/2023", stdout=open("/dev/null", "w"))
    call_command("send_reminders", ngay="07/11/2023", stdout=open("/dev/null", "w"))
    assert OutgoingMail.objects.count() == 1
