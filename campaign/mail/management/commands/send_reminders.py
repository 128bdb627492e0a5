"""For cron (or by hand): today's reminders, each at most once per object and day, and the outbox swept.
The worker does the same every morning at 07:00 by itself (tasks.daily_reminders)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from campaign.mail.reminders import run_reminders
from campaign.mail.services import sweep_outbox
from core.time import local_today


class Command(BaseCommand):
    help = "Gửi thư nhắc việc của hôm nay (mỗi việc tối đa một thư mỗi ngày) và xếp lại thư bị bỏ dở."

    def add_arguments(self, parser):
        parser.add_argument("--ngay", dest="day", help="Ngày nhắc, dạng dd/mm/yyyy (mặc định: hôm nay, giờ Việt Nam).")

    def handle(self, *args, **options):
        day = local_today()
        if options["day"]:
            try:
                d, m, y = (int(part) for part in options["day"].split("/"))
                day = date(y, m, d)
            except ValueError:
                raise CommandError("Ngày không hợp lệ; hãy viết dạng dd/mm/yyyy, ví dụ 07/11/2023.") from None
        sent = run_reminders(day)
        requeued = sweep_outbox()
        self.stdout.write(f"Đã xếp {sent} thư nhắc việc ngày {day:%d/%m/%Y} vào hộp thư đi; {requeued} thư được xếp lại hàng đợi.")
