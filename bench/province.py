"""Times the province dashboard (the steering committee's) against a bare Django admin changelist.

    .venv/bin/python bench/province.py [--agencies 10 30] [--dossiers 5000] [--runs 15]

Builds, in a fresh PostgreSQL database (dropped at the end, with the temporary folder, even on Ctrl+C),
one province whose agencies share `--dossiers` dossiers (two levels per unit, four nominations each,
so 5,000 dossiers carry 20,000 nominations) with their staff, logins, acknowledgements, progress reports,
approvals, allocations and Tờ trình; runs ANALYZE; then renders through Django's test client with DEBUG
off, for each number of agencies:

- the province dashboard (/tinh/bang-theo-doi/) as the committee, and its XLSX export;
- the anchor: a bare ModelAdmin changelist of the same dossiers (list_display of four columns, the unit and
  the campaign joined, 100 per page, Django's defaults otherwise) on a plain AdminSite, as a superuser.

Prints the median time of `--runs` rounds, the query count and the ratio to the anchor (goal of issue 17
item 1: the dashboard ≤ 1.5x the anchor with 30 agencies, and a query count that does not change).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _anchor import BARE_CHANGELIST, use_bare_urlconf  # noqa: E402
from _setup import cleanup_on_exit, django_setup, production_like_env  # noqa: E402

DB_NAME = "thidua_bench_province"


def build(agencies: int, dossiers: int, first: int = 0):
    """`agencies` agencies of the one province (numbered from `first`), `dossiers` dossiers among them."""
    import datetime as dt

    from django.contrib.auth.models import User
    from django.utils import timezone

    from awards.models import Approval, ProvincialProposal
    from campaign.models import (
        Acknowledgement,
        Agency,
        Allocation,
        Campaign,
        CommitteeMembership,
        ContentItem,
        ProgressReport,
        Province,
        ProvincialPlan,
        StaffMember,
        Unit,
    )
    from dossiers.models import Dossier, Nomination

    province, _ = Province.objects.get_or_create(code="DT", defaults={"name": "Tỉnh Đồng Tháp",
                                                                      "place_name": "Đồng Tháp"})
    plan, _ = ProvincialPlan.objects.get_or_create(
        province=province, number="157/KH-UBND", year=2023,
        defaults={"signing_date": dt.date(2023, 4, 27), "issuer": "UBND tỉnh", "title": "Thực hiện QCDC năm 2023"})
    committee, created = User.objects.get_or_create(username="bench.committee")
    if created:
        CommitteeMembership.objects.create(user=committee, province=province)
    clerk, _ = User.objects.get_or_create(username="bench.clerk")
    now = timezone.now()
    units_per_agency = max(1, dossiers // 2 // agencies)
    for index in range(first, first + agencies):
        code = f"S{index:03d}"
        agency = Agency.objects.create(code=code, name=f"Sở thử nghiệm {index:03d}", province=province,
                                       parent_authority="UBND TỈNH ĐỒNG THÁP", place_name="Đồng Tháp")
        campaign = Campaign.objects.create(
            agency=agency, number=f"{index + 1}/KH-{code}", title="Phát động phong trào thi đua năm 2023", year=2023,
            launch_date=dt.date(2023, 5, 15), emulation_end=dt.date(2023, 10, 31),
            submission_deadline=dt.date(2023, 11, 10), collective_quota=2, individual_quota=5,
            award_reason="Đã có thành tích xuất sắc", provincial_plan=plan)
        items = ContentItem.objects.bulk_create(
            ContentItem(campaign=campaign, number=n, text=f"Nội dung {n}") for n in range(1, 10))
        units = Unit.objects.bulk_create(
            Unit(agency=agency, name=f"Đơn vị {u:04d}", kind="division", display_order=u)
            for u in range(units_per_agency))
        users = User.objects.bulk_create(
            User(username=f"b.{code}.{u.pk}.{k}", password="!") for u in units for k in range(4))
        staff = StaffMember.objects.bulk_create(
            StaffMember(full_name=f"Cán bộ {u.pk}-{k}", gender="female" if k % 2 else "male", position="Chuyên viên",
                        unit=u, user=users[i * 4 + k] if k < 4 else None)
            for i, u in enumerate(units) for k in range(5))
        Acknowledgement.objects.bulk_create(
            Acknowledgement(campaign=campaign, staff=s, acknowledged_by_id=s.user_id, acknowledged_at=now)
            for s in staff[:: 2] if s.user_id)
        ProgressReport.objects.bulk_create(
            ProgressReport(campaign=campaign, content_item=item, unit=u, activity_date=dt.date(2023, 6, 1),
                           description="Quán triệt Kế hoạch", created_by=clerk, created_at=now, updated_by=clerk,
                           updated_at=now)
            for u in units for item in items[: 1 + u.display_order % 9])
        made = Dossier.objects.bulk_create(
            Dossier(campaign=campaign, unit=u, level=level, state=("submitted", "accepted", "draft")[u.pk % 3],
                    created_by=clerk) for u in units for level in ("grassroots", "provincial"))
        by_unit = {}
        for s in staff:
            by_unit.setdefault(s.unit_id, []).append(s)
        nominations = Nomination.objects.bulk_create(
            Nomination(dossier=d, campaign=campaign, level=d.level, kind="individual", staff=by_unit[d.unit_id][k],
                       achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
            for d in made for k in range(4))
        Approval.objects.bulk_create(
            Approval(nomination=n, campaign=campaign, level=n.level, kind=n.kind, approved_by=clerk, approved_at=now)
            for n in nominations[:8])
        Allocation.objects.create(provincial_plan=plan, agency=agency, collectives=1, individuals=2,
                                  updated_by=clerk, updated_at=now)
        if index % 2:
            ProvincialProposal.objects.create(
                agency=agency, campaign=campaign, number=f"7/TTr-{code}", serial=7, signing_date=dt.date(2023, 11, 16),
                signer_name="Giám đốc", signer_title="Giám đốc", subject="Đề nghị khen thưởng", recipients="BCĐ tỉnh",
                addressee="Ban Chỉ đạo tỉnh", created_by=clerk, state="signed", signed_by=clerk, signed_at=now,
                sending_state="sent", sent_at=now, sent_by=clerk)
    return committee


def measure(pages: list[tuple], runs: int) -> list[tuple[float, int]]:
    """Median ms and query count of each (client, url), the pages taken in turn in every round so that a
    busy machine weighs on each of them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: list[list[float]] = [[] for _ in pages]
    counts = [0] * len(pages)
    for client, url in pages:  # warm-up
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    for _ in range(runs):
        for index, (client, url) in enumerate(pages):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times[index].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            counts[index] = len(queries.captured_queries)
    return [(statistics.median(t), n) for t, n in zip(times, counts, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", default=DB_NAME, help="name of the throwaway PostgreSQL database")
    args = parser.parse_args()
    with cleanup_on_exit() as cleanup:  # the database and the folder go, even on Ctrl+C or SIGTERM
        workdir = cleanup.temp_folder("bench-province-")
        url = cleanup.database(args.db)
        django_setup(production_like_env(url, workdir))
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        use_bare_urlconf()
        results = []
        for agencies in sorted(args.agencies):
            from dossiers.models import Dossier

            started = time.perf_counter()
            with connection.cursor() as cursor:  # each size is a fresh province of `agencies` agencies
                cursor.execute("TRUNCATE campaign_agency, campaign_province, auth_user RESTART IDENTITY CASCADE")
            admin_user = User.objects.create_superuser("bench.admin", "", "x")
            committee = build(agencies, args.dossiers)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"[{agencies} agencies] {Dossier.objects.count()} dossiers "
                  f"(built in {time.perf_counter() - started:.1f} s)")
            dashboard, anchor = Client(), Client()
            dashboard.force_login(committee)
            anchor.force_login(admin_user)
            page, export, bare = measure(
                [(dashboard, "/tinh/bang-theo-doi/?sap-xep=-xac-nhan"), (dashboard, "/tinh/bang-theo-doi/xuat.xlsx"),
                 (anchor, BARE_CHANGELIST)],
                args.runs,
            )
            results.append((agencies, page, export, bare))
        print()
        print(f"{'agencies':>8} {'dashboard ms / q':>18} {'export ms / q':>16} {'anchor ms / q':>16} {'ratio':>7}")
        for agencies, (p_ms, p_q), (e_ms, e_q), (b_ms, b_q) in results:
            print(f"{agencies:>8} {p_ms:>10.1f} / {p_q:<5d} {e_ms:>8.1f} / {e_q:<5d} {b_ms:>8.1f} / {b_q:<5d} "
                  f"{p_ms / b_ms:>7.2f}")
        counts = {page[1] for _, page, _, _ in results}
        print(f"\nGoal (issue 17 item 1): dashboard ≤ 1.5x the bare admin changelist with 30 agencies; "
              f"query count {'constant' if len(counts) == 1 else 'GROWS'} ({', '.join(map(str, sorted(counts)))}).")


if __name__ == "__main__":
    main()
