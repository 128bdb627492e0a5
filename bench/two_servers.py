"""Two app servers, one truth: the cutoff-day burst split across two gunicorn instances that share
PostgreSQL, the file storage and a Redis cache; then a lock-out and a rate limit reached on one server
must hold on the other.

    .venv/bin/python bench/two_servers.py [--clients 20] [--dossiers 5] [--file-mb 1] [--workers 1]
                                          [--storage folder|s3]

The file storage is one folder both servers write (--storage folder, as over NFS) or a bucket of an
S3-compatible server (--storage s3: moto's, started here on loopback, which both reach over HTTP as they
would MinIO; PRIVATE_S3_BUCKET and PRIVATE_S3_ENDPOINT_URL as in production).

Every client's requests alternate between the two servers (its session is in the database, so either
answers). Prints throughput, p50/p95, errors, the SHA-256 check of every stored file, and the two
cross-server checks. Needs Redis on 127.0.0.1:6379 (REDIS_URL); uses its database 12 and empties it.
Removes its database, folders and Redis keys when it ends, Ctrl+C included.
"""

import argparse
import itertools
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import cleanup_on_exit, django_setup, production_like_env  # noqa: E402
from deadline_burst import (  # noqa: E402
    PASSWORD,
    RUN_DEADLINE_S,
    TOKEN,
    Client,
    free_port,
    prepare,
    start_server,
    verify_project,
)

DB_NAME = "thidua_bench_two_servers"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/12")


class RoundRobinClient(Client):
    """A client whose every request goes to the next server in turn."""

    def __init__(self, bases: list[str], *args, **kwargs):
        super().__init__(bases[0], *args, **kwargs)
        self._bases = itertools.cycle(bases)

    def _call(self, method, path, **kwargs):
        self.base = next(self._bases)
        return super()._call(method, path, **kwargs)


def lockout_crosses(bases: list[str]) -> tuple[int, int]:
    """Wrong passwords on server A up to the limit; then the right one on server B. Returns B's status for
    the right password (429 = locked out there too) and A's for the last wrong one."""
    import requests
    from django.contrib.auth.models import User

    User.objects.create_user("khoa.thu", password=PASSWORD)
    statuses = []
    for attempt in range(int(os.environ.get("AXES_FAILURE_LIMIT", "5"))):
        http = requests.Session()
        page = http.get(bases[0] + "/dang-nhap/", timeout=30)
        token = TOKEN.search(page.text).group(1)
        statuses.append(http.post(bases[0] + "/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": "khoa.thu",
                                                                  "password": f"sai-{attempt}"},
                                  timeout=30, allow_redirects=False).status_code)
    http = requests.Session()
    page = http.get(bases[1] + "/dang-nhap/", timeout=30)
    token = TOKEN.search(page.text).group(1)
    right = http.post(bases[1] + "/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": "khoa.thu",
                                                      "password": PASSWORD}, timeout=30, allow_redirects=False)
    return right.status_code, statuses[-1]


def rate_limit_crosses(bases: list[str]) -> tuple[int, int]:
    """The public verification page's lookups per address: spend the allowance on A, then ask B."""
    import requests

    from awards.verify.views import RATE_LIMIT

    a_statuses = [requests.get(bases[0] + f"/xac-minh/khong-co-{n}/", timeout=30).status_code
                  for n in range(RATE_LIMIT + 1)]
    b_status = requests.get(bases[1] + "/xac-minh/khong-co-nua/", timeout=30).status_code
    return b_status, a_statuses[-1]


def start_bucket(cleanup) -> tuple[dict[str, str], object]:
    """An S3-compatible server on a free loopback port with an empty bucket, stopped at the end. Returns the
    portal's settings for it and a function giving a stored key's SHA-256 as read from the bucket."""
    import hashlib

    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    cleanup.add("the S3 server", server.stop)
    host, port = server.get_host_and_port()
    env = {"PRIVATE_S3_BUCKET": "thidua-bench", "PRIVATE_S3_ENDPOINT_URL": f"http://{host}:{port}",
           "PRIVATE_S3_REGION": "us-east-1", "PRIVATE_S3_ACCESS_KEY_ID": "bench",
           "PRIVATE_S3_SECRET_ACCESS_KEY": "bench-secret"}
    client = boto3.client("s3", endpoint_url=env["PRIVATE_S3_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench-secret")
    client.create_bucket(Bucket=env["PRIVATE_S3_BUCKET"])

    def digest(key: str) -> str:
        try:
            body = client.get_object(Bucket=env["PRIVATE_S3_BUCKET"], Key=key)["Body"].read()
        except client.exceptions.NoSuchKey:
            return ""
        return hashlib.sha256(body).hexdigest()

    return env, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--dossiers", type=int, default=5)
    parser.add_argument("--file-mb", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--storage", choices=("folder", "s3"), default="folder")
    args = parser.parse_args()

    import redis

    cache = redis.Redis.from_url(REDIS)
    cache.ping()
    cache.flushdb()
    with cleanup_on_exit() as cleanup:
        cleanup.add(f"Redis keys of {REDIS}", cache.flushdb)
        work = cleanup.temp_folder("bench-two-servers-")
        env = production_like_env(cleanup.database(DB_NAME), work)
        env.update({"SESSION_COOKIE_SECURE": "off", "CSRF_COOKIE_SECURE": "off", "CACHE_URL": REDIS})
        digest = None
        if args.storage == "s3":
            env_s3, digest = start_bucket(cleanup)
            env.update(env_s3)
        django_setup(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        slots, logins, _probe = prepare(args.clients, args.dossiers)
        from django.db import connections

        connections.close_all()
        ports = [free_port(), free_port()]
        for port in ports:
            start_server(cleanup, "project", port, args.workers, {**os.environ, **env})
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        clients = [RoundRobinClient(bases[index % 2:] + bases[:index % 2], username, nominees, slots,
                                    int(args.file_mb * 1024 * 1024))
                   for index, (username, nominees) in enumerate(logins)]
        barrier = threading.Barrier(len(clients) + 1, timeout=120)
        threads = [threading.Thread(target=c.run, args=(barrier,), daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=max(1, RUN_DEADLINE_S - (time.perf_counter() - started)))
        elapsed = time.perf_counter() - started
        latencies = sorted(x for c in clients for x in c.latencies[2:])
        errors = [e for c in clients for e in c.errors]
        submitted, checked, lost, altered = verify_project(DB_NAME, work / "private", clients, digest)
        p50 = statistics.median(latencies) * 1000
        p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
        print(f"two servers × {args.workers} gunicorn worker(s) · clients: {args.clients} · dossiers per client: "
              f"{args.dossiers} · file size: {args.file_mb} MB · CPUs: {os.cpu_count()} · cache: {REDIS} · "
              f"storage: {'one folder' if args.storage == 'folder' else 'a bucket of an S3 server over HTTP'}")
        print(f"requests: {len(latencies)} in {elapsed:.1f} s → {len(latencies) / elapsed:.1f} req/s, "
              f"{checked * args.file_mb / elapsed:.1f} MB/s uploaded · p50 {p50:.0f} ms · p95 {p95:.0f} ms")
        print(f"dossiers submitted: {submitted}/{args.clients * args.dossiers} · errors: {len(errors)} · "
              f"files checked by SHA-256: {checked} · lost: {lost} · altered: {altered}")
        for error in errors[:10]:
            print("  error:", error)
        locked_b, last_wrong_a = lockout_crosses(bases)
        print(f"lock-out: {os.environ.get('AXES_FAILURE_LIMIT', '5')} wrong passwords on server A (last: HTTP "
              f"{last_wrong_a}) → the right password on server B: HTTP {locked_b} "
              f"({'locked out there too' if locked_b == 429 else 'NOT locked out'})")
        limited_b, last_a = rate_limit_crosses(bases)
        print(f"rate limit: verification lookups spent on server A (last: HTTP {last_a}) → server B: HTTP "
              f"{limited_b} ({'limited there too' if limited_b == 429 else 'NOT limited'})")
        ok = not errors and not lost and not altered and locked_b == 429 and limited_b == 429
        print("Goal: 0 errors, 0 lost or altered files, lock-out and rate limit seen by both servers:",
              "met" if ok else "NOT met")
        connections.close_all()


if __name__ == "__main__":
    main()
