from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    # The proposed list published for comment (công khai).
    path("cong-khai/", views.publication_list, name="publications"),
    path("cong-khai/<int:pk>/", views.publication_detail, name="publication"),
]

# Decisions, certificates, the Tờ trình, the award register (issue 5).
urlpatterns += [
    path("khen-thuong/quyet-dinh/", views.decision_list, name="decisions"),
    path("khen-thuong/quyet-dinh/lap/<int:campaign_id>/", views.decision_create, name="decision-create"),
    path("khen-thuong/quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("khen-thuong/quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision-edit"),
    path("khen-thuong/quyet-dinh/<int:pk>/ky/", views.decision_sign, name="decision-sign"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/quyet-dinh.pdf", views.decision_pdf, name="decision-pdf"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/giay-khen.pdf", views.decision_certificates_pdf, name="decision-certificates"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/giay-khen-tren-phoi.pdf", views.decision_blank_pdf, name="decision-blank"),
    path("khen-thuong/giay-khen/", views.my_certificates, name="my-certificates"),
    path("khen-thuong/giay-khen/<int:pk>.pdf", views.certificate_pdf, name="certificate"),
    path("khen-thuong/in-tren-phoi/<int:agency_id>/can-chinh.pdf", views.calibration_pdf, name="calibration"),
    path("khen-thuong/so-khen-thuong/", views.award_register, name="register"),
    path("khen-thuong/qua-trinh-khen-thuong/", views.my_history, name="my-history"),
    path("khen-thuong/qua-trinh-khen-thuong/<int:pk>/", views.staff_history, name="staff-history"),
    path("khen-thuong/to-trinh/lap/<int:campaign_id>/", views.proposal_create, name="proposal-create"),
    path("khen-thuong/to-trinh/<int:pk>/", views.proposal_detail, name="proposal"),
    path("khen-thuong/to-trinh/<int:pk>/sua/", views.proposal_edit, name="proposal-edit"),
    path("khen-thuong/to-trinh/<int:pk>/ky/", views.proposal_sign, name="proposal-sign"),
    path("khen-thuong/to-trinh/<int:pk>/in/to-trinh.pdf", views.proposal_pdf, name="proposal-pdf"),
]
