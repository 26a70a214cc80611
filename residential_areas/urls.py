from django.urls import path

from . import views

app_name = "residential_areas"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/households/", views.household_list, name="household_list"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("tim/", views.unit_picker, name="unit_picker"),
    path("households/tim/", views.household_picker, name="household_picker"),
]
