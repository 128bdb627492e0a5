"""`make test` and `make run` install the system packages they need, and wait for apt's lock.

Each test runs the real Makefile with PATH holding only fake `dpkg-query`, `apt-get`, `id` and `sleep`
(and the real `env` and `date`), and a fake virtualenv whose `pytest` and `python` only record their
call: nothing is installed and no server starts.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")
LOCK = "-o DPkg::Lock::Timeout=600"
# How `make test` calls pytest: on one worker per core (pytest-xdist), each module whole on one worker.
PYTEST = "pytest -n auto --dist loadfile"

pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")

FAKES = {
    # Reports every package as installed except those in FAKE_MISSING.
    "dpkg-query": """
for a; do pkg=$a; done
echo "dpkg-query $pkg" >> "$FAKE_LOG"
case " $FAKE_MISSING " in *" $pkg "*) echo "dpkg-query: no packages found matching $pkg" >&2; exit 1;; esac
printf installed
""",
    # `update` finds the lists lock held FAKE_LOCKED times (as apt-get prints it), then succeeds.
    "apt-get": """
echo "apt-get DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "$FAKE_LOG"
case " $* " in *" update "*)
  read -r n < "$FAKE_LOCKED"
  if [ "$n" -gt 0 ]; then
    echo $((n - 1)) > "$FAKE_LOCKED"
    echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
    exit 100
  fi;;
esac
""",
    "id": 'echo "$FAKE_UID"',
    "sleep": 'echo "sleep $*" >> "$FAKE_LOG"',
}

# A real server runs until it is stopped, so the worker started beside it has long written its line when `make run`
# stops it. The fake server returns at once: it waits (5 s at most, with the real grep and sleep) for the worker's
# line, or `make run`'s trap could kill the worker before it logs its call on a busy machine.
SERVER_WAITS_FOR_THE_WORKER = """case "$*" in *runserver*)
  n=0; until /bin/grep -q run_worker "$FAKE_LOG" || [ $n -ge 100 ]; do /bin/sleep 0.05; n=$((n + 1)); done;;
esac
"""


def _make(tmp_path, *args, missing="", uid=0, locked=0):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        (bin_dir / name).write_text("#!/bin/sh\n" + body)
        (bin_dir / name).chmod(0o755)
    for name in ("env", "date"):
        (bin_dir / name).symlink_to(shutil.which(name))
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name, body in (("pytest", ""), ("python", SERVER_WAITS_FOR_THE_WORKER)):
        (venv / "bin" / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "$FAKE_LOG"\n{body}')
        (venv / "bin" / name).chmod(0o755)
    stamp = venv / ".installed"
    stamp.touch()
    later = (ROOT / "pyproject.toml").stat().st_mtime + 3600
    os.utime(stamp, (later, later))  # the virtualenv counts as installed: no pip
    log = tmp_path / "log"
    log.touch()
    (tmp_path / "locked").write_text(f"{locked}\n")
    env = {
        "PATH": str(bin_dir),
        "FAKE_LOG": str(log),
        "FAKE_MISSING": missing,
        "FAKE_UID": str(uid),
        "FAKE_LOCKED": str(tmp_path / "locked"),
        "LC_ALL": "C.UTF-8",
    }
    result = subprocess.run(
        [MAKE, "-s", "-C", str(ROOT), *args, f"VENV={venv}"], env=env, capture_output=True, text=True, timeout=60
    )
    return result, log.read_text().splitlines()


def _apt_calls(calls):
    return [c for c in calls if c.startswith("apt-get ")]


def test_make_test_installs_the_missing_packages_waiting_for_the_dpkg_lock_before_pytest(tmp_path):
    result, calls = _make(tmp_path, "test", missing="chromium libharfbuzz-subset0")

    assert result.returncode == 0, result.stderr
    update, install = _apt_calls(calls)
    assert update == f"apt-get DEBIAN_FRONTEND=noninteractive -qq {LOCK} update"
    assert install == f"apt-get DEBIAN_FRONTEND=noninteractive -qq {LOCK} install -y libharfbuzz-subset0 chromium"
    assert calls.index(install) < calls.index(PYTEST)


def test_apt_get_update_is_retried_while_another_install_holds_the_lists_lock(tmp_path):
    result, calls = _make(tmp_path, "test", missing="poppler-utils", locked=2)

    assert result.returncode == 0, result.stderr
    assert [c.split()[-1] for c in _apt_calls(calls)] == ["update", "update", "update", "poppler-utils"]
    assert calls.count("sleep 5") == 2
    assert PYTEST in calls


def test_make_test_stops_when_the_lock_is_still_held_after_the_timeout(tmp_path):
    result, calls = _make(tmp_path, "test", "APT_LOCK_TIMEOUT=0", missing="chromium", locked=99)

    assert result.returncode != 0
    assert "Could not get lock" in result.stderr
    assert "apt-get install -y chromium" in result.stderr
    assert not any(" install " in c for c in _apt_calls(calls))
    assert not any(c.startswith("pytest") for c in calls)


def test_make_test_checks_every_test_package_and_calls_no_apt_get_when_all_are_installed(tmp_path):
    result, calls = _make(tmp_path, "test")

    assert result.returncode == 0, result.stderr
    checked = {c.split()[1] for c in calls if c.startswith("dpkg-query ")}
    assert {"chromium", "libharfbuzz-subset0", "poppler-utils", "libpango-1.0-0", "fonts-liberation2"} <= checked
    assert _apt_calls(calls) == []
    assert PYTEST in calls


def test_make_test_without_root_or_sudo_fails_naming_the_packages_and_the_command(tmp_path):
    result, calls = _make(tmp_path, "test", missing="chromium poppler-utils", uid=1000)

    assert result.returncode != 0
    assert "Thiếu gói hệ thống: poppler-utils chromium" in result.stderr
    assert "apt-get install -y poppler-utils chromium" in result.stderr
    assert _apt_calls(calls) == []
    assert not any(c.startswith("pytest") for c in calls)


def test_make_run_without_root_or_sudo_warns_and_starts_the_portal(tmp_path):
    result, calls = _make(tmp_path, "run", missing="fonts-croscore", uid=1000)

    assert result.returncode == 0, result.stderr
    assert "apt-get install -y fonts-croscore" in result.stderr
    assert "Cảnh báo" in result.stderr
    assert _apt_calls(calls) == []
    # The queue's worker starts in the background beside the server (its line may come after the server's).
    assert "python manage.py run_worker" in calls
    assert [c for c in calls if c != "python manage.py run_worker"][-1] == "python manage.py runserver 127.0.0.1:8000"


def test_make_run_makes_the_demo_certificates_after_the_demo_agencies_exist(tmp_path):
    # make_demo_ca gives a certificate to each agency already in the database: run before the demo data on a
    # fresh machine, it made none and the Director's PDFs were issued unsigned.
    result, calls = _make(tmp_path, "run")

    assert result.returncode == 0, result.stderr
    python = [c for c in calls if c.startswith("python manage.py ")]
    assert python.index("python manage.py make_demo_ca") > python.index("python manage.py seed_demo_all")
