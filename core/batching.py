"""Work that every saved row triggers (a receiver recounting what the row belongs to), done once per batch
instead of once per row.

A service that writes many rows in one transaction (the import of units and staff) opens `batch()` inside
that transaction. A receiver that supports it asks `collecting(name)`: inside a batch it gets a set to add
its work to and returns; at the end of the batch each registered handler runs once with everything
collected, still inside the caller's transaction. Outside a batch `collecting()` is None and the receiver
does its work at once, as before. An error inside the batch runs no handler (the transaction rolls back).

core knows no app: the apps register their handlers (reports/apps.py), so a lower layer can batch the
work of a higher one without importing it.
"""

import contextlib
import threading
from collections.abc import Callable, Iterator

_local = threading.local()
_handlers: dict[str, Callable[[set], None]] = {}


def register(name: str, handler: Callable[[set], None]) -> None:
    """`handler(items)` runs at the end of each batch that collected items under `name`."""
    _handlers[name] = handler


def collecting(name: str) -> set | None:
    """The set to add this work to when a batch is open, else None (do it now)."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        return None
    return pending.setdefault(name, set())


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Collect the registered work of the rows written inside; do it once at the end. Nested batches are
    part of the outermost one."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    _local.pending = {}
    try:
        yield
        pending, _local.pending = _local.pending, None
        for name, items in pending.items():
            if items:
                _handlers[name](items)
    finally:
        _local.pending = None
