"""Times the Giấy khen PDF: N certificates through the project's code, and the same markup with bare WeasyPrint.

    .venv/bin/python bench/certificates.py [-n 100] [--runs 5] [--paper A4|A3] [--out giay-khen.pdf]

The project's path is what “In Giấy khen” does for a decision of N awards: the context (NFC texts, dates,
signer lines, geometry, the agency's layout looked up in the database), the Django templates, WeasyPrint
with its URL guard, one PDF of N landscape pages. The bare path hands the very HTML the project produced to
`weasyprint.HTML(string=...).write_pdf()`. Each is warmed up once, then run `--runs` times alternately;
the medians are compared. Peak memory is measured in separate runs with tracemalloc (Python allocations),
and the process's maximum resident set size is printed at the end.

Goal (issue 5): ratio ≤ 1.15 and 100 certificates in under 5 s on a 2-core machine. Exits 1 if missed.

Signing (issue 14): the same N certificates printed and then signed with the agency's certificate (PAdES,
pyHanko, a demo CA made in the temporary folder), as “In Giấy khen” issues them for a signed decision; the
medians of unsigned and signed are printed. Goal: signing adds ≤ 20 %. Exits 1 if missed.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Hữu", "Thành", "Ngọc", "Minh", "Thúy", "Quốc", "Hồng", "Kim")
GIVEN = ("Đạt", "Nhung", "Khoa", "Vy", "Nam", "Hà", "Dũng", "Lan", "Cường", "Ngân", "Tuấn", "Trâm", "Ấn", "Ưng")
UNITS = ("Phòng Quản lý Công nghiệp", "Phòng Quản lý Thương mại", "Văn phòng Sở",
         "Trung tâm Khuyến công và Xúc tiến thương mại", "Phòng Kế hoạch - Tài chính - Tổng hợp")
POSITIONS = ("Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Viên chức", "Kế toán")


def setup_django(workdir: Path) -> None:
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_ENV": "production", "DEBUG": "off", "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"), "LOG_LEVEL": "ERROR",
        "PORTAL_SIGNING_DIR": str(workdir / "signing"), "PORTAL_SIGNING_PASSPHRASE": "",
    })
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(n: int):
    """A signed decision with n awards (2 collectives, the rest individuals), as the print view has it."""
    from django.contrib.auth.models import User

    from awards.models import Award, AwardDecision, DecisionState
    from campaign.models import Agency, Campaign, Unit

    agency = Agency.objects.create(name="Sở Công Thương", parent_authority="UBND TỈNH ĐỒNG THÁP", code="SCT",
                                   place_name="Đồng Tháp")
    campaign = Campaign.objects.create(
        agency=agency, number="01/KH-SCT", title="Phong trào thi đua thực hiện Quy chế dân chủ ở cơ sở năm 2023",
        year=2023, launch_date=date(2023, 5, 15), emulation_end=date(2023, 10, 31),
        submission_deadline=date(2023, 11, 10), collective_quota=2, individual_quota=n,
        award_reason="Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
    )
    units = [Unit.objects.create(agency=agency, name=name, kind="division", display_order=i)
             for i, name in enumerate(UNITS)]
    user = User.objects.create(username="bench")
    decision = AwardDecision.objects.create(
        agency=agency, campaign=campaign, number="125/QĐ-SCT", serial=125, signing_date=date(2023, 11, 24),
        signer_name="Nguyễn Hữu Dũng", signer_title="Giám đốc", subject="Về việc tặng Giấy khen",
        recipients="Như Điều 3;", state=DecisionState.SIGNED, created_by=user, signed_by=user,
        signed_at=campaign.submission_closes_at,
    )
    awards = []
    for i in range(n):
        collective = i < 2
        unit = units[i % len(units)]
        name = (unit.name if collective else
                f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i % len(MIDDLE)]} {GIVEN[i % len(GIVEN)]}")
        awards.append(Award(
            decision=decision, agency=agency, year=2023, order=i + 1, kind="collective" if collective else "individual",
            unit=unit, honorific="" if collective else ("Bà" if i % 2 else "Ông"), recipient_name=name,
            position="" if collective else POSITIONS[i % len(POSITIONS)], unit_name="" if collective else unit.name,
            register_number=i + 1, amount=1_080_000 if collective else 540_000,
        ))
    return decision, awards


def project_markup(decision, awards, paper: str) -> str:
    """The HTML the project hands to WeasyPrint (captured once, for the bare path)."""
    from awards.issuing import pdf

    captured = {}
    original = pdf.html_to_pdf

    def capture(html):
        captured["html"] = html
        return original(html)

    pdf.html_to_pdf = capture
    try:
        pdf.certificates_pdf(decision, awards, paper=paper)
    finally:
        pdf.html_to_pdf = original
    return captured["html"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="number of certificates (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each path (default 5)")
    parser.add_argument("--paper", default="A4", choices=["A4", "A3"])
    parser.add_argument("--out", type=Path, help="write the project's PDF here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as workdir:
        setup_django(Path(workdir))
        from weasyprint import HTML

        from awards.issuing import pdf

        decision, awards = build(args.n)
        markup = project_markup(decision, awards, args.paper)

        def project():
            return pdf.certificates_pdf(decision, awards, paper=args.paper)

        def bare():
            return HTML(string=markup).write_pdf()

        from awards.issuing import signing
        from awards.management.commands.make_demo_ca import make_demo_ca

        make_demo_ca(Path(workdir) / "signing", [decision.agency])

        def signed():
            content, signer = signing.sign_pdf(pdf.certificates_pdf(decision, awards, paper=args.paper).content,
                                               decision.agency)
            assert signer, "no certificate"
            return content

        signed()  # warm-up: pyHanko and the PKCS#12 file

        rendered = project()  # warm-up: fonts, templates, first layout
        bare()
        assert rendered.pages == args.n, rendered.pages
        if args.out:
            args.out.write_bytes(rendered.content)

        times = {"project": [], "bare": [], "signed": []}
        for _ in range(args.runs):
            for name, run in (("project", project), ("bare", bare), ("signed", signed)):
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)

        peaks = {}
        for name, run in (("project", project), ("bare", bare)):
            tracemalloc.start()
            run()
            peaks[name] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median["project"] / median["bare"]
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Giấy khen: {args.n} trang khổ {args.paper} ngang trong một tệp PDF "
          f"({len(rendered.content) / 1024:.0f} KiB), {args.runs} lượt mỗi cách, trung vị; {os.cpu_count()} CPU")
    print(f"{'':26}{'thời gian (s)':>14}{'trang/giây':>12}{'bộ nhớ đỉnh (MiB)':>20}")
    for name, label in (("project", "mã của dự án"), ("bare", "WeasyPrint trần")):
        print(f"{label:26}{median[name]:>14.3f}{args.n / median[name]:>12.1f}{peaks[name] / 2**20:>20.1f}")
    print(f"tỉ lệ dự án / trần: {ratio:.3f}    (các lượt, s: dự án "
          + ", ".join(f"{t:.3f}" for t in times["project"]) + "; trần " + ", ".join(f"{t:.3f}" for t in times["bare"])
          + ")")
    print(f"RSS tối đa của tiến trình: {max_rss_mb:.0f} MiB (bộ nhớ đỉnh ở trên: tracemalloc, cấp phát Python)")
    per_100 = median["project"] * 100 / args.n
    signing_ratio = median["signed"] / median["project"]
    print(f"In {args.n} Giấy khen, không ký số: {median['project']:.3f} s; có ký số (PAdES): {median['signed']:.3f} s; "
          f"ký số thêm {100 * (signing_ratio - 1):.1f} % (mục tiêu ≤ 20 %): " + ("ĐẠT" if signing_ratio <= 1.2 else "CHƯA ĐẠT"))
    met = ratio <= 1.15 and per_100 < 5 and signing_ratio <= 1.2
    print(f"Mục tiêu tỉ lệ ≤ 1,15 và 100 Giấy khen < 5 s (ở đây {per_100:.2f} s/100): "
          + ("ĐẠT" if met else "CHƯA ĐẠT"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
