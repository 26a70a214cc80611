from django.urls import path

from .views import commendations, criteria, decisions, imports, meetings, overview, registrations

app_name = "recognition"

urlpatterns = [
    path("", overview.index, name="index"),
    path("don-vi/<int:pk>/", overview.unit, name="unit"),
    path("don-vi/<int:pk>/dang-ky/", registrations.register_all, name="register_all"),
    path("don-vi/<int:pk>/dang-ky-khu-dan-cu/", registrations.register_area, name="register_area"),
    path("ho/<int:pk>/dang-ky/", registrations.register_household, name="register_household"),
    path("don-vi/<int:pk>/binh-xet/moi/", meetings.meeting_create, name="meeting_create"),
    path("binh-xet/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("binh-xet/<int:pk>/sua/", meetings.meeting_edit, name="meeting_edit"),
    path("binh-xet/<int:pk>/ket-qua/", meetings.meeting_results, name="meeting_results"),
    path("binh-xet/<int:pk>/niem-yet/", meetings.meeting_post, name="meeting_post"),
    path("binh-xet/<int:pk>/mau-excel/", meetings.meeting_template, name="meeting_template"),
    path("binh-xet/<int:pk>/nhap-excel/", meetings.meeting_import, name="meeting_import"),
    path("don-vi/<int:pk>/nhap-excel/", imports.unit_import, name="unit_import"),
    path("don-vi/<int:pk>/quyet-dinh/moi/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/danh-sach.pdf", decisions.decision_pdf, name="decision_pdf"),
    path("don-vi/<int:pk>/du-dieu-kien-khen/", commendations.eligible, name="eligible"),
    path("bo-tieu-chi/", criteria.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/<int:pk>/", criteria.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", criteria.criteria_edit, name="criteria_edit"),
    path(
        "bo-tieu-chi/<int:pk>/phien-ban-moi/",
        criteria.criteria_new_version,
        name="criteria_new_version",
    ),
    path("khen-thuong/", commendations.commendation_list, name="commendations"),
    path(
        "don-vi/<int:pk>/khen-thuong/moi/",
        commendations.commendation_create,
        name="commendation_create",
    ),
]
