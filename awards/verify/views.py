"""The public page a Giấy khen's QR code opens: no login, nothing but what the certificate says.

Unknown and malformed tokens get the same 404 page (nothing tells a guessed token from a garbage one), and
every lookup, answered or not, counts against the client's address: `RATE_LIMIT` lookups per `RATE_WINDOW`
seconds, then a 429 page until the window ends.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import selectors
from .forms import CheckFileForm
from .signature import read_signatures

RATE_LIMIT = 30
RATE_WINDOW = 600  # seconds


def _limits() -> tuple[int, int]:
    return getattr(settings, "PORTAL_VERIFY_RATE", (RATE_LIMIT, RATE_WINDOW))


def client_ip(request) -> str:
    """The real client's address, as the deployment computes it for login throttling (config/client_ip.py,
    named by settings.AXES_CLIENT_IP_CALLABLE: the domain does not import the configuration)."""
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) or "unknown"


def _over_limit(request) -> bool:
    limit, window = _limits()
    key = f"verify-lookups:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


@dataclass(frozen=True)
class FileCheck:
    file_name: str
    issued: bool
    readable: bool
    signatures: tuple


def _check(award, form: CheckFileForm) -> FileCheck:
    content = form.cleaned_data["content"]
    issued = selectors.issued_match(award, content) is not None
    signatures = read_signatures(content)
    return FileCheck(
        file_name=form.cleaned_data["file"].name[:120],
        issued=issued,
        readable=signatures is not None,
        signatures=tuple(signatures or ()),
    )


def _headers(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the address: never sent to another site (same-origin keeps the form's Origin for CSRF).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@csrf_protect
def verify(request, token: str):
    if request.method not in ("GET", "HEAD", "POST"):
        return _headers(render(request, "awards/verify/not_found.html", status=404))
    if _over_limit(request):
        _limit, window = _limits()
        response = render(request, "awards/verify/rate_limited.html", {"minutes": max(1, window // 60)}, status=429)
        response["Retry-After"] = str(window)
        return _headers(response)
    award = selectors.award_for_token(token)
    if award is None:
        return _headers(render(request, "awards/verify/not_found.html", status=404))
    form = CheckFileForm()
    check = None
    if request.method == "POST":
        form = CheckFileForm(request.POST, request.FILES)
        if form.is_valid():
            check = _check(award, form)
            form = CheckFileForm()
    context = {"facts": selectors.certificate_facts(award), "form": form, "check": check}
    return _headers(render(request, "awards/verify/page.html", context))
