"""Hot reads compiled once per process (issue 17).

The ORM builds and compiles a queryset's SQL on every call. On the dossier steps that is most of a
worker's CPU: finding who the user is took ~4 ms, a locked read of a dossier with its campaign ~3 ms,
for statements PostgreSQL answers in a tenth of that. `Prepared` asks the ORM for the SQL once per
process and database, of the queryset built with marker values, then runs that SQL with the real values
and lets the ORM turn the rows into objects as it always does (select_related, values(), the database's
converters, prefetch_related).

    _DOSSIER = Prepared(lambda pk: Dossier.objects.select_related("campaign").filter(pk=pk), int)
    dossier = _DOSSIER.first(pk)

The rules for `build(*values)`, checked on first use: every value that changes between calls is one of
its arguments, an int or a str as declared, and reaches the SQL as a parameter as it is (not inside a
LIKE pattern, not transformed); nothing in it reads the clock, the request or the settings. The SQL is
compiled twice with different markers; it must differ only at the markers' places, or `build` is refused
with the reason. A locked read (select_for_update) is refused outside a transaction, as the ORM refuses it.

Use it for reads on every request or every step, not elsewhere: a plain queryset is clearer.
"""

import copy
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

# Markers: within every integer column's range (Django makes a lookup out of range an empty result).
_INT_MARKER = 2_146_000_000


class PreparedError(TypeError):
    """`build` does not satisfy the rules above (a programming error, raised on first use)."""


def _markers(kinds, round_: int) -> tuple:
    return tuple(
        _INT_MARKER + 1000 * round_ + index if kind is int else f"\x1fprepared:{round_}:{index}\x1f"
        for index, kind in enumerate(kinds)
    )


def compiled_once(compile_sql, kinds) -> tuple[str, list]:
    """SQL compiled once with markers standing for the values (ints or strs, as `kinds`):
    `compile_sql(*markers)` gives (sql, params); returns the SQL and the slots `fill()` puts values into.
    Checked as `Prepared` checks its queryset (for SQL that is not a read, such as an UPDATE)."""
    return parameter_slots(compile_sql, kinds, compile_sql(*_markers(kinds, 0)), compile_sql(*_markers(kinds, 1)))


def fill(slots, values) -> tuple:
    """The parameters for these values."""
    return tuple(constant if index is None else values[index] for index, constant in slots)


def parameter_slots(label, kinds, first, second) -> tuple[str, list]:
    """Where each value stands in the parameters of SQL compiled twice, with the markers of round 0 and 1."""
    (sql, params), (sql_again, params_again) = first, second
    first_markers, second_markers = _markers(kinds, 0), _markers(kinds, 1)
    if sql != sql_again or len(params) != len(params_again):
        raise PreparedError(f"{label!r}: the SQL depends on the values; it cannot be prepared.")
    slots = []
    for value, value_again in zip(params, params_again, strict=True):
        if value in first_markers and value_again == second_markers[first_markers.index(value)]:
            slots.append((first_markers.index(value), None))
            continue
        if isinstance(value, str) and any(isinstance(m, str) and m in value for m in first_markers):
            raise PreparedError(f"{label!r}: a value does not reach the SQL as it is (inside {value!r}).")
        if value != value_again or value in first_markers or value in second_markers:
            raise PreparedError(f"{label!r}: a parameter changes between calls but is not a value (the clock, a setting?).")
        slots.append((None, value))
    if {index for index, _ in slots if index is not None} != set(range(len(kinds))):
        raise PreparedError(f"{label!r}: not every value reaches the SQL as a parameter.")
    return sql, slots


class _Plan:
    __slots__ = ("queryset", "compiler", "sql", "slots", "for_update")

    def __init__(self, queryset: QuerySet, compiler, sql: str, slots: list, for_update: bool):
        self.queryset, self.compiler, self.sql, self.slots, self.for_update = (
            queryset, compiler, sql, slots, for_update
        )


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        if any(kind not in (int, str) for kind in kinds):
            raise PreparedError("Prepared values are int or str.")
        self.build = build
        self.kinds = kinds
        self._plans: dict[str, _Plan] = {}

    def _compile(self, using: str, markers: tuple):
        queryset = self.build(*markers)
        if not isinstance(queryset, QuerySet):
            raise PreparedError(f"{self.build!r} must return a QuerySet.")
        queryset = queryset.using(using)
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise PreparedError(f"{self.build!r}: the ORM finds no rows for any value; it cannot be prepared.") from None
        return queryset, compiler, sql, list(params)

    def _plan(self, using: str) -> _Plan:
        plan = self._plans.get(using)
        if plan is not None:
            return plan
        queryset, compiler, sql, params = self._compile(using, _markers(self.kinds, 0))
        _, _, sql_again, params_again = self._compile(using, _markers(self.kinds, 1))
        sql, slots = parameter_slots(self.build, self.kinds, (sql, params), (sql_again, params_again))
        plan = _Plan(queryset, compiler, sql, slots, bool(queryset.query.select_for_update))
        self._plans[using] = plan
        return plan

    def all(self, *values, using: str = DEFAULT_DB_ALIAS) -> list:
        """The rows (objects, dicts or tuples, as the queryset gives them) for these values."""
        if len(values) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} values, got {len(values)}")
        if any(not isinstance(value, kind) or isinstance(value, bool) for value, kind in zip(values, self.kinds, strict=True)):
            raise TypeError(f"expected {', '.join(kind.__name__ for kind in self.kinds)}, got {values!r}")
        values = tuple(kind(value) for value, kind in zip(values, self.kinds, strict=True))  # an enum member: its value
        plan = self._plan(using)
        connection = connections[using]
        if plan.for_update and connection.features.has_select_for_update and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = fill(plan.slots, values)
        compiler = copy.copy(plan.compiler)
        compiler.connection = connection  # this thread's connection
        compiler.as_sql = lambda *args, **kwargs: (plan.sql, params)
        queryset = plan.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def first(self, *values, using: str = DEFAULT_DB_ALIAS):
        """The first row, or None."""
        rows = self.all(*values, using=using)
        return rows[0] if rows else None


def attach(instance, name: str, rows: list) -> None:
    """Give `instance.<name>.all()` these rows (a reverse foreign key), as prefetch_related would: for
    related rows read by a `Prepared` read instead of a prefetch, which the ORM compiles on every call."""
    manager = getattr(instance, name)
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(manager.field.remote_field.cache_name, None)
    queryset = manager.get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache[manager.field.remote_field.cache_name] = queryset
