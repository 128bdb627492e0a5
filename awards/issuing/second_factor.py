"""The signer's second factor (issue 14): a TOTP app on the phone (django-otp), so a stolen password alone
cannot sign a decision or a Tờ trình.

- “Xác thực hai lớp” (enrolment): the Director and the office scan a QR code (segno, SVG) of the otpauth URI
  and confirm it with a code; the device then counts as verified for the session.
- “Nhập mã xác thực”: the signing pages send a user whose session is not verified here; the code verifies
  the session and returns to the page. Wrong codes are throttled by django-otp (a growing wait).
- Recovery: a lost phone's device is removed by the person's office in the admin (awards/admin.py), with
  history; the person enrols again.
"""

import base64
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from campaign.rules import refuse_unless

ISSUER = "Cổng thi đua - khen thưởng"
DEVICE_NAME = "Ứng dụng xác thực trên điện thoại"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực (6 chữ số)", max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực."},
    )

    def clean_code(self):
        code = re.sub(r"\s+", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Mã xác thực gồm đúng 6 chữ số, ví dụ 123456.")
        return code


@dataclass(frozen=True)
class SecondFactor:
    enrolled: bool
    verified: bool


def state_of(request) -> SecondFactor:
    """For the signing pages: whether the user has a confirmed device and whether this session used it."""
    user = request.user
    verified = bool(getattr(user, "is_verified", lambda: False)())
    enrolled = verified or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return SecondFactor(enrolled=enrolled, verified=verified)


def verify_url(next_url: str) -> str:
    return f"{reverse('awards:otp-verify')}?{urlencode({'next': next_url})}"


def require_verified(request, back_to: str) -> HttpResponseRedirect | None:
    """None when the session holds a verified second factor; otherwise the redirect to “Nhập mã xác thực”
    (the signing view changes nothing)."""
    if state_of(request).verified:
        return None
    messages.warning(request, "Ký văn bản cần mã xác thực hai lớp: hãy nhập mã rồi ký lại.")
    return redirect(verify_url(back_to))


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _throttle_message(device: TOTPDevice) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (details or {}).get("locked_until")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds())) if locked_until else None
    wait = f" Hãy đợi {seconds} giây rồi thử lại." if seconds else " Hãy đợi một lát rồi thử lại."
    return f"Đã nhập sai mã nhiều lần liên tiếp nên tạm khoá việc nhập mã.{wait}"


def _check_code(form: CodeForm, device: TOTPDevice) -> bool:
    """Verify the code on the device (django-otp throttles failures); the refusal goes on the field."""
    throttled = _throttle_message(device)
    if throttled:
        form.add_error("code", throttled)
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    device.refresh_from_db()
    form.add_error("code", _throttle_message(device) or (
        "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng (mã đổi sau mỗi 30 giây)."
    ))
    return False


PENDING_KEY = "second_factor_pending_key"  # the secret shown for enrolment, kept in the session until confirmed
PENDING_TRIES = "second_factor_pending_tries"
ENROL_TRIES = 5  # wrong codes before a new secret (and QR) is drawn


def otpauth_uri(hex_key: str, username: str) -> str:
    secret = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    label = quote(f"{ISSUER}:{username}")
    params = urlencode({"secret": secret, "issuer": ISSUER, "algorithm": "SHA1", "digits": 6, "period": 30},
                       quote_via=quote)
    return f"otpauth://totp/{label}?{params}"


def qr_svg(uri: str) -> str:
    import segno

    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title="Mã QR đăng ký ứng dụng xác thực")


def _pending_key(request) -> str:
    """The secret being enrolled: drawn once and kept in the session, so showing the page writes nothing."""
    key = request.session.get(PENDING_KEY)
    if not key or request.session.get(PENDING_TRIES, 0) >= ENROL_TRIES:
        key = random_hex(20)
        request.session[PENDING_KEY] = key
        request.session[PENDING_TRIES] = 0
    return key


@login_required
def enrol(request):
    """Xác thực hai lớp: enrol an authenticator app (QR code, then a code to confirm)."""
    refuse_unless(request.user, "awards.enrol_second_factor")
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "awards/second_factor/enrol.html", {
            "device": confirmed, "verified": state_of(request).verified, "next": _safe_next(request),
        })
    key = _pending_key(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidate = TOTPDevice(user=request.user, name=DEVICE_NAME, key=key, confirmed=True)
        totp = TOTP(candidate.bin_key, candidate.step, candidate.t0, candidate.digits)
        if totp.verify(int(form.cleaned_data["code"]), tolerance=candidate.tolerance):
            candidate.last_t = totp.t()
            candidate.save()
            for name in (PENDING_KEY, PENDING_TRIES):
                request.session.pop(name, None)
            otp_login(request, candidate)
            messages.success(request, "Đã đăng ký xác thực hai lớp. Từ nay, mỗi phiên ký văn bản cần mã trên ứng dụng.")
            return redirect(_safe_next(request))
        tries = request.session.get(PENDING_TRIES, 0) + 1
        request.session[PENDING_TRIES] = tries
        if tries >= ENROL_TRIES:
            form.add_error("code", "Đã nhập sai mã nhiều lần: cổng đã tạo mã QR mới. Hãy xoá tài khoản cũ trong ứng "
                                   "dụng, quét lại mã QR dưới đây rồi nhập mã mới.")
            key = _pending_key(request)
        else:
            form.add_error("code", "Mã không đúng hoặc đã hết hạn. Hãy kiểm tra đồng hồ của điện thoại và nhập mã "
                                   "đang hiện trên ứng dụng (mã đổi sau mỗi 30 giây).")
    secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return render(request, "awards/second_factor/enrol.html", {
        "form": form, "qr": qr_svg(otpauth_uri(key, request.user.get_username())),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), "next": _safe_next(request),
    }, status=400 if request.method == "POST" else 200)


@login_required
def verify(request):
    """Nhập mã xác thực: verifies the session's second factor, then returns to the page (`next`)."""
    refuse_unless(request.user, "awards.enrol_second_factor")
    next_url = _safe_next(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return render(request, "awards/second_factor/verify.html", {
            "device": None, "next": next_url,
            "enrol_url": f"{reverse('awards:otp-enrol')}?{urlencode({'next': next_url})}",
        })
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, device):
        otp_login(request, device)
        messages.success(request, "Đã xác thực hai lớp cho phiên làm việc này.")
        return redirect(next_url)
    return render(request, "awards/second_factor/verify.html", {
        "device": device, "form": form, "next": next_url,
    }, status=400 if request.method == "POST" else 200)
