from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from campaign.forms import LoginForm
from campaign.passwords import PasswordChangeView


def favicon(request):
    """What browsers ask for when a page names no icon (a PDF opened in a tab): the portal's."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", PasswordChangeView.as_view(), name="password-change"),
    path("quan-tri/", admin.site.urls),
    path("ho-so/", include("dossiers.urls")),
    path("thi-dua/", include("emulation.urls")),
    path("tinh/", include("awards.province.urls")),  # the provincial steering committee (issue 11)
    path("", include("awards.urls")),  # cong-khai/… and khen-thuong/…
    path("", include("reports.urls")),  # bang-theo-doi/ and the exports
    path("kien-nghi/", include("campaign.recommendations.urls")),  # the inspection board's recommendations
    path("xac-minh/", include("awards.verify.urls")),  # public: the page a Giấy khen's QR code opens (issue 14)
    path("", include("campaign.urls")),
]
