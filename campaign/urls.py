from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/<int:pk>/", views.campaign_detail, name="campaign-detail"),
]
