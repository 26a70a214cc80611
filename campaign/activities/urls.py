from django.urls import path

from .views import activities, budgets, conventions, festivals, organizations, pilots, plans

app_name = "activities"

urlpatterns = [
    # the menu's entry point is the activity list itself
    path("", activities.activity_list, name="index"),
    path("", activities.activity_list, name="activity_list"),
    path("moi/", activities.activity_create, name="activity_create"),
    path("<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("<int:pk>/sua/", activities.activity_update, name="activity_update"),
    path("<int:pk>/xoa/", activities.activity_delete, name="activity_delete"),
    path("<int:pk>/dinh-kem/", activities.attachment_add, name="attachment_add"),
    path("dinh-kem/<int:pk>/xoa/", activities.attachment_delete, name="attachment_delete"),
    path("to-chuc/", organizations.org_list, name="org_list"),
    path("to-chuc/moi/", organizations.org_create, name="org_create"),
    path("to-chuc/<int:pk>/sua/", organizations.org_update, name="org_update"),
    path("phan-cong/", organizations.assignment_list, name="assignment_list"),
    path("phan-cong/moi/", organizations.assignment_create, name="assignment_create"),
    path("phan-cong/<int:pk>/sua/", organizations.assignment_update, name="assignment_update"),
    path("phan-cong/<int:pk>/xoa/", organizations.assignment_delete, name="assignment_delete"),
    path("ke-hoach/", plans.plan_list, name="plan_list"),
    path("ke-hoach/moi/", plans.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", plans.plan_update, name="plan_update"),
    path("mo-hinh/", pilots.pilot_list, name="pilot_list"),
    path("mo-hinh/moi/", pilots.pilot_create, name="pilot_create"),
    path("mo-hinh/<int:pk>/", pilots.pilot_detail, name="pilot_detail"),
    path("mo-hinh/<int:pk>/sua/", pilots.pilot_update, name="pilot_update"),
    path("mo-hinh/<int:pk>/danh-gia/", pilots.pilot_evaluate, name="pilot_evaluate"),
    path("mo-hinh/<int:pk>/nhan-rong/", pilots.pilot_replicate, name="pilot_replicate"),
    path("ngay-hoi/", festivals.festival_list, name="festival_list"),
    path("ngay-hoi/moi/", festivals.festival_create, name="festival_create"),
    path("ngay-hoi/<int:pk>/", festivals.festival_detail, name="festival_detail"),
    path("ngay-hoi/<int:pk>/sua/", festivals.festival_update, name="festival_update"),
    path("huong-uoc/", conventions.convention_list, name="convention_list"),
    path("huong-uoc/moi/", conventions.convention_create, name="convention_create"),
    path("huong-uoc/<int:pk>/", conventions.convention_detail, name="convention_detail"),
    path("huong-uoc/<int:pk>/sua/", conventions.convention_update, name="convention_update"),
    path("huong-uoc/<int:pk>/sua-doi/", conventions.convention_revise, name="convention_revise"),
    path("kinh-phi/", budgets.budget_list, name="budget_list"),
    path("kinh-phi/moi/", budgets.budget_create, name="budget_create"),
    path("kinh-phi/<int:pk>/", budgets.budget_detail, name="budget_detail"),
    path("kinh-phi/<int:pk>/sua/", budgets.budget_update, name="budget_update"),
    path("kinh-phi/<int:pk>/gui/", budgets.budget_submit, name="budget_submit"),
    path(
        "kinh-phi/<int:pk>/<str:decision>/",
        budgets.budget_review,
        name="budget_review",
    ),
]
