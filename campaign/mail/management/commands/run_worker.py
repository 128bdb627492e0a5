"""The queue's worker as `make run` and production start it: schedules the morning reminders if none is
waiting, puts back what a stopped worker left in the outbox, then runs the worker of the configured
backend on every queue: django-tasks' database worker (TASK_BACKEND=database) or an RQ worker with its
scheduler (TASK_BACKEND=rq, for workers on other machines than the database's)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from campaign.mail.services import sweep_outbox
from campaign.mail.tasks import schedule_daily_reminders


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý hàng đợi (thư, nhắc việc, in): lên lịch nhắc việc 07:00 hằng ngày rồi chạy worker của hàng đợi (db_worker hoặc rqworker)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Chạy hết hàng đợi một lượt rồi dừng.")

    def handle(self, *args, **options):
        at = schedule_daily_reminders()
        if at is not None:
            self.stdout.write(f"Đã lên lịch gửi nhắc việc lúc {at:%H:%M %d/%m/%Y}.")
        sweep_outbox()
        if settings.TASK_BACKEND == "rq":
            call_command("rqworker", *settings.TASK_QUEUES, with_scheduler=True, job_class="django_tasks_rq.Job",
                         burst=options["batch"])
            return
        # Without the autoreloader: `make run` stops this one process with the server.
        call_command("db_worker", queue_name="*", batch=options["batch"], reload=False, stdout=self.stdout)
