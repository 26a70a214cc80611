from django.urls import path

from . import views_activities as views

app_name = "activities"

urlpatterns = [
    # the menu's entry point is the activity list itself
    path("", views.activity_list, name="index"),
    path("", views.activity_list, name="activity_list"),
    path("moi/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/sua/", views.activity_update, name="activity_update"),
    path("<int:pk>/xoa/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/dinh-kem/", views.attachment_add, name="attachment_add"),
    path("dinh-kem/<int:pk>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("to-chuc/", views.org_list, name="org_list"),
    path("to-chuc/moi/", views.org_create, name="org_create"),
    path("to-chuc/<int:pk>/sua/", views.org_update, name="org_update"),
    path("phan-cong/", views.assignment_list, name="assignment_list"),
    path("phan-cong/moi/", views.assignment_create, name="assignment_create"),
    path("phan-cong/<int:pk>/sua/", views.assignment_update, name="assignment_update"),
    path("phan-cong/<int:pk>/xoa/", views.assignment_delete, name="assignment_delete"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_update, name="plan_update"),
    path("mo-hinh/", views.pilot_list, name="pilot_list"),
    path("mo-hinh/moi/", views.pilot_create, name="pilot_create"),
    path("mo-hinh/<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("mo-hinh/<int:pk>/sua/", views.pilot_update, name="pilot_update"),
    path("mo-hinh/<int:pk>/danh-gia/", views.pilot_evaluate, name="pilot_evaluate"),
    path("mo-hinh/<int:pk>/nhan-rong/", views.pilot_replicate, name="pilot_replicate"),
    path("ngay-hoi/", views.festival_list, name="festival_list"),
    path("ngay-hoi/moi/", views.festival_create, name="festival_create"),
    path("ngay-hoi/<int:pk>/", views.festival_detail, name="festival_detail"),
    path("ngay-hoi/<int:pk>/sua/", views.festival_update, name="festival_update"),
    path("huong-uoc/", views.convention_list, name="convention_list"),
    path("huong-uoc/moi/", views.convention_create, name="convention_create"),
    path("huong-uoc/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("huong-uoc/<int:pk>/sua/", views.convention_update, name="convention_update"),
    path("huong-uoc/<int:pk>/sua-doi/", views.convention_revise, name="convention_revise"),
    path("kinh-phi/", views.budget_list, name="budget_list"),
    path("kinh-phi/moi/", views.budget_create, name="budget_create"),
    path("kinh-phi/<int:pk>/", views.budget_detail, name="budget_detail"),
    path("kinh-phi/<int:pk>/sua/", views.budget_update, name="budget_update"),
    path("kinh-phi/<int:pk>/gui/", views.budget_submit, name="budget_submit"),
    path(
        "kinh-phi/<int:pk>/<str:decision>/",
        views.budget_review,
        name="budget_review",
    ),
]
