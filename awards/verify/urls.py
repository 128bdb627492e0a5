from django.urls import path

from . import views

app_name = "verify"
urlpatterns = [
    # Any segment: a malformed token gets the same 404 page as an unknown one.
    path("<str:token>/", views.verify, name="certificate"),
]
