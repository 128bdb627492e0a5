from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.publication_list, name="publications"),
    path("<int:pk>/", views.publication_detail, name="publication"),
]

# Decisions, certificates, the Tờ trình, the award register (issue 5).
urlpatterns += [
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/lap/<int:campaign_id>/", views.decision_create, name="decision-create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("quyet-dinh/<int:pk>/ky/", views.decision_sign, name="decision-sign"),
    path("quyet-dinh/<int:pk>/in/quyet-dinh.pdf", views.decision_pdf, name="decision-pdf"),
    path("quyet-dinh/<int:pk>/in/giay-khen.pdf", views.decision_certificates_pdf, name="decision-certificates"),
    path("quyet-dinh/<int:pk>/in/giay-khen-tren-phoi.pdf", views.decision_blank_pdf, name="decision-blank"),
    path("giay-khen/", views.my_certificates, name="my-certificates"),
    path("giay-khen/<int:pk>.pdf", views.certificate_pdf, name="certificate"),
    path("in-tren-phoi/<int:agency_id>/can-chinh.pdf", views.calibration_pdf, name="calibration"),
    path("so-khen-thuong/", views.award_register, name="register"),
    path("qua-trinh-khen-thuong/", views.my_history, name="my-history"),
    path("qua-trinh-khen-thuong/<int:pk>/", views.staff_history, name="staff-history"),
    path("to-trinh/lap/<int:campaign_id>/", views.proposal_create, name="proposal-create"),
    path("to-trinh/<int:pk>/", views.proposal_detail, name="proposal"),
    path("to-trinh/<int:pk>/sua/", views.proposal_edit, name="proposal-edit"),
    path("to-trinh/<int:pk>/ky/", views.proposal_sign, name="proposal-sign"),
    path("to-trinh/<int:pk>/in/to-trinh.pdf", views.proposal_pdf, name="proposal-pdf"),
]
