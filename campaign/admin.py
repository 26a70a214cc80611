"""Campaign data in the Django admin: read-only where the data is official (submissions are
written only through campaign/results/services.py so the lock and the history hold)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["unit", "organization", "period", "status", "is_late", "submitted_at"]
    list_filter = ["period__year", "status", "is_late"]
    search_fields = ["unit__name", "organization__name"]


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["year", "reporting_level", "opens_on", "due_on", "grace_days"]


@admin.register(models.IndicatorSet)
class IndicatorSetAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "status", "published_at"]


@admin.register(models.ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title"]


@admin.register(models.MemberOrganization)
class MemberOrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit", "is_active"]
    search_fields = ["name"]


for model in (
    models.Activity,
    models.Assignment,
    models.YearlyPlan,
    models.PilotModel,
    models.Festival,
    models.VillageConvention,
    models.BudgetPlan,
):
    admin.site.register(model, ReadOnlyAdmin)
