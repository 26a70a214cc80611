from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("don-vi/<int:pk>/dang-ky/", views.register_all, name="register_all"),
    path("don-vi/<int:pk>/dang-ky-khu-dan-cu/", views.register_area, name="register_area"),
    path("ho/<int:pk>/dang-ky/", views.register_household, name="register_household"),
    path("don-vi/<int:pk>/binh-xet/moi/", views.meeting_create, name="meeting_create"),
    path("binh-xet/<int:pk>/", views.meeting_detail, name="meeting"),
    path("binh-xet/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("binh-xet/<int:pk>/ket-qua/", views.meeting_results, name="meeting_results"),
    path("binh-xet/<int:pk>/niem-yet/", views.meeting_post, name="meeting_post"),
    path("binh-xet/<int:pk>/mau-excel/", views.meeting_template, name="meeting_template"),
    path("binh-xet/<int:pk>/nhap-excel/", views.meeting_import, name="meeting_import"),
    path("don-vi/<int:pk>/quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/danh-sach.pdf", views.decision_pdf, name="decision_pdf"),
    path("don-vi/<int:pk>/du-dieu-kien-khen/", views.eligible, name="eligible"),
    path("bo-tieu-chi/", views.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", views.criteria_edit, name="criteria_edit"),
    path(
        "bo-tieu-chi/<int:pk>/phien-ban-moi/",
        views.criteria_new_version,
        name="criteria_new_version",
    ),
    path("khen-thuong/", views.commendation_list, name="commendations"),
    path("don-vi/<int:pk>/khen-thuong/moi/", views.commendation_create, name="commendation_create"),
]
