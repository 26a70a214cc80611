from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import MeView, TokenLoginView
from campaign.results.api import router as campaign_router
from core import files
from poverty_fund.api import router as fund_router
from recognition.api import router as recognition_router
from reporting.api import router as reporting_router
from residential_areas.api import router as residential_router

from . import views

admin.site.site_header = "Quản trị Cổng Cuộc vận động - MTTQ Hà Tĩnh"
admin.site.site_title = "Quản trị"

api_patterns = [
    path("me/", MeView.as_view(), name="me"),
    path("token/", TokenLoginView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *residential_router.urls,
    *campaign_router.urls,
    *recognition_router.urls,
    *fund_router.urls,
    *reporting_router.urls,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.health, name="health"),
    path("tai-khoan/", include("accounts.urls")),
    path("dia-ban/", include("residential_areas.urls")),
    path("ket-qua/", include("campaign.results.urls")),
    path("hoat-dong/", include("campaign.activities.urls")),
    path("nong-thon-moi/", include("campaign.outcomes.urls")),
    path("danh-hieu/", include("recognition.urls")),
    path("quy/", include("poverty_fund.urls")),
    path("bao-cao/", include("reporting.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
    # every stored file, through the scope rule of the object holding it; no /media/ route
    path("tep/<path:name>", files.serve, name="file"),
]
