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

The task path (issue 17 point 4), `--task-n 2000` (0 skips it): a decision of that many certificates printed
as “In Giấy khen” prints it beyond PRINT_SYNC_LIMIT: a print job queued on the "print" queue and run by
`manage.py db_worker --queue-name print --batch` in a child process (chunks of PRINT_CHUNK_SIZE, joined, signed
with the demo CA, stored). Its anchor is bare WeasyPrint laying out the same markup in one go, in another child.
Each child reports its own peak RSS (VmHWM); printed: time, pages/s, peak RSS and the ratio of the times.
Goal: the worker's peak RSS ≤ 400 MiB. Exits 1 if missed.

Everything lives in one temporary folder (database, private files, the job's work folder, the markup), removed at
the end, on an error, on Ctrl+C and on SIGTERM; a child still running is killed first.
"""

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
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


def setup_django(workdir: Path, *, migrate: bool = True) -> None:
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_ENV": "production", "DEBUG": "off", "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"), "LOG_LEVEL": "ERROR",
        "PORTAL_SIGNING_DIR": str(workdir / "signing"), "PORTAL_SIGNING_PASSPHRASE": "",
        "PRINT_WORK_DIR": str(workdir / "print-work"), "TASK_BACKEND": "database",
    })
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", verbosity=0)


def build(n: int, *, code: str = "SCT"):
    """A signed decision with n awards (2 collectives, the rest individuals), as the print view has it."""
    from django.contrib.auth.models import User

    from awards.models import Award, AwardDecision, DecisionState
    from campaign.models import Agency, Campaign, Unit

    agency = Agency.objects.create(name="Sở Công Thương", parent_authority="UBND TỈNH ĐỒNG THÁP", code=code,
                                   place_name="Đồng Tháp")
    campaign = Campaign.objects.create(
        agency=agency, number=f"01/KH-{code}", title="Phong trào thi đua thực hiện Quy chế dân chủ ở cơ sở năm 2023",
        year=2023, launch_date=date(2023, 5, 15), emulation_end=date(2023, 10, 31),
        submission_deadline=date(2023, 11, 10), collective_quota=2, individual_quota=n,
        award_reason="Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
    )
    units = [Unit.objects.create(agency=agency, name=name, kind="division", display_order=i)
             for i, name in enumerate(UNITS)]
    user, _ = User.objects.get_or_create(username="bench")
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


# The task path (issue 17 point 4) -----------------------------------------------------------------------


def markup_only(decision, awards, paper: str) -> str:
    """The HTML of the whole print in one document, without laying it out (the bare anchor lays it out)."""
    from awards.issuing import pdf
    from core.pdf import RenderedPdf

    captured = {}
    original = pdf.html_to_pdf

    def capture(html):
        captured["html"] = html
        return RenderedPdf(content=b"", pages=0)

    pdf.html_to_pdf = capture
    try:
        pdf.certificates_pdf(decision, awards, paper=paper)
    finally:
        pdf.html_to_pdf = original
    return captured["html"]


def peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM). Not ru_maxrss: Linux carries that over exec() from the
    parent, so a child would report at least the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(children: list, *arguments: str) -> dict:
    """This script again in a child process (one of the --child-* modes); its last stdout line is JSON."""
    child = subprocess.Popen([sys.executable, __file__, *arguments], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    children.append(child)
    out, _ = child.communicate()
    if child.returncode:
        raise RuntimeError(f"child {arguments[0]} exited with {child.returncode}")
    return json.loads(out.strip().splitlines()[-1])


def child_worker(workdir: Path) -> None:
    """The print queue's worker, once through (as `manage.py db_worker --queue-name print --batch`)."""
    setup_django(workdir, migrate=False)
    import io

    from django.core.management import call_command

    start = time.perf_counter()
    call_command("db_worker", queue_name="print", batch=True, startup_delay=False, reload=False, verbosity=0,
                 stdout=io.StringIO())
    print(json.dumps({"seconds": time.perf_counter() - start, "maxrss_mib": peak_rss_mib()}))


def child_bare(markup_file: Path) -> None:
    """Bare WeasyPrint: the same markup laid out and written in one go."""
    from weasyprint import HTML

    markup = markup_file.read_text()
    HTML(string="<p>x</p>").write_pdf()  # warm-up: fonts
    start = time.perf_counter()
    document = HTML(string=markup).render()
    document.write_pdf()
    print(json.dumps({"seconds": time.perf_counter() - start, "pages": len(document.pages),
                      "maxrss_mib": peak_rss_mib()}))


def save_with_approvals(decision, awards) -> None:
    """The awards stored as a signed decision has them: each from an approval of a nomination of an accepted
    dossier of its unit (the print job reads them back from the database)."""
    from awards.models import Approval, Award
    from campaign.models import StaffMember
    from dossiers.models import Dossier, Nomination

    campaign, user = decision.campaign, decision.created_by
    dossiers = {}
    for award in awards:
        if award.unit_id not in dossiers:
            dossiers[award.unit_id] = Dossier.objects.create(
                campaign=campaign, unit=award.unit, level=decision.level, state="accepted", created_by=user)
    people = StaffMember.objects.bulk_create([
        StaffMember(unit=award.unit, full_name=award.recipient_name, position=award.position,
                    gender="female" if award.honorific == "Bà" else "male")
        for award in awards if not award.is_collective
    ], batch_size=500)
    people = iter(people)
    nominations = []
    for award in awards:
        if not award.is_collective:
            award.staff = next(people)
        nominations.append(Nomination(
            dossier=dossiers[award.unit_id], campaign=campaign, level=decision.level, kind=award.kind,
            nominee_unit=award.unit if award.is_collective else None, staff=award.staff,
            achievement_summary="Hoàn thành xuất sắc nhiệm vụ",
        ))
    nominations = Nomination.objects.bulk_create(nominations, batch_size=500)
    approvals = Approval.objects.bulk_create([
        Approval(nomination=nomination, campaign=campaign, level=decision.level, kind=nomination.kind,
                 approved_by=user, approved_at=decision.signed_at)
        for nomination in nominations
    ], batch_size=500)
    for award, approval in zip(awards, approvals, strict=True):
        award.approval = approval
    Award.objects.bulk_create(awards, batch_size=500)


def task_path(n: int, rounds: int, paper: str, workdir: Path, children: list) -> dict:
    """n certificates through a print job run by the print queue's worker, and the bare anchor; medians."""
    from pypdf import PdfReader

    from awards.issuing.print_jobs import print_certificates
    from awards.management.commands.make_demo_ca import make_demo_ca
    from awards.models import PrintJob, PrintJobKind, PrintJobStatus

    results = {"task": [], "job": [], "bare": [], "task_rss": [], "bare_rss": []}
    for round_ in range(rounds):
        decision, awards = build(n, code=f"SCT{round_ + 2}")
        save_with_approvals(decision, awards)
        make_demo_ca(workdir / "signing", [decision.agency])
        if round_ == 0:
            markup_file = workdir / "markup.html"
            markup_file.write_text(markup_only(decision, awards, paper))
        job = PrintJob.objects.create(agency=decision.agency, decision=decision, kind=PrintJobKind.CERTIFICATES,
                                      paper=paper, requested_by=decision.created_by, total=n,
                                      created_at=decision.signed_at)
        print_certificates.enqueue(job.pk, job.attempt)
        worker = run_child(children, "--child-worker", str(workdir))
        job.refresh_from_db()
        if job.status != PrintJobStatus.DONE:
            raise RuntimeError(f"print job {job.status}: {job.error}")
        with job.file.open("rb") as handle:
            pages = len(PdfReader(handle).pages)
        assert pages == n, pages
        results["task"].append(worker["seconds"])
        results["job"].append((job.finished_at - job.started_at).total_seconds())
        results["task_rss"].append(worker["maxrss_mib"])
        results["size"] = job.size
        results["signed"] = job.signed_with
        bare = run_child(children, "--child-bare", str(markup_file))
        assert bare["pages"] == n, bare["pages"]
        results["bare"].append(bare["seconds"])
        results["bare_rss"].append(bare["maxrss_mib"])
    return results


def report_task_path(n: int, rounds: int, results: dict) -> bool:
    median = {name: statistics.median(results[name]) for name in ("task", "job", "bare", "task_rss", "bare_rss")}
    peak = max(results["task_rss"])
    print()
    print(f"In {n} Giấy khen qua tác vụ (hàng đợi print, khối {os.environ.get('PRINT_CHUNK_SIZE', '50')} trang, "
          f"ghép, ký số: {results['signed'] or 'không'}; tệp {results['size'] / 2**20:.1f} MiB), "
          f"{rounds} lượt, trung vị")
    print(f"{'':34}{'thời gian (s)':>14}{'trang/giây':>12}{'RSS đỉnh (MiB)':>16}")
    print(f"{'tác vụ (tiến trình worker)':34}{median['task']:>14.1f}{n / median['task']:>12.1f}{median['task_rss']:>16.0f}")
    print(f"{'  trong đó lượt in (bắt đầu→xong)':34}{median['job']:>14.1f}{n / median['job']:>12.1f}{'':>16}")
    print(f"{'WeasyPrint trần, một lần':34}{median['bare']:>14.1f}{n / median['bare']:>12.1f}{median['bare_rss']:>16.0f}")
    print(f"tỉ lệ thời gian tác vụ / trần: {median['task'] / median['bare']:.3f}; "
          f"RSS: {median['task_rss'] / median['bare_rss']:.3f}   (các lượt, s: tác vụ "
          + ", ".join(f"{t:.1f}" for t in results["task"]) + "; trần " + ", ".join(f"{t:.1f}" for t in results["bare"])
          + ")")
    met = peak <= 400
    print(f"Mục tiêu RSS đỉnh của worker ≤ 400 MiB (ở đây {peak:.0f} MiB): " + ("ĐẠT" if met else "CHƯA ĐẠT"))
    return met


def _terminate(signum, frame):
    # SIGTERM unwinds like Ctrl+C: the finally blocks kill the children and remove the temporary folder.
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100, help="number of certificates (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each path (default 5)")
    parser.add_argument("--paper", default="A4", choices=["A4", "A3"])
    parser.add_argument("--out", type=Path, help="write the project's PDF here")
    parser.add_argument("--task-n", type=int, default=2000,
                        help="certificates printed through a print job (default 2000; 0 skips the task path)")
    parser.add_argument("--task-runs", type=int, default=1, help="rounds of the task path (default 1)")
    parser.add_argument("--child-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_worker:
        child_worker(args.child_worker)
        return 0
    if args.child_bare:
        child_bare(args.child_bare)
        return 0

    signal.signal(signal.SIGTERM, _terminate)
    children: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as workdir:
        try:
            return _bench(args, Path(workdir), children)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()


def _bench(args, workdir: Path, children: list) -> int:
    setup_django(workdir)
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

    make_demo_ca(workdir / "signing", [decision.agency])

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

    task_results = task_path(args.task_n, args.task_runs, args.paper, workdir, children) if args.task_n else None

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
    if args.task_n:
        met = report_task_path(args.task_n, args.task_runs, task_results) and met
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
