from django.urls import path

from . import form_views, meeting_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("tao-moi/", views.dossier_create, name="create"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/tai-len/", views.upload, name="upload"),
    path("<int:pk>/de-nghi/them/", views.add_nomination, name="add-nomination"),
    path("<int:pk>/de-nghi/<int:nomination_pk>/sua/", views.edit_nomination, name="edit-nomination"),
    path("<int:pk>/de-nghi/<int:nomination_pk>/xoa/", views.remove_nomination, name="remove-nomination"),
    path("<int:pk>/nop/", views.submit, name="submit"),
    path("<int:pk>/bien-nhan/", views.receipt, name="receipt"),
    path("<int:pk>/bien-nhan.pdf", views.receipt_pdf, name="receipt-pdf"),
    path("<int:pk>/rut/", views.withdraw, name="withdraw"),
    path("tep/<int:pk>/", views.download, name="file"),
    # Pre-filled DOCX forms (the regime's forms, or the agency's own).
    path("<int:pk>/mau/<slug:slug>.docx", form_views.dossier_form, name="form"),
    path("<int:pk>/de-nghi/<int:nomination_pk>/mau/<slug:slug>.docx", form_views.nomination_form,
         name="nomination-form"),
    # The unit's review meeting (issue 16).
    path("<int:pk>/hop-xet/mo/", meeting_views.meeting_open, name="meeting-open"),
    path("hop-xet/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("hop-xet/<int:pk>/bo-phieu/", meeting_views.meeting_vote, name="meeting-vote"),
    path("hop-xet/<int:pk>/diem-danh/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path("hop-xet/<int:pk>/ket-thuc/", meeting_views.meeting_close, name="meeting-close"),
    path("hop-xet/<int:pk>/xac-nhan/", meeting_views.meeting_confirm, name="meeting-confirm"),
    path("hop-xet/<int:pk>/bien-ban.pdf", meeting_views.meeting_minutes, name="meeting-minutes"),
]
