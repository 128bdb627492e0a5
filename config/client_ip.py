"""The client address that login throttling (django-axes) is keyed on.

settings.TRUSTED_PROXY_COUNT is the number of reverse proxies in front of gunicorn, each of which
appends the address it received the request from to X-Forwarded-For:

- 0 (the default): no proxy. Only REMOTE_ADDR counts; X-Forwarded-For is ignored, since any client
  can send one.
- N > 0: the client address is the entry N hops from the right of X-Forwarded-For, the one the
  outermost trusted proxy appended. Whatever a client put in the header itself lies further left and
  is never read. If the header has fewer than N entries, or that entry is not an IP address, the
  request did not come through the proxies as configured and REMOTE_ADDR is used.

axes' built-in django-ipware settings do not give this: ipware's proxy_count counts the hops after the
client (N - 1 here), with strict checking (its default) any header of another length falls back to
REMOTE_ADDR, i.e. the proxy, which all such clients would share; without strict checking it splits the
header on commas outside double quotes, so a forged `1.2.3.4, "` swallows the address the proxy
appended and the client chooses its own. So the trusted right-hand part is cut off here on plain commas,
the way proxies append, and only that part is given to ipware, which validates and normalises the
address (a port, IPv6 brackets, an IPv4-mapped IPv6 address).
"""

from types import SimpleNamespace

from django.conf import settings
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the real client address of `request` (see the module docstring)."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    hops = [hop.strip() for hop in request.META.get(FORWARDED_FOR, "").split(",")]
    if len(hops) < count:
        return remote_addr
    # The N right-most entries, all appended by trusted proxies: the client first, then the proxies
    # between it and the last one (whose own address is REMOTE_ADDR).
    trusted = SimpleNamespace(META={FORWARDED_FOR: ", ".join(hops[-count:])})
    address, _routable = get_client_ip(
        trusted,
        proxy_count=count - 1,
        request_header_order=[FORWARDED_FOR],
        strict=True,
        algorithm="modern",
    )
    return address or remote_addr


def client_username(request, credentials=None) -> str:
    """The username django-axes keys a failed login on, as the login form would read it: at most the
    150 characters a username can have and no NUL, so a garbage login cannot overflow axes' columns
    (a 500 on PostgreSQL) and every garbage variant of one name counts against the same key."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = (credentials or {}).get(field) if credentials else None
    if value is None:
        value = request.POST.get(field, "") if request is not None and hasattr(request, "POST") else ""
    return str(value).replace("\x00", "")[:150]
