from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.urls.resolvers import RoutePattern, URLResolver
from django.utils.functional import cached_property

from campaign.forms import LoginForm


class AdminURLs:
    """The admin's URLs (what ``admin.site.urls`` gives), made when they are first needed: a web worker
    imports the apps' admin modules then (config/admin_site.py), not at start."""

    @cached_property
    def urlpatterns(self):
        admin.autodiscover()  # nothing to do when the admin app discovered them at start
        return admin.site.get_urls()


class OnDemandURLResolver(URLResolver):
    """A namespaced include that its parent does not populate when the parent reverses its own names (the
    parent reads nothing from a namespaced child). It is populated when one of its names is reversed or its
    tables are read; resolving a path under its prefix needs only its patterns, made then."""

    _wanted = False

    def _populate(self):
        if self._wanted:
            super()._populate()

    def _want(self):
        self._wanted = True
        return self

    @property
    def reverse_dict(self):
        return URLResolver.reverse_dict.fget(self._want())

    @property
    def namespace_dict(self):
        return URLResolver.namespace_dict.fget(self._want())

    @property
    def app_dict(self):
        return URLResolver.app_dict.fget(self._want())

    def _is_callback(self, name):
        return super(OnDemandURLResolver, self._want())._is_callback(name)

    def _reverse_with_prefix(self, lookup_view, _prefix, *args, **kwargs):
        return super(OnDemandURLResolver, self._want())._reverse_with_prefix(lookup_view, _prefix, *args, **kwargs)


def on_demand(route: str, urlconf: str, namespace: str) -> OnDemandURLResolver:
    """path(route, include(urlconf)) for a URLconf with app_name = namespace, imported (with its views) when
    a path under `route` is first resolved or one of its names reversed."""
    return OnDemandURLResolver(RoutePattern(route, is_endpoint=False), urlconf, app_name=namespace,
                               namespace=namespace)


urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # As path("quan-tri/", admin.site.urls): app name and namespace "admin".
    OnDemandURLResolver(RoutePattern("quan-tri/", is_endpoint=False), AdminURLs(), app_name="admin",
                        namespace="admin"),
    path("ho-so/", include("dossiers.urls")),
    on_demand("thi-dua/", "emulation.urls", "emulation"),
    on_demand("tinh/", "awards.province.urls", "province"),  # the provincial steering committee (issue 11)
    path("", include("awards.urls")),  # cong-khai/… and khen-thuong/…
    path("", include("reports.urls")),  # bang-theo-doi/ and the exports
    # The inspection board's recommendations.
    on_demand("kien-nghi/", "campaign.recommendations.urls", "recommendations"),
    on_demand("xac-minh/", "awards.verify.urls", "verify"),  # public: the page a Giấy khen's QR code opens (issue 14)
    path("", include("campaign.urls")),
]
