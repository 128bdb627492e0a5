"""Calling a library that runs an event loop of its own from code that may already be inside one.

pyHanko's `sign_pdf` and `validate_pdf_signature` are synchronous wrappers around `asyncio.run`, which refuses to
start inside a running loop ("asyncio.run() cannot be called from a running event loop"): under an async server,
in a task worker that runs coroutines, or in a process that drives a browser with Playwright's sync API. There the
call moves to a short-lived thread of its own; everywhere else it runs as it is.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def outside_event_loop(function, /, *args, **kwargs):
    """`function(*args, **kwargs)`, in a thread of its own when this thread runs an event loop. Exceptions come
    back to the caller unchanged. The function must not use this thread's database connection."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outside-event-loop") as pool:
        return pool.submit(function, *args, **kwargs).result()
