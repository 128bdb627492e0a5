"""The recommendations in the admin: read-only for everyone (the board files them and the Director
answers them in the portal, where they are numbered, dated and published); nobody deletes one, its
answers or its attachments. History kept (django-simple-history)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..admin_base import ReadOnlyInline, ScopedHistoryAdmin, ShownNotEdited
from ..models import Recommendation, RecommendationAnswer, RecommendationAttachment


class RecommendationAnswerInline(ReadOnlyInline):
    model = RecommendationAnswer
    fk_name = "recommendation"
    fields = ["answered_at", "answered_by_name", "decision", "text", "reasons", "corrects", "correction_note"]
    readonly_fields = fields


class RecommendationAttachmentInline(ReadOnlyInline):
    model = RecommendationAttachment
    fields = ["download", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("recommendations:file", args=[obj.pk]), obj.original_name)


class RecommendationAdmin(ShownNotEdited, ScopedHistoryAdmin):
    """Filed and answered in the portal, where the number, the due date and the answer's rules are kept."""

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


admin.site.register(Recommendation, RecommendationAdmin)
