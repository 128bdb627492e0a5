"""Queueing mail: render the agency's template (or the default), store the message in the agency's
outbox and hand it to the queue once the transaction commits (CONVENTIONS.md: mail only after commit)."""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.template import Context, Engine, TemplateSyntaxError, Variable
from django.template.base import VariableNode
from django.utils import timezone

from campaign.models import Agency
from campaign.rules import ensure
from core.errors import DomainError

from .defaults import KINDS, sample_context
from .models import MailStatus, MailTemplate, OutgoingMail

# Plain text: nothing is HTML-escaped; the office's text is rendered as written.
_ENGINE = Engine(autoescape=False)


class TemplateInvalid(DomainError):
    """A mail template that does not render; `field` says which part (subject or body)."""

    def __init__(self, message: str, field: str = "body"):
        super().__init__(message)
        self.field = field


_SYNTAX_ERRORS = (
    (re.compile(r"Unclosed tag on line (\d+): '(\w+)'"), "thẻ {{% {1} %}} ở dòng {0} chưa được đóng (thiếu {{% end{1} %}})"),
    (re.compile(r"Invalid block tag on line (\d+): '([^']+)'"), "thẻ {{% {1} %}} ở dòng {0} không hợp lệ hoặc đặt sai chỗ"),
    (re.compile(r"Invalid filter: '([^']+)'"), "bộ lọc “{0}” không tồn tại"),
    (re.compile(r"Could not parse the remainder: '([^']*)' from '([^']*)'"), "không đọc được “{1}” (phần thừa “{0}”)"),
    (re.compile(r"Empty variable tag on line (\d+)"), "cặp {{{{ }}}} ở dòng {0} không có tên biến"),
    (re.compile(r"Unclosed tag"), "có thẻ chưa được đóng"),
)


def _syntax_error_vi(error: Exception) -> str:
    text = str(error)
    for pattern, message in _SYNTAX_ERRORS:
        match = pattern.search(text)
        if match:
            return message.format(*match.groups())
    return "dấu {{ }} hoặc {% %} viết chưa đúng"


def render_text(text: str, context: dict, *, field: str = "body", known: set[str] | None = None) -> str:
    """`text` rendered with `context`; with `known` (the variables a kind of mail has), a variable not
    among them is an error too (it would silently print nothing)."""
    where = "Tiêu đề" if field == "subject" else "Nội dung"
    try:
        template = _ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise TemplateInvalid(
            f"{where} có lỗi cú pháp mẫu: {_syntax_error_vi(error)}. Biến viết dạng {{{{ ten_bien }}}}.", field
        ) from None
    if known is not None:
        unknown = sorted(
            {
                str(node.filter_expression.var).split(".")[0]
                for node in template.nodelist.get_nodes_by_type(VariableNode)
                if isinstance(node.filter_expression.var, Variable)
            }
            - known
        )
        if unknown:
            names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
            raise TemplateInvalid(f"{where} dùng biến không có trong danh sách biến dùng được: {names}.", field)
    try:
        return template.render(Context(context, autoescape=False))
    except Exception:  # a filter or tag failing on the values
        raise TemplateInvalid(f"{where} không hiển thị được với dữ liệu mẫu; hãy kiểm tra các bộ lọc và thẻ.", field) from None


def render(subject: str, body: str, context: dict, *, known: set[str] | None = None) -> tuple[str, str]:
    rendered_subject = " ".join(render_text(subject, context, field="subject", known=known).split())
    return rendered_subject, render_text(body, context, field="body", known=known)


def check_template(key: str, subject: str, body: str) -> tuple[str, str]:
    """The preview of an edited template with the sample values; a Vietnamese error where it fails."""
    context = sample_context(key)
    subject_out, body_out = render(subject, body, context, known=set(context))
    if not subject_out:
        raise TemplateInvalid("Tiêu đề thư không được để trống sau khi điền dữ liệu.", "subject")
    if len(subject_out) > 300:
        raise TemplateInvalid("Tiêu đề thư dài quá 300 ký tự sau khi điền dữ liệu; hãy rút gọn.", "subject")
    return subject_out, body_out


def ensure_templates(agency: Agency) -> None:
    """The agency's own copy of each mail template, made from the deployment's default (a row without an
    agency, if the deployment keeps one, else the text shipped in defaults.py). The copy follows the
    default until the office edits it (`customised`)."""
    mine = set(MailTemplate.objects.filter(agency=agency).values_list("key", flat=True))
    missing = [key for key in KINDS if key not in mine]
    if not missing:
        return
    defaults = {t.key: (t.subject, t.body) for t in MailTemplate.objects.filter(agency__isnull=True, key__in=missing)}
    MailTemplate.objects.bulk_create(
        [
            MailTemplate(agency=agency, key=key, subject=subject, body=body)
            for key in missing
            for subject, body in [defaults.get(key, (KINDS[key].subject, KINDS[key].body))]
        ],
        ignore_conflicts=True,
    )


def template_for(agency: Agency, key: str) -> tuple[str, str]:
    """The agency's edited text, else the deployment's default row, else the text shipped in defaults.py."""
    rows = {
        row.agency_id: row
        for row in MailTemplate.objects.filter(key=key).filter(agency=agency, customised=True)
        | MailTemplate.objects.filter(key=key, agency__isnull=True)
    }
    row = rows.get(agency.pk) or rows.get(None)
    if row is not None:
        return row.subject, row.body
    return KINDS[key].subject, KINDS[key].body


def queue_mail(
    agency: Agency, key: str, to: Iterable[str], context: dict, *, about: Model | None = None
) -> OutgoingMail | None:
    """Render the mail `key` for `agency`, store it in the agency's outbox and enqueue its sending after
    commit. No recipient, no mail. A template the office broke falls back to the default text, so a
    notification is never lost to a typo."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    subject_text, body_text = template_for(agency, key)
    try:
        subject, body = render(subject_text, body_text, context)
    except TemplateInvalid:
        subject, body = render(KINDS[key].subject, KINDS[key].body, context)
    mail = OutgoingMail.objects.create(
        agency=agency,
        kind=key,
        recipients=", ".join(recipients),
        subject=subject[:300],
        body=body,
        next_attempt_at=timezone.now(),
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
        about_label=str(about)[:300] if about is not None else "",
    )
    enqueue_sending(mail.pk)
    return mail


def enqueue_sending(mail_pk: int, *, run_after: datetime | None = None) -> None:
    from .tasks import send_outgoing_mail

    def enqueue():
        task = send_outgoing_mail.using(run_after=run_after) if run_after is not None else send_outgoing_mail
        task.enqueue(mail_pk)

    transaction.on_commit(enqueue)


def resend(*, mail: OutgoingMail, by) -> bool:
    """The office sends a failed mail again (a fresh round of attempts). Another status is left as it is."""
    ensure(by, "mail.resend_outgoingmail", mail)
    with transaction.atomic():
        updated = OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), sending_started_at=None
        )
        if updated:
            enqueue_sending(mail.pk)
    return bool(updated)


# A worker killed between "sending" and "sent" leaves the mail in "sending": after this long it is
# queued again (the mail may then go out twice in that rare case, never zero times).
STALE_SENDING = timedelta(minutes=15)
# A queued mail whose task is lost (worker stopped, queue cleared) is enqueued again after this long.
STALE_QUEUED = timedelta(minutes=10)


def sweep_outbox(now: datetime | None = None) -> int:
    """Put back in the queue what a dead worker left behind; sending is idempotent, so a mail enqueued
    twice is still sent once."""
    now = now or timezone.now()
    OutgoingMail.objects.filter(status=MailStatus.SENDING, sending_started_at__lt=now - STALE_SENDING).update(
        status=MailStatus.QUEUED,
        next_attempt_at=now,
        last_error="Tiến trình gửi bị dừng giữa chừng; thư được gửi lại.",
    )
    stale = list(
        OutgoingMail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lt=now - STALE_QUEUED).values_list(
            "pk", flat=True
        )
    )
    for pk in stale:
        enqueue_sending(pk)
    return len(stale)
