"""Backup and restore of ≥ 1 GB of private files: time, archive size and peak memory of each.

    .venv/bin/python bench/backup_restore.py [--files 5] [--mb 220]

Works in a temporary folder (removed at the end, also on failure, Ctrl+C or SIGTERM): a fresh SQLite database, PRIVATE
storage pointed at the folder, `--files` files of `--mb` MB of random bytes written in 1 MB chunks. Each
command runs in its own process, so its peak resident set size (VmHWM, from /proc/self/status, with
getrusage's ru_maxrss as a cross-check) is its own; a process that only starts Django gives the baseline.
Then the private folder is emptied, the archive restored, and every file's SHA-256 compared with the
original. Goal (issue 12): the peak RSS of backup and of restore stays within a few tens of MB of the
baseline, whatever the size of the files. Exits 1 if a file differs or the peak grows by more than 100 MB.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, cleanup_on_exit  # noqa: E402

CHUNK = 1024 * 1024
LIMIT_MB = 100


def _child(operation: str, archive: str) -> None:
    """Runs in a subprocess: one command, then its peak memory on the last line."""
    import resource

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if operation == "backup":
        call_command("backup", archive, stdout=open(os.devnull, "w"))
    elif operation == "restore":
        call_command("restore", archive, stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - started
    hwm = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
               if line.startswith("VmHWM:"))
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RESULT {elapsed:.3f} {hwm} {maxrss}")


def _run(operation: str, archive: Path, env: dict[str, str]) -> tuple[float, int, int]:
    done = subprocess.run([sys.executable, __file__, "--child", operation, str(archive)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{operation} failed")
    _, elapsed, hwm, maxrss = done.stdout.strip().splitlines()[-1].split()
    return float(elapsed), int(hwm), int(maxrss)


def _write_files(folder: Path, count: int, megabytes: int) -> dict[str, str]:
    folder.mkdir(parents=True)
    hashes = {}
    for index in range(count):
        digest = hashlib.sha256()
        path = folder / f"tep-{index + 1}.bin"
        with path.open("wb") as handle:
            for _ in range(megabytes):
                chunk = os.urandom(CHUNK)
                digest.update(chunk)
                handle.write(chunk)
        hashes[path.name] = digest.hexdigest()
    return hashes


def _hashes(folder: Path) -> dict[str, str]:
    result = {}
    for path in sorted(folder.iterdir()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
        result[path.name] = digest.hexdigest()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--mb", type=int, default=220)
    parser.add_argument("--child", nargs=2, metavar=("OPERATION", "ARCHIVE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0

    with cleanup_on_exit() as cleanup:  # the folder goes at the end, also on Ctrl+C or SIGTERM
        work = cleanup.temp_folder("bench-backup-restore-")
        private = work / "private"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "off",
               "SECRET_KEY": "bench-only-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1,localhost",
               "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}", "PRIVATE_MEDIA_ROOT": str(private),
               "STATIC_ROOT": str(work / "static"), "LOG_LEVEL": "ERROR"}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        started = time.perf_counter()
        originals = _write_files(private / "bench", args.files, args.mb)
        total = args.files * args.mb
        print(f"{args.files} files × {args.mb} MB = {total:,} MB of random bytes written in "
              f"{time.perf_counter() - started:.1f} s")

        archive = work / "sao-luu.tar.gz"
        _, base_hwm, base_maxrss = _run("baseline", archive, env)
        backup_s, backup_hwm, backup_maxrss = _run("backup", archive, env)
        size = archive.stat().st_size
        shutil.rmtree(private)
        restore_s, restore_hwm, restore_maxrss = _run("restore", archive, env)
        intact = _hashes(private / "bench") == originals

        print(f"{'':10} {'time':>9} {'peak RSS (VmHWM)':>17} {'ru_maxrss':>10}")
        print(f"{'baseline':10} {'':>9} {base_hwm / 1024:14.1f} MB {base_maxrss / 1024:7.1f} MB")
        print(f"{'backup':10} {backup_s:7.1f} s {backup_hwm / 1024:14.1f} MB {backup_maxrss / 1024:7.1f} MB")
        print(f"{'restore':10} {restore_s:7.1f} s {restore_hwm / 1024:14.1f} MB {restore_maxrss / 1024:7.1f} MB")
        print(f"archive: {size / 1024 / 1024:,.1f} MB (mode {oct(archive.stat().st_mode & 0o777)}) for {total:,} MB "
              f"of files; restored files identical: {'yes' if intact else 'NO'}")
        grown = max(backup_hwm, restore_hwm) - base_hwm
        print(f"largest growth over the baseline: {grown / 1024:.1f} MB (limit {LIMIT_MB} MB)")
        return 0 if intact and grown < LIMIT_MB * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
