from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import UnitRole


@admin.register(UnitRole)
class UnitRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    raw_id_fields = ["user", "unit"]
