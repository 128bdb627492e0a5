"""The office's outbox and mail templates in the admin (issue 15 point 7). Access is the rules' (campaign/
rules.py) through ScopedAdmin: the agency's office reads the outbox, sends a failed mail again and edits
its templates; the inspection board reads the outbox; another agency sees nothing."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from campaign.admin_base import ScopedAdmin
from campaign.rules import can, standing
from core.time import PLAN_TZ

from .defaults import KINDS, sample_context
from .models import MailStatus, MailTemplate, OutgoingMail
from .services import TemplateInvalid, check_template, ensure_templates, render, resend


def _local(moment) -> str:
    return moment.astimezone(PLAN_TZ).strftime("%d/%m/%Y %H:%M") if moment else "–"


_STATUS_COLOURS = {
    MailStatus.QUEUED: "#8a6d00",
    MailStatus.SENDING: "#1f5fa8",
    MailStatus.SENT: "#1b7a35",
    MailStatus.FAILED: "#b3261e",
}


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ScopedAdmin):
    list_display = ["created", "status_badge", "recipients_display", "subject", "attempts", "sent", "about_link"]
    list_display_links = ["subject"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["subject", "recipients", "about_label"]
    list_per_page = 50
    actions = ["resend_action"]
    fields = [
        "kind_display", "status_badge", "recipients", "subject", "body_display", "created", "attempts",
        "next_attempt", "sent", "last_error", "about_link",
    ]
    readonly_fields = fields

    @admin.display(description="Tạo lúc", ordering="created_at")
    def created(self, obj):
        return _local(obj.created_at)

    @admin.display(description="Đã gửi lúc", ordering="sent_at")
    def sent(self, obj):
        return _local(obj.sent_at)

    @admin.display(description="Gửi (lại) lúc")
    def next_attempt(self, obj):
        return _local(obj.next_attempt_at) if obj.status == MailStatus.QUEUED else "–"

    @admin.display(description="Trạng thái", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<strong style="color:{}">{}</strong>', _STATUS_COLOURS.get(obj.status, "inherit"), obj.get_status_display()
        )

    @admin.display(description="Người nhận")
    def recipients_display(self, obj):
        return format_html_join(mark_safe("<br>"), "{}", ((address,) for address in obj.recipient_list))

    @admin.display(description="Loại thư", ordering="kind")
    def kind_display(self, obj):
        return obj.kind_label

    @admin.display(description="Nội dung")
    def body_display(self, obj):
        return format_html('<pre style="white-space:pre-wrap;font-family:inherit;margin:0">{}</pre>', obj.body)

    @admin.display(description="Về việc")
    def about_link(self, obj):
        if not obj.about_type_id:
            return obj.about_label or "–"
        # ContentType rows are cached by Django: no query per row.
        content_type = ContentType.objects.get_for_id(obj.about_type_id)
        try:
            url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[obj.about_id])
        except NoReverseMatch:
            return obj.about_label
        return format_html('<a href="{}">{}</a>', url, obj.about_label)

    def has_resend_permission(self, request):
        return can(request.user, "mail.resend_outgoingmail")

    @admin.action(description="Gửi lại thư gửi không được", permissions=["resend"])
    def resend_action(self, request, queryset):
        done, skipped = [], 0
        for mail in queryset:
            if can(request.user, "mail.resend_outgoingmail", mail) and resend(mail=mail, by=request.user):
                done.append(mail)
            else:
                skipped += 1
        if done:
            self.message_user(request, f"Đã xếp {len(done)} thư vào hàng đợi để gửi lại.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} thư không gửi lại (chỉ gửi lại được thư ở trạng thái “Gửi không được”).",
                messages.WARNING,
            )


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"size": 100}),
            "body": forms.Textarea(attrs={"rows": 14, "cols": 100}),
        }

    def clean(self):
        data = super().clean()
        if self.instance.key and "subject" in data and "body" in data:
            try:
                check_template(self.instance.key, data["subject"], data["body"])
            except TemplateInvalid as error:
                self.add_error(error.field, error.message)
        return data


# The name of the change form's "Xem trước" button (templates/admin/mail/mailtemplate/change_form.html).
PREVIEW = "_preview"


class PreviewForm(forms.ModelForm):
    """The form posted with "Xem trước": checked as for saving (its errors shown on the fields), the text as
    typed kept on the instance for the preview, and never valid, so the admin shows the form again and
    saves nothing."""

    def is_valid(self):
        super().is_valid()
        self.instance._typed = (self.data.get("subject", ""), self.data.get("body", ""))
        return False


@admin.register(MailTemplate)
class MailTemplateAdmin(ScopedAdmin):
    form = MailTemplateForm
    change_form_template = "admin/mail/mailtemplate/change_form.html"
    list_display = ["__str__", "subject", "customised", "updated", "updated_by"]
    list_select_related = ["updated_by"]
    actions = ["restore_default_action"]
    fields = ["kind_display", "subject", "body", "variables", "preview", "customised", "updated", "updated_by"]
    readonly_fields = ["kind_display", "variables", "preview", "customised", "updated", "updated_by"]

    def changelist_view(self, request, extra_context=None):
        # Each office works on its own agency's copy of every template, made from the default.
        for agency_id in sorted(standing(request.user).office):
            from campaign.models import Agency

            ensure_templates(Agency(pk=agency_id))
        return super().changelist_view(request, extra_context)

    @admin.display(description="Loại thư")
    def kind_display(self, obj):
        return str(obj)

    @admin.display(description="Sửa lúc", ordering="updated_at")
    def updated(self, obj):
        return _local(obj.updated_at)

    @admin.display(description="Các biến dùng được")
    def variables(self, obj):
        kind = KINDS.get(obj.key)
        if kind is None:
            return "–"
        rows = format_html_join(
            "",
            "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td><td>{}</td></tr>",
            ((name, description, sample) for name, (description, sample) in kind.variables.items()),
        )
        return format_html(
            "<table><thead><tr><th>Biến</th><th>Ý nghĩa</th><th>Ví dụ</th></tr></thead><tbody>{}</tbody></table>"
            "<p class=\"help\">Có thể dùng {} để viết đoạn chỉ hiện khi biến có giá trị.</p>",
            rows,
            "{% if ten_bien %}…{% endif %}",
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "POST" and PREVIEW in request.POST:
            return type(form_class.__name__, (PreviewForm, form_class), {})
        return form_class

    @admin.display(description="Xem trước (với dữ liệu mẫu)")
    def preview(self, obj):
        if not obj.key:
            return "–"
        typed = getattr(obj, "_typed", None)
        try:
            if typed is not None:
                subject, body = check_template(obj.key, *typed)
            else:
                subject, body = render(obj.subject, obj.body, sample_context(obj.key))
        except TemplateInvalid as error:
            return format_html('<p class="errornote" style="margin:0">Chưa xem trước được: {}</p>', error.message)
        return format_html(
            '<div style="border:1px solid #ccc;padding:8px;max-width:60em">{}<p><strong>Tiêu đề:</strong> {}</p>'
            '<pre style="white-space:pre-wrap;font-family:inherit;margin:0">{}</pre></div>',
            format_html('<p class="help" style="margin-top:0"><strong>{}</strong></p>',
                        "Bản đang soạn, chưa được lưu: bấm “Lưu lại” để lưu.")
            if typed is not None else format_html('<p class="help" style="margin-top:0">{}</p>', "Bản đã lưu."),
            subject,
            body,
        )

    def save_model(self, request, obj, form, change):
        obj.customised = True
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Khôi phục mẫu mặc định", permissions=["change"])
    def restore_default_action(self, request, queryset):
        defaults = {t.key: t for t in MailTemplate.objects.filter(agency__isnull=True)}
        restored = 0
        for template in queryset:
            default = defaults.get(template.key)
            kind = KINDS.get(template.key)
            if not can(request.user, "mail.change_mailtemplate", template) or kind is None:
                continue
            template.subject = default.subject if default else kind.subject
            template.body = default.body if default else kind.body
            template.customised = False
            template.updated_by = request.user
            template.save()
            restored += 1
        self.message_user(request, f"Đã khôi phục mẫu mặc định cho {restored} mẫu thư.", messages.SUCCESS)
