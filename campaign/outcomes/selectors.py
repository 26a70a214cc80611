"""Reads of the campaign's outcomes: a unit's decisions, its status by year, the province's
table by year (counts per level over the communes of each kind that year) and the model areas
and gardens counted per unit. A few queries whatever the size of the tree."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet

from accounts import scope
from residential_areas.models import AdministrativeUnit

from . import rules
from .models import ModelKind, ModelRecognition, UnitStatus, UnitStatusDecision

COMMUNE_KINDS = ("xa", "phuong", "thi_tran")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def decisions_of(unit: AdministrativeUnit) -> QuerySet[UnitStatusDecision]:
    return UnitStatusDecision.objects.filter(unit=unit).order_by("decision_date", "pk")


def models_of(unit: AdministrativeUnit) -> QuerySet[ModelRecognition]:
    """Model areas and gardens under `unit` (itself when it is a residential area)."""
    return (
        ModelRecognition.objects.filter(area__path__startswith=unit.path)
        .select_related("area", "household")
        .order_by("-year", "area__path", "kind", "name", "pk")
    )


def status_by_year(unit: AdministrativeUnit, years) -> list[dict]:
    """The unit's level at the end of each year (its decisions replayed)."""
    decisions = list(decisions_of(unit))
    rows = []
    for year in years:
        held = rules.held_in_year(decisions, year)
        track = "urban" if unit.kind in rules.URBAN_KINDS else "ntm"
        rows.append({"year": year, "label": rules.status_label(track, held[track])})
    return rows


def decision_get_for_user(*, user, pk: int, write: bool = False) -> UnitStatusDecision:
    from .services import EDITOR_ROLES

    return scope.get_in_scope(
        UnitStatusDecision.objects.all(), user, write=write, write_roles=EDITOR_ROLES, pk=pk
    )


def model_get_for_user(*, user, pk: int, write: bool = False) -> ModelRecognition:
    from .services import EDITOR_ROLES

    return scope.get_in_scope(
        ModelRecognition.objects.all(),
        user,
        unit_field="area",
        write=write,
        write_roles=EDITOR_ROLES,
        pk=pk,
    )


def communes_on(root: AdministrativeUnit, on: datetime.date) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.as_of(on).filter(
        path__startswith=root.path, level="commune", kind__in=COMMUNE_KINDS
    )


def _counts(units: list, decisions_by_unit: dict, year: int) -> dict:
    """Per level, the units holding it (or more) at the end of `year`, with the denominators:
    the xã for the new-countryside levels, the phường and thị trấn for đô thị văn minh."""
    rural = [u for u in units if u.kind in rules.RURAL_KINDS]
    urban = [u for u in units if u.kind in rules.URBAN_KINDS]
    ntm = Counter()
    urban_n = 0
    recorded = 0
    for u in units:
        decisions = decisions_by_unit.get(u.pk, [])
        if any(d.year <= year for d in decisions):
            recorded += 1
        held = rules.held_in_year(decisions, year)
        for rank in range(1, held["ntm"] + 1):
            ntm[rank] += 1
        urban_n += held["urban"] >= 1
    return {
        "rural_total": len(rural),
        "urban_total": len(urban),
        "units_total": len(units),
        "units_recorded": recorded,
        "ntm": ntm[1],
        "ntm_advanced": ntm[2],
        "ntm_model": ntm[3],
        "urban": urban_n,
    }


def model_counts(*, root: AdministrativeUnit, year: int) -> dict:
    """Model areas and gardens under `root`: recognised in `year`, and all to that year; the
    residential areas that stood at the end of the year as the model areas' denominator."""
    end = year_end(year)
    qs = ModelRecognition.objects.filter(area__path__startswith=root.path, year__lte=year)
    # to date: in the residential areas still standing at the end of the year
    standing = Q(area__valid_to__isnull=True) | Q(area__valid_to__gte=end)
    agg = qs.aggregate(
        areas_year=Count("pk", filter=Q(kind=ModelKind.MODEL_AREA, year=year)),
        gardens_year=Count("pk", filter=Q(kind=ModelKind.MODEL_GARDEN, year=year)),
        # an area recognised in several years is one model area
        areas_to_date=Count("area", filter=Q(kind=ModelKind.MODEL_AREA) & standing, distinct=True),
        gardens_to_date=Count("pk", filter=Q(kind=ModelKind.MODEL_GARDEN) & standing),
    )
    agg["residential_areas"] = (
        AdministrativeUnit.objects.as_of(end)
        .filter(path__startswith=root.path, level="area")
        .count()
    )
    return agg


def province_table(*, root: AdministrativeUnit, years) -> list[dict]:
    """Per year: the communes that stood at its end (the tree of that year), the count at each
    level, the denominators and how many units have a decision recorded on the portal."""
    years = sorted(years)
    if not years:
        return []
    units_by_year = {
        y: list(communes_on(root, year_end(y)).only("pk", "kind", "path")) for y in years
    }
    ids = {u.pk for units in units_by_year.values() for u in units}
    decisions_by_unit = defaultdict(list)
    for d in UnitStatusDecision.objects.filter(unit_id__in=ids, year__lte=years[-1]):
        decisions_by_unit[d.unit_id].append(d)
    rows = []
    for y in years:
        row = {"year": y, **_counts(units_by_year[y], decisions_by_unit, y)}
        row["models"] = model_counts(root=root, year=y)
        rows.append(row)
    return rows


def units_with_status(*, root: AdministrativeUnit, year: int) -> list[dict]:
    """Each commune-level unit under `root` standing at the end of `year`, with its level."""
    units = list(communes_on(root, year_end(year)).order_by("path"))
    decisions = defaultdict(list)
    for d in UnitStatusDecision.objects.filter(unit__in=units, year__lte=year):
        decisions[d.unit_id].append(d)
    rows = []
    for u in units:
        held = rules.held_in_year(decisions[u.pk], year)
        track = "urban" if u.kind in rules.URBAN_KINDS else "ntm"
        rows.append({"unit": u, "label": rules.status_label(track, held[track])})
    return rows


def status_totals_for(unit: AdministrativeUnit, year: int) -> dict[str, int]:
    """The communes under `unit` (itself included) at each level at the end of `year`: the
    yearly form's prefill."""
    row = province_table(root=unit, years=[year])[0]
    return {
        "ntm_communes": row["ntm"],
        "ntm_advanced_communes": row["ntm_advanced"],
        "ntm_model_communes": row["ntm_model"],
        "civilized_urban_units": row["urban"],
        "model_residential_areas": row["models"]["areas_to_date"],
        "model_gardens": row["models"]["gardens_to_date"],
    }


STATUS_CHOICES_BY_KIND = {
    "xa": [UnitStatus.NTM, UnitStatus.NTM_ADVANCED, UnitStatus.NTM_MODEL],
    "phuong": [UnitStatus.URBAN],
    "thi_tran": [UnitStatus.URBAN],
}
