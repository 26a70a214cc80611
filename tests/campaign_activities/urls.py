"""portal.urls plus the activities pages, for as long as portal.urls does not include them."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_patterns

urlpatterns = list(portal_patterns)
if not any(getattr(p, "namespace", None) == "activities" for p in portal_patterns):
    urlpatterns.append(path("hoat-dong/", include("campaign.urls_activities")))
