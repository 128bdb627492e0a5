"""The province in the admin (issue 11): the deployment's administrator sets up provinces and the
committee's accounts; the steering committee keeps the province's plans. Allocations are entered on the
portal's page (with a reason) and only read here, with their history."""

from django.contrib import admin

from campaign.admin_base import ScopedAdmin, ScopedHistoryAdmin, ShownNotEdited
from campaign.models import Allocation, CommitteeMembership, Province, ProvincialPlan
from campaign.rules import standing


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ["name", "code", "place_name", "committee_name"]
    search_fields = ["name", "code"]


@admin.register(ProvincialPlan)
class ProvincialPlanAdmin(ScopedHistoryAdmin):
    list_display = ["number", "signing_date", "issuer", "title", "year", "province"]
    list_filter = ["year"]
    search_fields = ["number", "title"]
    list_select_related = ["province"]
    fields = ["province", "number", "signing_date", "issuer", "title", "year"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province" and not standing(request.user).is_admin:
            # The committee keeps the plans of its own province only.
            kwargs["queryset"] = Province.objects.filter(pk__in=standing(request.user).committee)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ScopedHistoryAdmin):
    """An account of the steering committee: one account, one place (no role in an agency)."""

    list_display = ["user", "province", "granted_by", "granted_at"]
    list_select_related = ["user", "province", "granted_by"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["granted_by", "granted_at"]
    fields = ["user", "province", "granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Allocation)
class AllocationAdmin(ShownNotEdited, ScopedHistoryAdmin):
    """Read-only: the committee enters allocations on the portal (Phân bổ), where a reason is required and
    the floor of what each agency has forwarded is checked."""

    list_display = ["agency", "provincial_plan", "collectives", "individuals", "updated_by", "updated_at"]
    list_select_related = ["agency", "provincial_plan", "updated_by"]
    readonly_fields = ["provincial_plan", "agency", "collectives", "individuals", "updated_by", "updated_at"]
