from django.contrib import admin

from .models import Notification, ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "unit", "first_year", "year", "is_draft", "status", "progress"]
    list_filter = ["kind", "status", "is_draft", "year"]
    search_fields = ["unit__name", "checksum"]
    raw_id_fields = ["unit", "requested_by"]
    # runs are written by the compile task only: the admin looks, it does not edit
    readonly_fields = [f.name for f in ReportRun._meta.fields if f.name not in ("id",)]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username", "key"]
    raw_id_fields = ["user"]
