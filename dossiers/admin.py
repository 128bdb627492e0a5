"""The office's workplace for dossiers (CONVENTIONS.md). Who sees a dossier is `scope_for` (through
ScopedHistoryAdmin), who may review it is `can(..., "dossiers.review_dossier", dossier)`, and which
review steps a dossier's state allows is asked of its state machine (dossiers/models.py)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from campaign.admin_base import ReadOnlyInline, ScopedHistoryAdmin
from campaign.models import StaffMember, Unit
from campaign.rules import can, reason, scope_for
from core.time import local_today

# admin_form_templates and meeting_admin register the form templates' and the review meetings' admins.
from . import admin_form_templates, meeting_admin, services  # noqa: F401
from .admin_forms import AcceptForm, RejectForm, SupplementForm
from .display import file_size, person_name, short_hash
from .models import Dossier, DossierFile, DossierState, Nomination, TransitionLog
from .selectors import LIST_ORDER, nomination_count


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


# The office's workflow steps. Each names the state machine's transition it takes, so which steps a
# dossier offers is the machine's answer (its `source=` states), never a list kept here.
def _accept(dossier, request, data):
    return services.accept_dossier(dossier=dossier, by=request.user, note=data.get("note", ""))


def _reject(dossier, request, data):
    return services.reject_dossier(dossier=dossier, by=request.user, reason=data["reason"])


def _supplement(dossier, request, data):
    return services.request_supplement(
        dossier=dossier, by=request.user, note=data["note"], due_date=data["due_date"]
    )


@dataclass(frozen=True)
class Step:
    transition: str  # the method of Dossier decorated with @transition
    form: Any
    title: str
    button: str
    call: Any
    done: str
    css: str = ""  # the button's colour on the dossier's page (accept green, supplement amber, reject red)
    confirm: str = ""  # asked in the browser before the step's form is sent


# In the order the buttons show on a dossier's page.
WORKFLOW_STEPS = {
    "accept": Step("accept", AcceptForm, "Tiếp nhận hồ sơ", "Tiếp nhận", _accept, "Đã tiếp nhận", "step-accept"),
    "request_supplement": Step(
        "return_for_supplement",
        SupplementForm,
        "Yêu cầu bổ sung hồ sơ",
        "Gửi yêu cầu bổ sung",
        _supplement,
        "Đã yêu cầu bổ sung",
        "step-supplement",
    ),
    "reject": Step(
        "reject",
        RejectForm,
        "Không tiếp nhận hồ sơ",
        "Không tiếp nhận",
        _reject,
        "Đã không tiếp nhận",
        "step-reject",
        "Không tiếp nhận hồ sơ đã chọn? Việc này không hoàn tác được: hồ sơ dừng ở trạng thái “Không tiếp nhận” "
        "và đơn vị nhận lý do.",
    ),
}


def available_steps(dossier: Dossier) -> list[str]:
    """The review steps the dossier's state allows, asked of the state machine."""
    possible = {t.name for t in dossier.get_available_state_transitions()}
    return [name for name, step in WORKFLOW_STEPS.items() if step.transition in possible]


class _ReadOnlyInline(ReadOnlyInline):
    show_change_link = False


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
    fields = ["kind", "nomination", "version", "download", "size_display", "hash_display", "uploader", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "nomination__staff", "nomination__nominee_unit", "uploaded_by__staff_member"
        )

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("dossiers:file", args=[obj.pk]), obj.original_name)

    @admin.display(description="dung lượng")
    def size_display(self, obj):
        return file_size(obj.size)

    @admin.display(description="mã băm SHA-256")
    def hash_display(self, obj):
        return short_hash(obj.sha256)

    @admin.display(description="người tải lên")
    def uploader(self, obj):
        return person_name(obj.uploaded_by)


class TimelineInline(_ReadOnlyInline):
    model = TransitionLog
    fields = ["at", "person", "kind", "from_state", "to_state", "note", "due_date"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by__staff_member")

    @admin.display(description="người thực hiện")
    def person(self, obj):
        return person_name(obj.by)


class _DossierChangeList(ChangeList):
    """The office's list: once the page's rows and their nominations are read, the nominees' names (people
    and units) in one query each by key (a join would make PostgreSQL hash the whole staff table; Django's
    prefetch of a foreign key builds a tuple lookup per key), set where Nomination.nominee_name reads them."""

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        nominations = [n for dossier in rows for n in getattr(dossier, "_page_nominations", ())]
        for field, model, name in ((Nomination.staff.field, StaffMember, "full_name"),
                                   (Nomination.nominee_unit.field, Unit, "name")):
            keys = {getattr(n, field.attname) for n in nominations} - {None}
            if not keys:
                continue
            names = dict(model.objects.filter(pk__in=keys).order_by().values_list("pk", name))
            for nomination in nominations:
                key = getattr(nomination, field.attname)
                if key in names:
                    field.set_cached_value(nomination, model.from_db(None, ["id", name], [key, names[key]]))
        self.result_list = rows


@admin.register(Dossier)
class DossierAdmin(ScopedHistoryAdmin):
    list_display = ["code", "unit", "level_short", "state", "submitted_at", "nomination_count", "missing", "campaign_number"]
    # No filter by unit: a province has hundreds of units; the search box finds a unit by name.
    list_filter = ["campaign", "state", "level", LateFilter]
    show_full_result_count = False
    # The newest first, read off the primary key's index (Meta.ordering would sort every dossier in
    # scope across the campaign and unit tables to show 100); a column header still sorts by that column.
    ordering = LIST_ORDER
    actions = ["accept", "reject", "request_supplement"]
    change_form_template = "admin/dossiers/dossier_change_form.html"
    # The dossier code (SCT-2023-0012, or just 0012) finds the dossier a unit's receipt names.
    search_fields = ["code", "unit__name", "nominations__staff__full_name", "nominations__snapshot_name"]
    list_select_related = ["unit", "campaign"]
    # The submission date is a filter (today, past 7 days, this month, this year: no query), not a
    # date_hierarchy, which reads MIN/MAX and the distinct months of every dossier in scope on each page.
    list_filter = [*list_filter, ("submitted_at", admin.DateFieldListFilter)]
    inlines = [NominationInline, DossierFileInline, TimelineInline]
    readonly_fields = [
        "code",
        "campaign",
        "unit",
        "level",
        "state",
        "creator",
        "created_at",
        "submitted_at",
        "supplement_note",
        "supplement_due",
        "decision_note",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        # A correlated count of the page's rows only (no GROUP BY over every dossier in scope, and the
        # changelist's COUNT(*) drops it): the page costs the same at 500 dossiers or 20,000.
        qs = super().get_queryset(request).annotate(_nomination_count=nomination_count())
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # Each into a plain list (to_attr): a prefetch into the related manager builds a queryset per
            # row and relation (300 per page). missing() hands the lists to the checklist.
            qs = qs.prefetch_related(
                Prefetch("campaign__dossier_requirements", to_attr="_page_requirements"),
                # .order_by(): the models' Meta.ordering ("dossier", …) would join each row back to its
                # dossier, campaign and unit only to sort what is grouped per dossier anyway. The nominees'
                # names are read by the changelist once the page is known (_DossierChangeList).
                # Only the columns the "còn thiếu" list reads (the nominee's name), in the checklist's order.
                Prefetch("nominations", to_attr="_page_nominations", queryset=Nomination.objects.only(
                    "id", "dossier_id", "kind", "snapshot_name", "staff_id", "nominee_unit_id").order_by("kind", "pk")),
                Prefetch("files", to_attr="_page_files",
                         queryset=DossierFile.objects.only("id", "dossier_id", "nomination_id", "kind").order_by()),
            )
        return qs

    def has_add_permission(self, request):
        return False  # units create dossiers in the portal

    def get_changelist(self, request, **kwargs):
        return _DossierChangeList

    def has_workflow_permission(self, request, obj=None):
        """Review steps: the office of the dossier's agency (without a dossier: an office anywhere, which
        is what Django asks to offer the changelist actions at all)."""
        return can(request.user, "dossiers.review_dossier", obj)

    @admin.action(description="Tiếp nhận các hồ sơ đã chọn", permissions=["workflow"])
    def accept(self, request, queryset):
        return self._workflow(request, queryset, "accept")

    @admin.action(description="Không tiếp nhận các hồ sơ đã chọn (ghi lý do)", permissions=["workflow"])
    def reject(self, request, queryset):
        return self._workflow(request, queryset, "reject")

    @admin.action(description="Yêu cầu bổ sung các hồ sơ đã chọn (ghi nội dung, hạn)", permissions=["workflow"])
    def request_supplement(self, request, queryset):
        return self._workflow(request, queryset, "request_supplement")

    def _workflow(self, request, queryset, name: str):
        """Ask for what the step needs, then call the service for each dossier and report each outcome.
        `queryset` is already the user's scope (the changelist's, or the single step's)."""
        step = WORKFLOW_STEPS[name]
        dossiers = list(queryset.select_related("unit", "campaign"))
        if "apply" in request.POST:
            form = step.form(request.POST)
            if form.is_valid():
                succeeded = []
                for dossier in dossiers:
                    if not self.has_workflow_permission(request, dossier):
                        refusal = reason(request.user, "dossiers.review_dossier", dossier)
                        self.message_user(request, self._refusal(dossier, refusal), messages.ERROR)
                        continue
                    try:
                        step.call(dossier, request, form.cleaned_data)
                    except services.DomainError as error:
                        self.message_user(request, self._refusal(dossier, error.message), messages.ERROR)
                    else:
                        succeeded.append(dossier.unit.name)
                if succeeded:
                    self.message_user(
                        request, f"{step.done} {len(succeeded)} hồ sơ: {', '.join(succeeded)}.", messages.SUCCESS
                    )
                return None
        else:
            form = step.form(
                initial={
                    "_selected_action": [d.pk for d in dossiers],
                    "action": name,
                    "select_across": False,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": step.title,
            "submit_label": step.button,
            "step": step,
            "form": form,
            "dossiers": dossiers,
        }
        return TemplateResponse(request, "admin/dossiers/action_form.html", context)

    @staticmethod
    def _refusal(dossier: Dossier, message: str):
        """A refusal names the dossier as a link to its page, where the office sees why."""
        return format_html(
            '<a href="{}">{}</a>: {}',
            reverse("admin:dossiers_dossier_change", args=[dossier.pk]),
            dossier.unit.name,
            message,
        )

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
        """The same steps from a dossier's own page: 404 for a dossier the user does not see, 403 with the
        reason for one they see but may not review (the Director, the inspection board)."""
        if step not in WORKFLOW_STEPS:
            raise Http404("Không có bước xử lý này.")
        scope = scope_for(request.user, Dossier.objects.select_related("campaign"))
        dossier = scope.filter(pk=pk).first()
        if dossier is None:
            raise Http404("Không tìm thấy hồ sơ.")
        if not self.has_workflow_permission(request, dossier):
            raise PermissionDenied(reason(request.user, "dossiers.review_dossier", dossier))
        response = self._workflow(request, scope.filter(pk=pk), step)
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
        if not str(object_id).isdigit():
            return []  # Django's change view answers an odd id itself
        dossier = scope_for(request.user, Dossier.objects.select_related("campaign")).filter(pk=object_id).first()
        if dossier is None or not self.has_workflow_permission(request, dossier):
            return []
        return [
            {
                "url": reverse("admin:dossiers_dossier_step", args=[object_id, name]),
                "label": WORKFLOW_STEPS[name].button,
                "css": WORKFLOW_STEPS[name].css,
            }
            for name in available_steps(dossier)
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # a dossier is a record; it is withdrawn or rejected, never deleted

    def has_change_permission(self, request, obj=None):
        # Nothing of a dossier is edited by hand: every change goes through a workflow step.
        return False

    @admin.display(description="người lập hồ sơ")
    def creator(self, obj):
        return person_name(obj.created_by)

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
        if hasattr(obj, "_page_files"):  # the changelist's lists, where the checklist reads them
            obj.__dict__.setdefault("_prefetched_objects_cache", {}).update(
                files=obj._page_files, nominations=obj._page_nominations)
            obj.campaign.__dict__.setdefault("_prefetched_objects_cache", {})[
                "dossier_requirements"] = obj.campaign._page_requirements
        missing = services.missing_documents(obj)
        if not missing:
            return "—"
        # One escape per line and one join (format_html_join builds a formatted string per item).
        return mark_safe("<ul class='mb-0'>" + "".join(f"<li>{conditional_escape(m)}</li>" for m in missing) + "</ul>")  # noqa: S308

    def action_checkbox(self, obj):
        """The row's checkbox, the same input Django's CheckboxInput renders, written directly: the
        widget renders a template per row, a fifth of this page's time for 100 rows."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
