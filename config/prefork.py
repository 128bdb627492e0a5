"""What an app server's master loads before it forks its workers (config/gunicorn.conf.py).

Django's set-up runs when config.wsgi is imported; the URLconf, with every view and form it imports, is
loaded here once instead of on each worker's first request. Templates are not compiled here: measured, the
workers' own memory (USS) stayed the same (rendering touches the compiled nodes' reference counts, which
copies their pages into the worker anyway) while every worker's RSS grew by the master's 8 MiB of them.
Then nothing may stay open that the forks would share: database and cache connections are closed (none is
expected to be open; a module that queried at import would be a bug, and this keeps it from becoming one
connection used by every worker at once)."""


def warm_up() -> dict[str, int]:
    """Load the URLconf; returns how many top-level URL patterns it has. Does nothing when Django is not set
    up in this process (an app that is not the portal, such as the benchmark's bare anchor)."""
    from django.apps import apps

    if not apps.ready:
        return {}
    from django.core.cache import caches
    from django.db import connections
    from django.urls import get_resolver

    patterns = len(get_resolver().url_patterns)
    connections.close_all()
    caches.close_all()
    return {"url_patterns": patterns}
