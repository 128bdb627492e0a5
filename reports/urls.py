from django.urls import path

from . import views

urlpatterns = [
    # The office's and the Director's dashboard, exports; the inspection board reads them too.
    path("bang-theo-doi/", views.dashboard_index, name="campaign-dashboard-index"),
    path("ke-hoach/<int:pk>/bang-theo-doi/", views.dashboard, name="campaign-dashboard"),
    path("ke-hoach/<int:pk>/xuat/<slug:what>.<str:extension>", views.export, name="campaign-export"),
]
