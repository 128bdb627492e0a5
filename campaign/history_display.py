"""The admin's history pages (django-simple-history) as a clerk reads them: each change names the field by
its Vietnamese verbose_name and shows values as the rest of the portal does (a state by its label, not its
code; local time dd/mm/YYYY HH:MM, not UTC; "(trống)" for nothing; a removed row said so, not ``pk=``)."""

import datetime as dt
from decimal import Decimal

from django.db.models import ManyToManyField
from django.utils import formats, timezone
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "(trống)"


def display_value(field, value):
    """One stored value of `field` as the interface shows it."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return f"{value.model._meta.verbose_name} đã bị xoá"
    if isinstance(value, list):
        return ", ".join(str(display_value(None, item)) for item in value) or EMPTY
    if value is None or value == "":
        return EMPTY
    choices = dict(getattr(field, "flatchoices", None) or ()) if field is not None else {}
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float, Decimal)):
        return formats.localize(value, use_l10n=True)
    return value


class VietnameseHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            value = super().prepare_delta_change_value(change, value)
        return display_value(field, value)
