from django.urls import path

from . import todo_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("viec-can-lam/so-luong/", todo_views.todo_count, name="todo-count"),  # the navigation's count (issue 15)
    path("ke-hoach/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    # Running the campaign: the unit's workplace, acknowledgement, progress on the content items.
    path("thuc-hien/", views.work_index, name="campaign-work-index"),
    path("ke-hoach/<int:pk>/thuc-hien/", views.campaign_work, name="campaign-work"),
    path("ke-hoach/<int:pk>/xac-nhan/", views.acknowledge, name="campaign-acknowledge"),
    path("ke-hoach/<int:pk>/noi-dung/<int:item_pk>/bao-cao/", views.progress_edit, name="campaign-progress"),
    path(
        "ke-hoach/<int:pk>/minh-chung/<int:evidence_pk>/go/", views.evidence_remove, name="campaign-evidence-remove"
    ),
    path("minh-chung/<int:pk>/", views.evidence_download, name="campaign-evidence"),
    path("ke-hoach/<int:pk>/don-vi/<int:unit_pk>/", views.unit_overview, name="campaign-unit"),
    # The People's Inspection Board's supervision reports.
    path("giam-sat/", views.supervision_index, name="campaign-supervision-index"),
    path("ke-hoach/<int:pk>/giam-sat/", views.supervision, name="campaign-supervision"),
    # The office imports units and staff from a spreadsheet.
    path("nhap-don-vi-can-bo/", views.import_staff, name="campaign-import"),
    path("nhap-don-vi-can-bo/xac-nhan/", views.import_confirm, name="campaign-import-confirm"),
    path("nhap-don-vi-can-bo/mau.xlsx", views.import_template, name="campaign-import-template"),
]
