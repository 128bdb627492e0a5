"""Plumbing of the access rules (DESIGN.md R8): how a model says where its agency and its unit are.

The rules themselves (who is office, Director, inspection board or staff of a unit, and what each may
do) live in one module, `campaign/rules.py`. A model only declares, as `access = AccessPaths(...)`,
the lookups that lead from one of its rows to the agency that owns it and to the unit whose staff may
see it. From that one declaration the rules build both the queryset scope (a `Q` for `scope_for`) and
the answer for one object (for `has_perm`), so the two can never disagree.
"""

from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model


class Audience(Enum):
    """Who, besides the agency's office, Director and inspection board, sees a row."""

    AGENCY = "agency"  # every active staff member of the agency (the plan, units, the published list)
    UNIT = "unit"  # active staff of the row's unit (dossiers, files, progress reports, certificates)
    OWN = "own"  # only the person the row belongs to (their own feedback)
    OVERSEERS = "overseers"  # nobody else (council, approvals, decisions, supervision reports)


@dataclass(frozen=True)
class AccessPaths:
    """Lookups from a row (Django `__` syntax, e.g. "campaign__agency") to its agency, and where the
    audience needs it, to its unit or to the user it belongs to.

    `province` leads to the province whose steering committee reads the row; the committee reads only
    what the agencies forward to it, so `forwarded` lists the lookups that must hold for the committee
    (e.g. the Tờ trình has been sent). A row of the province itself (its plan) has no agency (`agency`
    None): the committee and every agency of the province read it."""

    agency: str | None
    audience: Audience = Audience.OVERSEERS
    unit: str | None = None
    owner: str | None = None
    # Extra lookups that must hold for staff (not for the overseers), e.g. a certificate is theirs
    # to see only once its decision is signed.
    staff_filter: tuple[tuple[str, object], ...] = ()
    province: str | None = None
    forwarded: tuple[tuple[str, object], ...] = ()

    def __post_init__(self):
        if self.agency is None and not self.province:
            raise ValueError("A row without an agency needs the path to its province")
        if self.audience is Audience.UNIT and not self.unit:
            raise ValueError("Audience.UNIT needs the path to the unit")
        if self.audience is Audience.OWN and not self.owner:
            raise ValueError("Audience.OWN needs the path to the owner")


def paths_of(model_or_obj) -> AccessPaths:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    paths = getattr(model, "access", None)
    if not isinstance(paths, AccessPaths):
        raise TypeError(f"{model.__name__} declares no access paths; add `access = AccessPaths(...)`")
    return paths


def follow(obj: Model, lookup: str):
    """The value at the end of a `__` lookup on one object: "campaign__agency" gives the agency's
    primary key (read from the foreign key column, without loading the agency)."""
    parts = lookup.split("__")
    current = obj
    for index, part in enumerate(parts):
        if current is None:
            return None
        if index == len(parts) - 1:
            if part == "pk":
                return current.pk
            field = current._meta.get_field(part)
            # A foreign key's column, so the related row is not loaded for its primary key.
            return getattr(current, field.attname if field.concrete and field.is_relation else part)
        current = getattr(current, part)
    return current


def access_joins(model) -> list[str]:
    """The foreign keys `follow` walks from a row of `model` to decide who sees it, for `select_related`: rows
    read with them are asked about without reading anything more."""
    paths = getattr(model, "access", None)
    if paths is None:
        return []
    lookups = [paths.agency, paths.unit, paths.owner, paths.province,
               *(lookup for lookup, _ in paths.staff_filter), *(lookup for lookup, _ in paths.forwarded)]
    joins = set()
    for lookup in filter(None, lookups):
        current, chain = model, []
        for part in lookup.split("__")[:-1]:
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                break
            chain.append(part)
            current = field.related_model
        if chain:
            joins.add("__".join(chain))
    # A join that a longer one passes through is in it already ("dossier" in "dossier__campaign").
    return sorted(join for join in joins if not any(other.startswith(join + "__") for other in joins))
