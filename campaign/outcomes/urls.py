from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit"),
    path("don-vi/<int:pk>/quyet-dinh/", views.status_add, name="status_add"),
    path("don-vi/<int:pk>/kieu-mau/", views.model_add, name="model_add"),
    path("quyet-dinh/<int:pk>/xoa/", views.status_delete, name="status_delete"),
    path("kieu-mau/<int:pk>/xoa/", views.model_delete, name="model_delete"),
]
