from django.urls import path

from . import views

app_name = "emulation"

urlpatterns = [
    path("", views.index, name="index"),
    # Pledges (đăng ký thi đua)
    path("ke-hoach/<int:pk>/dang-ky/", views.pledges, name="pledges"),
    path("ke-hoach/<int:pk>/dang-ky/ca-nhan/<int:staff_pk>/", views.person_pledge, name="person-pledge"),
    path("ke-hoach/<int:pk>/dang-ky/tong-hop/", views.register, name="register"),
    path("ke-hoach/<int:pk>/don-vi/<int:unit_pk>/dang-ky/", views.unit_pledges, name="unit-pledges"),
    path("ke-hoach/<int:pk>/dang-ky/nhap/", views.import_pledges, name="import"),
    path("ke-hoach/<int:pk>/dang-ky/nhap/xac-nhan/", views.import_confirm, name="import-confirm"),
    path("ke-hoach/<int:pk>/dang-ky/nhap/mau.xlsx", views.import_template, name="import-template"),
    # Scores and the ranking
    path("ke-hoach/<int:pk>/cham-diem/", views.scores, name="scores"),
    path("ke-hoach/<int:pk>/cham-diem/<int:criterion_pk>/", views.score_edit, name="score"),
    path("diem/<int:pk>/minh-chung/", views.score_file, name="score-file"),
    path("ke-hoach/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("ke-hoach/<int:pk>/xep-hang.xlsx", views.ranking_export, name="ranking-export"),
    path("ke-hoach/<int:pk>/don-vi/<int:unit_pk>/diem/", views.unit_scores, name="unit-scores"),
]
