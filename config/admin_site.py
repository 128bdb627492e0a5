from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site, which asks the access rules who may enter."""

    default_site = "campaign.admin_base.PortalAdminSite"
