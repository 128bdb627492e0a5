from django.urls import path

from . import views

urlpatterns = [
    # The office's and the Director's dashboard, exports; the inspection board reads them too.
    path("bang-theo-doi/", views.dashboard_index, name="campaign-dashboard-index"),
    path("ke-hoach/<int:pk>/bang-theo-doi/", views.dashboard, name="campaign-dashboard"),
    path("ke-hoach/<int:pk>/xuat/<slug:what>.<str:extension>", views.export, name="campaign-export"),
    # The provincial steering committee's dashboard of every agency of its province.
    path("tinh/bang-theo-doi/", views.province_dashboard, name="province-dashboard"),
    path("tinh/bang-theo-doi/xuat.xlsx", views.province_export, name="province-dashboard-export"),
]
