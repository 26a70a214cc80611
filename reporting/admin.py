from django.contrib import admin

from core.admin import ReadOnlyMixin

from .models import Notification, OutboxEmail, ReportDraft, ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Runs are written by the compile task only, and an issued one is what a holder of its
    file verifies against: the admin looks, it neither edits nor deletes."""

    list_display = ["pk", "kind", "unit", "first_year", "year", "is_draft", "status", "progress"]
    list_filter = ["kind", "status", "is_draft", "year"]
    search_fields = ["unit__name", "checksum"]
    raw_id_fields = ["unit", "requested_by"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username", "key"]
    raw_id_fields = ["user"]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """What was e-mailed, what still waits and what failed (with the server's answer)."""

    list_display = ["recipient", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    raw_id_fields = ["notification"]


@admin.register(ReportDraft)
class ReportDraftAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Drafts are written on the report's page (one save path with its version check), and a
    signed edition is never rewritten: the admin only looks."""

    list_display = ["pk", "kind", "unit", "year", "edition", "status", "number", "issued_on"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["unit__name", "checksum", "signer_name"]
    raw_id_fields = ["unit", "run", "replaces", "finalized_by", "updated_by"]
