from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyMixin

from .models import (
    Disbursement,
    Donation,
    DonationBatch,
    Fund,
    House,
    HouseholdStatus,
    HousePhoto,
    HouseSupport,
    PovertyStandard,
    SupportNorm,
    Transfer,
)


@admin.register(PovertyStandard)
class PovertyStandardAdmin(HistoryAdmin):
    list_display = ["name", "first_year", "last_year", "income_line_rural", "income_line_urban"]


@admin.register(SupportNorm)
class SupportNormAdmin(HistoryAdmin):
    list_display = ["year", "kind", "amount", "basis"]


@admin.register(Fund)
class FundAdmin(HistoryAdmin):
    list_display = ["name", "unit", "is_published"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]


@admin.register(HouseholdStatus)
class HouseholdStatusAdmin(HistoryAdmin):
    list_display = ["household", "year", "status", "basis", "supporter_kind"]
    list_filter = ["year", "status", "basis"]
    raw_id_fields = ["household", "supporter_org"]


class PostedEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Posted entries are read-only: corrections are reversal entries made on the fund page."""

    list_display = ["__str__", "date", "amount", "posted_at"]
    list_filter = ["date"]


@admin.register(Donation)
class DonationAdmin(PostedEntryAdmin):
    list_display = ["__str__", "fund", "donor_name", "amount", "date", "reverses"]
    search_fields = ["donor_name", "bank_reference"]


@admin.register(Disbursement)
class DisbursementAdmin(PostedEntryAdmin):
    list_display = ["__str__", "fund", "purpose", "amount", "date", "reverses"]


@admin.register(Transfer)
class TransferAdmin(PostedEntryAdmin):
    list_display = ["__str__", "from_fund", "to_fund", "amount", "date", "reverses"]


@admin.register(DonationBatch)
class DonationBatchAdmin(PostedEntryAdmin):
    list_display = ["name", "fund", "date", "expected_count", "expected_total"]


class HouseSupportInline(admin.TabularInline):
    model = HouseSupport
    extra = 0


class HousePhotoInline(admin.TabularInline):
    model = HousePhoto
    extra = 0


@admin.register(House)
class HouseAdmin(HistoryAdmin):
    list_display = ["household", "kind", "year", "status", "handed_over_on"]
    list_filter = ["kind", "status", "year"]
    raw_id_fields = ["household"]
    inlines = [HouseSupportInline, HousePhotoInline]
