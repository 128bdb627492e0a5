"""The app server's production settings (config/gunicorn.conf.py): a master that loads the portal once, closes
what forks must not share, freezes it out of the garbage collector's reach and forks sync workers."""

import gc
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from config.prefork import warm_up

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = ROOT / "config" / "gunicorn.conf.py"
LOADED_LINE = re.compile(r"Cổng thông tin đã nạp sẵn trước khi tạo worker: (\d+) mẫu URL gốc, (\d+) đối tượng")


def test_the_master_loads_the_urlconf_and_leaves_no_connection_open():
    from django.urls import get_resolver

    loaded = warm_up()

    assert loaded["url_patterns"] == len(get_resolver().url_patterns) > 5
    assert "dossiers.views" in sys.modules  # the views came with the URLconf
    assert all(connections[alias].connection is None for alias in connections)


def test_the_ready_hook_freezes_what_the_master_loaded():
    namespace = {}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)  # as gunicorn reads it

    class Log:
        lines = []

        def info(self, message, *args):
            self.lines.append(message % args)

    server = type("Server", (), {"log": Log()})()
    assert namespace["preload_app"] is True
    try:
        namespace["when_ready"](server)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    assert LOADED_LINE.search(server.log.lines[0])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - a local test server
        return response.status, response.read().decode()


def _wait(condition, seconds: float, what: str, server: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped ({server.returncode}) while waiting for {what}:\n{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"gunicorn: no {what} after {seconds} s:\n{log.read_text()}")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the workers from /proc (Linux)")
def test_gunicorn_serves_the_portal_from_preloaded_workers_and_replaces_a_killed_one(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    # The login page reads no row; a database that does not exist yet proves the master opened none.
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
                "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"), "LOG_LEVEL": "WARNING"})
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", str(CONFIG), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--log-level", "info"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        first = _wait(lambda: len(_workers(server.pid)) == 2 and _workers(server.pid), 60, "two workers", server, log)
        status, page = _wait(lambda: _try_get(f"http://127.0.0.1:{port}/dang-nhap/"), 30, "login page", server, log)
        assert status == 200 and "Đăng nhập" in page

        loaded = LOADED_LINE.search(log.read_text())
        assert loaded, log.read_text()
        assert int(loaded[1]) > 5
        assert not (tmp_path / "none.sqlite3").exists()  # nobody opened the database before or since

        killed = min(first)
        os.kill(killed, signal.SIGKILL)  # a worker killed half-way: the master forks another from what it loaded
        renewed = _wait(lambda: (w := _workers(server.pid)) and len(w) == 2 and killed not in w and w, 30,
                        "replacement worker", server, log)
        assert renewed - first
        for _ in range(4):
            assert _get(f"http://127.0.0.1:{port}/dang-nhap/")[0] == 200
        assert len(LOADED_LINE.findall(log.read_text())) == 1  # loaded once, by the master
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _try_get(url: str):
    try:
        return _get(url)
    except OSError:
        return None
