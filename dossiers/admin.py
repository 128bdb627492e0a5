from django.contrib import admin
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from campaign.roles import Roles

from . import services
from .models import Dossier, DossierFile, Nomination, TransitionLog


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
class DossierAdmin(admin.ModelAdmin):
    list_display = ["unit", "level", "state", "submitted_at", "nomination_count", "missing", "campaign"]
    list_filter = ["campaign", "state", "level", "unit"]
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

    def has_delete_permission(self, request, obj=None):
        return False  # a dossier is a record; it is withdrawn or rejected, never deleted

    def has_change_permission(self, request, obj=None):
        return Roles(request.user).is_office and super().has_change_permission(request, obj)

    @admin.display(description=_("nominations"), ordering="_nomination_count")
    def nomination_count(self, obj):
        return obj._nomination_count

    @admin.display(description=_("missing documents"))
    def missing(self, obj):
        missing = services.missing_documents(obj)
        if not missing:
            return "—"
        return format_html("<ul class='mb-0'>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in missing)))
