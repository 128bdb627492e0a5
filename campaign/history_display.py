"""The admin's history pages (django-simple-history) as a clerk reads them: each change names the field by
its Vietnamese verbose_name and shows values as the rest of the portal does (a state by its label, not its
code; local time dd/mm/YYYY HH:MM, not UTC; "(trống)" for nothing; a removed row said so, not ``pk=``)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ManyToManyField, Model, prefetch_related_objects
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


def as_loaded(record):
    """The object a version holds, with the related rows read along with the version (the history page's
    select_related): django-simple-history builds it from the columns alone, so showing it read each of its
    foreign keys again, once per version."""
    instance = record.history_object
    for name, value in record._state.fields_cache.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one or field.one_to_one:
            field.set_cached_value(instance, value)
    return instance


class VietnameseHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            value = super().prepare_delta_change_value(change, value)
            # Each member is named with what its own foreign keys lead to (a staff member with their unit):
            # read for the whole list at once, not once per member.
            rows = [item for item in value if isinstance(item, Model)]
            if rows:
                prefetch_related_objects(rows, *[f.name for f in field.related_model._meta.concrete_fields
                                                 if f.many_to_one])
        return display_value(field, value)
