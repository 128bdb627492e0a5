"""The plan's admin pages for the law by date (R11, issue 13): Căn cứ pre-filled when a plan is created,
a warning when a plan cites a text not in force on its date, and "Tạo kế hoạch mới từ kế hoạch này"
(an object tool and a form page). The rules are in campaign/plans.py; this is the admin's part."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.errors import DomainError
from core.time import vn_date

from .plans import check_new_plan, copy_plan, prefill_legal_bases, stale_warning
from .rules import can, refuse_unless


class NextPlanForm(forms.Form):
    number = forms.CharField(
        label="Số kế hoạch mới",
        max_length=50,
        help_text="Số do Văn thư cấp, ví dụ 45/KH-SCT.",
        error_messages={"required": "Hãy nhập số của kế hoạch mới."},
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Hãy nhập năm của kế hoạch.",
            "invalid": "Năm phải là một số, ví dụ 2025.",
            "min_value": "Năm phải từ 2000 đến 2100.",
            "max_value": "Năm phải từ 2000 đến 2100.",
        },
    )
    plan_date = forms.DateField(
        label="Ngày ký kế hoạch",
        required=False,
        help_text="dd/mm/yyyy; để trống nếu chưa vào sổ.",
        error_messages={"invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."},
    )
    launch_date = forms.DateField(
        label="Ngày phát động",
        help_text="dd/mm/yyyy; căn cứ pháp lý được điền theo chế độ áp dụng vào ngày này.",
        error_messages={"required": "Hãy nhập ngày phát động.", "invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."},
    )
    emulation_end = forms.DateField(
        label="Hết thời hạn thi đua",
        help_text="dd/mm/yyyy, tính hết ngày.",
        error_messages={"required": "Hãy nhập ngày kết thúc thi đua.", "invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."},
    )
    submission_deadline = forms.DateField(
        label="Hạn nộp hồ sơ",
        help_text="dd/mm/yyyy, tính hết ngày.",
        error_messages={"required": "Hãy nhập hạn nộp hồ sơ.", "invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."},
    )

    def __init__(self, *args, source, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 12})

    def clean_number(self):
        number = " ".join(self.cleaned_data["number"].split())
        if "\x00" in number:
            raise forms.ValidationError("Số kế hoạch có ký tự không hợp lệ.")
        return number

    def clean(self):
        data = super().clean()
        needed = ("number", "year", "launch_date", "emulation_end", "submission_deadline")
        for name, message in check_new_plan(source=self.source, **{n: data.get(n) for n in needed}).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


def _shifted(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


class PlanAdminMixin:
    """For CampaignAdmin: the pre-filled Căn cứ, the warning, and next year's plan."""

    change_form_template = "admin/campaign/campaign/change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/ke-hoach-moi/",
                self.admin_site.admin_view(self.next_plan_view),
                name=f"{opts.app_label}_{opts.model_name}_next_plan",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None:
            extra_context["legal_warning"] = stale_warning(obj)
            extra_context["may_copy_plan"] = can(request.user, "campaign.copy_campaign", obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        campaign = form.instance
        if not change:
            initial = prefill_legal_bases(campaign)
            if initial is not None:
                regime = (
                    f"chế độ “{initial.regime.name}”" if initial.regime is not None
                    else f"(chưa có chế độ pháp lý nào áp dụng ngày {vn_date(campaign.launch_date)})"
                )
                messages.info(
                    request,
                    f"Đã điền sẵn {len(initial.lines)} dòng căn cứ theo {regime}, căn cứ thẩm quyền của cơ quan và "
                    "chính kế hoạch; hãy kiểm tra và sửa nếu cần.",
                )
        warning = stale_warning(campaign)
        if warning:
            messages.warning(request, warning)

    def next_plan_view(self, request, object_id):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404("Không tìm thấy kế hoạch.")
        refuse_unless(request.user, "campaign.copy_campaign", source)
        if request.method == "POST":
            form = NextPlanForm(request.POST, source=source)
            if form.is_valid():
                try:
                    copy = copy_plan(source=source, by=request.user, **form.cleaned_data)
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        f"Đã tạo kế hoạch {copy.number} năm {copy.year} từ kế hoạch {source.number}: "
                        f"{copy.content_items.count()} nội dung, {copy.dossier_requirements.count()} yêu cầu hồ sơ, "
                        f"{copy.legal_bases.count()} dòng căn cứ theo pháp luật áp dụng ngày "
                        f"{vn_date(copy.launch_date)}. Hãy kiểm tra lại nội dung kế hoạch.",
                    )
                    warning = stale_warning(copy)
                    if warning:
                        messages.warning(request, warning)
                    opts = self.model._meta
                    return HttpResponseRedirect(
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[copy.pk])
                    )
        else:
            form = NextPlanForm(
                source=source,
                initial={
                    "year": source.year + 1,
                    "launch_date": _shifted(source.launch_date, 1),
                    "emulation_end": _shifted(source.emulation_end, 1),
                    "submission_deadline": _shifted(source.submission_deadline, 1),
                },
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Tạo kế hoạch mới từ kế hoạch này",
            "source": source,
            "form": form,
            "opts": self.model._meta,
            "original": source,
        }
        return TemplateResponse(request, "admin/campaign/campaign/next_plan.html", context)
