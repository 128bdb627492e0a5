from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("gui/", views.recommendation_create, name="create"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/tra-loi/", views.recommendation_answer, name="answer"),
    path("tep/<int:pk>/", views.attachment_download, name="file"),
]
