"""The admin asks the rules (campaign/rules.py) like every other page: each changelist shows
`scope_for(user, ...)`, each add/change/delete/view asks `can(...)`, and each choice of a related row
offers only rows the user may see. Every ModelAdmin and inline of the project derives from these."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.utils import NotRelationField, flatten, get_fields_from_path, quote, unquote
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import BLANK_CHOICE_DASH, CASCADE, PROTECT, RESTRICT
from django.forms import formsets
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from simple_history.admin import SimpleHistoryAdmin

from core.access import access_joins

from .history_display import VietnameseHistoryHelper
from .rules import RULES, can, menu_for, scope_for, standing

# The empty choice of a list of choices says what to do, not Django's "---------".
EMPTY_CHOICE = "— Chọn —"


def _allowed(request, opts, action: str, obj=None) -> bool:
    return _may(request, f"{opts.app_label}.{action}_{opts.model_name}", obj)


def once_per_request(request, key, answer):
    """`answer()`, worked out the first time a request asks for `key` and kept on the request after that."""
    answers = request.__dict__.setdefault("_answers", {})
    if key not in answers:
        answers[key] = answer()
    return answers[key]


def _may(request, permission: str, obj=None) -> bool:
    # A permission the rules do not name is nobody's: a new model is closed until it is given rules.
    if permission not in RULES:
        return False
    if obj is not None:
        if request.method not in ("GET", "HEAD") or obj.pk is None:
            return can(request.user, permission, obj)
        # A page that changes nothing asks the same of its object for each button and inline; the answer
        # cannot change while it is shown. (A POST asks afresh: its object may change state on the way.)
        return once_per_request(request, ("may", permission, type(obj), obj.pk),
                                lambda: can(request.user, permission, obj))
    # Asked of the model, the answer holds for the whole request: every admin page asks it about each of
    # some 60 models, several times each (the app list, the page's own buttons, its inlines).
    return once_per_request(request, ("may", permission), lambda: can(request.user, permission))


class _Scoped:
    def get_queryset(self, request):
        return scope_for(request.user, super().get_queryset(request))

    def _related_queryset(self, db_field, request, queryset):
        model = db_field.remote_field.model
        if getattr(model, "access", None) is not None:
            return scope_for(request.user, queryset if queryset is not None else model._default_manager.all())
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._related_queryset(db_field, request, kwargs.get("queryset"))
        if queryset is not None:
            kwargs["queryset"] = queryset
        if db_field.name in self.raw_id_fields and "widget" not in kwargs:
            kwargs["widget"] = KnownRawIdWidget(db_field.remote_field, self.admin_site, using=kwargs.get("using"))
        if db_field.name not in self.radio_fields:  # radio buttons name their empty choice themselves
            kwargs.setdefault("empty_label", EMPTY_CHOICE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        choices = list(field.choices)
        if choices and choices[0] == BLANK_CHOICE_DASH[0]:
            field.choices = [("", EMPTY_CHOICE), *choices[1:]]
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._related_queryset(db_field, request, kwargs.get("queryset"))
        if queryset is not None:
            kwargs["queryset"] = queryset
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class KnownRawIdWidget(admin_widgets.ForeignKeyRawIdWidget):
    """Django's raw-id box reads its chosen row by itself, once per box: an inline of 30 members asked the
    database 30 times. A row its form already holds (`known`, set when the change form is shown) is used."""

    known = None

    def label_and_url_for_value(self, value):
        obj = self.known
        if obj is None or str(obj.pk) != str(value):
            return super().label_and_url_for_value(value)
        opts = obj._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,))
        except NoReverseMatch:
            url = ""
        return Truncator(obj).words(14), url


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """An id too large for the database is an invalid choice, not a server error (Django guards the
    exact lookup against integer overflow, not `pk__in`, and SQLite's driver raises OverflowError)."""

    def _check_values(self, value):
        # The same answer on every database: PostgreSQL would quietly match nothing, SQLite overflow.
        for pk in value or ():
            if not _valid_pk(self.queryset.model, pk, blank_ok=True):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": "…"}
            ) from None


BAD_SELECTION = "Các dòng đã chọn không hợp lệ (mã không đúng); hãy tải lại trang rồi chọn lại."


def _valid_pk(model, value, *, blank_ok: bool) -> bool:
    if value in ("", None):
        return blank_ok
    try:
        pk = model._meta.pk.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return not isinstance(pk, int) or -(2**63) <= pk < 2**63


class ValidSelectionMixin:
    """Given by PortalAdminSite.register to every ModelAdmin (the project's and third parties')."""

    def changelist_view(self, request, extra_context=None):
        # Django filters `pk__in` on the ids posted by an action or the editable list as they come: a
        # non-number or an id too large for the database would be a server error. Refused with a message.
        if request.method == "POST" and self.has_view_or_change_permission(request):
            editable = re.compile(rf"^form-\d+-{re.escape(self.opts.pk.name)}$")
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            edited = [v for k, v in request.POST.items() if editable.match(k)]
            if not all(_valid_pk(self.model, v, blank_ok=False) for v in selected) or not all(
                _valid_pk(self.model, v, blank_ok=True) for v in edited
            ):
                self.message_user(request, BAD_SELECTION, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def get_action_choices(self, request, default_choices=None):
        # The action bar's empty choice says what to do, not "---------".
        return super().get_action_choices(request, default_choices=[("", "— Chọn thao tác —")])

    # Django links a read-only foreign key to the related object's admin page without asking anyone, so a
    # person could be sent to a page that refuses them (the committee from its allocation to the agency's page,
    # the office from a progress report to a login's page). Here the rules decide: a link for whoever may open
    # that page, the name as plain text for whoever may not.
    # Swapped on the form about to be shown (and its inlines), after the forms were built from the names.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if adminform is not None:
            if obj is not None:
                shown = {name for _, options in adminform.fieldsets for name in flatten(options["fields"])}
                _preload_link_targets(self.model, shown & set(adminform.readonly_fields), [obj])
            adminform.fieldsets, adminform.readonly_fields = _links_as_allowed(
                request, self.model, self.admin_site, adminform.fieldsets, adminform.readonly_fields)
        for inline in context.get("inline_admin_formsets", ()):
            _read_rows_once(inline)
            # An inline the user may not change shows every field read-only, not only the declared ones.
            everything = not inline.has_change_permission
            inline.fieldsets, inline.readonly_fields = _links_as_allowed(
                request, inline.opts.model, self.admin_site, inline.fieldsets, inline.readonly_fields, everything)
        return super().render_change_form(request, context, add, change, form_url, obj)


def _links_as_allowed(request, model, admin_site, fieldsets, readonly_fields, everything=False):
    """The fieldsets and read-only fields of a form, each read-only foreign key to a model with an admin page
    swapped for a display that links to that page only for those who may open it."""
    read_only = set(readonly_fields)

    def one(name):
        if (not everything and name not in read_only) or not isinstance(name, str):
            return name
        return once_per_request(request, ("link", model, name),
                                lambda: _linked_if_allowed(request, model, admin_site, name))

    def swap(names):
        return [swap(name) if isinstance(name, (list, tuple)) else one(name) for name in names]

    fieldsets = [(title, {**options, "fields": swap(options["fields"])}) for title, options in fieldsets]
    return fieldsets, [one(name) for name in readonly_fields]


def _kinds_in_the_way(admin_site, request, model, objs) -> tuple[set[str], list[str]]:
    """The kinds of row (verbose names, with how many) that deleting `objs` would delete along with them and
    that the user may not delete at all, and those that keep `objs` from being deleted by anyone."""
    refused, protected = set(), []
    for relation in model._meta.related_objects:
        target = admin_site._registry.get(relation.related_model)
        keeps = relation.on_delete in (PROTECT, RESTRICT)
        if not keeps and (relation.on_delete is not CASCADE or target is None or target.has_delete_permission(request)):
            continue
        count = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": objs}).count()
        if count:
            kind = f"{capfirst(relation.related_model._meta.verbose_name_plural)} ({intcomma(count)})"
            if keeps:
                protected.append(kind)
            else:
                refused.add(kind)
    return refused, protected


def _read_rows_once(inline) -> None:
    """What an inline's rows show is read for all of them at once, not once per row: their parent (Django
    gives each row the parent's id, not the parent it has), the rows their shown foreign keys point to, and
    the label of each raw-id box."""
    formset = inline.formset
    rows = [form.instance for form in formset.forms if form.instance.pk is not None]
    fk = getattr(formset, "fk", None)
    if fk is not None:
        for row in rows:
            fk.set_cached_value(row, formset.instance)
    shown = {name for _, options in inline.fieldsets for name in flatten(options["fields"])}
    _preload_link_targets(inline.opts.model, shown, rows)
    for form in formset.forms:
        for name, field in form.fields.items():
            box = getattr(field.widget, "widget", field.widget)  # inside the "add another" wrapper
            if isinstance(box, KnownRawIdWidget):
                box.known = form.instance._state.fields_cache.get(name)


def _preload_link_targets(model, names, rows) -> None:
    """Rows point to related rows through their shown foreign keys; read those once per related model, with
    what the rules follow to decide who may open them, instead of once per row and field (and again for the
    rules). The rows keep them, so showing them reads nothing more."""
    fields = [field for field in model._meta.concrete_fields
              if field.name in names and (field.many_to_one or field.one_to_one)]
    wanted = {}
    for field in fields:
        ids = {getattr(row, field.attname) for row in rows if not field.is_cached(row)} - {None}
        if ids:
            wanted.setdefault(field.related_model, set()).update(ids)
    loaded = {related: related._base_manager.filter(pk__in=ids).select_related(*access_joins(related)).in_bulk()
              for related, ids in wanted.items()}
    for field in fields:
        found = loaded.get(field.related_model, {})
        for row in rows:
            if not field.is_cached(row) and getattr(row, field.attname) in found:
                field.set_cached_value(row, found[getattr(row, field.attname)])


def _linked_if_allowed(request, model, admin_site, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    target = admin_site._registry.get(field.related_model) if field.concrete and field.is_relation else None
    if target is None or not (field.many_to_one or field.one_to_one):
        return name  # not a link (or Django shows it as text already)
    opts = field.related_model._meta

    def shown(obj):
        value = getattr(obj, name)
        if value is None:
            return admin_site.empty_value_display  # as Django shows an empty field ("-"), not "None"
        if not target.has_view_or_change_permission(request, value):
            return str(value)
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(value.pk)],
                      current_app=admin_site.name)
        return format_html('<a href="{}">{}</a>', url, value)

    shown.__name__ = name  # the row keeps its CSS class and the field's help text
    shown.short_description = field.verbose_name
    return shown


class ScopedAdmin(_Scoped, admin.ModelAdmin):
    def get_deleted_objects(self, objs, request):
        # Django's confirmation reads every row that would go with the objects or that keeps them (PROTECT),
        # names each one and asks for each whether the user may delete it: for a running campaign, its
        # thousands of dossiers, nominations and files, minutes of work and tens of thousands of queries, only
        # to refuse. What keeps the objects, and what the user may not delete at all, is counted first, one
        # query per kind of row; the answer is the same refusal, at once.
        refused, protected = _kinds_in_the_way(self.admin_site, request, self.model, objs)
        if refused or protected:
            return [], {}, refused, protected
        return super().get_deleted_objects(objs, request)

    def get_changeform_initial_data(self, request):
        """The office of one agency adds to its own agency: the agency comes chosen, not as the one choice of a
        list to pick (the administrator, who serves every agency, chooses)."""
        initial = super().get_changeform_initial_data(request)
        offices = standing(request.user).office
        if len(offices) == 1 and any(field.name == "agency" for field in self.model._meta.fields):
            initial.setdefault("agency", next(iter(offices)))
        return initial

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets

        # Seen read-only, a form's own inputs (a rename's date, a change's reason) have nothing to show:
        # Django would print their code name and "None".
        def shown(name) -> bool:
            try:
                self.model._meta.get_field(name)
            except FieldDoesNotExist:
                return callable(name) or hasattr(self, name) or hasattr(self.model, name)
            return True

        def keep(names):
            kept = []
            for name in names:
                if isinstance(name, (list, tuple)):
                    line = [n for n in name if shown(n)]
                    if line:
                        kept.append(tuple(line))
                elif shown(name):
                    kept.append(name)
            return kept

        return [(title, {**options, "fields": keep(options["fields"])}) for title, options in fieldsets]

    def get_list_filter(self, request):
        # Every filter on a related model offers only what the user may see.
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                try:
                    last = get_fields_from_path(self.model, entry)[-1]
                except (FieldDoesNotExist, NotRelationField):
                    last = None
                if last is not None and last.is_relation:
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    def has_module_permission(self, request):
        return self.has_view_permission(request) or self.has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        return _allowed(request, self.opts, "view", obj) or self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return _allowed(request, self.opts, "add")

    def has_change_permission(self, request, obj=None):
        return _allowed(request, self.opts, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return _allowed(request, self.opts, "delete", obj)


# New rows one save of an inline may add (its existing rows come on top).
INLINE_NEW_ROWS = 100


class BoundedInlineFormSet(forms.BaseInlineFormSet):
    """A posted inline builds at most the object's own rows and INLINE_NEW_ROWS new ones. Django builds as many
    forms as the post's TOTAL_FORMS asks, up to 2,000: one post with a huge count made the server build, check and
    render 2,000 forms (8 s of CPU for one request). A larger count is refused with "Vui lòng gửi tối đa N biểu
    mẫu." above the inline and nothing is saved; the object's rows come back as posted, with a form count the page
    can be saved from once corrected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._refused = False
        if not self.is_bound:
            return
        # The parent's rows: read once here, the formset reads the same list to match the posted ids.
        rows = len(self.get_queryset())
        self.absolute_max = min(self.absolute_max, rows + INLINE_NEW_ROWS)
        self.max_num = min(self.max_num, self.absolute_max)  # the number the refusal names
        key = self.add_prefix(formsets.TOTAL_FORM_COUNT)
        try:
            posted = int(self.data.get(key, ""))
        except (TypeError, ValueError):
            return  # not a number: Django's management form says so
        if posted > self.absolute_max:
            self._refused = True
            self.data = self.data.copy()
            self.data[key] = str(rows)

    def full_clean(self):
        super().full_clean()
        if self._refused:
            self._non_form_errors.append(ValidationError(
                self.error_messages["too_many_forms"] % {"num": self.max_num}, code="too_many_forms"
            ))


class _ScopedInline(_Scoped):
    """An inline's rights follow the rules for its own model, asked about the parent object."""

    formset = BoundedInlineFormSet

    def has_view_permission(self, request, obj=None):
        return _allowed(request, self.opts, "view", obj) or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _allowed(request, self.opts, "add", obj)

    def has_change_permission(self, request, obj=None):
        return _allowed(request, self.opts, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return _allowed(request, self.opts, "delete", obj)


class ScopedTabularInline(_ScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(_ScopedInline, admin.StackedInline):
    pass


class ShownNotEdited:
    """Rows that the portal's own pages and services make (where numbers, quotas, dates and the record are
    kept): the admin shows them to whoever the rules let see them and never adds, changes or deletes them.
    Put first among an admin's or an inline's bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ShownNotEdited, ScopedTabularInline):
    extra = 0
    can_delete = False


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A scoped admin whose history pages (django-simple-history) follow the same rules."""

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history shows the history of a deleted object from its last version and refuses
        # (403) one the user may not see: that would tell another agency's ids from missing ones.
        try:
            return super().history_view(request, object_id, extra_context)
        except PermissionDenied:
            if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
                raise Http404("Không tìm thấy.") from None
            raise


class PortalAdminSite(admin.AdminSite):
    """The office's workplace. Who may enter is a rule like any other: a role in an agency (office,
    Director, inspection board) or the deployment's administrator; `is_staff` decides nothing."""

    site_header = "Cổng thi đua - khen thưởng"
    site_title = "Cổng thi đua - khen thưởng"
    index_title = "Quản trị"
    # The changelists need the width (unit, level, state, dates, missing documents) more than a sidebar.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return request.user.is_active and menu_for(request.user).admin

    def each_context(self, request):
        # Django builds the list of every app and model the user may open (about 60 models: their permission
        # questions, 120 URL reversals, a sort by translated names) on every admin page, for the nav sidebar that
        # this site does not show: a quarter of an office admin page's time. Built only if a template reads it.
        request._app_list_on_demand = True
        try:
            return super().each_context(request)
        finally:
            del request._app_list_on_demand

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_app_list_on_demand", False):
            return SimpleLazyObject(lambda: admin.AdminSite.get_app_list(self, request, app_label))
        return super().get_app_list(request, app_label)

    def index(self, request, extra_context=None):
        # Who only reads (the inspection board, the committee) is told so in the heading, not "Quản trị".
        heading = menu_for(request.user).admin_heading
        # The awards summary (awards/review/admin.py) is linked for those the rules let open it.
        summary = _may(request, "awards.view_approval")
        return super().index(request, {"title": heading, "awards_summary": summary, **(extra_context or {})})

    def password_change(self, request, extra_context=None):
        # One's own password is changed on one page, the portal's (campaign/passwords.py), which also clears a
        # change that was due; the admin's link leads there and back here.
        return redirect(f"{reverse('password-change')}?{urlencode({'next': reverse('admin:index')})}")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ValidSelectionMixin):
            admin_class = type(admin_class.__name__, (ValidSelectionMixin, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)


class ChoiceFilter(admin.SimpleListFilter):
    """A list filter whose every choice is a condition: `options` = ((value in the URL, label, Q), ...)."""

    options: tuple = ()

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _ in self.options]

    def queryset(self, request, queryset):
        for value, _, condition in self.options:
            if self.value() == value:
                return queryset.filter(condition)
        return queryset


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related model that offers only the rows the user may see (another agency's
    units or plans are not even named)."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        if getattr(model, "access", None) is None:
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in scope_for(request.user, model._default_manager.all())]
