from django.contrib import admin
from knox.models import AuthToken

from core.admin import HistoryAdmin

from .models import UnitRole

# API tokens are neither listed nor made in the admin: they are issued at POST /api/token/ after
# the password and the second factor (knox registers its own admin, with a form to make them)
admin.site.unregister(AuthToken)


@admin.register(UnitRole)
class UnitRoleAdmin(HistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    raw_id_fields = ["user", "unit"]
