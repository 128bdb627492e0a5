"""The outbox of each agency, its editable mail templates and the log of reminders sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from campaign.models import Agency
from core.access import AccessPaths

from .defaults import KEY_CHOICES, KINDS


class MailStatus(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"


class OutgoingMail(models.Model):
    """One message as it was rendered and queued; the office reads what was sent, when, to whom."""

    # The agency's office (and its inspection board, read-only) read it; nobody else (campaign/rules.py).
    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(
        Agency, verbose_name="Cơ quan", on_delete=models.PROTECT, related_name="outgoing_mail"
    )
    kind = models.CharField("Loại thư", max_length=50, choices=KEY_CHOICES, db_index=True)
    recipients = models.TextField("Người nhận", help_text="Các địa chỉ, cách nhau bởi dấu phẩy.")
    subject = models.CharField("Tiêu đề", max_length=300)
    body = models.TextField("Nội dung")
    status = models.CharField(
        "Trạng thái", max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("Số lần gửi", default=0)
    last_error = models.TextField("Lỗi lần gửi cuối", blank=True)
    next_attempt_at = models.DateTimeField("Gửi (lại) lúc", null=True, blank=True)
    sending_started_at = models.DateTimeField("Bắt đầu gửi lúc", null=True, blank=True)
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("Đã gửi lúc", null=True, blank=True)
    # What the mail is about (a dossier, a publication): shown as a link in the outbox.
    about_type = models.ForeignKey(
        ContentType, verbose_name="Loại đối tượng", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField("Mã đối tượng", null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    about_label = models.CharField("Về việc", max_length=300, blank=True)

    class Meta:
        verbose_name = "thư"
        verbose_name_plural = "Hộp thư đi"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "created_at"], name="mail_outbox_agency_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="mail_sent_has_sent_at"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return [address.strip() for address in self.recipients.split(",") if address.strip()]

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind


class MailTemplate(models.Model):
    """A mail text as a Django template. The row without an agency is the deployment's default; each
    office edits its own agency's copy (made from the default), never another agency's."""

    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(
        Agency,
        verbose_name="Cơ quan",
        on_delete=models.CASCADE,
        related_name="mail_templates",
        null=True,
        blank=True,
        help_text="Để trống: mẫu mặc định của hệ thống.",
    )
    key = models.CharField("Loại thư", max_length=50, choices=KEY_CHOICES)
    subject = models.CharField("Tiêu đề", max_length=300)
    body = models.TextField("Nội dung")
    customised = models.BooleanField(
        "Đã sửa", default=False, help_text="Chưa sửa thì thư dùng mẫu mặc định của hệ thống."
    )
    updated_at = models.DateTimeField("Sửa lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người sửa",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "Mẫu thư"
        verbose_name_plural = "Mẫu thư"
        ordering = ["agency", "key"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="mail_template_one_per_agency_key"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(agency__isnull=True), name="mail_template_one_default_per_key"
            ),
        ]

    def __str__(self) -> str:
        kind = KINDS.get(self.key)
        return kind.label if kind else self.key


class ReminderLog(models.Model):
    """A reminder sent about one object on one day: the unique constraint makes it once a day at most,
    whichever worker or cron run gets there first."""

    access = AccessPaths(agency="agency")

    agency = models.ForeignKey(Agency, verbose_name="Cơ quan", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("Loại nhắc việc", max_length=50, choices=KEY_CHOICES)
    about_type = models.ForeignKey(ContentType, verbose_name="Loại đối tượng", on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField("Mã đối tượng")
    on_day = models.DateField("Ngày nhắc")
    mail = models.ForeignKey(
        OutgoingMail, verbose_name="Thư", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now)

    class Meta:
        verbose_name = "Nhắc việc đã gửi"
        verbose_name_plural = "Nhắc việc đã gửi"
        ordering = ["-on_day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "about_type", "about_id", "on_day"], name="mail_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} – {self.on_day:%d/%m/%Y}"
