"""The office's pages for pledges and scores: the plan's settings and scoring table (the office keeps
them), pledges and scores read-only with their history, and who has registered and who has not."""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaign.admin_base import ScopedHistoryAdmin, ScopedTabularInline
from campaign.models import Campaign
from campaign.rules import can, scope_for

from . import selectors, services
from .models import Criterion, EmulationSettings, Pledge, PledgeTarget, Score


class EmulationSettingsForm(forms.ModelForm):
    class Meta:
        model = EmulationSettings
        fields = ("campaign", "persons_pledge", "pledge_lock_date", "scoring_deadline")

    def clean(self):
        cleaned = super().clean()
        campaign, lock, deadline = cleaned.get("campaign"), cleaned.get("pledge_lock_date"), cleaned.get("scoring_deadline")
        if campaign and lock and not (campaign.launch_date <= lock <= campaign.emulation_end):
            self.add_error("pledge_lock_date", f"Hạn đăng ký phải trong thời gian thi đua (từ {campaign.launch_date:%d/%m/%Y} "
                                               f"đến {campaign.emulation_end:%d/%m/%Y}).")
        if campaign and deadline and deadline <= campaign.emulation_end:
            self.add_error("scoring_deadline", f"Hạn tự chấm điểm phải sau ngày kết thúc thi đua ({campaign.emulation_end:%d/%m/%Y}).")
        return cleaned


@admin.register(EmulationSettings)
class EmulationSettingsAdmin(ScopedHistoryAdmin):
    form = EmulationSettingsForm
    list_display = ("campaign", "persons_pledge", "pledge_lock_date", "scoring_deadline", "register_link")
    list_select_related = ("campaign",)

    @admin.display(description=_("pledges"))
    def register_link(self, obj):
        return format_html('<a href="{}">Đơn vị đã / chưa đăng ký</a>',
                           reverse("admin:emulation_pledge_register", args=[obj.campaign_id]))


@admin.register(Criterion)
class CriterionAdmin(ScopedHistoryAdmin):
    list_display = ("campaign", "item_number", "order", "text", "max_points")
    list_display_links = ("text",)
    list_filter = ("campaign",)
    list_select_related = ("campaign", "content_item")
    fields = ("campaign", "content_item", "order", "text", "max_points")

    @admin.display(description=_("content item"), ordering="content_item__number")
    def item_number(self, obj):
        return obj.content_item.number

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "content_item":
            field.queryset = field.queryset.select_related("campaign")
            field.label_from_instance = lambda item: f"{item.campaign.number} – {item.number}. {item.text[:80]}"
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class SamePlan(form):
            def clean(self):
                cleaned = super().clean()
                campaign, item = cleaned.get("campaign"), cleaned.get("content_item")
                if campaign and item and item.campaign_id != campaign.pk:
                    self.add_error("content_item", "Nội dung này không thuộc Kế hoạch đã chọn.")
                return cleaned

        return SamePlan


class PledgeTargetInline(ScopedTabularInline):
    model = PledgeTarget
    fields = ("content_item", "target_text", "target_number")
    readonly_fields = fields
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(ScopedHistoryAdmin):
    list_display = ("unit", "person", "title_shown", "updated_at", "campaign")
    list_filter = ("campaign", "unit", "title")
    list_select_related = ("unit", "staff", "campaign")
    search_fields = ("unit__name", "staff__full_name", "title_other")
    readonly_fields = ("campaign", "unit", "staff", "title", "title_other", "commitment", "created_by", "created_at",
                       "updated_by", "updated_at")
    inlines = [PledgeTargetInline]

    @admin.display(description=_("staff member"), ordering="staff__full_name")
    def person(self, obj):
        return obj.staff.full_name if obj.staff_id else "(tập thể đơn vị)"

    @admin.display(description=_("title aimed at"), ordering="title")
    def title_shown(self, obj):
        return obj.title_label

    def get_urls(self):
        return [
            path("dang-ky/<int:campaign_id>/", self.admin_site.admin_view(self.register_view),
                 name="emulation_pledge_register"),
            *super().get_urls(),
        ]

    def register_view(self, request, campaign_id: int):
        """Who has registered and who has not, unit by unit."""
        campaign = scope_for(request.user, Campaign.objects.all()).filter(pk=campaign_id).first()
        if campaign is None or not can(request.user, "emulation.view_pledge_register", campaign):
            raise Http404
        rows = selectors.pledge_register(campaign)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Đăng ký thi đua – {campaign.number}",
            "campaign": campaign,
            "rows": rows,
            "settings": services.settings_for(campaign),
            "registered": sum(1 for r in rows if r.pledge),
        }
        return TemplateResponse(request, "admin/emulation/register.html", context)


@admin.register(Score)
class ScoreAdmin(ScopedHistoryAdmin):
    """Scores are entered by the units and adjusted on the portal's ranking pages (through the services,
    with a reason); here they are read, with every version."""

    list_display = ("unit", "criterion", "self_points", "adjusted_points", "adjust_reason", "campaign")
    list_filter = ("campaign", "unit")
    list_select_related = ("unit", "criterion__content_item", "campaign")
    readonly_fields = ("campaign", "criterion", "unit", "self_points", "evidence_text", "evidence_name", "scored_by",
                       "scored_at", "adjusted_points", "adjust_reason", "adjusted_by", "adjusted_at", "adjust_link")
    exclude = ("evidence_file", "evidence_content_type", "evidence_size")

    def has_add_permission(self, request):
        # A score is the unit's own entry on the portal; nobody, the deployment's administrator included,
        # makes one up here.
        return False

    @admin.display(description=_("adjust"))
    def adjust_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">Điều chỉnh trên trang xếp hạng</a>',
                           reverse("emulation:unit-scores", args=[obj.campaign_id, obj.unit_id]))
