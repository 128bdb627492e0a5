"""Big print runs (issue 15 point 7, issue 17 point 4): a decision's certificates beyond PRINT_SYNC_LIMIT are
printed by a task on the "print" queue instead of inside the request.

The task renders PRINT_CHUNK_SIZE certificates at a time, each chunk to its own PDF in a work folder of the job
(PRINT_WORK_DIR, a local temporary folder), and records done/total after each chunk so the progress page can
follow. Each chunk's document is dropped before the next, so the worker's memory stays flat whatever the count.
The chunks are then joined into one PDF (pypdf, page by page from the files), signed with the agency's
certificate when the decision is signed (as issued PDFs are, issue 14), fsynced, and moved into the private
storage under a temporary name, renamed into place, the folder fsynced; only then is the job "xong".

A failed job, or one whose worker was killed (no progress for PRINT_STALE_AFTER), can be restarted: each run is an
`attempt`, the work folder of earlier runs is removed, and a run that finds the job no longer its own stops
without writing. No half file is ever left where a download could find it.
"""

import gc
import logging
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from awards.models import PRINT_JOB_LIVE, AwardDecision, PaperSize, PrintJob, PrintJobKind, PrintJobStatus
from campaign.rules import ensure
from core.errors import DomainError
from core.storage import delete_unless_committed, refused_if_the_store_fails

from . import pdf, services, signing

log = logging.getLogger(__name__)

# The pages' words for a job (Vietnamese here, so the pages never depend on the catalogue for them).
STATUS_LABELS = {
    PrintJobStatus.QUEUED: "Đang chờ in",
    PrintJobStatus.RUNNING: "Đang in",
    PrintJobStatus.DONE: "Xong",
    PrintJobStatus.FAILED: "Lỗi",
}
KIND_LABELS = {PrintJobKind.CERTIFICATES: "Giấy khen", PrintJobKind.BLANK: "Giấy khen in trên phôi"}

# A running job that has shown no progress for this long had its worker killed (a chunk takes seconds).
PRINT_STALE_AFTER = timedelta(minutes=5)


def sync_limit() -> int:
    return getattr(settings, "PRINT_SYNC_LIMIT", 50)


def chunk_size() -> int:
    return max(1, getattr(settings, "PRINT_CHUNK_SIZE", 50))


def work_root() -> Path:
    configured = getattr(settings, "PRINT_WORK_DIR", "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "portal-print"


def work_dir(job: PrintJob, attempt: int | None = None) -> Path:
    return work_root() / f"job-{job.pk}-{job.attempt if attempt is None else attempt}"


def _remove_work(job: PrintJob) -> None:
    """Every work folder of the job, of this run and of earlier (killed) runs."""
    root = work_root()
    if root.is_dir():
        for folder in root.glob(f"job-{job.pk}-*"):
            shutil.rmtree(folder, ignore_errors=True)


def is_stale(job: PrintJob, now=None) -> bool:
    if job.status != PrintJobStatus.RUNNING:
        return False
    last = job.progress_at or job.started_at or job.created_at
    return (now or timezone.now()) - last > PRINT_STALE_AFTER


def can_restart(job: PrintJob, now=None) -> bool:
    return job.status == PrintJobStatus.FAILED or is_stale(job, now)


def download_name(job: PrintJob) -> str:
    from .views import _ascii_slug  # the download names of the print views

    number = _ascii_slug(job.decision.number) or "chua-co-so"
    prefix = "" if job.decision.is_signed else "DU-THAO-"
    if job.kind == PrintJobKind.BLANK:
        return f"{prefix}Giay-khen-tren-phoi-{number}.pdf"
    return f"{prefix}Giay-khen-{number}-{job.paper}.pdf"


# Services: start and restart ------------------------------------------------------------------------------


def _ensure_may_print(by, decision: AwardDecision, kind: str, permission: str) -> None:
    ensure(by, permission, PrintJob(agency_id=decision.agency_id, decision=decision))
    if kind == PrintJobKind.BLANK:
        ensure(by, "awards.print_on_blank", decision)


def reusable_job(decision: AwardDecision, kind: str, paper: str) -> PrintJob | None:
    """The job a new request for the same print is answered with: the one running, or, for a signed decision
    (whose certificates never change), the last one done. Blanks are reprinted afresh after recalibration."""
    jobs = PrintJob.objects.filter(decision=decision, kind=kind, paper=paper).select_related("decision")
    live = jobs.filter(status__in=PRINT_JOB_LIVE).first()
    if live is not None or kind == PrintJobKind.BLANK or not decision.is_signed:
        return live
    return jobs.filter(status=PrintJobStatus.DONE).order_by("-finished_at", "-pk").first()


def start_print_job(*, decision: AwardDecision, kind: str, paper: str = PaperSize.A4, total: int, by) -> PrintJob:
    """The print job of a decision's certificates: the one already running (a double click, a second person)
    or a new one, queued once the transaction commits."""
    _ensure_may_print(by, decision, kind, "awards.add_printjob")
    if kind == PrintJobKind.BLANK:
        paper = PaperSize.A4
    existing = reusable_job(decision, kind, paper)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            # The decision's row lock serialises two requests; the partial unique constraint backs it up
            # (and is what holds on SQLite, which has no row locks).
            AwardDecision.objects.select_for_update().filter(pk=decision.pk).first()
            existing = reusable_job(decision, kind, paper)
            if existing is not None:
                return existing
            job = PrintJob.objects.create(
                agency_id=decision.agency_id, decision=decision, kind=kind, paper=paper, requested_by=by,
                total=total, created_at=timezone.now(),
            )
            transaction.on_commit(lambda: print_certificates.enqueue(job.pk, job.attempt))
    except IntegrityError:
        return PrintJob.objects.select_related("decision").get(
            decision=decision, kind=kind, paper=paper, status__in=PRINT_JOB_LIVE
        )
    return job


def restart_print_job(*, job: PrintJob, by, now=None) -> PrintJob:
    """A failed job, or one whose worker was killed, printed again from the start."""
    _ensure_may_print(by, job.decision, job.kind, "awards.restart_printjob")
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().select_related("decision").get(pk=job.pk)
        if not can_restart(job, now):
            if job.status == PrintJobStatus.DONE:
                raise DomainError("Bản in này đã xong; hãy tải về.")
            raise DomainError("Bản in này đang được in; vui lòng chờ.")
        job.attempt += 1
        job.status = PrintJobStatus.QUEUED
        job.done = 0
        job.error = ""
        job.requested_by = by
        job.started_at = job.progress_at = job.finished_at = None
        job.save()
        attempt = job.attempt
        transaction.on_commit(lambda: print_certificates.enqueue(job.pk, attempt))
    _remove_work(job)
    return job


# The task ---------------------------------------------------------------------------------------------------


class _NoLongerOurs(Exception):
    """The job was restarted (or removed) while this run worked on it: stop, write nothing."""


def _progress(job_id: int, attempt: int, **fields) -> None:
    updated = PrintJob.objects.filter(pk=job_id, attempt=attempt, status=PrintJobStatus.RUNNING).update(
        progress_at=timezone.now(), **fields
    )
    if not updated:
        raise _NoLongerOurs


def _render_chunk(job: PrintJob, awards: list, layout) -> bytes:
    if job.kind == PrintJobKind.BLANK:
        return pdf.blank_certificates_pdf(job.decision, awards, layout=layout).content
    return pdf.certificates_pdf(job.decision, awards, paper=job.paper).content


def _join(parts: list[Path], target: Path) -> int:
    """The chunks' pages, in order, in one PDF; returns the page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with open(target, "wb") as handle:
        writer.write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    pages = len(writer.pages)
    writer.close()
    return pages


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


STORE_FAILED = ("Không lưu được bản in vào kho lưu trữ của máy chủ. Hãy bấm “In lại từ đầu” sau ít phút; "
                "nếu vẫn lỗi, hãy báo quản trị hệ thống.")


def _store(source: Path, job: PrintJob) -> str:
    """The finished PDF into the private storage; returns its name. A store that fails (a full disk, a bucket
    that refuses or cannot be reached) fails the job with STORE_FAILED, nothing kept."""
    with refused_if_the_store_fails(STORE_FAILED, what=f"the finished PDF of print job {job.pk}"):
        return _store_whole(source, job)


def _store_whole(source: Path, job: PrintJob) -> str:
    """On a local disk the PDF is copied beside its final place under a temporary name, fsynced, renamed into
    place and the folder fsynced: a crash leaves either no file or the whole one, never half of it at the
    stored name. On an object store it is one PUT, whole or nothing."""
    storage = job.file.storage
    name = job.file.field.generate_filename(job, "giay-khen.pdf")
    try:
        final = Path(storage.path(name))
    except NotImplementedError:  # a remote store (S3): its upload is whole or nothing
        with open(source, "rb") as handle:
            return storage.save(name, File(handle))
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.parent / f".{final.name}.part"
    try:
        shutil.copyfile(source, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
        _fsync_dir(final.parent)
    except BaseException:
        # A full disk leaves no half copy beside the stored files (the name is new: a uuid).
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return name


def run_print_job(job_id: int, attempt: int) -> None:
    """One run of a print job (the task's body; the bench and tests call it directly too)."""
    with transaction.atomic():
        job = (PrintJob.objects.select_for_update().select_related("decision__campaign", "decision__agency")
               .filter(pk=job_id).first())
        if job is None or job.attempt != attempt or job.status != PrintJobStatus.QUEUED:
            return  # restarted, finished or taken by another worker meanwhile
        now = timezone.now()
        job.status, job.started_at, job.progress_at, job.done = PrintJobStatus.RUNNING, now, now, 0
        job.save(update_fields=["status", "started_at", "progress_at", "done"])
    folder = work_dir(job, attempt)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    stored = ""
    try:
        decision = job.decision
        awards = services.build_awards(decision)
        if len(awards) != job.total:
            _progress(job_id, attempt, total=len(awards))
        layout = pdf.default_layout(decision.agency)
        parts = []
        size = chunk_size()
        for index, start in enumerate(range(0, len(awards), size)):
            part = folder / f"part-{index:05d}.pdf"
            content = _render_chunk(job, awards[start:start + size], layout)
            part.write_bytes(content)
            parts.append(part)
            # The chunk's layout (boxes, fonts, images) is garbage now: free it before the next one.
            del content
            gc.collect()
            _progress(job_id, attempt, done=min(start + size, len(awards)))
        joined = folder / "joined.pdf"
        pages = _join(parts, joined)
        for part in parts:
            part.unlink()
        if pages != len(awards):
            raise DomainError(f"Bản ghép có {pages} trang, cần {len(awards)}.")
        final = joined
        signed_with = ""
        if decision.is_signed and job.kind == PrintJobKind.CERTIFICATES:
            final = folder / "signed.pdf"
            signed_with = signing.sign_pdf_file(joined, final, decision.agency)
        file_size = final.stat().st_size
        stored = _store(final, job)
        with transaction.atomic():
            current = PrintJob.objects.select_for_update().get(pk=job_id)
            if current.attempt != attempt or current.status != PrintJobStatus.RUNNING:
                raise _NoLongerOurs
            current.file.name = stored
            current.size = file_size
            current.signed_with = signed_with
            current.status = PrintJobStatus.DONE
            current.finished_at = timezone.now()
            current.save(update_fields=["file", "size", "signed_with", "status", "finished_at"])
            delete_unless_committed(current.file.storage, stored)
        stored = ""
    except _NoLongerOurs:
        log.info("print job %s: attempt %s superseded, stopped", job_id, attempt)
    except Exception as error:  # anything at all: the job says it failed and can be restarted
        log.exception("print job %s failed", job_id)
        message = error.message if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        PrintJob.objects.filter(pk=job_id, attempt=attempt).update(
            status=PrintJobStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    finally:
        if stored:
            job.file.storage.delete(stored)
        shutil.rmtree(folder, ignore_errors=True)


@task(queue_name="print")
def print_certificates(job_id: int, attempt: int) -> None:
    run_print_job(job_id, attempt)

