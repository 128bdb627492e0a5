"""Changing one's password in the portal, and having to change a password that someone else chose.

Every logged-in person changes their password at "Đổi mật khẩu" (/doi-mat-khau/, linked under their name in
the navigation): unit staff have no admin, where the only such page was. A login whose password was handed over
(the first office login printed by `create_agency`, a login added or reset by the deployment's administrator)
is marked PasswordChangeDue; at its next sign-in the mark is copied into the session (one query, at sign-in
only), and until the password is changed every page leads to "Đổi mật khẩu". Signing out stays possible.

It is the only page where one changes one's own password: the admin's "Đổi mật khẩu" leads here and back
(PortalAdminSite.password_change), so a due change is cleared whichever link was followed."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .models import PasswordChangeDue

SESSION_KEY = "password_change_due"



def require_change(user) -> None:
    """Mark `user`'s password as one to change at their next sign-in."""
    PasswordChangeDue.objects.get_or_create(user=user)


@receiver(user_logged_in, dispatch_uid="campaign.passwords.note_due_change")
def note_due_change(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and PasswordChangeDue.objects.filter(user=user).exists():
        request.session[SESSION_KEY] = True


class PasswordChangeDueMiddleware:
    """After AuthenticationMiddleware: a session whose password is due to change reaches only the change page,
    signing out and the static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = (reverse("password-change"), reverse("logout"), reverse("login"), reverse("admin:logout"))
            if request.path not in allowed and not request.path.startswith(("/static/", "/favicon")):
                return redirect("password-change")
        return self.get_response(request)


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form, except that the password rules judge the first new password even when the second one
    differs: a weak password is named on the first try, beside the field where it was typed, not only once
    the two match."""

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        super().validate_password_for_user(user, "new_password1")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, the password validators; the session stays signed
    in), on the portal's page; a due change is then done. `next` (a path of this site, such as the admin's
    home when the admin's link led here) is where the person goes back to."""

    template_name = "registration/portal_password_change.html"
    form_class = PortalPasswordChangeForm

    def next_path(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()},
                                               require_https=self.request.is_secure())
        return target if target and safe else ""

    def get_success_url(self):
        return self.next_path() or reverse("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "due": bool(self.request.session.get(SESSION_KEY)),
                "next": self.next_path(), "back_to": self.get_success_url()}

    def form_valid(self, form):
        response = super().form_valid(form)
        PasswordChangeDue.objects.filter(user=self.request.user).delete()
        self.request.session.pop(SESSION_KEY, None)
        messages.success(self.request, "Đã đổi mật khẩu. Lần đăng nhập sau, hãy dùng mật khẩu mới.")
        return response
