from django.urls import path

from .views import common, excel, overview, review, submissions, years

app_name = "campaign"

urlpatterns = [
    path("", submissions.index, name="index"),
    path("chon-nam/", common.year_choose, name="year_choose"),
    path("mo/", submissions.submission_open, name="submission_open"),
    path("<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("<int:pk>/tu-luu/", submissions.submission_autosave, name="submission_autosave"),
    path("<int:pk>/nop/", submissions.submission_submit, name="submission_submit"),
    path("<int:pk>/duyet/", review.submission_review, name="submission_review"),
    path("<int:pk>/y-kien/", review.submission_comment, name="submission_comment"),
    path("<int:pk>/mo-lai/", review.submission_reopen, name="submission_reopen"),
    path("<int:pk>/excel/", excel.download, name="submission_xlsx"),
    path("<int:pk>/excel/nhap/", excel.upload, name="submission_xlsx_upload"),
    path("cho-duyet/", review.review_queue, name="review_queue"),
    path("tien-do/", overview.completeness, name="completeness"),
    path("tong-hop/", overview.aggregate_view, name="aggregate"),
    path("nam/", years.year_list, name="years"),
    path("bo-chi-tieu/<int:pk>/", years.indicator_set, name="indicator_set"),
    path(
        "bo-chi-tieu/<int:pk>/ban-hanh/",
        years.indicator_set_publish,
        name="indicator_set_publish",
    ),
    path("chi-tieu/<int:pk>/sua/", years.indicator_edit, name="indicator_edit"),
]
