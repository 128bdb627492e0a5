"""The office's issuing workplace in the admin: award decisions and the Tờ trình, drafted and changed
through the same services as the portal (create_/update_decision, sign_decision, ...), read-only once
signed, printed through the portal's views; and the print layout for blanks.

Every page is scoped by campaign/rules.py (ScopedAdmin): a changelist lists the user's agencies' rows
only, another agency's document is answered as a missing one, and signing asks the rules.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from awards.models import Award, AwardDecision, CertificateLayout, IssuedDocument, ProvincialProposal
from campaign.admin_base import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from campaign.models import Campaign
from campaign.rules import can, scope_for
from core.errors import DomainError

from . import pdf, second_factor, services
from .forms import DecisionForm, ProposalForm


def _second_factor_verified(model_admin, request) -> bool:
    """Signing in the admin needs the signer's second factor too (issue 14); otherwise nothing is signed."""
    if second_factor.state_of(request).verified:
        return True
    model_admin.message_user(request, format_html(
        'Ký văn bản cần mã xác thực hai lớp: <a href="{}">nhập mã xác thực</a> rồi chọn “Ký” lại. Chưa ký văn bản nào.',
        second_factor.verify_url(request.get_full_path()),
    ), messages.ERROR)
    return False

class AdminDecisionForm(DecisionForm):
    class Meta(DecisionForm.Meta):
        fields = ["campaign", *DecisionForm.Meta.fields]
        labels = {**DecisionForm.Meta.labels, "campaign": "Kế hoạch thi đua"}


class AdminProposalForm(ProposalForm):
    class Meta(ProposalForm.Meta):
        fields = ["campaign", *ProposalForm.Meta.fields]
        labels = {**ProposalForm.Meta.labels, "campaign": "Kế hoạch thi đua"}


class AwardInline(ScopedTabularInline):
    model = Award
    extra = 0
    can_delete = False
    fields = ["register_number", "kind", "display_name_col", "details_col", "unit", "amount", "print_link"]
    readonly_fields = fields
    verbose_name = "Giấy khen"
    verbose_name_plural = "Danh sách kèm theo (đã vào sổ khen thưởng)"

    # Awards are made by signing the decision and are never changed: the rules give nobody
    # awards.add/change/delete_award, so the list is read-only here.

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "decision")

    @admin.display(description="tập thể, cá nhân")
    def display_name_col(self, obj):
        return obj.display_name

    @admin.display(description="chức vụ, đơn vị")
    def details_col(self, obj):
        return obj.details

    @admin.display(description="in")
    def print_link(self, obj):
        return format_html('<a href="{}">In Giấy khen</a>', reverse("awards:certificate", args=[obj.pk]))


class IssuedInline(ScopedTabularInline):
    """The PDFs as first issued, shown with their document to whoever sees the document, and never added,
    changed or deleted (a reprint serves these very bytes). An issued PDF belongs to a decision or to a
    Tờ trình, so it has no access paths of its own: it is seen through its document."""

    model = IssuedDocument
    extra = 0
    can_delete = False
    fields = ["title", "pages", "size", "sha256", "issued_by", "issued_at"]
    readonly_fields = fields
    verbose_name_plural = "Bản PDF đã phát hành (in lại cho đúng bản này)"

    def get_queryset(self, request):
        user = request.user
        return IssuedDocument.objects.select_related("issued_by").filter(
            Q(decision__in=scope_for(user, AwardDecision.objects.all()))
            | Q(proposal__in=scope_for(user, ProvincialProposal.objects.all()))
        )

    def has_view_permission(self, request, obj=None):
        return obj is not None and can(request.user, f"awards.view_{obj._meta.model_name}", obj)


class _RegisteredDocumentAdmin(ScopedHistoryAdmin):
    """Drafts through the services; signed documents read-only; printing through the portal's views."""

    list_select_related = ["campaign", "agency"]
    list_filter = ["state", "campaign"]
    search_fields = ["number", "subject", "signer_name"]
    date_hierarchy = "signing_date"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False  # a signed document is immutable: the admin shows it read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return [f.name for f in self.model._meta.fields] + ["print_links"]
        fields = ["state", "print_links"]
        return fields + (["campaign"] if obj is not None else [])

    @admin.display(description="trạng thái", ordering="state")
    def state_badge(self, obj):
        color = "#1a7f37" if obj.is_signed else "#9a6700"
        return format_html('<strong style="color: {}">{}</strong>', color, obj.get_state_display())

    # Set by each document's admin: its defaults, its editable fields and its create/update services.
    defaults = document_fields = create = update = None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        campaign_id = request.GET.get("campaign")
        if campaign_id and str(campaign_id).isdigit():
            campaign = scope_for(request.user, Campaign.objects.select_related("agency")).filter(pk=campaign_id).first()
            if campaign is not None:
                initial.update(self.defaults(campaign))
                initial["signing_date"] = timezone.localdate()
        return initial

    def save_model(self, request, obj, form, change):
        # Drafts are written by the services, never by the admin's own save.
        fields = {name: form.cleaned_data[name] for name in self.document_fields if name in form.cleaned_data}
        if change:
            self.update(obj, by=request.user, **fields)
        else:
            created = self.create(campaign=form.cleaned_data["campaign"], by=request.user, **fields)
            obj.pk = created.pk
            obj.agency_id = created.agency_id
        obj.refresh_from_db()

    def _message_error(self, request, document, error):
        label = document.number or str(document)
        self.message_user(request, f"{label}: {error.message}", messages.ERROR)


@admin.register(AwardDecision)
class AwardDecisionAdmin(_RegisteredDocumentAdmin):
    form = AdminDecisionForm
    list_display = ["number_col", "signing_date", "campaign", "level", "signer_col", "state_badge", "print_links"]
    inlines = [AwardInline, IssuedInline]
    actions = ["sign_action", "print_decision_action", "print_certificates_action", "print_certificates_a3_action"]
    fieldsets = [
        (None, {"fields": ["campaign", "state", "print_links"]}),
        ("Số và ngày (theo sổ đăng ký văn bản)", {"fields": ["number", "signing_date", "register_start"]}),
        ("Người ký", {"fields": ["signer_name", "signer_title", "is_deputy"]}),
        ("Nội dung", {"fields": ["subject", "proposer", "executors", "recipients"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return [
                (None, {"fields": ["campaign", "level", "state", "print_links"]}),
                ("Số và ngày", {"fields": ["number", "signing_date", "signed_by", "signed_at"]}),
                ("Người ký", {"fields": ["signer_name", "signer_title", "is_deputy"]}),
                ("Nội dung", {"fields": ["subject", "proposer", "executors", "recipients"]}),
            ]
        return self.fieldsets

    @admin.display(description="số quyết định", ordering="serial")
    def number_col(self, obj):
        return obj.number or "(chưa có số)"

    @admin.display(description="người ký")
    def signer_col(self, obj):
        return " / ".join(pdf.signer_lines(obj)) + f" – {obj.signer_name}"

    @admin.display(description="in")
    def print_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        links = format_html(
            '<a href="{}">Mở trên cổng</a> · <a href="{}">In Quyết định</a> · <a href="{}">In Giấy khen</a> · '
            '<a href="{}?kho=A3">khổ A3</a>',
            reverse("awards:decision", args=[obj.pk]),
            reverse("awards:decision-pdf", args=[obj.pk]),
            reverse("awards:decision-certificates", args=[obj.pk]),
            reverse("awards:decision-certificates", args=[obj.pk]),
        )
        # Only to those the print-on-blank page answers (the office): a link the Director or the board
        # would follow to a refusal is not shown. `_may_print_on_blank` is asked per request (below).
        if getattr(obj, "_may_print_on_blank", False):
            links = format_html('{} · <a href="{}">In trên phôi</a>', links, reverse("awards:decision-blank", args=[obj.pk]))
        return links

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._may_print_on_blank = can(request.user, "awards.print_on_blank", obj)
        return obj

    def get_list_display(self, request):
        def print_links(obj):
            obj._may_print_on_blank = can(request.user, "awards.print_on_blank", obj)
            return self.print_links(obj)

        print_links.short_description = "in"
        return [print_links if name == "print_links" else name for name in super().get_list_display(request)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            # The campaigns the user sees (the scoped base narrows it), newest first.
            kwargs["queryset"] = Campaign.objects.select_related("agency").order_by("-year", "-pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    defaults = staticmethod(services.decision_defaults)
    document_fields = services.DECISION_FIELDS
    create = staticmethod(services.create_decision)

    @staticmethod
    def update(obj, **fields):
        return services.update_decision(decision=obj, **fields)

    def save_related(self, request, form, formsets, change):
        pass  # the inlines are read-only: awards come from the services at signing

    def has_sign_permission(self, request):
        return can(request.user, "awards.sign_awarddecision")

    @admin.action(description="Ký quyết định đã chọn", permissions=["sign"])
    def sign_action(self, request, queryset):
        if not _second_factor_verified(self, request):
            return
        for decision in queryset.select_related("campaign", "agency"):
            try:
                services.sign_decision(decision=decision, by=request.user)
            except DomainError as error:
                self._message_error(request, decision, error)
            else:
                decision.refresh_from_db()
                self.message_user(request, f"Đã ký Quyết định số {decision.number}.", messages.SUCCESS)

    def _single(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Hãy chọn đúng một quyết định để in.", messages.WARNING)
            return None
        return queryset.select_related("campaign", "agency").get()

    def _print(self, request, decision, *, url_name: str, query: str = ""):
        # The portal's view prints: issued once and stored for a signed decision, a fresh draft otherwise.
        return HttpResponseRedirect(reverse(url_name, args=[decision.pk]) + query)

    @admin.action(description="In Quyết định (PDF)")
    def print_decision_action(self, request, queryset):
        decision = self._single(request, queryset)
        return self._print(request, decision, url_name="awards:decision-pdf") if decision else None

    @admin.action(description="In Giấy khen (PDF, khổ A4)")
    def print_certificates_action(self, request, queryset):
        decision = self._single(request, queryset)
        return self._print(request, decision, url_name="awards:decision-certificates") if decision else None

    @admin.action(description="In Giấy khen (PDF, khổ A3)")
    def print_certificates_a3_action(self, request, queryset):
        decision = self._single(request, queryset)
        if decision is None:
            return None
        return self._print(request, decision, url_name="awards:decision-certificates", query="?kho=A3")


@admin.register(ProvincialProposal)
class ProvincialProposalAdmin(_RegisteredDocumentAdmin):
    form = AdminProposalForm
    list_display = ["number_col", "signing_date", "campaign", "addressee", "state_badge", "print_links"]
    inlines = [IssuedInline]
    actions = ["sign_action", "print_action"]

    @admin.display(description="số tờ trình", ordering="serial")
    def number_col(self, obj):
        return obj.number or "(chưa có số)"

    @admin.display(description="in")
    def print_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">Mở trên cổng</a> · <a href="{}">In Tờ trình</a>',
                           reverse("awards:proposal", args=[obj.pk]), reverse("awards:proposal-pdf", args=[obj.pk]))

    defaults = staticmethod(services.proposal_defaults)
    document_fields = services.PROPOSAL_FIELDS
    create = staticmethod(services.create_proposal)

    @staticmethod
    def update(obj, **fields):
        return services.update_proposal(proposal=obj, **fields)

    def has_sign_permission(self, request):
        return can(request.user, "awards.sign_provincialproposal")

    @admin.action(description="Ký tờ trình đã chọn", permissions=["sign"])
    def sign_action(self, request, queryset):
        if not _second_factor_verified(self, request):
            return
        for proposal in queryset.select_related("campaign", "agency"):
            try:
                services.sign_proposal(proposal=proposal, by=request.user)
            except DomainError as error:
                self._message_error(request, proposal, error)
            else:
                proposal.refresh_from_db()
                self.message_user(request, f"Đã ký Tờ trình số {proposal.number}.", messages.SUCCESS)

    @admin.action(description="In Tờ trình (PDF)")
    def print_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Hãy chọn đúng một tờ trình để in.", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("awards:proposal-pdf", args=[queryset.get().pk]))


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(ScopedAdmin):
    list_display = ["agency", "paper", "offset_x_mm", "offset_y_mm", "updated_at", "calibration_link"]
    readonly_fields = ["calibration_link"]
    fieldsets = [
        (None, {"fields": ["agency", "paper", "print_issuer", "issuer_title", "calibration_link"]}),
        ("Độ lệch của máy in (đo trên trang căn chỉnh)", {"fields": ["offset_x_mm", "offset_y_mm"]}),
        ("Vị trí các dòng trên phôi (mm, tính theo khổ A4 ngang; khổ A3 tự nhân tỉ lệ)", {"fields": [
            "text_left_mm", "text_width_mm", "name_top_mm", "details_top_mm", "reason_top_mm",
            "decision_left_mm", "decision_top_mm", "signature_left_mm", "signature_width_mm", "date_top_mm",
            "signer_title_top_mm", "signer_name_top_mm",
        ]}),
        ("Cỡ chữ", {"fields": ["name_font_pt", "text_font_pt"]}),
    ]

    @admin.display(description="trang căn chỉnh")
    def calibration_link(self, obj):
        if obj is None or obj.agency_id is None:
            return "Lưu bố cục để in trang căn chỉnh."
        return format_html('<a href="{}">In trang căn chỉnh (PDF)</a>', reverse("awards:calibration", args=[obj.agency_id]))

