from campaign.rules import can, ensure, reason, scope_for, standing  # noqa: F401
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.time import local_today

from . import services
from .admin_forms import AcceptForm, RejectForm, SupplementForm
from .models import Dossier, DossierFile, DossierState, Nomination, TransitionLog


class LateFilter(admin.SimpleListFilter):
    title = "quá hạn"
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [
            ("bo-sung", "Yêu cầu bổ sung đã quá hạn"),
            ("nhap", "Nháp chưa nộp khi đã hết hạn"),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        if self.value() == "bo-sung":
            return queryset.filter(state=DossierState.RETURNED, supplement_due__lt=today)
        if self.value() == "nhap":
            return queryset.filter(state=DossierState.DRAFT, campaign__submission_deadline__lt=today)
        return queryset


# The office's workflow steps: (action name, form, page title, button, service call).
def _accept(dossier, request, data):
    return services.accept_dossier(dossier=dossier, by=request.user, note=data.get("note", ""))


def _reject(dossier, request, data):
    return services.reject_dossier(dossier=dossier, by=request.user, reason=data["reason"])


def _supplement(dossier, request, data):
    return services.request_supplement(
        dossier=dossier, by=request.user, note=data["note"], due_date=data["due_date"]
    )


WORKFLOW_STEPS = {
    "accept": (AcceptForm, "Tiếp nhận hồ sơ", "Tiếp nhận", _accept, "Đã tiếp nhận"),
    "reject": (RejectForm, "Không tiếp nhận hồ sơ", "Không tiếp nhận", _reject, "Đã không tiếp nhận"),
    "request_supplement": (
        SupplementForm,
        "Yêu cầu bổ sung hồ sơ",
        "Gửi yêu cầu bổ sung",
        _supplement,
        "Đã yêu cầu bổ sung",
    ),
}


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NominationInline(_ReadOnlyInline):
    model = Nomination
    fields = ["kind", "nominee", "position_display", "unit_display", "achievement_summary", "is_live"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff__unit", "nominee_unit")

    @admin.display(description=_("nominee"))
    def nominee(self, obj):
        return obj.nominee_name

    @admin.display(description=_("position"))
    def position_display(self, obj):
        return obj.position

    @admin.display(description=_("unit"))
    def unit_display(self, obj):
        return obj.unit_name


class DossierFileInline(_ReadOnlyInline):
    model = DossierFile
    fields = ["kind", "nomination", "version", "download", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nomination__staff", "nomination__nominee_unit", "uploaded_by")

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("dossiers:file", args=[obj.pk]), obj.original_name)


class TimelineInline(_ReadOnlyInline):
    model = TransitionLog
    fields = ["at", "by", "from_state", "to_state", "note", "due_date"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "level_short", "state", "submitted_at", "nomination_count", "missing", "campaign_number"]
    # No filter by unit: a province has hundreds of units; the search box finds a unit by name.
    list_filter = ["campaign", "state", "level", LateFilter]
    show_full_result_count = False
    actions = ["accept", "reject", "request_supplement"]
    change_form_template = "admin/dossiers/dossier_change_form.html"
    search_fields = ["unit__name", "nominations__staff__full_name", "nominations__snapshot_name"]
    list_select_related = ["unit", "campaign"]
    date_hierarchy = "submitted_at"
    inlines = [NominationInline, DossierFileInline, TimelineInline]
    readonly_fields = [
        "campaign",
        "unit",
        "level",
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "supplement_note",
        "supplement_due",
        "decision_note",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(_nomination_count=Count("nominations", distinct=True))
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            qs = qs.prefetch_related(
                "campaign__dossier_requirements",
                Prefetch("nominations", queryset=Nomination.objects.select_related("staff", "nominee_unit")),
                Prefetch("files", queryset=DossierFile.objects.only("id", "dossier_id", "nomination_id", "kind")),
            )
        return qs

    def has_add_permission(self, request):
        return False  # units create dossiers in the portal

    def has_workflow_permission(self, request):
        return roles_of(request).is_office

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_workflow_permission(request):
            for name in WORKFLOW_STEPS:
                actions.pop(name, None)
        return actions

    @admin.action(description="Tiếp nhận các hồ sơ đã chọn", permissions=["workflow"])
    def accept(self, request, queryset):
        return self._workflow(request, queryset, "accept")

    @admin.action(description="Không tiếp nhận các hồ sơ đã chọn (ghi lý do)", permissions=["workflow"])
    def reject(self, request, queryset):
        return self._workflow(request, queryset, "reject")

    @admin.action(description="Yêu cầu bổ sung các hồ sơ đã chọn (ghi nội dung, hạn)", permissions=["workflow"])
    def request_supplement(self, request, queryset):
        return self._workflow(request, queryset, "request_supplement")

    def _workflow(self, request, queryset, step: str, *, single=None):
        """Ask for what the step needs, then call the service for each dossier and report each outcome."""
        form_class, title, submit_label, call, done = WORKFLOW_STEPS[step]
        dossiers = list(queryset.select_related("unit", "campaign"))
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                succeeded = []
                for dossier in dossiers:
                    try:
                        call(dossier, request, form.cleaned_data)
                    except services.DomainError as error:
                        self.message_user(request, f"{dossier.unit.name}: {error.message}", messages.ERROR)
                    else:
                        succeeded.append(dossier.unit.name)
                if succeeded:
                    self.message_user(request, f"{done} {len(succeeded)} hồ sơ: {', '.join(succeeded)}.", messages.SUCCESS)
                return None
        else:
            form = form_class(
                initial={
                    "_selected_action": [d.pk for d in dossiers],
                    "action": step,
                    "select_across": False,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "submit_label": submit_label,
            "form": form,
            "dossiers": dossiers,
        }
        return TemplateResponse(request, "admin/dossiers/action_form.html", context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/xu-ly/<str:step>/",
                self.admin_site.admin_view(self.single_step_view),
                name="dossiers_dossier_step",
            ),
            *super().get_urls(),
        ]

    def single_step_view(self, request, pk: int, step: str):
        """The same steps from a dossier's own page."""
        from django.http import Http404, HttpResponseRedirect

        if step not in WORKFLOW_STEPS or not self.has_workflow_permission(request):
            raise Http404
        get_object_or_404(Dossier, pk=pk)
        response = self._workflow(request, Dossier.objects.filter(pk=pk), step)
        if response is None:
            return HttpResponseRedirect(reverse("admin:dossiers_dossier_change", args=[pk]))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "workflow_steps": self._available_steps(request, object_id),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _available_steps(self, request, object_id):
        if not self.has_workflow_permission(request):
            return []
        dossier = Dossier.objects.filter(pk=object_id).only("state").first()
        if dossier is None:
            return []
        allowed = {
            DossierState.SUBMITTED: ["accept", "request_supplement", "reject"],
            DossierState.RETURNED: ["reject"],
        }.get(dossier.state, [])
        return [
            {"url": reverse("admin:dossiers_dossier_step", args=[object_id, step]), "label": WORKFLOW_STEPS[step][2]}
            for step in allowed
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # a dossier is a record; it is withdrawn or rejected, never deleted

    def has_change_permission(self, request, obj=None):
        # Nothing of a dossier is edited by hand: every change goes through a workflow step.
        return False

    @admin.display(description="cấp", ordering="level")
    def level_short(self, obj):
        return "Cơ sở" if obj.level == "grassroots" else "Tỉnh"

    @admin.display(description="kế hoạch", ordering="campaign__number")
    def campaign_number(self, obj):
        return obj.campaign.number

    @admin.display(description="số đề nghị", ordering="_nomination_count")
    def nomination_count(self, obj):
        return obj._nomination_count

    @admin.display(description="còn thiếu")
    def missing(self, obj):
        missing = services.missing_documents(obj)
        if not missing:
            return "—"
        return format_html("<ul class='mb-0'>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in missing)))
