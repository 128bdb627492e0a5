"""Later decisions that revoked or corrected a signed award decision: recorded by the office, with history,
never deleted; the public verification page of each certificate concerned says so."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from awards.models import DecisionAmendment, DecisionState
from campaign.admin_base import ScopedHistoryAdmin

from .qr import verify_path


class DecisionAmendmentForm(forms.ModelForm):
    class Meta:
        model = DecisionAmendment
        fields = ["decision", "kind", "number", "decided_on", "awards", "summary"]

    def clean(self):
        cleaned = super().clean()
        decision, awards, day = cleaned.get("decision"), cleaned.get("awards"), cleaned.get("decided_on")
        if decision is None:
            return cleaned
        if decision.state != DecisionState.SIGNED:
            self.add_error("decision", "Chỉ ghi nhận thu hồi, đính chính đối với quyết định đã ký.")
            return cleaned
        if day is not None and day < decision.signing_date:
            self.add_error(
                "decided_on",
                f"Quyết định sau phải có ngày từ {decision.signing_date:%d/%m/%Y} (ngày của quyết định được "
                "thu hồi, đính chính) trở về sau.",
            )
        if awards:
            strangers = [award for award in awards if award.decision_id != decision.pk]
            if strangers:
                self.add_error(
                    "awards",
                    "Các Giấy khen sau không thuộc quyết định đã chọn: "
                    + ", ".join(award.display_name for award in strangers) + ".",
                )
        return cleaned


@admin.register(DecisionAmendment)
class DecisionAmendmentAdmin(ScopedHistoryAdmin):
    form = DecisionAmendmentForm
    list_display = ["decision", "kind", "number", "decided_on", "concerns", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["number", "decision__number", "summary"]
    filter_horizontal = ["awards"]
    readonly_fields = ["recorded_by", "recorded_at", "verification_links"]
    fieldsets = [
        (None, {"fields": ["decision", "kind", "number", "decided_on"]}),
        ("Phạm vi", {"fields": ["awards", "summary"]}),
        ("Ghi nhận", {"fields": ["recorded_by", "recorded_at", "verification_links"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision").prefetch_related("awards")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "decision":
            field.queryset = field.queryset.filter(state=DecisionState.SIGNED)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "awards":
            field.queryset = field.queryset.select_related("decision").filter(decision__state=DecisionState.SIGNED)
            # Several decisions' certificates may be listed: each says which decision it belongs to.
            field.label_from_instance = lambda award: f"{award.display_name} (QĐ {award.decision.number})"
        return field

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Giấy khen liên quan")
    def concerns(self, obj):
        chosen = list(obj.awards.all())
        if not chosen:
            return "Tất cả Giấy khen của quyết định"
        return ", ".join(award.display_name for award in chosen)

    @admin.display(description="trang xác minh công khai")
    def verification_links(self, obj):
        if obj is None or obj.pk is None:
            return "Lưu để xem các trang xác minh liên quan."
        awards = list(obj.awards.all()) or list(obj.decision.awards.all())
        return format_html("<ul>{}</ul>", format_html_join(
            "", '<li><a href="{}" target="_blank" rel="noopener">{}</a></li>',
            ((verify_path(award.verify_token), award.display_name) for award in awards),
        ))
