from django.urls import path

from . import views, views_xlsx, views_years

app_name = "campaign"

urlpatterns = [
    path("", views.index, name="index"),
    path("mo/", views.submission_open, name="submission_open"),
    path("<int:pk>/", views.submission_detail, name="submission_detail"),
    path("<int:pk>/nop/", views.submission_submit, name="submission_submit"),
    path("<int:pk>/duyet/", views.submission_review, name="submission_review"),
    path("<int:pk>/mo-lai/", views.submission_reopen, name="submission_reopen"),
    path("<int:pk>/excel/", views_xlsx.download, name="submission_xlsx"),
    path("<int:pk>/excel/nhap/", views_xlsx.upload, name="submission_xlsx_upload"),
    path("cho-duyet/", views.review_queue, name="review_queue"),
    path("tien-do/", views.completeness, name="completeness"),
    path("tong-hop/", views.aggregate_view, name="aggregate"),
    path("nam/", views_years.year_list, name="years"),
    path("bo-chi-tieu/<int:pk>/", views_years.indicator_set, name="indicator_set"),
    path(
        "bo-chi-tieu/<int:pk>/ban-hanh/",
        views_years.indicator_set_publish,
        name="indicator_set_publish",
    ),
    path("chi-tieu/<int:pk>/sua/", views_years.indicator_edit, name="indicator_edit"),
]
