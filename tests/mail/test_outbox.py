"""The outbox (issue 15 point 7): mail is stored per agency, sent by the queue's worker, retried with
back-off, never sent twice, never lost to a stopped worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from campaign.mail.models import MailStatus, OutgoingMail
from campaign.mail.services import queue_mail, resend, sweep_outbox
from campaign.mail.tasks import BACKOFF, MAX_ATTEMPTS, send_outgoing_mail
from core.errors import NotAllowed
from tests.factories import DossierFactory
from tests.helpers import run_tasks

CONTEXT = {
    "don_vi": "Phòng Quản lý Công nghiệp",
    "cap_khen": "Giấy khen",
    "phong_trao": "Phong trào 2023",
    "trang_thai": "Đã tiếp nhận",
    "ghi_chu": "",
    "han_bo_sung": "",
    "duong_dan": "http://127.0.0.1:8000/ho-so/1/",
}


def _queue(agency, to=("donvi@sct.dongthap.gov.vn",), about=None):
    return queue_mail(agency, "dossier_state_changed", list(to), CONTEXT, about=about)


@pytest.fixture
def down(settings):
    settings.EMAIL_BACKEND = "tests.mail.backends.DownBackend"


def test_queued_mail_is_stored_rendered_and_sent_by_the_worker_after_commit(
    agency, campaign, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue(agency, to=["b@x.vn", "a@x.vn", "a@x.vn"], about=dossier)
    assert (queued.status, queued.recipients, queued.subject) == (
        MailStatus.QUEUED, "a@x.vn, b@x.vn", "[Thi đua] Hồ sơ của Phòng Quản lý Công nghiệp: Đã tiếp nhận"
    )
    assert mail.outbox == []  # nothing goes out from the request itself
    run_tasks()
    queued.refresh_from_db()
    assert [(m.subject, m.to) for m in mail.outbox] == [(queued.subject, ["a@x.vn", "b@x.vn"])]
    assert (queued.status, queued.attempts, queued.about, queued.about_label) == (
        MailStatus.SENT, 1, dossier, str(dossier)
    )
    assert queued.sent_at is not None


def test_without_a_recipient_no_mail_is_stored(agency):
    assert _queue(agency, to=["", "  "]) is None
    assert OutgoingMail.objects.count() == 0


def test_the_task_is_enqueued_only_when_the_transaction_commits(agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue(agency)
    # Until the commit nothing is in the queue (a rolled-back transaction never runs its callbacks).
    assert DBTaskResult.objects.count() == 0
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(queue_name="mail").count() == 1


def test_a_failed_send_is_retried_after_1_5_30_minutes_and_2_hours_then_marked_failed(
    agency, down, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = _queue(agency)
    run_tasks()
    for attempt, wait in enumerate(BACKOFF, start=1):
        queued.refresh_from_db()
        assert (queued.status, queued.attempts) == (MailStatus.QUEUED, attempt)
        assert queued.last_error == "SMTPServerDisconnected: Máy chủ thư không phản hồi"
        retry = DBTaskResult.objects.filter(status="READY").get()
        assert retry.run_after == queued.next_attempt_at
        clock.shift(wait - timedelta(seconds=1))
        run_tasks()  # not yet
        queued.refresh_from_db()
        assert queued.attempts == attempt
        clock.shift(timedelta(seconds=1))
        run_tasks()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.next_attempt_at) == (MailStatus.FAILED, MAX_ATTEMPTS, None)
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert mail.outbox == []


def test_a_mail_is_never_sent_twice(agency):
    queued = _queue(agency)
    assert send_outgoing_mail.call(queued.pk) == "đã gửi"
    assert send_outgoing_mail.call(queued.pk) == "bỏ qua"
    assert len(mail.outbox) == 1


def test_a_mail_taken_by_another_worker_is_left_to_it(agency):
    queued = _queue(agency)
    OutgoingMail.objects.filter(pk=queued.pk).update(status=MailStatus.SENDING)
    assert send_outgoing_mail.call(queued.pk) == "bỏ qua"
    assert mail.outbox == []


def test_a_worker_stopped_while_sending_leaves_the_mail_to_be_sent_again(agency, clock):
    queued = _queue(agency)
    # The worker marked it "sending" and died before the server answered.
    OutgoingMail.objects.filter(pk=queued.pk).update(
        status=MailStatus.SENDING, attempts=1, sending_started_at=queued.created_at
    )
    clock.shift(timedelta(minutes=14))
    sweep_outbox()
    assert OutgoingMail.objects.get(pk=queued.pk).status == MailStatus.SENDING  # perhaps still at work
    clock.shift(timedelta(minutes=2))
    sweep_outbox()
    queued.refresh_from_db()
    assert (queued.status, queued.last_error) == (
        MailStatus.QUEUED, "Tiến trình gửi bị dừng giữa chừng; thư được gửi lại."
    )
    send_outgoing_mail.call(queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, len(mail.outbox)) == (MailStatus.SENT, 2, 1)


def test_a_queued_mail_whose_task_was_lost_is_enqueued_again_and_sent_once(
    agency, clock, django_capture_on_commit_callbacks
):
    queued = _queue(agency)  # its task never made it to the queue (not captured: never run)
    clock.shift(timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox() == 1
        sweep_outbox()  # twice enqueued...
    run_tasks()
    queued.refresh_from_db()
    assert (queued.status, len(mail.outbox)) == (MailStatus.SENT, 1)  # ...sent once


def test_the_office_resends_a_failed_mail_and_the_board_may_not(
    agency, office, inspector, django_capture_on_commit_callbacks
):
    queued = _queue(agency)
    OutgoingMail.objects.filter(pk=queued.pk).update(status=MailStatus.FAILED, attempts=MAX_ATTEMPTS)
    with pytest.raises(NotAllowed):
        resend(mail=queued, by=inspector)
    with django_capture_on_commit_callbacks(execute=True):
        assert resend(mail=queued, by=office) is True
    run_tasks()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, len(mail.outbox)) == (MailStatus.SENT, 1, 1)


def test_resending_a_mail_that_did_not_fail_changes_nothing(agency, office):
    queued = _queue(agency)
    send_outgoing_mail.call(queued.pk)
    assert resend(mail=queued, by=office) is False
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (MailStatus.SENT, 1)
