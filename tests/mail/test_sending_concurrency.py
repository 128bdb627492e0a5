"""Several workers picking the same mail at once (PostgreSQL, real threads): it goes out once."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from campaign.mail.models import MailStatus
from campaign.mail.services import queue_mail
from campaign.mail.tasks import send_outgoing_mail
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def test_workers_taking_the_same_mail_at_once_send_it_once():
    queued = queue_mail(
        AgencyFactory(), "dossier_state_changed", ["donvi@sct.dongthap.gov.vn"],
        {"don_vi": "Phòng Quản lý Công nghiệp", "trang_thai": "Đã tiếp nhận"},
    )
    barrier = threading.Barrier(WORKERS)
    answers: list[str] = []

    def work():
        try:
            connection.ensure_connection()
            barrier.wait()
            answers.append(send_outgoing_mail.call(queued.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    queued.refresh_from_db()
    assert sorted(answers) == ["bỏ qua"] * (WORKERS - 1) + ["đã gửi"]
    assert (queued.status, queued.attempts, len(mail.outbox)) == (MailStatus.SENT, 1, 1)
