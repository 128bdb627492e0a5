"""Helpers shared by the tests: Vietnam-time instants and small valid files of each accepted type."""

import datetime as dt
import io
import struct
import zipfile
import zlib

from core.time import PLAN_TZ


def vn(year, month, day, hour=0, minute=0, second=0, microsecond=0) -> dt.datetime:
    """An instant given in Vietnam's local time."""
    return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=PLAN_TZ)


def pdf_bytes(text: str = "thu nghiem") -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + text.encode() + b"\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\xff\xff"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def run_tasks() -> None:
    """Run every task waiting in the queue (the database backend's worker, all queues, once through),
    as the worker beside the server would."""
    from unittest import mock

    from django.core.management import call_command

    # The worker closes "old" connections between tasks: inside the test's transaction that would close the
    # test's own connection on PostgreSQL (SQLite's in-memory database is never closed).
    # A task's own on-commit work (a task that queues mail enqueues its sending on commit) runs as it would in
    # the worker, which is not inside the test's transaction; what it enqueued runs in the next pass.
    from django.test import TestCase

    for _ in range(10):
        with (
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
            TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            call_command(
                "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, stdout=io.StringIO()
            )
        if not callbacks:
            return


def all_at_once(calls) -> list[str]:
    """Run each call in its own thread and database connection, released together by a barrier (real
    concurrency on PostgreSQL); returns each outcome: "ok" or the DomainError's Vietnamese message."""
    import threading

    from django.db import connection, connections

    from core.errors import DomainError

    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(call):
        try:
            connection.ensure_connection()
            barrier.wait()
            call()
            result = "ok"
        except DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def full_disk(monkeypatch) -> None:
    """From now on the private storage cannot write: every save fails as a full disk does."""
    from core.storage import DurableFileSystemStorage

    def refuse(storage, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DurableFileSystemStorage, "_save", refuse)
