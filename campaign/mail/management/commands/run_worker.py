"""The queue's worker as `make run` starts it: schedules the morning reminders if none is waiting, puts
back what a stopped worker left in the outbox, then runs django-tasks' database worker on every queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from campaign.mail.services import sweep_outbox
from campaign.mail.tasks import schedule_daily_reminders


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý hàng đợi (thư, nhắc việc, in): lên lịch nhắc việc 07:00 hằng ngày rồi chạy db_worker."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Chạy hết hàng đợi một lượt rồi dừng.")

    def handle(self, *args, **options):
        at = schedule_daily_reminders()
        if at is not None:
            self.stdout.write(f"Đã lên lịch gửi nhắc việc lúc {at:%H:%M %d/%m/%Y}.")
        sweep_outbox()
        # Without the autoreloader: `make run` stops this one process with the server.
        call_command("db_worker", queue_name="*", batch=options["batch"], reload=False, stdout=self.stdout)
