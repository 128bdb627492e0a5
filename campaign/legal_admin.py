"""The law by date (legal/) in the admin, registered from campaign/ because the admin asks the rules
(campaign/rules.py) and legal/ sits below campaign/ in the layers. The deployment's
administrator enters regimes, texts and base salaries;
each office reads them (campaign/rules.py). The rows are national, the same for every agency, so the
scope is the rule itself: whoever may read them reads all of them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from legal.models import BaseSalary, CashCoefficient, LegalRegime, LegalText, RegimeBasis, ReportForm

from .admin_base import ScopedHistoryAdmin, ScopedTabularInline
from .rules import can


class _National:
    """No agency to scope by: all rows for those who may read the model, none for the others."""

    def get_queryset(self, request):
        queryset = self.model._default_manager.get_queryset()
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        opts = self.model._meta
        return queryset if can(request.user, f"{opts.app_label}.view_{opts.model_name}") else queryset.none()


class RegimeBasisInline(_National, ScopedTabularInline):
    model = RegimeBasis
    extra = 0
    fields = ["order", "text", "legal_text"]
    autocomplete_fields = ["legal_text"]


class CashCoefficientInline(_National, ScopedTabularInline):
    model = CashCoefficient
    extra = 0
    fields = ["form", "individual", "collective", "article"]


class ReportFormInline(_National, ScopedTabularInline):
    model = ReportForm
    extra = 0
    fields = ["kind", "code", "name", "source"]
    # Four columns within the page's width.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 18})}}


@admin.register(LegalRegime)
class LegalRegimeAdmin(_National, ScopedHistoryAdmin):
    list_display = ["name", "code", "valid_from", "valid_to"]
    search_fields = ["name", "code"]
    inlines = [RegimeBasisInline, CashCoefficientInline, ReportFormInline]


@admin.register(LegalText)
class LegalTextAdmin(_National, ScopedHistoryAdmin):
    list_display = ["code", "title", "valid_from", "valid_to", "replaced_by", "in_force_today"]
    search_fields = ["code", "title", "cited_as"]

    @admin.display(description=_("in force today"), boolean=True)
    def in_force_today(self, obj):
        from core.time import local_today

        return obj.in_force_on(local_today())


@admin.register(BaseSalary)
class BaseSalaryAdmin(_National, ScopedHistoryAdmin):
    list_display = ["amount_display", "valid_from", "source"]

    @admin.display(description=_("amount (VND)"), ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount:,} đ".replace(",", ".")
