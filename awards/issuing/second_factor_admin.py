"""The signer's TOTP devices in the admin (issue 14): each office sees its own people's devices and removes a
lost one (recovery), the deployment's administrator sees all; nobody adds or edits a device here (people enrol
on the portal's “Xác thực hai lớp” page). Deletions are kept in the device's history.

Registered by ops/admin.py, after it removes django-otp's own admin for the model."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaign.admin_base import ScopedHistoryAdmin
from campaign.rules import second_factors_for


class SecondFactorDeviceAdmin(ScopedHistoryAdmin):
    list_display = ["user", "person", "name", "confirmed", "last_used_at", "throttling_failure_count"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__staff_member__full_name", "name"]
    fields = ["user", "person", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    list_select_related = ["user__staff_member"]

    def get_queryset(self, request):
        # A device has no agency of its own: its person's agency decides (campaign/rules.second_factors_for).
        queryset = admin.ModelAdmin.get_queryset(self, request).select_related("user__staff_member")
        return second_factors_for(request.user, queryset)

    @admin.display(description="cán bộ")
    def person(self, obj: TOTPDevice) -> str:
        staff = getattr(obj.user, "staff_member", None)
        return staff.full_name if staff is not None else "—"
