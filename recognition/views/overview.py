"""The titles of a unit and year: figures, meetings, decisions, households."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import scope
from residential_areas.models import Household, UnitLevel

from .. import selectors
from ..forms import RegistrationForm
from ..models import Decision, EvaluationMeeting, Registration, TitleKind
from ..titles import title_exists
from ._common import COMMEND_ROLES, DECIDE_ROLES, EVALUATE_ROLES, crumbs_of, year_choices, year_of


@login_required
def index(request):
    root = scope.home_unit(request.user)
    if root is None:
        return render(request, "residential_areas/no_scope.html", status=403)
    return redirect("recognition:unit", pk=root.pk)


@login_required
def unit(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    year = year_of(request)
    crumbs, can_open = crumbs_of(request.user, unit)
    context = {
        "unit": unit,
        "year": year,
        "years": year_choices(),
        "crumbs": crumbs,
        "can_open": can_open,
        "figures": selectors.title_figures(unit=unit, year=year),
        "names": selectors.title_names(year=year),
        "children": selectors.children_figures(unit=unit, year=year)
        if unit.level != UnitLevel.AREA
        else [],
        "meetings": EvaluationMeeting.objects.filter(
            year=year, unit__path__startswith=unit.path
        ).select_related("unit", "decision", "criteria_set")[:200],
        "decisions": Decision.objects.filter(year=year, unit__path__startswith=unit.path)[:100],
        "is_area": unit.level == UnitLevel.AREA,
        "is_commune": unit.level == UnitLevel.COMMUNE,
        "can_evaluate": scope.can_act(request.user, unit, EVALUATE_ROLES),
        "can_decide": scope.can_act(request.user, unit, DECIDE_ROLES),
        "can_commend": scope.can_act(request.user, unit, COMMEND_ROLES),
    }
    if unit.level == UnitLevel.AREA:
        meeting = EvaluationMeeting.objects.filter(
            kind=TitleKind.FAMILY, unit=unit, year=year
        ).first()
        evaluations = {e.household_id: e for e in meeting.evaluations.all()} if meeting else {}
        registered = set(
            Registration.objects.filter(area=unit, year=year, kind=TitleKind.FAMILY).values_list(
                "household_id", flat=True
            )
        )
        households = Household.objects.filter(area=unit).order_by("code")
        page = Paginator(households, 100).get_page(request.GET.get("page"))
        context.update(
            meeting=meeting,
            page=page,
            rows=[(h, h.pk in registered, evaluations.get(h.pk)) for h in page],
            registered_count=len(registered),
            registration_form=RegistrationForm(initial={"registered_on": timezone.localdate()}),
            area_registered=Registration.objects.filter(
                kind=TitleKind.AREA, area=unit, year=year
            ).exists(),
        )
    if unit.level == UnitLevel.COMMUNE:
        context["area_meeting"] = EvaluationMeeting.objects.filter(
            kind=TitleKind.AREA, unit=unit, year=year
        ).first()
    # the commune title (from 2024): shown from the province down to the commune; evaluated
    # and decided at the level above the communes
    context["commune_title"] = title_exists(TitleKind.COMMUNE, year)
    context["commune_title_here"] = context["commune_title"] and unit.level in (
        UnitLevel.DISTRICT,
        UnitLevel.PROVINCE,
    )
    if context["commune_title_here"]:
        context["commune_meeting"] = EvaluationMeeting.objects.filter(
            kind=TitleKind.COMMUNE, unit=unit, year=year
        ).first()
    return render(request, "recognition/unit.html", context)
