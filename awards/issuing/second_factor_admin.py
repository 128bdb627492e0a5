"""The signer's TOTP devices in the admin (issue 14): each office sees its own people's devices and removes a
lost one (recovery), the deployment's administrator sees all; nobody adds or edits a device here (people enrol
on the portal's “Xác thực hai lớp” page). Deletions are kept in the device's history.

Registered by ops/admin.py, after it removes django-otp's own admin for the model."""

from django.contrib import admin
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaign.admin_base import ChoiceFilter, ScopedHistoryAdmin
from campaign.history_display import display_value
from campaign.rules import second_factors_for


class ConfirmedFilter(ChoiceFilter):
    title = "đã xác nhận"
    parameter_name = "confirmed"
    options = (("1", "Có", Q(confirmed=True)), ("0", "Không", Q(confirmed=False)))


class SecondFactorDeviceAdmin(ScopedHistoryAdmin):
    # django-otp names its fields in English without gettext: each column and line is labelled here instead.
    list_display = ["account", "person", "device_name", "is_confirmed", "last_used", "failures"]
    list_filter = [ConfirmedFilter]
    search_fields = ["user__username", "user__staff_member__full_name", "name"]
    search_help_text = "Tìm theo tên đăng nhập, họ tên hoặc tên thiết bị."
    fields = ["account", "person", "device_name", "is_confirmed", "created", "last_used", "failures"]
    readonly_fields = fields
    list_select_related = ["user__staff_member"]

    @admin.display(description="tài khoản", ordering="user__username")
    def account(self, obj: TOTPDevice) -> str:
        return obj.user.username

    @admin.display(description="tên thiết bị", ordering="name")
    def device_name(self, obj: TOTPDevice) -> str:
        return obj.name

    @admin.display(description="đã xác nhận", boolean=True, ordering="confirmed")
    def is_confirmed(self, obj: TOTPDevice) -> bool:
        return obj.confirmed

    @admin.display(description="đăng ký lúc")
    def created(self, obj: TOTPDevice) -> str:
        return display_value(None, obj.created_at)

    @admin.display(description="dùng lần cuối", ordering="last_used_at")
    def last_used(self, obj: TOTPDevice) -> str:
        return display_value(None, obj.last_used_at) if obj.last_used_at else "chưa dùng"

    @admin.display(description="số lần nhập sai liên tiếp", ordering="throttling_failure_count")
    def failures(self, obj: TOTPDevice) -> int:
        return obj.throttling_failure_count

    def get_queryset(self, request):
        # A device has no agency of its own: its person's agency decides (campaign/rules.second_factors_for).
        queryset = admin.ModelAdmin.get_queryset(self, request).select_related("user__staff_member")
        return second_factors_for(request.user, queryset)

    @admin.display(description="cán bộ")
    def person(self, obj: TOTPDevice) -> str:
        staff = getattr(obj.user, "staff_member", None)
        return staff.full_name if staff is not None else "—"
