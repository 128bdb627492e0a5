"""The recommendations in the admin: read-only for everyone (the board files them and the Director
answers them in the portal, where they are numbered, dated and published); nobody deletes one, its
answers or its attachments. History kept (django-simple-history)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..admin_base import ScopedHistoryAdmin, ScopedTabularInline
from ..models import Recommendation, RecommendationAnswer, RecommendationAttachment


class _ReadOnlyInline(ScopedTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecommendationAnswerInline(_ReadOnlyInline):
    model = RecommendationAnswer
    fk_name = "recommendation"
    fields = ["answered_at", "answered_by_name", "decision", "text", "reasons", "corrects", "correction_note"]
    readonly_fields = fields


class RecommendationAttachmentInline(_ReadOnlyInline):
    model = RecommendationAttachment
    fields = ["download", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("recommendations:file", args=[obj.pk]), obj.original_name)


class RecommendationAdmin(ScopedHistoryAdmin):
    list_display = ["reference_", "title", "filed_by_name", "filed_at", "due_date", "agency"]
    list_filter = ["year", "agency"]
    search_fields = ["title", "content", "filed_by_name"]
    list_select_related = ["agency"]
    date_hierarchy = "filed_at"
    fields = ["agency", "year", "number", "title", "content", "campaign", "supervision_report", "filed_by_name",
              "filed_at", "due_date", "portal_page"]
    readonly_fields = fields
    inlines = [RecommendationAnswerInline, RecommendationAttachmentInline]
    actions = None

    @admin.display(description=_("number"), ordering="number")
    def reference_(self, obj):
        return obj.reference

    @admin.display(description=_("page in the portal"))
    def portal_page(self, obj):
        url = reverse("recommendations:detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, url)

    def has_add_permission(self, request):
        return False  # filed in the portal, where the number and the due date are given

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Recommendation, RecommendationAdmin)
