"""The task queue: the database backend (zero set-up) and the Redis backend (RQ) through the same task API,
each served by a real worker process; `manage.py check_queue` says which queues have a worker."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

ROOT = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(ROOT / "manage.py")]
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("REDIS_REQUIRED") == "1":
            pytest.fail(f"Redis is required (REDIS_REQUIRED=1) but {REDIS_TEST_URL} does not answer: {error}")
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    return client


def _env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}", "DJANGO_SETTINGS_MODULE": "config.settings",
                "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"), "LOG_LEVEL": "WARNING", **extra})
    return env


def _worker(args: list[str], env: dict[str, str], tmp_path) -> subprocess.Popen:
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed with the process below
    return subprocess.Popen(MANAGE + args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _check_queue(env) -> subprocess.CompletedProcess:
    return subprocess.run(MANAGE + ["check_queue", "--timeout", "40"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def _migrate(env, *apps: str) -> None:
    for app in apps:
        subprocess.run(MANAGE + ["migrate", app, "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)


# What a worker reads and writes: the queue's tables and the outbox (with what it depends on: the campaign's
# tables). Migrating the whole project took 40-50 s on a 2-core machine; these take 6.
WORKER_APPS = ("mail", "django_tasks_database")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """The SQLite database of the default settings (database queue) with the worker's tables, migrated once for
    the module. Each test works on its own copy."""
    folder = tmp_path_factory.mktemp("queue-template")
    _migrate(_env(folder, TASK_BACKEND="database"), *WORKER_APPS)
    return folder / "queue.sqlite3"


def _database_from(migrated: Path, tmp_path) -> None:
    shutil.copyfile(migrated, tmp_path / "queue.sqlite3")


def test_a_redis_worker_on_another_process_runs_the_portals_tasks(tmp_path, migrated):
    client = _redis_or_skip()
    client.flushdb()
    env = _env(tmp_path, TASK_BACKEND="rq", REDIS_URL=REDIS_TEST_URL)
    _database_from(migrated, tmp_path)
    _migrate(env, "django_rq")  # with TASK_BACKEND=rq: django_rq's migrations on top of the copy
    # The portal's worker command, as on a worker machine: with TASK_BACKEND=rq it runs an RQ worker.
    worker = _worker(["run_worker"], env, tmp_path)
    try:
        answer = _check_queue(env)
    finally:
        _stop(worker)
        client.flushdb()
    assert answer.returncode == 0, answer.stdout + answer.stderr + (tmp_path / "worker.log").read_text()
    assert "RQBackend" in answer.stdout
    for queue in settings.TASK_QUEUES:
        assert f"{queue}: có worker trả lời" in answer.stdout
    # The worker that answered is another process than the one that asked.
    assert f"tiến trình {os.getpid()}" not in answer.stdout


def test_the_database_worker_serves_every_queue(tmp_path, migrated):
    env = _env(tmp_path, TASK_BACKEND="database")
    _database_from(migrated, tmp_path)
    worker = _worker(["run_worker"], env, tmp_path)
    try:
        answer = _check_queue(env)
    finally:
        _stop(worker)
    assert answer.returncode == 0, answer.stdout + answer.stderr + (tmp_path / "worker.log").read_text()
    assert "DatabaseBackend" in answer.stdout
    for queue in settings.TASK_QUEUES:
        assert f"{queue}: có worker trả lời" in answer.stdout


@pytest.mark.django_db
def test_check_queue_says_which_queue_has_no_worker():
    with pytest.raises(CommandError, match="Hàng đợi không có worker: mail"):
        call_command("check_queue", "--queue", "mail", "--timeout", "0.5")


@pytest.mark.django_db
def test_check_queue_refuses_an_unknown_queue():
    with pytest.raises(CommandError, match="Không có hàng đợi: thu-muc"):
        call_command("check_queue", "--queue", "thu-muc")


def test_the_morning_reminders_are_scheduled_once_on_the_redis_queue(tmp_path):
    """A worker started twice (a restart, a second machine) finds the morning run waiting among the Redis
    queue's scheduled jobs and does not schedule another."""
    client = _redis_or_skip()
    client.flushdb()
    env = _env(tmp_path, TASK_BACKEND="rq", REDIS_URL=REDIS_TEST_URL)
    code = ("from campaign.mail.tasks import schedule_daily_reminders as schedule; "
            "first = schedule(); print(first.isoformat() if first else None); print(schedule())")
    try:
        runs = [subprocess.run(MANAGE + ["shell", "-v", "0", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=120) for _ in range(2)]
        scheduled = client.zrange("rq:scheduled:mail", 0, -1)
    finally:
        client.flushdb()

    assert [run.returncode for run in runs] == [0, 0], [run.stderr[-2000:] for run in runs]
    first, second = (run.stdout.split() for run in runs)
    assert first[0].endswith("07:00:00+07:00") and first[1] == "None"  # the second call finds the first's run
    assert second == ["None", "None"]  # as does a second worker
    assert len(scheduled) == 1
