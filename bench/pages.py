"""Times the office changelist, the staff dossier list and the dashboards on a large campaign.

    .venv/bin/python bench/pages.py [--dossiers 5000] [--nominations 20000] [--runs 7]

Builds the data in a fresh PostgreSQL database (dropped at the end), renders each page through
Django's test client with DEBUG off, and prints the median time and the query count, for a small
data set and the large one, so the query counts can be compared.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, drop_database, fresh_database, production_like_env  # noqa: E402

DB_NAME = "thidua_bench_pages"


def build(dossiers: int, nominations: int, start: int = 0):
    """`dossiers` dossiers (two levels per unit) with `nominations` individual nominations in all."""
    from django.contrib.auth.models import User

    from campaign.models import Agency, Campaign, StaffMember, Unit
    from dossiers.models import Dossier, DossierFile, Nomination, TransitionLog
    from tests.factories import CampaignFactory

    agency, _ = Agency.objects.get_or_create(
        code="SCT", defaults={"name": "Sở Công Thương", "parent_authority": "UBND TỈNH ĐỒNG THÁP",
                              "place_name": "Đồng Tháp"})
    campaign = Campaign.objects.filter(agency=agency).first() or CampaignFactory(agency=agency)
    clerk, _ = User.objects.get_or_create(username="bench.clerk")
    per_dossier = max(1, nominations // dossiers)
    units = Unit.objects.bulk_create(
        Unit(agency=agency, name=f"Đơn vị {start + i:05d}", kind="division", display_order=start + i)
        for i in range(dossiers // 2)
    )
    made = Dossier.objects.bulk_create(
        Dossier(campaign=campaign, unit=unit, level=level, state="submitted", created_by=clerk)
        for unit in units for level in ("grassroots", "provincial")
    )
    staff = StaffMember.objects.bulk_create(
        StaffMember(full_name=f"Cán bộ {d.pk}-{k}", gender="female" if k % 2 else "male", position="Chuyên viên",
                    unit_id=d.unit_id)
        for d in made for k in range(per_dossier)
    )
    it = iter(staff)
    noms = Nomination.objects.bulk_create(
        Nomination(dossier=d, campaign=campaign, level=d.level, kind="individual", staff=next(it),
                   achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
        for d in made for _ in range(per_dossier)
    )
    DossierFile.objects.bulk_create(
        DossierFile(dossier=d, kind=kind, version=1, file=f"bench/{d.pk}-{kind}.pdf", original_name=f"{kind}.pdf",
                    content_type="application/pdf", size=1000, sha256="0" * 64, uploaded_by=clerk)
        for d in made for kind in ("proposal_letter", "meeting_minutes")
    )
    from django.utils import timezone

    now = timezone.now()
    TransitionLog.objects.bulk_create(
        TransitionLog(dossier=d, by=clerk, at=now, from_state=a, to_state=b)
        for d in made for a, b in (("", "draft"), ("draft", "submitted"))
    )
    return campaign, units[0], len(made), len(noms)


def users(unit):
    from django.contrib.auth.models import User

    from campaign.models import Membership, Role, StaffMember

    office, _ = User.objects.get_or_create(username="bench.office")
    for role in (Role.OFFICE, Role.DIRECTOR):
        Membership.objects.get_or_create(user=office, role=role, defaults={"agency_id": unit.agency_id})
    staff_user, created = User.objects.get_or_create(username="bench.staff")
    if created:
        StaffMember.objects.create(full_name="Nhân viên đơn vị", gender="male", unit=unit, user=staff_user)
    return office, staff_user


def measure(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times), len(queries.captured_queries)


def pages(campaign):
    from django.urls import reverse

    return [
        ("office changelist (admin, 100/page)", "office", "/quan-tri/dossiers/dossier/"),
        ("office portal list (100/page)", "office", "/ho-so/"),
        ("staff dossier list (own unit)", "staff", "/ho-so/"),
        ("awards dashboard (admin)", "office", "/quan-tri/awards/approval/tong-hop/"),
        ("campaign dashboard (portal)", "office", reverse("campaign-dashboard", args=[campaign.pk])),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--nominations", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    url = fresh_database(DB_NAME)
    try:
        django_setup(production_like_env(url, workdir))
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        results = {}
        small = max(20, args.dossiers // 50)
        for label, count, noms in (("small", small, small * 4), ("large", args.dossiers, args.nominations)):
            started = time.perf_counter()
            from dossiers.models import Dossier

            existing = Dossier.objects.count()
            campaign, unit, made, made_noms = build(count - existing, noms - (existing * 4), start=existing)
            total = Dossier.objects.count()
            from dossiers.models import Nomination

            print(f"[{label}] {total} dossiers, {Nomination.objects.count()} nominations "
                  f"(built in {time.perf_counter() - started:.1f} s)")
            office, staff = users(unit)
            clients = {"office": Client(), "staff": Client()}
            clients["office"].force_login(office)
            clients["staff"].force_login(staff)
            for name, who, path in pages(campaign):
                results.setdefault(name, {})[label] = measure(clients[who], path, args.runs)
        print()
        print(f"{'page':40} {'small: ms / queries':>22} {'large: ms / queries':>22}")
        for name, by_size in results.items():
            (s_ms, s_q), (l_ms, l_q) = by_size["small"], by_size["large"]
            flag = "" if s_q == l_q else "  <- query count grows"
            print(f"{name:40} {s_ms:>12.1f} / {s_q:<7d} {l_ms:>12.1f} / {l_q:<7d}{flag}")
        worst = max(v["large"][0] for v in results.values())
        print(f"\nGoal: median ≤ 150 ms and query counts independent of rows. Worst large median: {worst:.1f} ms.")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(DB_NAME)


if __name__ == "__main__":
    main()
