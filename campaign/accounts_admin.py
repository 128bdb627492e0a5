"""For StaffMemberAdmin: the office gives its people their logins (campaign/accounts.py).

A staff member's page shows their login by name and, for the office, a "Tài khoản đăng nhập" button leading to
a page that issues one, links one the agency already has, or sets a new password. The list of staff has an
action that issues logins to everyone chosen who has none. A password made here is shown once, on the page
that answers the click, and never again; the page is not cached."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers

from core.errors import DomainError

from .accounts import (
    check_username,
    issue_login,
    issue_logins,
    link_login,
    plan_logins,
    reset_password,
    suggested_username,
)
from .admin_base import ChoiceFilter
from .rules import can, refuse_unless, standing

LOGIN = "Tài khoản đăng nhập"


class IssueLoginForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150,
                               error_messages={"required": "Hãy nhập tên đăng nhập."},
                               help_text="Chữ không dấu, chữ số và . @ + - _; gợi ý theo tên và cơ quan, sửa được.")
    email = forms.EmailField(label="Thư điện tử", required=False,
                             error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@sct.dongthap.gov.vn."},
                             help_text="Địa chỉ nhận thông báo của cổng về hồ sơ của đơn vị (không bắt buộc).")


    def clean_username(self):
        try:
            return check_username(self.cleaned_data["username"])
        except DomainError as error:  # beside the field, together with any other field's error
            raise forms.ValidationError(error.message) from None


class LinkLoginForm(forms.Form):
    existing = forms.CharField(label="Tên đăng nhập có sẵn", max_length=150,
                               error_messages={"required": "Hãy nhập tên đăng nhập có sẵn."},
                               help_text="Tài khoản giữ vai trò trong cơ quan (Văn phòng, Lãnh đạo, Ban Thanh tra) "
                                         "mà chưa gắn với cán bộ nào.")


class HasLoginFilter(ChoiceFilter):
    """Who still needs a login: filter, tick all, then the action below."""

    title = "tài khoản đăng nhập"
    parameter_name = "tai_khoan"
    options = (("co", "Đã có", Q(user__isnull=False)), ("chua", "Chưa có", Q(user__isnull=True)))


class StaffLoginsMixin:
    """Logins of the agency's staff, in the admin of StaffMember."""

    change_form_template = "admin/campaign/staffmember/change_form.html"
    actions = ["issue_logins_action"]

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/tai-khoan/", self.admin_site.admin_view(self.login_view),
                 name=f"{opts.app_label}_{opts.model_name}_login"),
            *super().get_urls(),
        ]

    # Only the deployment's administrator picks a login by its id; the others see its name (the admin's
    # lookup of logins is theirs alone) and use the page below.
    def get_list_filter(self, request):
        return [*super().get_list_filter(request), HasLoginFilter]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if standing(request.user).is_admin:
            return fields
        return [("login_account" if name == "user" else name) for name in fields if name != "login_account"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "login_account"]

    @admin.display(description=LOGIN)
    def login_account(self, obj):
        if obj is None or obj.pk is None:
            return "Lưu cán bộ trước; sau đó cấp tài khoản ở nút “Tài khoản đăng nhập”."
        return obj.user.username if obj.user_id else "Chưa có"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        extra = {"may_manage_login": obj is not None and can(request.user, "campaign.manage_login", obj)}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def login_view(self, request, object_id):
        staff = self.get_object(request, unquote(object_id))
        if staff is None:
            raise Http404("Không tìm thấy cán bộ.")
        refuse_unless(request.user, "campaign.manage_login", staff)
        issue_form = IssueLoginForm(initial={"username": suggested_username(staff)} if staff.user_id is None else None)
        link_form = LinkLoginForm()
        if request.method == "POST":
            step = request.POST.get("step")
            try:
                if step == "issue":
                    issue_form = IssueLoginForm(request.POST)
                    if issue_form.is_valid():
                        issued = issue_login(by=request.user, staff=staff, **issue_form.cleaned_data)
                        self.log_change(request, staff, f"Cấp tài khoản đăng nhập “{issued.username}”.")
                        return self._handed_over(request, [issued], [], heading=f"Đã cấp tài khoản cho {staff.full_name}")
                elif step == "link":
                    link_form = LinkLoginForm(request.POST)
                    if link_form.is_valid():
                        link_login(by=request.user, staff=staff, username=link_form.cleaned_data["existing"])
                        staff.refresh_from_db()
                        self.log_change(request, staff, f"Gắn tài khoản đăng nhập “{staff.user.username}”.")
                        messages.success(request, f"Đã gắn tài khoản “{staff.user.username}” với {staff.full_name}.")
                        return self._to_change_page(staff)
                elif step == "reset":
                    issued = reset_password(by=request.user, staff=staff)
                    self.log_change(request, staff, f"Đặt lại mật khẩu tài khoản “{issued.username}”.")
                    return self._handed_over(request, [issued], [], heading=f"Đã đặt lại mật khẩu của {staff.full_name}")
                else:
                    messages.error(request, "Thao tác không hợp lệ; hãy chọn lại.")
            except DomainError as error:
                staff.refresh_from_db()
                form = {"issue": issue_form, "link": link_form}.get(step) if staff.user_id is None else None
                if form is not None:  # beside what was typed
                    form.add_error(None, error.message)
                else:  # the forms are gone (a login came meanwhile, a double click): said at the top
                    messages.error(request, error.message)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{LOGIN} - {staff.full_name}",
            "staff": staff,
            "issue_form": issue_form,
            "link_form": link_form,
            "may_reset": staff.user_id is not None and can(request.user, "campaign.reset_password", staff),
            "opts": self.model._meta,
            "original": staff,
        }
        response = TemplateResponse(request, "admin/campaign/staffmember/login.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description="Cấp tài khoản đăng nhập cho cán bộ đã chọn (chưa có tài khoản)",
                  permissions=["manage_login"])
    def issue_logins_action(self, request, queryset):
        """First a page listing who gets which login and who is left out (nothing is made yet), then, once
        confirmed, the logins and their passwords, shown once."""
        chosen = list(queryset.select_related("unit__agency", "user").order_by("unit__display_order", "full_name"))
        allowed = [staff for staff in chosen if can(request.user, "campaign.manage_login", staff)]
        if request.POST.get("post") != "yes":
            return self._confirm_logins(request, allowed)
        issued, skipped = issue_logins(by=request.user, staff_members=allowed)
        for result in issued:
            self.log_change(request, result.staff, f"Cấp tài khoản đăng nhập “{result.username}”.")
        if not issued:
            reasons = "; ".join(f"{staff.full_name}: {why}" for staff, why in skipped) or "không có cán bộ nào"
            messages.warning(request, f"Không cấp tài khoản nào ({reasons}).")
            return None
        return self._handed_over(request, issued, skipped, heading=f"Đã cấp {len(issued)} tài khoản đăng nhập")

    def _confirm_logins(self, request, allowed):
        planned, skipped = plan_logins(allowed)
        context = {
            **self.admin_site.each_context(request),
            "title": "Cấp tài khoản đăng nhập cho cán bộ đã chọn",
            "planned": planned,
            "skipped": skipped,
            "chosen": [staff.pk for staff in allowed],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/campaign/staffmember/logins_confirm.html", context)

    def has_manage_login_permission(self, request):
        return can(request.user, "campaign.manage_login")

    def _handed_over(self, request, issued, skipped, *, heading):
        context = {
            **self.admin_site.each_context(request),
            "title": heading,
            "issued": issued,
            "skipped": skipped,
            "login_url": request.build_absolute_uri(reverse("login")),
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/campaign/staffmember/logins_issued.html", context)
        add_never_cache_headers(response)  # the passwords are shown once, never kept by a cache
        return response

    def _to_change_page(self, staff):
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[staff.pk]))
