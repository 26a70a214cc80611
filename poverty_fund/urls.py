from django.urls import path

from . import views

app_name = "poverty_fund"

urlpatterns = [
    path("", views.fund_list, name="fund_list"),
    path("tao/", views.fund_create, name="fund_create"),
    path("<int:pk>/", views.fund_detail, name="fund_detail"),
    path("<int:pk>/ung-ho/", views.donation_create, name="donation_create"),
    path("<int:pk>/dot-thu/", views.batch_create, name="batch_create"),
    path("<int:pk>/chi/", views.disbursement_create, name="disbursement_create"),
    path("<int:pk>/dieu-chuyen/", views.transfer_create, name="transfer_create"),
    path("<int:pk>/sao-ke/", views.fund_statement, name="fund_statement"),
    path("don-vi/<int:unit_pk>/sao-ke/", views.unit_statement, name="unit_statement"),
    path("phieu-thu/<int:pk>/", views.receipt_pdf, name="receipt_pdf"),
    path("dao/<str:kind>/<int:pk>/", views.entry_reverse, name="entry_reverse"),
    path("ho-ngheo/", views.status_home, name="status_home"),
    path("ho-ngheo/<int:unit_pk>/", views.status_list, name="status_list"),
    path("ho-ngheo/ho/<int:household_pk>/", views.status_edit, name="status_edit"),
    path("nha-dai-doan-ket/<int:unit_pk>/", views.house_list, name="house_list"),
    path("nha-dai-doan-ket/tao/<int:household_pk>/", views.house_create, name="house_create"),
    path("nha-dai-doan-ket/chi-tiet/<int:pk>/", views.house_detail, name="house_detail"),
    path("cong-khai/", views.public_index, name="public_index"),
    path("cong-khai/<int:pk>/", views.public_fund, name="public_fund"),
]
