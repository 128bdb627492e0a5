from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.publication_list, name="publications"),
    path("<int:pk>/", views.publication_detail, name="publication"),
]
