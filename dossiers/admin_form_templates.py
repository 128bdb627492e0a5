"""The office's own DOCX templates (FormTemplate): an upload is checked as a real docxtpl template with
sample values before it replaces the portal's default for the agency (dossiers/forms_docx.py)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header

from campaign.admin_base import ScopedHistoryAdmin
from core.errors import DomainError
from core.storage import store_for_row
from core.uploads import UploadRefused, clean_file_name
from legal.models import LegalRegime

from . import forms_docx
from .form_views import DOCX_TYPE
from .models import FormTemplate

# The office itself uploads these: the store's failure goes to whoever runs the server.
TEMPLATE_STORAGE_FAILED = (
    "Không lưu được tệp “{name}” vào kho lưu trữ của máy chủ; chưa có gì thay đổi. "
    "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống."
)


class FormTemplateForm(forms.ModelForm):
    class Meta:
        model = FormTemplate
        fields = ["agency", "regime", "kind", "file"]
        # The file dialog offers Word documents only (and a file of another kind dropped on the field is
        # refused beside it, static/js/portal.js); the server checks the file itself again (clean_file).
        widgets = {"file": AdminFileWidget(attrs={"accept": ".docx"})}
        help_texts = {
            "file": "Tệp Word .docx có các biến docxtpl, ví dụ {{ unit.name }}, {{ nominee.name }}; "
            "vòng lặp {%p for n in individuals %} … {%p endfor %}. Tệp được thử điền với dữ liệu mẫu trước khi lưu. "
            f"Các biến: {forms_docx.VARIABLES_HINT}.",
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):  # unchanged on an edit
            return upload
        try:
            forms_docx.check_template(upload)
        except UploadRefused as error:
            raise forms.ValidationError(error.message) from None
        return upload

    def _post_clean(self):
        """Once everything else is valid, the new file is stored as every stored file is
        (core.storage.store_for_row), inside the admin's transaction: a disk or an object store that fails
        is an error on the field, with the rest of the form kept, instead of an error page at the save."""
        super()._post_clean()
        upload = self.cleaned_data.get("file")
        if self.errors or "file" not in self.changed_data or not hasattr(upload, "content_type"):
            return
        upload.seek(0)  # check_template read it
        try:
            store_for_row(self.instance.file, clean_file_name(upload.name), upload, refused=TEMPLATE_STORAGE_FAILED)
        except DomainError as error:
            self.add_error("file", error.message)


@admin.register(FormTemplate)
class FormTemplateAdmin(ScopedHistoryAdmin):
    form = FormTemplateForm
    list_display = ["kind", "regime", "agency", "original_name", "uploaded_at", "default_link"]
    list_filter = ["regime", "kind"]
    list_select_related = ["regime", "agency"]
    readonly_fields = ["original_name", "uploaded_at", "default_link"]

    @admin.display(description="Mẫu mặc định của cổng")
    def default_link(self, obj):
        """The default to start from: this form's, or on a new template every default by regime."""
        if obj is not None and obj.pk is not None:
            url = reverse("admin:dossiers_formtemplate_default", args=[obj.regime.code, forms_docx.SLUGS[obj.kind]])
            return format_html('<a href="{}">Tải mẫu mặc định</a>', url)
        lines = []
        for regime in LegalRegime.objects.order_by("valid_from"):
            links = format_html_join(
                " · ", '<a href="{}">{}</a>',
                ((reverse("admin:dossiers_formtemplate_default", args=[regime.code, slug]), forms_docx.TITLES[kind])
                 for kind, slug in forms_docx.SLUGS.items()
                 if (forms_docx.FORMS_DIR / regime.code / f"{kind}.docx").is_file()),
            )
            if links:
                lines.append(format_html("<div><strong>{}</strong>: {}</div>", regime.name, links))
        return format_html_join("", "{}", ((line,) for line in lines))

    def get_urls(self):
        return [
            path("mac-dinh/<slug:regime_code>/<slug:slug>.docx", self.admin_site.admin_view(self.default_view),
                 name="dossiers_formtemplate_default"),
            *super().get_urls(),
        ]

    def default_view(self, request, regime_code: str, slug: str):
        """The portal's default template of a form, to start an agency's own from it."""
        if not self.has_add_permission(request):
            raise PermissionDenied("Chỉ Văn phòng Sở mới tải mẫu mặc định để thay thế.")
        kind = forms_docx.KIND_BY_SLUG.get(slug)
        regime = LegalRegime.objects.filter(code=regime_code).first()
        path_ = forms_docx.FORMS_DIR / regime.code / f"{kind}.docx" if regime and kind else None
        if path_ is None or not path_.is_file():
            raise Http404("Không có mẫu mặc định này.")
        response = HttpResponse(path_.read_bytes(), content_type=DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"mau-{regime.code}-{slug}.docx")
        return response

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.original_name = clean_file_name(form.cleaned_data["file"].name)
            obj.uploaded_by = request.user
        elif not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
