"""Admin: criteria sets and authorities are edited here by the province; the yearly record
(meetings, evaluations, decisions, recognitions) is read-only, since its writes go through the
services that lock decided evaluations."""

from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyAdmin

from .models import (
    AuthorityRule,
    Commendation,
    CriteriaGroup,
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Recognition,
    Registration,
    TitleEvaluation,
)


class CriteriaGroupInline(admin.TabularInline):
    model = CriteriaGroup
    extra = 0

    def _frozen(self, obj):
        return obj is not None and obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(HistoryAdmin):
    list_display = ["name", "kind", "first_year", "version", "rule", "legal_basis"]
    list_filter = ["kind", "rule"]
    inlines = [CriteriaGroupInline]

    # a set used by a meeting is part of the record: a change is a new version
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)


@admin.register(AuthorityRule)
class AuthorityRuleAdmin(HistoryAdmin):
    list_display = ["kind", "level", "title", "valid_from", "valid_to"]


@admin.register(EvaluationMeeting)
class EvaluationMeetingAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "year", "held_on", "invited", "attending", "decision"]
    list_filter = ["kind", "year"]
    search_fields = ["unit__name", "unit__code"]


@admin.register(TitleEvaluation)
class TitleEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "score", "votes_for", "outcome"]
    list_filter = ["outcome", "meeting__year", "meeting__kind"]
    list_select_related = ["meeting", "meeting__unit", "household", "area"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "year", "unit", "authority", "signed_on"]
    list_filter = ["kind", "year"]


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "year", "area", "decision"]
    list_filter = ["kind", "year"]
    list_select_related = ["household", "area", "decision"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "year", "registered_on"]
    list_filter = ["kind", "year"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "level", "form", "occasion", "unit"]
    list_filter = ["year", "form", "level", "occasion"]
