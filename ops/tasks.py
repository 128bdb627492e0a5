"""The queue's own probe: a task that answers where it ran, so that `manage.py check_queue` tells the
deployment's administrator whether a worker serves each queue (database or Redis backend alike)."""

import os
import socket
import time

from django_tasks import task


@task()
def probe(sent_at: float) -> dict:
    """Run by whichever worker takes it: its machine, process and how long the task waited."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "waited": round(time.time() - sent_at, 3)}
