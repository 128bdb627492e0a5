from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import legal_admin  # noqa: F401  (registers the law by date: legal/ cannot import the rules)
from .accounts_admin import StaffLoginsMixin
from .admin_base import (
    BoundedInlineFormSet,
    ReadOnlyInline,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedTabularInline,
)
from .forms import AdminLoginForm
from .models import (
    Acknowledgement,
    Agency,
    Board,
    BoardMembership,
    Campaign,
    ContentItem,
    DossierRequirement,
    LegalBasis,
    Membership,
    NameChange,
    NonWorkingDay,
    ProgressEvidence,
    ProgressReport,
    Role,
    StaffMember,
    SupervisionReport,
    Unit,
)
from .plan_admin import PlanAdminMixin
from .recommendations import admin as recommendations_admin  # noqa: F401  (the board's recommendations)
from .rules import can, people_of_agencies, standing

admin.site.login_form = AdminLoginForm


class RenameForm(forms.ModelForm):
    """A change of name asks from which day the new name applies: documents dated before keep the old one."""

    renamed_from = forms.DateField(
        label="Tên mới áp dụng từ ngày",
        required=False,
        help_text="Chỉ cần khi đổi tên (hoặc cơ quan cấp trên, địa danh): văn bản ghi ngày trước ngày này vẫn in tên cũ.",
    )
    renamed_fields: tuple[str, ...] = ("name",)

    def clean(self):
        cleaned = super().clean()
        renamed = self.instance.pk and any(field in self.changed_data for field in self.renamed_fields)
        if renamed and not cleaned.get("renamed_from"):
            self.add_error(
                "renamed_from",
                "Hãy nhập ngày tên mới bắt đầu áp dụng; văn bản ghi ngày trước đó vẫn in tên cũ.",
            )
        elif renamed:
            from .services import rename_problem

            problem = rename_problem(obj=self.instance, applies_from=cleaned["renamed_from"])
            if problem:
                self.add_error("renamed_from", problem)
        return cleaned


class AgencyRenameForm(RenameForm):
    renamed_fields = ("name", "parent_authority", "place_name")


class _RenameAdminMixin:
    """Saves a rename with the names it replaces (campaign.services.record_rename), in the same transaction."""

    def save_model(self, request, obj, form, change):
        from .services import record_rename

        if change:
            # The form's clean() already refused a missing or clashing date with a message on the field.
            before = type(obj).objects.filter(pk=obj.pk).values(*form.renamed_fields).first() or {}
            record_rename(obj=obj, before=before, applies_from=form.cleaned_data.get("renamed_from"), by=request.user)
        super().save_model(request, obj, form, change)


class NameChangeInline(ScopedTabularInline):
    model = NameChange
    fk_name = "agency"
    extra = 0
    fields = ["changed_on", "old_name", "old_parent_authority", "old_place_name", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    verbose_name = _("earlier name")
    verbose_name_plural = _("earlier names (documents dated before the change print them)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__isnull=True).select_related("recorded_by")

    def has_add_permission(self, request, obj=None):
        return False


class UnitNameChangeInline(NameChangeInline):
    fk_name = "unit"
    fields = ["changed_on", "old_name", "recorded_by", "recorded_at"]

    def get_queryset(self, request):
        return super(NameChangeInline, self).get_queryset(request).select_related("recorded_by")


@admin.register(Agency)
class AgencyAdmin(_RenameAdminMixin, ScopedAdmin):
    """The deployment's administrator adds agencies (or `manage.py create_agency`); each office keeps
    its own agency's details."""

    form = AgencyRenameForm
    list_display = ["name", "code", "parent_authority", "place_name", "head_title"]
    search_fields = ["name", "code", "parent_authority"]
    inlines = [NameChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # The province an agency answers to is set by the deployment's administrator, not by the agency.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if standing(request.user).is_admin else [*fields, "province"]


@admin.register(Membership)
class MembershipAdmin(ScopedHistoryAdmin):
    """Roles in the agency: the office gives its own people a role; the deployment's administrator
    gives a new agency its first office account."""

    list_display = ["user", "person", "role", "agency", "granted_by", "granted_at"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__staff_member__full_name"]
    list_select_related = ["user__staff_member", "agency", "granted_by"]
    readonly_fields = ["granted_by", "granted_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if standing(request.user).is_admin else qs.filter(agency__in=standing(request.user).office)

    def get_fields(self, request, obj=None):
        fields = ["user", "role", "granted_by", "granted_at"]
        # The office grants roles in its own agency only; the administrator chooses the agency.
        return ["agency", *fields] if standing(request.user).is_admin else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not standing(request.user).is_admin:
            kwargs["queryset"] = people_of_agencies(standing(request.user).office)
        if db_field.name == "agency" and standing(request.user).is_admin:
            kwargs["queryset"] = Agency.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not standing(request.user).is_admin:
            offices = sorted(standing(request.user).office)
            form.base_fields.pop("agency", None)
            agency = Agency.objects.filter(pk__in=offices[:1]).first()

            class OwnAgencyForm(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, **inner)
                    if agency is not None and self.instance.agency_id is None:
                        self.instance.agency = agency

            return OwnAgencyForm
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # An agency keeps at least one office account: the last one is not deleted from here.
        if obj is not None and obj.role == Role.OFFICE and not Membership.objects.filter(
            agency_id=obj.agency_id, role=Role.OFFICE
        ).exclude(pk=obj.pk).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("staff member"))
    def person(self, obj):
        staff = getattr(obj.user, "staff_member", None)
        return staff.full_name if staff is not None else "—"


class LegalBasisInline(ScopedTabularInline):
    model = LegalBasis
    extra = 0
    fields = ["order", "text"]


class ContentItemFormSet(BoundedInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return "Hai nội dung trùng số thứ tự; mỗi nội dung của kế hoạch phải có một số riêng."


class ContentItemInline(ScopedTabularInline):
    model = ContentItem
    formset = ContentItemFormSet
    extra = 0
    fields = ["number", "text"]


class DossierRequirementInline(ScopedTabularInline):
    model = DossierRequirement
    extra = 0
    max_num = 2
    fields = [
        "level",
        "requires_proposal_letter",
        "requires_meeting_minutes",
        "requires_achievement_report",
        "report_kind",
    ]


class CampaignForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Lý do thay đổi thời hạn, chỉ tiêu",
        required=False,
        max_length=100,
        help_text="Bắt buộc khi sửa ngày phát động, thời hạn thi đua, hạn nộp hồ sơ hoặc chỉ tiêu; được lưu trong lịch sử.",
    )

    class Meta:
        model = Campaign
        exclude: list[str] = []  # every field of the plan; the admin's fieldsets choose the layout

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            changed = [name for name in Campaign.RULE_FIELDS if name in self.changed_data]
            if changed and not (data.get("change_reason") or "").strip():
                labels = ", ".join(str(Campaign._meta.get_field(name).verbose_name) for name in changed)
                self.add_error("change_reason", f"Hãy ghi lý do khi thay đổi: {labels}.")
        return data


@admin.register(Campaign)
class CampaignAdmin(PlanAdminMixin, ScopedHistoryAdmin):
    form = CampaignForm
    list_display = [
        "title",
        "number",
        "agency",
        "year",
        "launch_date",
        "emulation_end",
        "submission_deadline",
        "collective_quota",
        "individual_quota",
        "item_count",
    ]
    list_filter = ["agency", "year"]
    search_fields = ["title", "number"]
    date_hierarchy = "launch_date"
    list_select_related = ["agency"]
    inlines = [LegalBasisInline, ContentItemInline, DossierRequirementInline]
    fieldsets = [
        (None, {"fields": ["agency", "number", "plan_date", "title", "year", "preamble"]}),
        (_("Dates"), {"fields": ["launch_date", "emulation_end", "submission_deadline", "change_reason"]}),
        (
            _("Quotas"),
            {
                "fields": [
                    "collective_quota",
                    "individual_quota",
                    "provincial_plan",
                ]
            },
        ),
        (_("Content of the plan"), {"fields": ["purposes", "requirements", "organisation", "recipients"]}),
        (
            _("Awards"),
            {
                "fields": [
                    "award_reason",
                    "award_fund_source",
                    "signer_title",
                    "signer_name",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # simple-history stores this with the new version of the campaign.
        obj._change_reason = (form.cleaned_data.get("change_reason") or "").strip() or None
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("content_items", distinct=True))

    @admin.display(description=_("content items"), ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count


class StaffMemberInline(ScopedTabularInline):
    model = StaffMember
    extra = 0
    fields = ["full_name", "gender", "position", "is_leader", "is_direct_worker", "user", "is_active"]
    raw_id_fields = ["user"]

    # As on a staff member's page (campaign/accounts_admin.py): only the deployment's administrator picks a
    # login by its id; the office sees its name and gives logins on the staff member's page.
    def get_fields(self, request, obj=None):
        if standing(request.user).is_admin:
            return self.fields
        return [("login_name" if name == "user" else name) for name in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "login_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("login account"))
    def login_name(self, obj):
        return obj.user.username if obj.pk and obj.user_id else "—"


@admin.register(Unit)
class UnitAdmin(_RenameAdminMixin, ScopedAdmin):
    form = RenameForm
    list_display = ["name", "kind", "display_order", "agency", "staff_count"]
    list_filter = ["agency", "kind"]
    search_fields = ["name"]
    list_editable = ["display_order"]
    inlines = [StaffMemberInline, UnitNameChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency").annotate(_staff_count=Count("staff"))

    @admin.display(description=_("staff"), ordering="_staff_count")
    def staff_count(self, obj):
        return obj._staff_count


@admin.register(StaffMember)
class StaffMemberAdmin(StaffLoginsMixin, ScopedAdmin):
    list_display = ["full_name", "gender", "position", "unit", "is_leader", "is_direct_worker", "user", "is_active"]
    list_filter = ["unit__agency", "unit", "gender", "is_leader", "is_direct_worker", "is_active"]
    search_fields = ["full_name", "position", "unit__name", "user__username"]
    list_select_related = ["unit", "user"]
    raw_id_fields = ["user"]


class BoardMembershipInline(ScopedTabularInline):
    model = BoardMembership
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(Board)
class BoardAdmin(ScopedAdmin):
    list_display = ["name", "kind", "agency"]
    list_filter = ["agency", "kind"]
    search_fields = ["name", "memberships__staff__full_name"]
    inlines = [BoardMembershipInline]


# Running the campaign: what the office reads and corrects in the admin. Acknowledgements and
# supervision reports are records of what a person did: the admin shows them and never edits them.


class _RecordAdmin(ScopedAdmin):
    """A record kept as made: viewable (and deletable where the rules allow it), never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can(request.user, f"{self.opts.app_label}.view_{self.opts.model_name}", obj)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(_RecordAdmin):
    list_display = ["staff", "unit_name", "campaign", "acknowledged_at"]
    list_filter = ["campaign", "staff__unit"]
    search_fields = ["staff__full_name", "staff__unit__name"]
    list_select_related = ["staff__unit", "campaign"]
    date_hierarchy = "acknowledged_at"

    @admin.display(description=_("unit"), ordering="staff__unit__display_order")
    def unit_name(self, obj):
        return obj.staff.unit.name


class ProgressEvidenceInline(ReadOnlyInline):
    model = ProgressEvidence
    fields = ["download", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("campaign-evidence", args=[obj.pk]), obj.original_name)


@admin.register(ProgressReport)
class ProgressReportAdmin(_RecordAdmin):
    list_display = ["unit", "item_number", "activity_date", "campaign", "updated_at", "evidence_count"]
    list_filter = ["campaign", "unit", "content_item__number"]
    search_fields = ["unit__name", "description"]
    list_select_related = ["unit", "campaign", "content_item"]
    fields = ["campaign", "unit", "content_item", "activity_date", "description", "created_by", "created_at",
              "updated_by", "updated_at"]
    inlines = [ProgressEvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_evidence_count=Count("evidence"))

    @admin.display(description=_("content item"), ordering="content_item__number")
    def item_number(self, obj):
        return obj.content_item.number

    @admin.display(description=_("evidence files"), ordering="_evidence_count")
    def evidence_count(self, obj):
        return obj._evidence_count


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(ScopedHistoryAdmin):
    """The office's calendar: days off beyond weekends and Vietnam's public holidays (which the portal
    knows already, Tết included), e.g. an extra Tết day the government or the province grants."""

    list_display = ["date", "weekday", "note", "agency"]
    list_filter = ["agency"]
    date_hierarchy = "date"
    search_fields = ["note"]
    list_select_related = ["agency"]
    fields = ["agency", "date", "note"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"][obj.date.weekday()]


@admin.register(SupervisionReport)
class SupervisionReportAdmin(_RecordAdmin):
    list_display = ["__str__", "campaign", "filed_by_name", "filed_at"]
    list_filter = ["campaign"]
    search_fields = ["findings", "recommendations", "filed_by_name"]
    list_select_related = ["campaign"]
    fields = ["campaign", "period_start", "period_end", "findings", "recommendations", "filed_by_name", "filed_at"]
