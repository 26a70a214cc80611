from django.urls import path

from . import docx_views, drafts_views, views

app_name = "reporting"

urlpatterns = [
    path("<int:pk>/tai-word/", docx_views.download_docx, name="download_docx"),
    path("", views.index, name="index"),
    path("lap/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/lap-lai/", views.again, name="again"),
    path("<int:pk>/tai/<str:fmt>/", views.download, name="download"),
    path("du-thao/<int:pk>/", drafts_views.draft_edit, name="draft"),
    path("du-thao/<int:pk>/dinh-chinh/", drafts_views.draft_correct, name="draft_correct"),
    path("du-thao/<int:pk>/tai/", drafts_views.draft_download, name="draft_download"),
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/<str:checksum>/", views.verify, name="verify_checksum"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification_read"),
]
