from django.urls import path

from . import views

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
    path("<int:pk>/rut/", views.withdraw, name="withdraw"),
    path("tep/<int:pk>/", views.download, name="file"),
]
