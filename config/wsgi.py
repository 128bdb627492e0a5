import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# A web worker imports the apps' admin modules with its first admin request (config/admin_site.py).
from config.admin_site import PortalAdminConfig  # noqa: E402

PortalAdminConfig.discover_on_demand = True
application = get_wsgi_application()
