from django.contrib import admin

from core.admin import HistoryAdmin

from .models import AdministrativeUnit, Household, UnitStatistic


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(HistoryAdmin):
    list_display = ["name", "code", "kind", "level", "area_type", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "area_type"]
    search_fields = ["name", "code", "search_name"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["path"]

    def has_delete_permission(self, request, obj=None):
        # units are closed with valid_to, never deleted from the admin
        return False


@admin.register(UnitStatistic)
class UnitStatisticAdmin(HistoryAdmin):
    list_display = ["unit", "year", "households", "population"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]


@admin.register(Household)
class HouseholdAdmin(HistoryAdmin):
    list_display = ["code", "head_name", "area", "members"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["area"]
