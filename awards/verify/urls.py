from django.urls import path

from . import views

app_name = "verify"
urlpatterns = [
    # Anything below /xac-minh/: a malformed token gets the same 404 page as an unknown one.
    path("<path:token>/", views.verify, name="certificate"),
]
