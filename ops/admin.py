"""django-axes in the admin: each office sees the failed logins and lock-outs of its own agency's
people and unlocks them by deleting the attempt; the deployment's administrator sees all."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from campaign.admin_base import once_per_request
from campaign.passwords import require_change
from campaign.rules import can, people_of_agencies, standing

for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class _AgencyLogins:
    """Rows about the logins of the user's agency only (a username of another agency is not shown)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        me = standing(request.user)
        if me.is_admin:
            return qs
        return qs.filter(username__in=people_of_agencies(me.office).values("username"))

    def has_module_permission(self, request):
        return can(request.user, "ops.view_login_attempts")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "ops.view_login_attempts") and (obj is None or self._ours(request, obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        # Those who may not see login records at all are told so, not sent to the admin's home.
        if not can(request.user, "ops.view_login_attempts"):
            raise PermissionDenied("Chỉ Văn phòng Sở xem được nhật ký đăng nhập của cơ quan.")
        return super().history_view(request, object_id, extra_context)

    def _ours(self, request, obj) -> bool:
        # A page asks it for each of its buttons (view, delete, history): once per record and request.
        return once_per_request(request, ("ours", type(obj), obj.pk),
                                lambda: self.get_queryset(request).filter(pk=obj.pk).exists())


@admin.register(AccessAttempt)
class OfficeAccessAttemptAdmin(_AgencyLogins, AccessAttemptAdmin):
    # django-axes' "clean up expired attempts" action needs a request that went through a login attempt
    # and fails from the admin; the office unlocks an account by deleting its attempt instead.
    actions = []

    def has_delete_permission(self, request, obj=None):
        return can(request.user, "ops.unlock_accounts") and (obj is None or self._ours(request, obj))


@admin.register(AccessLog)
class OfficeAccessLogAdmin(_AgencyLogins, AccessLogAdmin):
    actions = []


@admin.register(AccessFailureLog)
class OfficeAccessFailureLogAdmin(_AgencyLogins, AccessFailureLogAdmin):
    actions = []


# Logins and groups belong to the deployment (its administrator manages them). For anyone else their
# history pages refuse before looking the id up, so they never tell an existing login from a missing one.
class _DeploymentOnly:
    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied("Chỉ quản trị viên hệ thống quản lý tài khoản và nhóm.")
        return super().history_view(request, object_id, extra_context)


class _HandedOverPasswords:
    """A login the administrator adds, or whose password they set for someone else, gets a password its holder
    did not choose: they change it at their next sign-in (campaign/passwords.py)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            require_change(obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        user = self.get_object(request, unquote(id))
        if request.method == "POST" and response.status_code == 302 and user is not None and user != request.user:
            require_change(user)
        return response


for _model, _admin_class, _extra in ((User, UserAdmin, (_HandedOverPasswords,)), (Group, GroupAdmin, ())):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(
        _model, type(f"Deployment{_admin_class.__name__}", (_DeploymentOnly, *_extra, _admin_class), {})
    )


# django-otp registers its TOTP device admin on the site for everyone; an agency's devices are kept through a
# scoped admin of the portal instead (issue 14: a person's second factor, removed for recovery by their office).
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

from awards.issuing.second_factor_admin import SecondFactorDeviceAdmin  # noqa: E402

admin.site.register(TOTPDevice, SecondFactorDeviceAdmin)

# django-tasks' database backend registers its result table for everyone; the queue is the deployment's
# plumbing, not an agency's record: the office follows its mail in the outbox and a print run on its
# progress page, and the deployment's administrator reads the queue with `manage.py db_worker` logs.
from django_tasks_db.models import DBTaskResult  # noqa: E402

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# With TASK_BACKEND=rq, django-rq adds its queue dashboard to the admin: the same plumbing, read by the
# deployment's administrator with `manage.py rqstats` instead.
from django.apps import apps as _apps  # noqa: E402

if _apps.is_installed("django_rq"):
    from django_rq.models import Dashboard  # noqa: E402

    if admin.site.is_registered(Dashboard):
        admin.site.unregister(Dashboard)
