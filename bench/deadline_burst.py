"""The cutoff-day burst: 20 clients each log in and submit 10 dossiers with 2 MB files at once.

    .venv/bin/python bench/deadline_burst.py [--clients 20] [--dossiers 10] [--file-mb 2] [--workers 2]

Starts the portal under gunicorn on 127.0.0.1 (loopback only) against a fresh PostgreSQL database,
with campaigns whose cutoff is today, so every submission lands before it. Each dossier is five
requests (create, proposal letter, minutes, a nominee with its report, submit) with three files.
Prints throughput, p50/p95 latency, errors, and checks every stored file against the SHA-256 of
what the client sent. Bounded: every request has a timeout and the whole run a deadline.
"""

import argparse
import hashlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, drop_database, fresh_database, production_like_env  # noqa: E402

DB_NAME = "thidua_bench_burst"
PASSWORD = "Bench-Burst-2023!"
RUN_DEADLINE_S = 600
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(clients: int, dossiers: int):
    """Campaigns (one per pair of dossiers, two levels each) with today's cutoff; a unit and login per client."""
    from datetime import timedelta

    from django.contrib.auth.models import User

    from campaign.models import Agency, AwardLevel, Campaign, DossierRequirement, StaffMember, Unit
    from core.time import local_today

    today = local_today()
    agency = Agency.objects.create(code="SCT", name="Sở Công Thương", parent_authority="UBND TỈNH ĐỒNG THÁP",
                                   place_name="Đồng Tháp")
    campaigns = []
    for index in range((dossiers + 1) // 2):
        campaign = Campaign.objects.create(
            agency=agency, number=f"{index + 1}/KH-SCT", title=f"Kế hoạch thử tải {index + 1}", year=today.year,
            launch_date=today - timedelta(days=60), emulation_end=today, submission_deadline=today,
            collective_quota=2, individual_quota=5, award_reason="Đã có thành tích xuất sắc",
        )
        for level, kind in ((AwardLevel.GRASSROOTS, "summary"), (AwardLevel.PROVINCIAL, "full")):
            DossierRequirement.objects.create(campaign=campaign, level=level, report_kind=kind)
        campaigns.append(campaign)
    slots = [(c.pk, level) for c in campaigns for level in ("grassroots", "provincial")][:dossiers]
    logins = []
    for index in range(clients):
        unit = Unit.objects.create(agency=agency, name=f"Đơn vị thử tải {index + 1:02d}", kind="division",
                                   display_order=index)
        user = User.objects.create_user(f"burst{index:02d}", password=PASSWORD)
        StaffMember.objects.create(full_name=f"Văn thư {index + 1:02d}", gender="female", unit=unit, user=user)
        nominees = [
            StaffMember.objects.create(full_name=f"Cán bộ {index + 1:02d}-{k}", gender="male", unit=unit).pk
            for k in range(dossiers)
        ]
        logins.append((user.username, nominees))
    return slots, logins


def pdf_payload(size: int, seed: str) -> bytes:
    head = b"%PDF-1.4\n% " + seed.encode() + b"\n"
    body = hashlib.sha256(seed.encode()).digest() * ((size - len(head)) // 32 + 1)
    return (head + body)[:size]


class Client:
    def __init__(self, base: str, username: str, nominees: list[int], slots, file_size: int, results: dict):
        import requests

        self.http = requests.Session()
        self.base, self.username, self.nominees, self.slots = base, username, nominees, slots
        self.file_size, self.results = file_size, results
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sent: dict[tuple[int, str, int | None], str] = {}

    def _call(self, method: str, path: str, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=60, allow_redirects=False, **kwargs)
        except Exception as error:  # noqa: BLE001 - a benchmark counts every failure
            self.errors.append(f"{method} {path}: {error}")
            return None
        finally:
            self.latencies.append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.errors.append(f"{method} {path}: HTTP {response.status_code}")
        return response

    def _token(self, path: str) -> str:
        response = self._call("GET", path)
        match = TOKEN.search(response.text) if response is not None else None
        return match.group(1) if match else ""

    def run(self, start: threading.Barrier) -> None:
        token = self._token("/dang-nhap/")
        response = self._call("POST", "/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": self.username,
                                                           "password": PASSWORD})
        if response is None or response.status_code != 302:
            self.errors.append(f"{self.username}: login failed")
            return
        token = self.http.cookies.get("csrftoken")
        start.wait()
        for index, (campaign_id, level) in enumerate(self.slots):
            response = self._call("POST", "/ho-so/tao-moi/", data={"csrfmiddlewaretoken": token,
                                                                  "campaign": campaign_id, "level": level})
            match = re.search(r"/ho-so/(\d+)/", response.headers.get("Location", "")) if response is not None else None
            if not match:
                self.errors.append(f"{self.username}: dossier {index} not created")
                continue
            pk = int(match.group(1))
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
            self._call("POST", f"/ho-so/{pk}/nop/", data={"csrfmiddlewaretoken": token})


def verify(clients: list[Client]) -> tuple[int, int, int, int]:
    """(dossiers submitted, files checked, files lost, files altered) from the database and the storage."""
    from dossiers.models import Dossier, DossierFile

    submitted = Dossier.objects.filter(state="submitted").count()
    stored = {}
    for f in DossierFile.objects.select_related("nomination"):
        key = (f.dossier_id, f.kind, f.nomination.staff_id if f.nomination_id else None)
        with f.file.open("rb") as handle:
            stored[key] = (hashlib.sha256(handle.read()).hexdigest(), f.sha256)
    checked = lost = altered = 0
    for client in clients:
        for key, sent in client.sent.items():
            checked += 1
            if key not in stored:
                lost += 1
            elif stored[key][0] != sent or stored[key][1] != sent:
                altered += 1
    return submitted, checked, lost, altered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--dossiers", type=int, default=10)
    parser.add_argument("--file-mb", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    env = production_like_env(fresh_database(DB_NAME), workdir)
    env.update({"SESSION_COOKIE_SECURE": "off", "CSRF_COOKIE_SECURE": "off", "AXES_FAILURE_LIMIT": "1000"})
    server = None
    try:
        django_setup(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        slots, logins = prepare(args.clients, args.dossiers)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", str(args.workers), "--bind",
             f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        clients = [Client(base, username, nominees, slots, int(args.file_mb * 1024 * 1024), {})
                   for username, nominees in logins]
        barrier = threading.Barrier(len(clients) + 1, timeout=120)
        threads = [threading.Thread(target=c.run, args=(barrier,), daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=max(1, RUN_DEADLINE_S - (time.perf_counter() - started)))
        elapsed = time.perf_counter() - started
        latencies = sorted(x for c in clients for x in c.latencies[2:])  # the burst, without the log-ins
        errors = [e for c in clients for e in c.errors]
        submitted, checked, lost, altered = verify(clients)
        uploaded_mb = checked * args.file_mb
        p50 = statistics.median(latencies) * 1000
        p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
        print(f"gunicorn workers: {args.workers} · clients: {args.clients} · dossiers per client: {args.dossiers} · "
              f"file size: {args.file_mb} MB · CPUs: {os.cpu_count()}")
        print(f"requests: {len(latencies)} in {elapsed:.1f} s → {len(latencies) / elapsed:.1f} req/s, "
              f"{submitted / elapsed:.2f} dossiers/s, {uploaded_mb / elapsed:.1f} MB/s uploaded")
        print(f"latency: p50 {p50:.0f} ms · p95 {p95:.0f} ms · max {latencies[-1] * 1000:.0f} ms")
        print(f"dossiers submitted: {submitted}/{args.clients * args.dossiers} · errors: {len(errors)}")
        print(f"files checked by SHA-256: {checked} · lost: {lost} · altered: {altered}")
        for error in errors[:10]:
            print("  error:", error)
        print("Goal: 0 errors, 0 lost or altered files, p95 ≤ 1000 ms.")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database(DB_NAME)


if __name__ == "__main__":
    main()
