"""Changing one's password in the portal, and having to change a password that someone else chose.

Every logged-in person changes their password at "Đổi mật khẩu" (/doi-mat-khau/, linked under their name in
the navigation): unit staff have no admin, where the only such page was. A login whose password was handed over
(the first office login printed by `create_agency`, a login added or reset by the deployment's administrator)
is marked PasswordChangeDue; at its next sign-in the mark is copied into the session (one query, at sign-in
only), and until the password is changed every page leads to "Đổi mật khẩu". Signing out stays possible."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, the password validators; the session stays signed
    in), on the portal's page; a due change is then done."""

    template_name = "registration/portal_password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "due": bool(self.request.session.get(SESSION_KEY))}

    def form_valid(self, form):
        response = super().form_valid(form)
        PasswordChangeDue.objects.filter(user=self.request.user).delete()
        self.request.session.pop(SESSION_KEY, None)
        messages.success(self.request, "Đã đổi mật khẩu. Lần đăng nhập sau, hãy dùng mật khẩu mới.")
        return response
