from django.urls import path

from .views import festivals, households, ledger, public

app_name = "poverty_fund"

urlpatterns = [
    path("", ledger.fund_list, name="fund_list"),
    path("tao/", ledger.fund_create, name="fund_create"),
    path("<int:pk>/", ledger.fund_detail, name="fund_detail"),
    path("<int:pk>/ung-ho/", ledger.donation_create, name="donation_create"),
    path("<int:pk>/dot-thu/", ledger.batch_create, name="batch_create"),
    path("<int:pk>/chi/", ledger.disbursement_create, name="disbursement_create"),
    path("<int:pk>/dieu-chuyen/", ledger.transfer_create, name="transfer_create"),
    path("<int:pk>/sao-ke/", ledger.fund_statement, name="fund_statement"),
    path("don-vi/<int:unit_pk>/sao-ke/", ledger.unit_statement, name="unit_statement"),
    path("phieu-thu/<int:pk>/", ledger.receipt_pdf, name="receipt_pdf"),
    path("dao/<str:kind>/<int:pk>/", ledger.entry_reverse, name="entry_reverse"),
    path("ho-ngheo/", households.status_home, name="status_home"),
    path("ho-ngheo/<int:unit_pk>/", households.status_list, name="status_list"),
    path("ho-ngheo/ho/<int:household_pk>/", households.status_edit, name="status_edit"),
    path("nha-dai-doan-ket/<int:unit_pk>/", households.house_list, name="house_list"),
    path("nha-dai-doan-ket/tao/<int:household_pk>/", households.house_create, name="house_create"),
    path("nha-dai-doan-ket/chi-tiet/<int:pk>/", households.house_detail, name="house_detail"),
    path(
        "ngay-hoi/<int:festival_pk>/chuyen-quy/",
        festivals.festival_money,
        name="festival_money",
    ),
    path("cong-khai/", public.public_index, name="public_index"),
    path("cong-khai/<int:pk>/", public.public_fund, name="public_fund"),
]
