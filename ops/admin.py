from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin

# django-axes' "clean up expired attempts" action needs a request that went through a login attempt
# and fails from the admin; the office unlocks an account by deleting its attempt instead.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class OfficeAccessAttemptAdmin(AccessAttemptAdmin):
    actions = []
