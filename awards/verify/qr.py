"""The link a Giấy khen's QR code carries, and the code itself as vector SVG (segno)."""

import re

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

# secrets.token_urlsafe(16): 22 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")


def verify_path(token: str) -> str:
    return f"/xac-minh/{token}/"


def verify_url(token: str) -> str:
    """The absolute link, from settings.PORTAL_PUBLIC_URL (the address the public reaches the portal at)."""
    return f"{settings.PORTAL_PUBLIC_URL.rstrip('/')}{verify_path(token)}"


def shown_url(token: str) -> str:
    """The link as printed under the code: without “https://”, short enough to type."""
    return re.sub(r"^https?://", "", verify_url(token))


def qr_svg(url: str) -> SafeString:
    """An inline SVG (no size of its own: the page gives it one), error correction M, no quiet zone (the
    block's white background gives it one)."""
    import segno  # where a code is drawn, not in every web worker (issue 17: lean workers)

    return mark_safe(segno.make(url, error="m", micro=False).svg_inline(border=0, omitsize=True, dark="#000"))  # noqa: S308
