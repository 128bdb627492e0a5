"""The cutoff-day burst: N clients each log in and submit dossiers with 2 MB files at once, side by side
with a bare Django view storing the same multipart POSTs (issue 17, items 2 and 5).

    .venv/bin/python bench/deadline_burst.py [--clients 50] [--dossiers 4] [--file-mb 2] [--workers 4]
                                             [--rounds 3] [--modes project,nofsync,anchor]

Modes, each under gunicorn on 127.0.0.1 (loopback only) with the same settings: the production ones of
config/gunicorn.conf.py (a preloading master) and --workers sync workers:
  project  the portal against a fresh PostgreSQL database (a copy of one migrated and seeded once), with
           campaigns whose cutoff is today; each dossier is five requests (create, proposal letter,
           minutes, a nominee with its report, submit) with three files; files fsynced (file and folder).
  nofsync  the same with the private storage's fsync switched off (bench/_settings_nofsync.py): the cost
           of fsync is the difference.
  anchor   a tiny Django WSGI app in this file (no middleware, no database): the same requests, each file
           in request.FILES stored with Django's FileSystemStorage, a 302 back.
Per round and mode: throughput (MB/s of files), p50/p95 latency, errors, CPU of the gunicorn workers per
uploaded file (from /proc, the burst only, not the log-ins), the workers' VmRSS before and after the burst
(before: after the log-ins, so what the burst adds shows apart from what the code weighs), their PSS and
USS after it (USS: the memory only that worker holds, what one more worker costs), and every
stored file checked against the SHA-256 the client sent. Medians over the rounds, then the ratios.
Then the queries of each dossier step, counted on PostgreSQL in-process (django.test.Client).
Everything made (temporary folders, databases, servers) is removed at the end, also on Ctrl+C.
"""

import argparse
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import PG, ROOT, cleanup_on_exit, django_setup, drop_database, production_like_env  # noqa: E402

DB_NAME = "bench_u_burst"
PASSWORD = "Bench-Burst-2023!"
RUN_DEADLINE_S = 900
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
ISSUE_FIGURES = "issue 17 before: 47 MB/s vs anchor 152 MB/s (0.33), CPU 35 vs 12 ms/file, RSS 96 vs 37 MiB"


# The anchor: a bare Django view storing the same POSTs ---------------------------------------------------

def _anchor_setup() -> None:
    import django
    from django.conf import settings

    root = os.environ["ANCHOR_ROOT"]
    settings.configure(
        DEBUG=False, SECRET_KEY="anchor-" + "x" * 50, ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__, MIDDLEWARE=[], INSTALLED_APPS=[], USE_TZ=True,
        # The portal's upload settings, so both spool the same way.
        FILE_UPLOAD_MAX_MEMORY_SIZE=2_621_440, DATA_UPLOAD_MAX_MEMORY_SIZE=5_242_880,
        FILE_UPLOAD_TEMP_DIR=os.environ["ANCHOR_TMP"], FILE_UPLOAD_PERMISSIONS=0o600,
        FILE_UPLOAD_DIRECTORY_PERMISSIONS=0o700,
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                              "OPTIONS": {"location": root}}},
    )
    django.setup()


_anchor_handler = None
_anchor_counter = iter(range(1, 10**9))


def anchor_view(request, path=""):
    from django.core.files.storage import default_storage
    from django.http import HttpResponse, HttpResponseRedirect

    if request.method == "GET":
        return HttpResponse('<form><input name="csrfmiddlewaretoken" value="anchor"></form>')
    if path.startswith("dang-nhap"):
        response = HttpResponseRedirect("/")
        response.set_cookie("csrftoken", "anchor")
        return response
    if path.startswith("ho-so/tao-moi"):
        return HttpResponseRedirect(f"/ho-so/{os.getpid()}{next(_anchor_counter):06d}/")
    pk = path.split("/")[1]
    for field, upload in request.FILES.items():
        kind = request.POST.get("kind", "") if field == "file" else "achievement_report"
        staff = request.POST.get("staff", "0") if field == "report" else "0"
        default_storage.save(f"{pk}/{kind}-{staff}.pdf", upload)
    return HttpResponseRedirect(f"/ho-so/{pk}/")


def _urlpatterns():
    from django.urls import re_path

    return [re_path(r"^(?P<path>.*)$", anchor_view)]


def __getattr__(name):  # the URLconf asks for urlpatterns once Django is set up
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def anchor_application(environ, start_response):
    global _anchor_handler
    if _anchor_handler is None:
        _anchor_setup()
        from django.core.handlers.wsgi import WSGIHandler

        _anchor_handler = WSGIHandler()
    return _anchor_handler(environ, start_response)


# The data --------------------------------------------------------------------------------------------------

def prepare(clients: int, dossiers: int):
    """A campaign per dossier of each client, with today's cutoff; a unit and login per client,
    and one more (the probe) that counts the queries of each step afterwards."""
    from datetime import timedelta

    from django.contrib.auth.models import User

    from campaign.models import Agency, AwardLevel, Campaign, DossierRequirement, StaffMember, Unit
    from core.time import local_today

    today = local_today()
    agency = Agency.objects.create(code="SCT", name="Sở Công Thương", parent_authority="UBND TỈNH ĐỒNG THÁP",
                                   place_name="Đồng Tháp")
    campaigns = []
    for index in range(dossiers):
        campaign = Campaign.objects.create(
            agency=agency, number=f"{index + 1}/KH-SCT", title=f"Kế hoạch thử tải {index + 1}", year=today.year,
            launch_date=today - timedelta(days=60), emulation_end=today, submission_deadline=today,
            collective_quota=2, individual_quota=5, award_reason="Đã có thành tích xuất sắc",
        )
        for level, kind in ((AwardLevel.GRASSROOTS, "summary"), (AwardLevel.PROVINCIAL, "full")):
            DossierRequirement.objects.create(campaign=campaign, level=level, report_kind=kind)
        campaigns.append(campaign)
    # Grassroots dossiers: a provincial one needs the province's allocation (R5), not what is measured here.
    slots = [(c.pk, "grassroots") for c in campaigns]
    logins = []
    for index in range(clients + 1):
        unit = Unit.objects.create(agency=agency, name=f"Đơn vị thử tải {index + 1:02d}", kind="division",
                                   display_order=index)
        user = User.objects.create_user(f"burst{index:02d}", password=PASSWORD)
        StaffMember.objects.create(full_name=f"Văn thư {index + 1:02d}", gender="female", unit=unit, user=user)
        nominees = [
            StaffMember.objects.create(full_name=f"Cán bộ {index + 1:02d}-{k}", gender="male", unit=unit).pk
            for k in range(dossiers)
        ]
        logins.append((user.username, nominees))
    return slots, logins[:-1], logins[-1]


def pdf_payload(size: int, seed: str) -> bytes:
    head = b"%PDF-1.4\n% " + seed.encode() + b"\n"
    body = hashlib.sha256(seed.encode()).digest() * ((size - len(head)) // 32 + 1)
    return (head + body)[:size]


class Client:
    def __init__(self, base: str, username: str, nominees: list[int], slots, file_size: int):
        import requests

        self.http = requests.Session()
        self.base, self.username, self.nominees, self.slots = base, username, nominees, slots
        self.file_size = file_size
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sent: dict[tuple[str, str, int | None], str] = {}

    def _call(self, method: str, path: str, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=300, allow_redirects=False, **kwargs)
        except Exception as error:  # noqa: BLE001 - a benchmark counts every failure
            self.errors.append(f"{method} {path}: {error}")
            return None
        finally:
            self.latencies.append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.errors.append(f"{method} {path}: HTTP {response.status_code}")
        # A browser follows each redirect to the dossier's page, which shows the flash message and clears
        # it. This client does not load that page (not part of the step measured), so it drops the message
        # cookie as that page would; otherwise every request would carry and re-sign all earlier messages.
        self.http.cookies.pop("messages", None)
        return response

    def _token(self, path: str) -> str:
        response = self._call("GET", path)
        match = TOKEN.search(response.text) if response is not None else None
        return match.group(1) if match else ""

    def run(self, start: threading.Barrier) -> None:
        token = self._token("/dang-nhap/")
        response = self._call("POST", "/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": self.username,
                                                           "password": PASSWORD})
        logged_in = response is not None and response.status_code == 302
        if not logged_in:
            detail = f"HTTP {response.status_code}: {response.text[:300]!r}" if response is not None else "no answer"
            self.errors.append(f"{self.username}: login failed ({detail})")
        token = self.http.cookies.get("csrftoken")
        try:
            start.wait()  # the others start anyway: a failed log-in is counted, not fatal
        except threading.BrokenBarrierError:
            return
        if not logged_in:
            return
        for index, (campaign_id, level) in enumerate(self.slots):
            response = self._call("POST", "/ho-so/tao-moi/", data={"csrfmiddlewaretoken": token,
                                                                  "campaign": campaign_id, "level": level})
            match = re.search(r"/ho-so/(\d+)/", response.headers.get("Location", "")) if response is not None else None
            if not match:
                self.errors.append(f"{self.username}: dossier {index} not created")
                continue
            pk = match.group(1)
            for kind in ("proposal_letter", "meeting_minutes"):
                payload = pdf_payload(self.file_size, f"{self.username}-{pk}-{kind}")
                self.sent[(pk, kind, None)] = hashlib.sha256(payload).hexdigest()
                self._call("POST", f"/ho-so/{pk}/tai-len/", data={"csrfmiddlewaretoken": token, "kind": kind},
                           files={"file": (f"{kind}.pdf", payload, "application/pdf")})
            report = pdf_payload(self.file_size, f"{self.username}-{pk}-report")
            self.sent[(pk, "achievement_report", self.nominees[index])] = hashlib.sha256(report).hexdigest()
            self._call("POST", f"/ho-so/{pk}/de-nghi/them/",
                       data={"csrfmiddlewaretoken": token, "kind": "individual", "staff": self.nominees[index],
                             "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ"},
                       files={"report": ("bao-cao.pdf", report, "application/pdf")})
            self._call("POST", f"/ho-so/{pk}/nop/", data={"csrfmiddlewaretoken": token, "confirm": "on"})


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_project(database: str, private: Path, clients: list[Client], digest=None) -> tuple[int, int, int, int]:
    """(dossiers submitted, files checked, lost, altered): the rows read with psycopg, the files from disk
    (or through `digest`, a stored name's SHA-256 read elsewhere: a bucket)."""
    import psycopg

    with psycopg.connect(f"{PG}/{database}") as conn:
        submitted = conn.execute("SELECT count(*) FROM dossiers_dossier WHERE state = 'submitted'").fetchone()[0]
        rows = conn.execute(
            "SELECT f.dossier_id, f.kind, n.staff_id, f.file, f.sha256 FROM dossiers_dossierfile f "
            "LEFT JOIN dossiers_nomination n ON n.id = f.nomination_id"
        ).fetchall()
    digest = digest or (lambda name: _sha256_file(private / name))
    stored = {(str(d), kind, staff): (digest(name), sha) for d, kind, staff, name, sha in rows}
    return (submitted, *_compare(clients, stored))


def verify_anchor(private: Path, clients: list[Client]) -> tuple[int, int, int, int]:
    stored = {}
    for path in private.rglob("*.pdf"):
        kind, staff = path.stem.rsplit("-", 1)
        digest = _sha256_file(path)
        stored[(path.parent.name, kind, int(staff) or None)] = (digest, digest)
    dossiers = {pk for client in clients for (pk, _, _) in client.sent}
    return (len(dossiers), *_compare(clients, stored))


def _compare(clients, stored) -> tuple[int, int, int]:
    checked = lost = altered = 0
    for client in clients:
        for key, sent in client.sent.items():
            checked += 1
            if key not in stored:
                lost += 1
            elif stored[key][0] != sent or stored[key][1] != sent:
                altered += 1
    return checked, lost, altered


# Processes -------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_of(master: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICK


def memory_mib(pid: int) -> dict[str, float]:
    """RSS (every page mapped in, those shared with the master and the other workers too: the issue's
    measure), PSS (shared pages split among their sharers) and USS (the pages only this process has: what
    one more worker costs), from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": fields["Private_Clean"] + fields["Private_Dirty"]}


def rss_mib(pid: int) -> float:
    return memory_mib(pid)["rss"]


def start_server(cleanup, mode: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    app = "deadline_burst:anchor_application" if mode == "anchor" else "config.wsgi"
    # The production settings (README, "Production"), the preloading master included, for every mode.
    command = [str(ROOT / ".venv/bin/gunicorn"), app, "-c", str(ROOT / "config/gunicorn.conf.py"),
               "--pythonpath", f"{ROOT},{ROOT / 'bench'}",
               "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
               "--log-level", "warning"]
    server = cleanup.process(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn ({mode}) did not start") from None
            time.sleep(0.1)
    while len(workers_of(server.pid)) < workers and time.monotonic() < deadline:
        time.sleep(0.1)
    return server


def stop_server(server: subprocess.Popen) -> None:
    import signal

    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def one_round(cleanup, mode: str, number: int, args, base_env: dict, work: Path, slots, logins) -> dict:
    folder = work / f"{mode}-{number}"
    private, spool = folder / "private", folder / "tmp-uploads"
    spool.mkdir(parents=True)
    env = {**os.environ, **base_env, "PRIVATE_MEDIA_ROOT": str(private), "FILE_UPLOAD_TEMP_DIR": str(spool)}
    database = f"{DB_NAME}_{mode}_{number}"
    if mode == "anchor":
        private.mkdir()
        env.update({"ANCHOR_ROOT": str(private), "ANCHOR_TMP": str(spool)})
    else:
        env["DATABASE_URL"] = cleanup.database(database, template=DB_NAME)
        if mode == "nofsync":
            env["DJANGO_SETTINGS_MODULE"] = "_settings_nofsync"
    port = free_port()
    began = time.perf_counter()
    server = start_server(cleanup, mode, port, args.workers, env)
    clients = [Client(f"http://127.0.0.1:{port}", username, nominees, slots, int(args.file_mb * 1024 * 1024))
               for username, nominees in logins]
    barrier = threading.Barrier(len(clients) + 1, timeout=900)
    threads = [threading.Thread(target=c.run, args=(barrier,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        errors = [e for c in clients for e in c.errors]
        raise SystemExit(f"{mode}: the clients could not all log in: {errors[:3]}") from None
    print(f"  {mode}: server up and {len(clients)} clients logged in after {time.perf_counter() - began:.0f} s",
          flush=True)
    workers = workers_of(server.pid)
    rss_before = [rss_mib(pid) for pid in workers]
    cpu_before = cpu_seconds(workers)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max(1, RUN_DEADLINE_S - (time.perf_counter() - started)))
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(workers) - cpu_before
    memory = [memory_mib(pid) for pid in workers_of(server.pid)]
    rss = [m["rss"] for m in memory]
    master = memory_mib(server.pid)
    stop_server(server)
    if mode == "anchor":
        submitted, checked, lost, altered = verify_anchor(private, clients)
    else:
        submitted, checked, lost, altered = verify_project(database, private, clients)
        drop_database(database)
    latencies = sorted(x for c in clients for x in c.latencies[2:])  # the burst, without the log-ins
    errors = [e for c in clients for e in c.errors]
    import shutil

    shutil.rmtree(folder, ignore_errors=True)  # a round's files go at once (3 GB at 50 clients)
    return {
        "elapsed": elapsed, "requests": len(latencies), "mb_s": checked * args.file_mb / elapsed,
        "p50": statistics.median(latencies) * 1000, "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "max": latencies[-1] * 1000, "cpu_ms_file": cpu * 1000 / max(checked, 1), "rss_max": max(rss),
        "rss_mean": statistics.mean(rss), "rss_before": max(rss_before),
        "pss_mean": statistics.mean(m["pss"] for m in memory), "uss_mean": statistics.mean(m["uss"] for m in memory),
        "master_rss": master["rss"], "submitted": submitted, "checked": checked, "lost": lost,
        "altered": altered, "errors": errors,
    }


def _count(ctx) -> str:
    """The statements PostgreSQL receives (the test's measure, tests/dossiers/test_upload_path.py), and the
    transaction marks Django also logs (BEGIN, COMMIT: psycopg's, not statements of the step's work)."""
    marks = sum(1 for q in ctx.captured_queries if q["sql"].strip().upper() in {"BEGIN", "COMMIT"})
    return f"{len(ctx) - marks} (+{marks} BEGIN/COMMIT)"


def count_queries(private: Path, probe) -> dict[str, str]:
    """The probe unit runs one dossier through its five steps in-process, on a copy of the seeded database;
    the statements PostgreSQL receives per step (session, permissions and all)."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext, override_settings

    from campaign.models import Campaign

    username, nominees = probe
    campaign = Campaign.objects.order_by("pk").first()
    client = DjangoClient()
    client.force_login(User.objects.get(username=username))
    counts = {}
    with override_settings(STORAGES={
        "default": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": str(private)}},
        "private": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": str(private)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "grassroots"})
        counts["create"] = _count(ctx)
        pk = re.search(r"/ho-so/(\d+)/", response["Location"]).group(1)
        for kind in ("proposal_letter", "meeting_minutes"):
            with CaptureQueriesContext(connection) as ctx:
                client.post(f"/ho-so/{pk}/tai-len/", {"kind": kind, "file": _upload(f"{kind}.pdf")})
            counts[f"upload {kind}"] = _count(ctx)
        with CaptureQueriesContext(connection) as ctx:
            client.post(f"/ho-so/{pk}/de-nghi/them/", {"kind": "individual", "staff": nominees[0],
                                                       "achievement_summary": "x", "report": _upload("bao-cao.pdf")})
        counts["nominee with report"] = _count(ctx)
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(f"/ho-so/{pk}/nop/", {"confirm": "on"})
        counts["submit"] = _count(ctx)
    return counts


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_payload(2 * 1024 * 1024, name), content_type="application/pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--dossiers", type=int, default=4)
    parser.add_argument("--file-mb", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="project,nofsync,anchor")
    args = parser.parse_args()
    modes = args.modes.split(",")
    with cleanup_on_exit() as cleanup:
        work = cleanup.temp_folder("bench-burst-")
        env = production_like_env(cleanup.database(DB_NAME), work)
        env.update({"SESSION_COOKIE_SECURE": "off", "CSRF_COOKIE_SECURE": "off", "AXES_FAILURE_LIMIT": "1000"})
        django_setup(env)
        from django.core.management import call_command
        from django.db import connections

        begun = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        slots, logins, probe = prepare(args.clients, args.dossiers)
        connections.close_all()  # the template database must have no session open while it is copied
        print(f"database migrated and seeded in {time.perf_counter() - begun:.0f} s", flush=True)

        results: dict[str, list[dict]] = {mode: [] for mode in modes}
        for number in range(args.rounds):
            for mode in modes:
                result = one_round(cleanup, mode, number, args, env, work, slots, logins)
                results[mode].append(result)
                print(f"round {number + 1} {mode:8} {result['mb_s']:6.1f} MB/s · p95 {result['p95']:5.0f} ms · "
                      f"CPU {result['cpu_ms_file']:5.1f} ms/file · RSS {result['rss_max']:5.1f} MiB · "
                      f"errors {len(result['errors'])} · lost {result['lost']} · altered {result['altered']}",
                      flush=True)
                for error in result["errors"][:5]:
                    print("    error:", error)

        probe_db = f"{DB_NAME}_probe"
        connections["default"].settings_dict["NAME"] = probe_db
        cleanup.database(probe_db, template=DB_NAME)
        queries = count_queries(work / "probe-private", probe)
        connections.close_all()
        report(args, results, queries)


def report(args, results: dict, queries: dict[str, str]) -> None:
    def median(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in results[mode])

    print()
    print(f"gunicorn: {args.workers} sync workers · clients: {args.clients} · dossiers per client: {args.dossiers} · "
          f"file size: {args.file_mb} MB · rounds: {args.rounds} · CPUs: {os.cpu_count()}")
    rows = [("throughput (MB/s of files)", "mb_s", True), ("p50 latency (ms)", "p50", False),
            ("p95 latency (ms)", "p95", False), ("max latency (ms)", "max", False),
            ("CPU of the workers per file (ms)", "cpu_ms_file", False),
            ("worker VmRSS after the burst, max (MiB)", "rss_max", False),
            ("worker VmRSS after the burst, mean (MiB)", "rss_mean", False),
            ("worker VmRSS before the burst, max (MiB)", "rss_before", False),
            ("worker PSS after the burst, mean (MiB)", "pss_mean", False),
            ("worker USS after the burst, mean (MiB)", "uss_mean", False),
            ("master VmRSS after the burst (MiB)", "master_rss", False)]
    modes = list(results)
    print(f"{'median of the rounds':42}" + "".join(f"{m:>10}" for m in modes)
          + ("".join(f"{m + '/anchor':>18}" for m in modes if m != "anchor") if "anchor" in modes else ""))
    for label, key, _ in rows:
        line = f"{label:42}" + "".join(f"{median(m, key):10.1f}" for m in modes)
        if "anchor" in modes:
            line += "".join(f"{median(m, key) / median('anchor', key):18.2f}" for m in modes if m != "anchor")
        print(line)
    for mode in modes:
        runs = results[mode]
        print(f"{mode}: dossiers submitted {sum(r['submitted'] for r in runs)} · files checked by SHA-256 "
              f"{sum(r['checked'] for r in runs)} · lost {sum(r['lost'] for r in runs)} · altered "
              f"{sum(r['altered'] for r in runs)} · errors {sum(len(r['errors']) for r in runs)}")
    if "project" in modes and "nofsync" in modes:
        cost = median("project", "cpu_ms_file") - median("nofsync", "cpu_ms_file")
        print(f"cost of fsync: throughput {median('project', 'mb_s'):.1f} vs {median('nofsync', 'mb_s'):.1f} MB/s "
              f"({median('project', 'mb_s') / median('nofsync', 'mb_s'):.2f}x), p95 {median('project', 'p95'):.0f} vs "
              f"{median('nofsync', 'p95'):.0f} ms, CPU {cost:+.1f} ms/file")
    print("queries per dossier step (PostgreSQL, in-process): "
          + " · ".join(f"{step} {count}" for step, count in queries.items()))
    print("Goals (issue 17): ≤ 20 queries per step; CPU/file ≤ 1.5x anchor; throughput ≥ 0.6x anchor; p95 ≤ 1000 ms "
          "at 50 clients; worker RSS ≤ 1.6x anchor; 0 errors, 0 lost or altered files.")
    print(ISSUE_FIGURES)


if __name__ == "__main__":
    main()
