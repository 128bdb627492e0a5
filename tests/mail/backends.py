"""A mail backend whose server is down: every send raises, as an unreachable SMTP server would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Máy chủ thư không phản hồi")
