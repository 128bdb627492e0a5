from django.urls import path

from . import views

app_name = "province"

urlpatterns = [
    path("to-trinh/", views.inbox, name="inbox"),
    path("to-trinh/<int:pk>/", views.proposal, name="proposal"),
    path("to-trinh/<int:pk>/tra-lai/", views.return_proposal, name="return"),
    path("to-trinh/<int:pk>/tiep-nhan/", views.accept_proposal, name="accept"),
    path("to-trinh/<int:pk>/ket-qua/<int:approval_pk>/", views.record_outcome, name="outcome"),
    path("phan-bo/", views.allocations, name="allocations"),
    path("phan-bo/<int:plan_pk>/<int:agency_pk>/", views.set_allocation, name="allocation-set"),
    path("co-quan/to-trinh/<int:pk>/gui/", views.send, name="send"),
    path("co-quan/to-trinh/<int:pk>/mo-lai/", views.reopen, name="reopen"),
]
