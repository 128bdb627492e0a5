"""Shared set-up of the benchmarks: a fresh PostgreSQL database, production-like settings, and
`cleanup_on_exit()`, which removes what a bench created even when it is stopped with Ctrl+C or SIGTERM."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def fresh_database(name: str, template: str | None = None) -> str:
    """Drop and create `name` on the local PostgreSQL (a copy of `template` if given); return its URL."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{PG}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Cleanup:
    """What a bench made, undone in reverse order at the end (each step on its own: one that fails does
    not keep the others from running)."""

    def __init__(self):
        self._steps: list[tuple[str, object]] = []

    def add(self, label: str, action) -> None:
        self._steps.append((label, action))

    def temp_folder(self, prefix: str) -> Path:
        """A new temporary folder, removed at the end with everything in it."""
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.add(f"folder {folder}", lambda: shutil.rmtree(folder, ignore_errors=True))
        return folder

    def database(self, name: str, template: str | None = None) -> str:
        """A fresh PostgreSQL database (a copy of `template` if given), dropped at the end (Django's
        connections closed first)."""
        url = fresh_database(name, template)

        def drop():
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            drop_database(name)

        self.add(f"database {name}", drop)
        return url

    def process(self, process: subprocess.Popen, timeout: float = 30) -> subprocess.Popen:
        """A child process (started with start_new_session=True), ended with its whole group."""

        def stop():
            if process.poll() is not None:
                return
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=timeout)
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=timeout)

        self.add(f"process {process.pid}", stop)
        return process

    def run(self) -> None:
        while self._steps:
            label, action = self._steps.pop()
            try:
                action()
            except Exception as error:  # noqa: BLE001 - clean up the rest, say what stayed behind
                print(f"clean-up of {label} failed: {error}", file=sys.stderr)


class _Stopped(BaseException):
    """Raised in the main thread by SIGTERM/SIGHUP, so the `finally` blocks run as on Ctrl+C."""


@contextlib.contextmanager
def cleanup_on_exit():
    """Usage:

        with cleanup_on_exit() as cleanup:
            work = cleanup.temp_folder("bench-x-")
            url = cleanup.database("bench_x")
            server = cleanup.process(subprocess.Popen([...], start_new_session=True))
            ...

    Everything registered is removed when the block ends: normally, on an error, on Ctrl+C (SIGINT)
    or on SIGTERM/SIGHUP. A second Ctrl+C during the clean-up is ignored so the clean-up finishes.
    """
    cleanup = Cleanup()

    def stop(signum, frame):
        raise _Stopped(signum)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # SIGINT explicitly too: a bench started in the background of a script inherits it ignored.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupt)
    try:
        yield cleanup
    except (KeyboardInterrupt, _Stopped):
        print("\ninterrupted: cleaning up", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        ignored = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        try:
            cleanup.run()
        finally:
            for sig, handler in {**ignored, **previous}.items():
                signal.signal(sig, handler)


def production_like_env(database_url: str, workdir: Path) -> dict[str, str]:
    """DEBUG off (no query logging overhead), a throwaway key, local hosts, plain HTTP on loopback."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_ENV": "production",
        "DEBUG": "off",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "off",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "FILE_UPLOAD_TEMP_DIR": str(workdir / "tmp-uploads"),
        "LOG_LEVEL": "ERROR",
    }


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
