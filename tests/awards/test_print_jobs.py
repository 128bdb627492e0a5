"""Big print runs (issue 15 point 7, issue 17 point 4): beyond PRINT_SYNC_LIMIT the print buttons start a print
job that the "print" queue's worker renders in chunks, joins and stores whole; a progress page follows it.

The standard signed decision has 7 certificates; the limit is set to 5 and the chunks to 3 pages, so a job here
renders 3 chunks (3, 3 and 1 pages) exactly as 2,000 certificates render 40."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from awards.issuing import print_jobs
from awards.models import PrintJob, PrintJobKind, PrintJobStatus
from campaign.models import Role
from tests.awards.test_pdf import lines, qr_lines, unembedded_fonts
from tests.factories import AgencyFactory, UnitFactory, inspector_user, role_user, staff_user
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_runs(settings, tmp_path):
    settings.PRINT_SYNC_LIMIT = 5
    settings.PRINT_CHUNK_SIZE = 3
    settings.PRINT_WORK_DIR = str(tmp_path / "print-work")


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def certificates_url(decision, paper=""):
    return f"/khen-thuong/quyet-dinh/{decision.pk}/in/giay-khen.pdf" + (f"?kho={paper}" if paper else "")


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Press “Bắt đầu in”: the job is queued once the request's transaction commits."""

    def press(client, decision, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/in/bat-dau/", data)

    return press


@pytest.fixture
def restart(django_capture_on_commit_callbacks):
    """Press “In lại từ đầu”."""

    def press(client, job, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/khen-thuong/ban-in/{job.pk}/in-lai/", **kwargs)

    return press


def job_files(job) -> list[Path]:
    """Everything stored for the decision's print jobs, partial files included."""
    root = Path(job.file.storage.location) / f"awards/qd{job.decision_id}/in"
    return sorted(root.iterdir()) if root.exists() else []


def work_left() -> list[Path]:
    root = print_jobs.work_root()
    return sorted(root.rglob("*")) if root.exists() else []


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_over_the_limit_the_print_button_starts_a_job_that_prints_every_certificate(
    office_client, decision_123, django_assert_max_num_queries, start
):
    page = office_client.get(certificates_url(decision_123))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "Bắt đầu in 7 Giấy khen" in page.content.decode()
    assert PrintJob.objects.count() == 0  # a GET starts nothing

    response = start(office_client, decision_123)
    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/khen-thuong/ban-in/{job.pk}/"
    assert (job.status, job.done, job.total, job.kind, job.paper) == ("queued", 0, 7, "certificates", "A4")
    progress = office_client.get(f"/khen-thuong/ban-in/{job.pk}/tien-do.json").json()
    assert (progress["label"], progress["done"], progress["total"], progress["download"]) == (
        "Đang chờ in", 0, 7, "")

    run_tasks()

    job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("done", 7, "")
    with django_assert_max_num_queries(8):
        progress = office_client.get(f"/khen-thuong/ban-in/{job.pk}/tien-do.json").json()
    assert progress == {
        "status": "done", "label": "Xong", "done": 7, "total": 7, "percent": 100, "finished": True,
        "download": f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf", "error": "", "restart": False,
    }
    download = office_client.get(progress["download"])
    assert download["Content-Disposition"] == 'attachment; filename="Giay-khen-123-QD-SCT-A4.pdf"'
    content = read(download)
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) == 7
    # The joined file is the certificates as printed in one go: same lines, in the decision's order.
    assert [lines(page)[5] for page in pages] == [
        "Phòng Quản lý Công nghiệp", "Trung tâm Khuyến công và Xúc tiến thương mại", "Ông Nguyễn Thành Đạt",
        "Bà Lê Thị Hồng Nhung", "Ông Trần Văn Khoa", "Bà Phạm Thị Thúy Vy", "Ông Võ Hoàng Nam",
    ]
    assert lines(pages[3])[-6:] == [
        "Số sổ: 04", *qr_lines(decision_123, 4), "Đồng Tháp, ngày 05 tháng 11 năm 2023", "GIÁM ĐỐC", "Nguyễn Hữu Dũng",
    ]
    assert unembedded_fonts(content) == []
    assert job.size == len(content)
    # Nothing is left of the work: no chunk, no joined copy, no partial file beside the stored one.
    assert work_left() == []
    assert [path.name for path in job_files(job)] == [Path(job.file.name).name]


def test_progress_is_recorded_after_each_chunk(office_client, decision_123, monkeypatch, start
):
    seen = []
    original = print_jobs._progress

    def record(job_id, attempt, **fields):
        original(job_id, attempt, **fields)
        job = PrintJob.objects.get(pk=job_id)
        seen.append((job.status, job.done, job.total))

    monkeypatch.setattr(print_jobs, "_progress", record)
    start(office_client, decision_123)
    run_tasks()
    assert seen == [("running", 3, 7), ("running", 6, 7), ("running", 7, 7)]


def test_the_progress_page_polls_with_a_static_script_and_costs_few_queries(
    office_client, decision_123, django_assert_max_num_queries, start
):
    start(office_client, decision_123)
    job = PrintJob.objects.get()
    with django_assert_max_num_queries(10):
        page = office_client.get(f"/khen-thuong/ban-in/{job.pk}/").content.decode()
    assert "Trạng thái: <strong id=\"print-job-status\">Đang chờ in</strong>" in page
    assert f'data-progress-url="/khen-thuong/ban-in/{job.pk}/tien-do.json"' in page
    assert "/static/js/print_progress.js" in page
    assert "<script>" not in page  # the CSP forbids inline scripts
    assert 'id="print-job-download" class="btn btn-success d-none"' in page


def test_at_or_under_the_limit_the_certificates_print_at_once(office_client, decision_123, settings):
    settings.PRINT_SYNC_LIMIT = 7
    response = office_client.get(certificates_url(decision_123))
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 7
    assert PrintJob.objects.count() == 0


def test_a_double_click_makes_one_job(office_client, decision_123, start
):
    first = start(office_client, decision_123)
    second = start(office_client, decision_123)
    assert first["Location"] == second["Location"]
    assert PrintJob.objects.count() == 1
    # The database holds it too: a second live job of the same print cannot exist.
    job = PrintJob.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PrintJob.objects.create(agency=job.agency, decision=job.decision, kind=job.kind, paper=job.paper,
                                requested_by=job.requested_by, total=7, created_at=timezone.now())
    # A different paper size is another print.
    start(office_client, decision_123, kho="A3")
    assert sorted(PrintJob.objects.values_list("paper", flat=True)) == ["A3", "A4"]


def test_a_signed_decisions_finished_print_is_served_again_not_printed_again(office_client, decision_123, start
):
    start(office_client, decision_123)
    run_tasks()
    job = PrintJob.objects.get()
    response = office_client.get(certificates_url(decision_123))
    assert (response.status_code, response["Location"]) == (302, f"/khen-thuong/ban-in/{job.pk}/")
    start(office_client, decision_123)
    assert PrintJob.objects.count() == 1


def test_the_director_prints_and_the_inspection_board_follows_and_downloads(
    client, decision_123, director, start
):
    client.force_login(director)
    start(client, decision_123)
    job = PrintJob.objects.get()
    assert job.requested_by == director
    run_tasks()
    board = inspector_user(username="bantt")
    client.force_login(board)
    page = client.get(certificates_url(decision_123))
    assert page.status_code == 302  # to the finished job
    assert client.get(f"/khen-thuong/ban-in/{job.pk}/").status_code == 200
    assert len(PdfReader(io.BytesIO(read(client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf")))).pages) == 7
    # The board starts and restarts nothing.
    assert start(client, decision_123, kho="A3").status_code == 403
    assert client.post(f"/khen-thuong/ban-in/{job.pk}/in-lai/").status_code == 403
    assert PrintJob.objects.count() == 1


def test_the_board_sees_that_only_the_office_or_the_director_starts_a_print(client, decision_123):
    client.force_login(inspector_user(username="bantt"))
    page = client.get(certificates_url(decision_123)).content.decode()
    assert "Chỉ Văn phòng Sở hoặc Lãnh đạo Sở mới bắt đầu được lượt in này" in page
    assert "Bắt đầu in" not in page


def test_another_agencys_people_and_staff_reach_nothing(client, office_client, decision_123, start
):
    start(office_client, decision_123)
    run_tasks()
    job = PrintJob.objects.get()
    other = AgencyFactory(code="SYT", name="Sở Y tế")
    clerk = staff_user(UnitFactory(agency=decision_123.agency))
    for user in (role_user(Role.OFFICE, agency=other), role_user(Role.DIRECTOR, agency=other), clerk):
        client.force_login(user)
        for url in (f"/khen-thuong/ban-in/{job.pk}/", f"/khen-thuong/ban-in/{job.pk}/tien-do.json",
                    f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf"):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/khen-thuong/ban-in/{job.pk}/in-lai/").status_code == 404
        assert start(client, decision_123, kho="A3").status_code == 404
    assert PrintJob.objects.count() == 1


def test_blanks_over_the_limit_are_a_job_of_the_office(office_client, decision_123, client, director, start
):
    page = office_client.get(f"/khen-thuong/quyet-dinh/{decision_123.pk}/in/giay-khen-tren-phoi.pdf")
    assert "Bắt đầu in 7 Giấy khen" in page.content.decode()
    start(office_client, decision_123, kind="blank")
    run_tasks()
    job = PrintJob.objects.get()
    assert (job.kind, job.status) == ("blank", "done")
    content = read(office_client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf"))
    assert lines(PdfReader(io.BytesIO(content)).pages[2])[0] == "Ông Nguyễn Thành Đạt"
    client.force_login(director)
    assert start(client, decision_123, kind="blank").status_code == 403
    assert client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf").status_code == 403


class Killed(BaseException):
    """The worker process killed (SIGKILL, out of memory, a power cut): nothing after this line runs."""


def test_a_worker_killed_half_way_leaves_no_file_and_the_job_restarts(office_client, decision_123, monkeypatch, start, restart):
    start(office_client, decision_123)
    job = PrintJob.objects.get()
    calls = {"n": 0}
    original = print_jobs._render_chunk

    def render_then_die(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return original(*args)

    monkeypatch.setattr(print_jobs, "_render_chunk", render_then_die)
    # A killed process runs no cleanup either.
    monkeypatch.setattr(print_jobs.shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(Killed):
        print_jobs.run_print_job(job.pk, job.attempt)
    monkeypatch.undo()

    job.refresh_from_db()
    assert (job.status, job.done, job.file.name) == ("running", 3, "")
    assert job_files(job) == []  # no half file where a download could find it
    assert office_client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf").status_code == 404
    assert [path.name for path in work_left()] == [f"job-{job.pk}-1", "part-00000.pdf"]
    # While the worker might still be alive the job cannot be restarted; silent for long, it can.
    assert office_client.get(f"/khen-thuong/ban-in/{job.pk}/tien-do.json").json()["restart"] is False
    with time_machine.travel(timezone.now() + print_jobs.PRINT_STALE_AFTER + dt.timedelta(seconds=1)):
        progress = office_client.get(f"/khen-thuong/ban-in/{job.pk}/tien-do.json").json()
        assert (progress["label"], progress["finished"], progress["restart"]) == (
            "Có vẻ đã dừng giữa chừng", True, True)
        response = restart(office_client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempt, job.done) == ("queued", 2, 0)
    assert work_left() == []  # the killed run's chunks are gone

    # The killed run's worker, were it still alive, would find the job no longer its own.
    print_jobs.run_print_job(job.pk, 1)
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 2)

    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 7)
    assert len(PdfReader(job.file.open("rb")).pages) == 7
    assert work_left() == []
    assert [path.name for path in job_files(job)] == [Path(job.file.name).name]


def test_a_failed_job_says_why_keeps_no_file_and_prints_again(office_client, decision_123, monkeypatch, start, restart):
    start(office_client, decision_123)
    job = PrintJob.objects.get()

    def broken(*args):
        raise OSError("Hết chỗ trống trên đĩa")

    monkeypatch.setattr(print_jobs, "_join", broken)
    run_tasks()
    monkeypatch.undo()
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", "OSError: Hết chỗ trống trên đĩa", "")
    assert job_files(job) == [] and work_left() == []
    page = office_client.get(f"/khen-thuong/ban-in/{job.pk}/").content.decode()
    assert "Lượt in gặp lỗi" in page and "In lại từ đầu" in page
    restart(office_client, job)
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.error, job.attempt) == ("done", 7, "", 2)


def test_a_running_job_is_not_restarted(office_client, decision_123, start, restart):
    start(office_client, decision_123)
    job = PrintJob.objects.get()
    response = restart(office_client, job, follow=True)
    assert "Bản in này đang được in; vui lòng chờ." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 1)


def test_a_signed_decisions_joined_print_is_signed_with_the_agencys_certificate(
    office_client, decision_123, settings, tmp_path, start
):
    from awards.issuing import signing
    from awards.management.commands.make_demo_ca import make_demo_ca

    folder = tmp_path / "signing"
    make_demo_ca(folder, [decision_123.agency])
    settings.PORTAL_SIGNING_DIR = folder
    settings.PORTAL_SIGNING_PASSPHRASE = ""
    start(office_client, decision_123)
    run_tasks()
    job = PrintJob.objects.get()
    with job.file.open("rb") as handle:
        content = handle.read()
    (check,) = signing.check_signatures(content)
    assert (check.intact, check.valid, check.trusted, check.covers_whole_file) == (True, True, True, True)
    assert job.signed_with == check.signer
    assert len(PdfReader(io.BytesIO(content)).pages) == 7


def test_a_draft_decisions_print_is_a_draft_and_a_new_request_prints_afresh(
    office_client, approved, campaign, office, start
):
    from awards.issuing import services as issuing

    decision = issuing.create_decision(campaign=campaign, by=office, number="", signing_date=dt.date(2023, 11, 24),
                                       signer_name="Nguyễn Hữu Dũng")
    start(office_client, decision)
    run_tasks()
    job = PrintJob.objects.get()
    download = office_client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf")
    assert download["Content-Disposition"] == 'attachment; filename="DU-THAO-Giay-khen-chua-co-so-A4.pdf"'
    assert download["Cache-Control"] == "no-store"
    assert job.signed_with == ""
    # A draft may change: the print button offers a new print, not the old file.
    assert "Bắt đầu in 7 Giấy khen" in office_client.get(certificates_url(decision)).content.decode()
    assert PrintJob.objects.filter(status=PrintJobStatus.DONE, kind=PrintJobKind.CERTIFICATES).count() == 1


def test_on_an_object_store_the_joined_pdf_is_uploaded_whole_and_served_back(
    s3_storage, office_client, decision_123, start
):
    """PRIVATE_S3_BUCKET: the chunks are rendered and joined in the worker's work folder, the result is one
    PUT to the bucket (whole or nothing), and the download streams it back from there."""
    before = set(s3_storage.keys())
    start(office_client, decision_123)
    run_tasks()

    job = PrintJob.objects.get()
    assert (job.status, job.done, job.error) == ("done", 7, "")
    assert sorted(set(s3_storage.keys()) - before) == [job.file.name]
    content = read(office_client.get(f"/khen-thuong/ban-in/{job.pk}/tai-ve.pdf"))
    assert content == s3_storage.read(job.file.name) and len(PdfReader(io.BytesIO(content)).pages) == 7
    assert job.size == len(content)
    assert work_left() == []


def test_a_store_that_fails_fails_the_job_in_vietnamese_keeps_nothing_and_prints_again(
    office_client, decision_123, monkeypatch, start, restart
):
    start(office_client, decision_123)
    job = PrintJob.objects.get()

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(print_jobs, "_fsync_dir", full)  # the copy is in place; making its name durable fails
    run_tasks()
    monkeypatch.undo()
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", print_jobs.STORE_FAILED, "")
    assert job_files(job) == [] and work_left() == []  # neither the copy nor a partial one is left
    page = office_client.get(f"/khen-thuong/ban-in/{job.pk}/").content.decode()
    assert "Không lưu được bản in vào kho lưu trữ của máy chủ" in page and "In lại từ đầu" in page
    restart(office_client, job)
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("done", 7, "")


def test_on_an_object_store_that_refuses_the_job_fails_in_vietnamese_and_keeps_nothing(
    s3_storage, office_client, decision_123, start
):
    before = set(s3_storage.keys())
    start(office_client, decision_123)
    for key in before:
        s3_storage.client.delete_object(Bucket=s3_storage.name, Key=key)
    s3_storage.client.delete_bucket(Bucket=s3_storage.name)
    run_tasks()

    job = PrintJob.objects.get()
    assert (job.status, job.error) == ("failed", print_jobs.STORE_FAILED)
    assert work_left() == []
