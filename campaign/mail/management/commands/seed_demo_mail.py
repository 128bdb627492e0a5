"""Demo: each agency's copy of the mail templates, and what the outbox holds after the other seeds
(their submissions and reviews queued mail to the demo logins' addresses; the worker of `make run` sends it)."""

from django.core.management.base import BaseCommand

from campaign.mail.models import MailStatus, OutgoingMail
from campaign.mail.services import ensure_templates
from campaign.models import Agency


class Command(BaseCommand):
    help = "Dữ liệu mẫu hộp thư đi: mẫu thư của từng cơ quan (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        for agency in Agency.objects.order_by("pk"):
            ensure_templates(agency)
            waiting = OutgoingMail.objects.filter(agency=agency, status=MailStatus.QUEUED).count()
            total = OutgoingMail.objects.filter(agency=agency).count()
            self.stdout.write(f"{agency.name}: {total} thư trong hộp thư đi, {waiting} thư chờ tiến trình xử lý gửi.")
