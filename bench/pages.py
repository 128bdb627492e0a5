"""Times the flat list pages against a bare Django admin changelist of the same dossiers (issue 17 item 1).

    .venv/bin/python bench/pages.py [--sizes 1000 5000 20000] [--runs 5] [--db thidua_bench_pages]
                                    [--markdown figures.md]

Builds one agency's campaign in a fresh PostgreSQL database (two dossiers per unit, four nominations per
dossier: 5,000 dossiers carry 20,000 nominations), growing it size by size, and runs ANALYZE after each
bulk load (production runs autovacuum; a freshly loaded table has no statistics). Then it renders each page
through Django's test client with DEBUG off, in rounds that take every page and the anchor in turn, so a
busy machine weighs on all of them alike:

- the office's dossier changelist (admin), the portal's dossier list (office and a unit's staff), the campaign
  dashboard twice (with its agency-wide figures kept in the cache, and at the first look after a change: the
  cache's generation renewed before each timed render, so the totals and statistics are summed again from
  the kept rows per unit, reports/figures.py) and the awards summary;
- the anchor: a plain ModelAdmin changelist of the same Dossier table on a separate AdminSite (bench/_anchor.py),
  as a superuser.

Prints, per page and size, the median of `--runs` rounds, the query count, the anchor's median in the same
rounds, the ratio to the anchor and the growth against the page's own 5,000 time. Goal: ≤ 1.5x the anchor at
5,000 dossiers, ≤ 1.2x its own 5,000 time at 20,000, and a query count that does not change with rows.
The database and the temporary folder are removed at the end, even on Ctrl+C.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _anchor import BARE_CHANGELIST, use_bare_urlconf  # noqa: E402
from _setup import cleanup_on_exit, django_setup, production_like_env  # noqa: E402

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

    admin_user = User.objects.filter(username="bench.admin").first() or User.objects.create_superuser(
        "bench.admin", "", "x")
    office, _ = User.objects.get_or_create(username="bench.office")
    for role in (Role.OFFICE, Role.DIRECTOR):
        Membership.objects.get_or_create(user=office, role=role, defaults={"agency_id": unit.agency_id})
    staff_user, created = User.objects.get_or_create(username="bench.staff")
    if created:
        StaffMember.objects.create(full_name="Nhân viên đơn vị", gender="male", unit=unit, user=staff_user)
    return office, staff_user, admin_user


def measure(pages: list[tuple], runs: int) -> list[tuple[float, int]]:
    """Median ms and query count of each (client, url, before), every page taken in turn in each round;
    `before` (None or a callable) runs untimed before each render (the first look: the kept figures
    dropped)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: list[list[float]] = [[] for _ in pages]
    counts = [0] * len(pages)
    for client, url, _ in pages:  # warm-up
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    for _ in range(runs):
        for index, (client, url, before) in enumerate(pages):
            if before is not None:
                before()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times[index].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts[index] = len(queries.captured_queries)
    return [(statistics.median(t), n) for t, n in zip(times, counts, strict=True)]


def pages(campaign):
    """(name, who, path, before): `before` runs untimed before each render."""
    from django.urls import reverse

    from reports.selectors import renew_figures

    dashboard = reverse("campaign-dashboard", args=[campaign.pk])
    return [
        ("office changelist (admin)", "office", "/quan-tri/dossiers/dossier/", None),
        ("portal dossier list (office)", "office", "/ho-so/", None),
        ("portal dossier list (unit staff)", "staff", "/ho-so/", None),
        ("campaign dashboard (figures kept)", "office", dashboard, None),
        # The first look after a change: the cached figures dropped (a new generation, as every save does),
        # so the agency-wide totals and statistics are summed again from the kept rows per unit.
        ("campaign dashboard (first look)", "office", dashboard, renew_figures),
        ("awards summary (admin)", "office", "/quan-tri/awards/approval/tong-hop/", None),
    ]


def table(results, sizes) -> list[str]:
    base = 5000 if 5000 in sizes else sizes[0]
    lines = ["| page | dossiers | project ms | queries | anchor ms | ratio | vs own 5,000 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, by_size in results.items():
        for size in sizes:
            ms, queries, anchor = by_size[size]
            growth = ms / by_size[base][0] if size > base else None
            lines.append(f"| {name} | {size:,} | {ms:.1f} | {queries} | {anchor:.1f} | {ms / anchor:.2f} | "
                         f"{'' if growth is None else f'{growth:.2f}'} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000], help="dossiers (4 nominations each)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", default=DB_NAME, help="name of the throwaway PostgreSQL database")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    with cleanup_on_exit() as cleanup:  # the database and the folder go, even on Ctrl+C or SIGTERM
        workdir = cleanup.temp_folder("bench-pages-")
        url = cleanup.database(args.db)
        django_setup(production_like_env(url, workdir))
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from dossiers.models import Dossier, Nomination

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        use_bare_urlconf()
        results: dict[str, dict[int, tuple[float, int, float]]] = {}
        for size in sizes:
            started = time.perf_counter()
            existing = Dossier.objects.count()
            campaign, unit, _, _ = build(size - existing, (size - existing) * 4, start=existing)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            # The bulk load bypasses the models' signals: the dashboard's kept figures are recounted as an
            # operator would after an import (manage.py rebuild_dashboard_figures), then analysed too.
            rebuilt = time.perf_counter()
            call_command("rebuild_dashboard_figures", "--campaign", str(campaign.pk), verbosity=0)
            rebuilt = time.perf_counter() - rebuilt
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE reports_unitfigures")
                cursor.execute("VACUUM ANALYZE reports_campaignfigures")
            print(f"  dashboard figures rebuilt in {rebuilt:.1f} s", flush=True)
            print(f"[{size}] {Dossier.objects.count()} dossiers, {Nomination.objects.count()} nominations "
                  f"(built in {time.perf_counter() - started:.1f} s)", flush=True)
            # Again before each size: the pages' templates may name static files added since the last run.
            call_command("collectstatic", interactive=False, verbosity=0)
            office, staff, admin_user = users(unit)
            clients = {"office": Client(), "staff": Client(), "anchor": Client()}
            clients["office"].force_login(office)
            clients["staff"].force_login(staff)
            clients["anchor"].force_login(admin_user)
            listed = pages(campaign)
            measured = measure([(clients[who], path, before) for _, who, path, before in listed]
                               + [(clients["anchor"], BARE_CHANGELIST, None)], args.runs)
            anchor_ms, anchor_q = measured[-1]
            print(f"  anchor (bare admin changelist): {anchor_ms:.1f} ms, {anchor_q} queries", flush=True)
            for (name, _, _, _), (ms, queries) in zip(listed, measured[:-1], strict=True):
                results.setdefault(name, {})[size] = (ms, queries, anchor_ms)
                print(f"  {name:34} {ms:8.1f} ms {queries:4d} queries  {ms / anchor_ms:5.2f}x", flush=True)
        lines = table(results, sizes)
        print()
        print("\n".join(lines))
        grows = [name for name, by_size in results.items() if len({q for _, q, _ in by_size.values()}) > 1]
        print(f"\nGoal (issue 17 item 1): ≤ 1.5x the anchor at 5,000 dossiers, ≤ 1.2x its own 5,000 time at "
              f"20,000; query counts {'constant' if not grows else 'GROW on: ' + ', '.join(grows)}.")
        if args.markdown:
            args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
