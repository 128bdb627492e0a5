"""The one way awards pages refuse what a user sees but may not do: a 403 with the rules' reason.

What a user may not see never gets here: it was fetched through `scope_for`, so it is a 404 already.
"""

from django.core.exceptions import PermissionDenied

from campaign.rules import can, reason


def refuse_unless(user, permission: str, obj) -> None:
    """Raise PermissionDenied (403) with the Vietnamese reason unless `user` may do `permission` to `obj`."""
    if not can(user, permission, obj):
        raise PermissionDenied(reason(user, permission, obj))
