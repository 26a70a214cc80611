"""Reads and access rules for activities, plans, pilot models, festivals, conventions, budgets.

Every fetch goes through accounts.scope: outside scope is 404, a write the user may not do is
403. Who may write what:
- the Front's committees and boards (every write role but `member_org`) write in their subtree;
- a `member_org` user writes only what its own organization organized (activities, pilot
  models), and nothing else;
- a budget plan is approved or returned only by a committee of the level above.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import WRITE_ROLES, Role
from residential_areas.models import AdministrativeUnit, UnitLevel

from ..models.base import MemberOrganization
from ..results.models import Submission, SubmissionStatus
from ..results.prefill import PrefillValue
from .models import (
    Activity,
    ActivityKind,
    Assignment,
    BudgetLine,
    BudgetPlan,
    BudgetStatus,
    ConventionStatus,
    Festival,
    PilotModel,
    VillageConvention,
    YearlyPlan,
)

FRONT_ROLES = frozenset(WRITE_ROLES - {Role.MEMBER_ORG})
APPROVER_ROLES = frozenset(
    {
        Role.PROVINCE_ADMIN,
        Role.MOVEMENT_BOARD,
        Role.DISTRICT_COMMITTEE,
        Role.COMMUNE_COMMITTEE,
    }
)
# a convention still under revision keeps applying until the amended text is approved
CONVENTION_APPLIES = (ConventionStatus.IN_FORCE, ConventionStatus.UNDER_REVISION)

NOT_OWN_ORGANIZATION = "Bạn chỉ được thay đổi hoạt động của tổ chức mình."
BUDGET_LOCKED = "Kế hoạch kinh phí đã gửi hoặc đã duyệt, không sửa được."
NOT_LEVEL_ABOVE = "Chỉ Ủy ban MTTQ cấp trên trực tiếp mới được phê duyệt kế hoạch kinh phí này."


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- access -------------------------------------------------------------------------------


def user_organizations(user) -> QuerySet[MemberOrganization]:
    """The member organizations the user acts for, within its scope."""
    if not getattr(user, "is_authenticated", False):
        return MemberOrganization.objects.none()
    return scope.filter_by_scope(MemberOrganization.objects.filter(users=user), user)


def is_front(user, unit: AdministrativeUnit) -> bool:
    return scope.can_act(user, unit, FRONT_ROLES)


def can_edit_org_owned(user, unit: AdministrativeUnit, organization) -> bool:
    """The Front writes everything in its subtree; a member organization only its own."""
    if is_front(user, unit):
        return True
    if organization is None or not scope.can_act(user, unit, {Role.MEMBER_ORG}):
        return False
    return organization.users.filter(pk=user.pk).exists()


def ensure_can_edit_org_owned(user, unit: AdministrativeUnit, organization) -> None:
    if not scope.can_see(user, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    if not can_edit_org_owned(user, unit, organization):
        if scope.can_act(user, unit):
            raise PermissionDenied(_(NOT_OWN_ORGANIZATION))
        raise PermissionDenied(_(scope.READ_ONLY))


def can_review_budget(user, plan: BudgetPlan) -> bool:
    parent = plan.unit.parent
    if parent is None:
        # the province has no level above it in the portal: its standing committee signs
        return scope.can_act(user, plan.unit, {Role.PROVINCE_ADMIN})
    return scope.can_act(user, parent, APPROVER_ROLES)


def _get(qs, user, pk, unit_field="unit"):
    return scope.get_in_scope(qs, user, unit_field=unit_field, pk=pk)


def member_org_get_for_user(*, user, pk, write=False) -> MemberOrganization:
    org = _get(MemberOrganization.objects.select_related("unit"), user, pk)
    if write:
        scope.ensure_can_act(user, org.unit, FRONT_ROLES)
    return org


def assignment_get_for_user(*, user, pk, write=False) -> Assignment:
    obj = _get(Assignment.objects.select_related("unit", "organization"), user, pk)
    if write:
        scope.ensure_can_act(user, obj.unit, FRONT_ROLES)
    return obj


def plan_get_for_user(*, user, pk, write=False) -> YearlyPlan:
    obj = _get(YearlyPlan.objects.select_related("unit"), user, pk)
    if write:
        scope.ensure_can_act(user, obj.unit, FRONT_ROLES)
    return obj


def activity_get_for_user(*, user, pk, write=False) -> Activity:
    obj = _get(Activity.objects.select_related("unit", "organization"), user, pk)
    if write:
        ensure_can_edit_org_owned(user, obj.unit, obj.organization)
    return obj


def deleted_activity_get_for_user(*, user, pk) -> Activity:
    """An activity in the trash, for restoring it: 404 outside scope (or not deleted), 403 for
    a user who may not delete it either."""
    obj = _get(
        Activity.all_objects.filter(deleted_at__isnull=False).select_related(
            "unit", "organization"
        ),
        user,
        pk,
    )
    ensure_can_edit_org_owned(user, obj.unit, obj.organization)
    return obj


def year_locked(unit: AdministrativeUnit, year: int) -> bool:
    """The year's results of `unit` or a unit above it were accepted, so what was recorded for
    that year is locked: an activity or an assignment of it can be neither deleted nor
    restored."""
    ancestors = [unit.path[: i + 1] for i, c in enumerate(unit.path) if c == "/"]
    return Submission.objects.filter(
        period__year=year,
        organization__isnull=True,
        status=SubmissionStatus.ACCEPTED,
        unit__path__in=ancestors,
    ).exists()


def activity_year_locked(activity: Activity) -> bool:
    return year_locked(activity.unit, activity.date.year)


def deleted_assignment_get_for_user(*, user, pk) -> Assignment:
    """A deleted assignment, for restoring it: 404 outside scope (or not deleted), 403 for a
    user who may not delete it either."""
    qs = Assignment.all_objects.filter(deleted_at__isnull=False)
    obj = _get(qs.select_related("unit", "organization"), user, pk)
    scope.ensure_can_act(user, obj.unit, FRONT_ROLES)
    return obj


def pilot_model_get_for_user(*, user, pk, write=False) -> PilotModel:
    obj = _get(PilotModel.objects.select_related("unit", "organization", "content_area"), user, pk)
    if write:
        ensure_can_edit_org_owned(user, obj.unit, obj.organization)
    return obj


def festival_get_for_user(*, user, pk, write=False) -> Festival:
    obj = _get(Festival.objects.select_related("area"), user, pk, "area")
    if write:
        scope.ensure_can_act(user, obj.area, FRONT_ROLES)
    return obj


def convention_get_for_user(*, user, pk, write=False) -> VillageConvention:
    obj = _get(VillageConvention.objects.select_related("area"), user, pk, "area")
    if write:
        scope.ensure_can_act(user, obj.area, FRONT_ROLES)
    return obj


def budget_get_for_user(*, user, pk, write=False, review=False) -> BudgetPlan:
    obj = _get(BudgetPlan.objects.select_related("unit", "unit__parent"), user, pk)
    if write:
        scope.ensure_can_act(user, obj.unit, FRONT_ROLES)
        if not obj.is_editable:
            raise PermissionDenied(_(BUDGET_LOCKED))
    if review and not can_review_budget(user, obj):
        raise PermissionDenied(_(NOT_LEVEL_ABOVE))
    return obj


# --- lists -----------------------------------------------------------------------------------


def _in(qs, user, unit, field="unit"):
    qs = scope.filter_by_scope(qs, user, field)
    if unit is not None:
        qs = qs.filter(**{f"{field}__path__startswith": unit.path})
    return qs


def member_orgs_list(*, user, unit=None) -> QuerySet[MemberOrganization]:
    qs = _in(MemberOrganization.objects.select_related("unit"), user, unit)
    return qs.annotate(users_count=Count("users")).order_by("unit__path", "kind", "name")


def assignments_list(*, user, unit=None, year=None) -> QuerySet[Assignment]:
    qs = _in(Assignment.objects.select_related("unit", "organization", "content_area"), user, unit)
    return qs.filter(year=year) if year else qs


def plans_list(*, user, unit=None, year=None) -> QuerySet[YearlyPlan]:
    qs = _in(YearlyPlan.objects.select_related("unit"), user, unit)
    return qs.filter(year=year) if year else qs


def activities_list(*, user, unit=None, year=None, kind=None) -> QuerySet[Activity]:
    qs = _in(Activity.objects.select_related("unit", "organization"), user, unit)
    if year:
        qs = qs.filter(date__range=year_bounds(year))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.prefetch_related("content_areas")


def deleted_activities_list(*, user, unit) -> QuerySet[Activity]:
    """The trash of `unit`'s subtree: deleted activities, the latest deleted first."""
    qs = _in(
        Activity.all_objects.filter(deleted_at__isnull=False).select_related(
            "unit", "organization", "deleted_by"
        ),
        user,
        unit,
    )
    return qs.order_by("-deleted_at", "-pk")


def deleted_assignments_list(*, user, unit) -> QuerySet[Assignment]:
    """Deleted assignments of `unit`'s subtree, the latest deleted first."""
    qs = Assignment.all_objects.filter(deleted_at__isnull=False).select_related(
        "unit", "organization", "content_area", "deleted_by"
    )
    return _in(qs, user, unit).order_by("-deleted_at", "-pk")


def pilot_models_list(*, user, unit=None, year=None) -> QuerySet[PilotModel]:
    qs = _in(PilotModel.objects.select_related("unit", "content_area", "organization"), user, unit)
    if year:
        qs = qs.filter(_running_in(year))
    return qs


def festivals_list(*, user, unit=None, year=None) -> QuerySet[Festival]:
    qs = _in(Festival.objects.select_related("area", "area__parent"), user, unit, "area")
    return qs.filter(year=year) if year else qs


def conventions_list(*, user, unit=None, status=None) -> QuerySet[VillageConvention]:
    qs = _in(VillageConvention.objects.select_related("area", "area__parent"), user, unit, "area")
    return qs.filter(status=status) if status else qs


def budgets_list(*, user, unit=None, year=None) -> QuerySet[BudgetPlan]:
    qs = _in(BudgetPlan.objects.select_related("unit"), user, unit)
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        planned_total=Sum("lines__planned"), spent_total=Sum("lines__spent")
    ).order_by("-year", "unit__path")


def budgets_to_review(*, user) -> list[BudgetPlan]:
    qs = scope.filter_by_scope(
        BudgetPlan.objects.filter(status=BudgetStatus.SUBMITTED).select_related("unit__parent"),
        user,
    )
    return [p for p in qs[:200] if can_review_budget(user, p)]


def areas_in_year(*, unit: AdministrativeUnit, year: int) -> QuerySet[AdministrativeUnit]:
    """Residential areas under `unit` that existed at some point in `year`."""
    start, end = year_bounds(year)
    return AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        path__startswith=unit.path,
        level=UnitLevel.AREA,
    )


def festival_overview(*, unit: AdministrativeUnit, year: int) -> QuerySet[AdministrativeUnit]:
    """Per residential area under `unit`: did it hold the festival in `year`?"""
    festival = Festival.objects.filter(area=OuterRef("pk"), year=year)
    return (
        areas_in_year(unit=unit, year=year)
        .select_related("parent")
        .annotate(
            festival_id=Subquery(festival.values("pk")[:1]),
            festival_on=Subquery(festival.values("held_on")[:1]),
            festival_participants=Subquery(festival.values("participants")[:1]),
        )
        .order_by("path")
    )


def areas_with_convention(*, unit: AdministrativeUnit, year: int) -> QuerySet:
    _start, end = year_bounds(year)
    applies = VillageConvention.objects.filter(
        area=OuterRef("pk"), status__in=CONVENTION_APPLIES, approved_on__lte=end
    )
    return areas_in_year(unit=unit, year=year).filter(Exists(applies))


# --- prefill providers for the yearly results ---------------------------------------------------


def _running_in(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def prefill_activities(unit, year):
    rows = Activity.objects.filter(
        unit__path__startswith=unit.path, date__range=year_bounds(year)
    ).aggregate(
        outreach_sessions=Sum("sessions", filter=Q(kind=ActivityKind.OUTREACH)),
        outreach_participants=Sum("participants", filter=Q(kind=ActivityKind.OUTREACH)),
        training_sessions=Sum("sessions", filter=Q(kind=ActivityKind.TRAINING)),
        training_participants=Sum("participants", filter=Q(kind=ActivityKind.TRAINING)),
        supervision_sessions=Sum("sessions", filter=Q(kind=ActivityKind.SUPERVISION)),
    )
    source = _("Hoạt động đã ghi nhận năm %(year)s của đơn vị và các đơn vị trực thuộc") % {
        "year": year
    }
    return {code: PrefillValue(value or 0, source) for code, value in rows.items()}


def prefill_pilot_models(unit, year):
    count = PilotModel.objects.filter(_running_in(year), unit__path__startswith=unit.path).count()
    source = _("Mô hình điểm, mô hình tự quản hoạt động trong năm %(year)s") % {"year": year}
    return {"pilot_models": PrefillValue(count, source)}


def prefill_festivals(unit, year):
    held = (
        Festival.objects.filter(area__path__startswith=unit.path, year=year)
        .values("area")
        .distinct()
        .count()
    )
    source = _("Khu dân cư đã tổ chức Ngày hội Đại đoàn kết năm %(year)s") % {"year": year}
    return {"festivals_held": PrefillValue(held, source)}


def prefill_conventions(unit, year):
    count = areas_with_convention(unit=unit, year=year).count()
    source = _("Khu dân cư có hương ước, quy ước đang có hiệu lực (cuối năm %(year)s)") % {
        "year": year
    }
    return {"areas_with_convention": PrefillValue(count, source)}


def prefill_budget(unit, year):
    spent = BudgetLine.objects.filter(
        plan__unit__path__startswith=unit.path,
        plan__year=year,
        plan__status__in=(BudgetStatus.SUBMITTED, BudgetStatus.APPROVED),
    ).aggregate(total=Sum("spent"))["total"]
    source = _("Kinh phí đã chi theo kế hoạch kinh phí năm %(year)s (đã gửi hoặc đã duyệt)") % {
        "year": year
    }
    return {"budget_spent": PrefillValue(spent or 0, source)}


PREFILL_PROVIDERS = (
    prefill_activities,
    prefill_pilot_models,
    prefill_festivals,
    prefill_conventions,
    prefill_budget,
)


# --- festival panels -------------------------------------------------------------------------
# The festival page shows what other apps know about the day: `recognition` the households and
# people praised there (Commendation with occasion "festival"), `poverty_fund` the money raised.
# They register a panel from their AppConfig.ready(), so campaign never imports them. A panel is
# a callable `(festival, user) -> dict | None` returning
# {"title": str, "template": str, "context": dict, "order": int}.

_festival_panels: list = []


def register_festival_panel(panel):
    if panel not in _festival_panels:
        _festival_panels.append(panel)
    return panel


def festival_panels(festival, user) -> list[dict]:
    rendered = [panel(festival, user) for panel in _festival_panels]
    return sorted((r for r in rendered if r), key=lambda r: r.get("order", 100))
