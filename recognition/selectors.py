"""Reads of the titles: figures by unit and year, streaks, certificate eligibility.

Counts are aggregated in SQL (one indexed prefix scan on `path` per figure), so a province
figure costs the same few queries as a village one.
"""

import datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from residential_areas.models import AdministrativeUnit, Household, UnitLevel, UnitStatistic
from residential_areas.selectors import by_child

from .models import Commendation, CriteriaSet, Recognition, TitleKind
from .services.criteria import criteria_set_for
from .titles import title_name

__all__ = ["title_name"]  # the names of the titles by year, for every page that prints one


def year_end(*, unit: AdministrativeUnit, year: int) -> datetime.date:
    """The day the tree is read for a year: 31/12, or the unit's last day if it closed then."""
    on = datetime.date(year, 12, 31)
    if unit.valid_to and unit.valid_to < on:
        on = unit.valid_to
    return on


def recognitions_in(*, unit: AdministrativeUnit, year: int, kind: str) -> QuerySet[Recognition]:
    return Recognition.objects.filter(kind=kind, year=year, area__path__startswith=unit.path)


def households_total(*, unit: AdministrativeUnit, year: int) -> int:
    """The official household count of the subtree for the year (yearly statistics), or the
    households registered in the portal when the statistics are missing."""
    total = UnitStatistic.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        n=Sum("households")
    )["n"]
    if total:
        return total
    return Household.objects.filter(area__path__startswith=unit.path, is_active=True).count()


def areas_total(*, unit: AdministrativeUnit, year: int) -> int:
    on = year_end(unit=unit, year=year)
    return (
        AdministrativeUnit.objects.as_of(on)
        .filter(path__startswith=unit.path, level=UnitLevel.AREA)
        .count()
    )


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def communes_total(*, unit: AdministrativeUnit, year: int) -> int:
    on = year_end(unit=unit, year=year)
    return (
        AdministrativeUnit.objects.as_of(on)
        .filter(path__startswith=unit.path, level=UnitLevel.COMMUNE)
        .count()
    )


# counted by the kind (never empty), not the id: then read from the index (year, area, kind) alone,
# without a visit to the table for each title (a third of the province report's titles time)
_TITLE_COUNTS = {
    "families": Count("kind", filter=Q(kind=TitleKind.FAMILY)),
    "areas": Count("kind", filter=Q(kind=TitleKind.AREA)),
    "communes": Count("kind", filter=Q(kind=TitleKind.COMMUNE)),
}


def _titles_under(unit: AdministrativeUnit) -> QuerySet[Recognition]:
    # the subtree's units as a semi-join: the year's titles are then read from the index
    # (year, area, kind) alone, not joined row by row to the units for their paths
    subtree = AdministrativeUnit.objects.filter(path__startswith=unit.path).values("pk")
    return Recognition.objects.filter(area_id__in=subtree)


def title_figures(*, unit: AdministrativeUnit, year: int) -> dict:
    return title_figures_by_year(unit=unit, years=[year])[year]


def title_figures_by_year(*, unit: AdministrativeUnit, years: list[int]) -> dict[int, dict]:
    """The titles of the subtree and their shares, for each of `years` ({year: figures}); the
    titles of every year in one query."""
    counts = {
        row["year"]: row
        for row in _titles_under(unit)
        .filter(year__in=years)
        .order_by()
        .values("year")
        .annotate(**_TITLE_COUNTS)
    }
    figures = {}
    for year in years:
        found = counts.get(year, {})
        families, areas = found.get("families", 0), found.get("areas", 0)
        communes = found.get("communes", 0)
        households = households_total(unit=unit, year=year)
        area_count = areas_total(unit=unit, year=year)
        commune_count = communes_total(unit=unit, year=year) if unit.level != UnitLevel.AREA else 0
        figures[year] = {
            "families": families,
            "households": households,
            "families_pct": _pct(families, households),
            "areas": areas,
            "areas_total": area_count,
            "areas_pct": _pct(areas, area_count),
            "communes": communes,
            "communes_total": commune_count,
            "communes_pct": _pct(communes, commune_count),
        }
    return figures


def _titles_by_child(*, unit: AdministrativeUnit, year: int) -> dict[str, dict]:
    """`by_child` of the year's titles: counted by residential area in SQL (from the index,
    one row per area that holds titles), then added up by the child of `unit` each area lies
    under, from the paths of the subtree (bounded by the tree, never by the rows)."""
    by_area = (
        _titles_under(unit)
        .filter(year=year)
        .exclude(area_id=unit.pk)
        .order_by()
        .values("area_id")
        .annotate(**_TITLE_COUNTS)
    )
    paths = dict(
        AdministrativeUnit.objects.filter(path__startswith=unit.path).values_list("pk", "path")
    )
    depth = len(unit.path)
    totals: dict[str, dict] = {}
    for row in by_area:
        child = paths[row["area_id"]][depth:].split("/", 1)[0]
        total = totals.setdefault(child, {"child": child, **dict.fromkeys(_TITLE_COUNTS, 0)})
        for key in _TITLE_COUNTS:
            total[key] += row[key]
    return totals


def title_names(*, year: int) -> dict[str, str]:
    """The name of each title in `year`, by kind: what the pages print."""
    return {kind: title_name(kind, year) for kind in TitleKind.values}


def children_figures(*, unit: AdministrativeUnit, year: int) -> list[dict]:
    """Figures for each unit directly below `unit` as the tree stood that year, in five
    queries whatever the number of children."""
    on = year_end(unit=unit, year=year)
    children = list(
        AdministrativeUnit.objects.as_of(on).filter(parent=unit).order_by("kind", "name")
    )
    titles = _titles_by_child(unit=unit, year=year)
    households = by_child(
        UnitStatistic.objects.filter(year=year), "unit__path", unit, n=Sum("households")
    )
    areas = by_child(
        AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.AREA),
        "path",
        unit,
        n=Count("pk"),
    )
    rows = []
    for child in children:
        key = str(child.pk)
        families = titles.get(key, {}).get("families", 0)
        n_areas = titles.get(key, {}).get("areas", 0)
        n_households = households.get(key, {}).get("n") or 0
        n_areas_total = areas.get(key, {}).get("n", 0)  # a child area counts itself
        rows.append(
            {
                "unit": child,
                "families": families,
                "households": n_households,
                "families_pct": _pct(families, n_households),
                "areas": n_areas,
                "areas_total": n_areas_total,
                "areas_pct": _pct(n_areas, n_areas_total),
                "communes": titles.get(key, {}).get("communes", 0),
            }
        )
    return rows


def streak(*, years, year: int, certificate_years=()) -> int:
    """Consecutive recognized years ending at `year`; a certificate restarts the count, so
    years up to and including the last certificate no longer count."""
    years = set(years)
    restart = max((y for y in certificate_years if y <= year), default=0)
    n = 0
    while (year - n) in years and (year - n) > restart:
        n += 1
    return n


def _certificate_filter(kind: str):
    return Commendation.objects.filter(title_kind=kind)


def predecessors_of(unit_ids) -> dict[int, set[int]]:
    """Each unit with every unit that became it through successor links (itself included):
    one query for the links of the whole tree, then the chains walked in memory."""
    links = AdministrativeUnit.objects.filter(successor__isnull=False).values_list(
        "pk", "successor_id"
    )
    before: dict[int, set[int]] = {}
    for pk, successor_id in links:
        before.setdefault(successor_id, set()).add(pk)
    lineage = {}
    for unit_id in unit_ids:
        found, frontier = {unit_id}, [unit_id]
        while frontier:
            for earlier in before.get(frontier.pop(), ()):
                if earlier not in found:
                    found.add(earlier)
                    frontier.append(earlier)
        lineage[unit_id] = found
    return lineage


def unit_streaks(*, kind: str, year: int, unit_ids) -> dict[int, int]:
    """The streak of a unit's title (residential area, commune) ending at `year`, following
    its predecessors across a merger: an area recognized in 2023 and 2024 under the old unit
    and in 2025 under its successor has 3. Where several units merged, a year counts when
    any of them held the title. A certificate to any of them restarts the count."""
    lineage = predecessors_of(unit_ids)
    every = set().union(*lineage.values()) if lineage else set()
    years: dict[int, set[int]] = {}
    for area_id, y in Recognition.objects.filter(
        kind=kind, area_id__in=every, year__lte=year
    ).values_list("area_id", "year"):
        years.setdefault(area_id, set()).add(y)
    certificates: dict[int, set[int]] = {}
    for unit_id, y in (
        _certificate_filter(kind).filter(unit_id__in=every).values_list("unit_id", "year")
    ):
        certificates.setdefault(unit_id, set()).add(y)
    return {
        unit_id: streak(
            years=set().union(*(years.get(u, ()) for u in ids)),
            year=year,
            certificate_years=set().union(*(certificates.get(u, ()) for u in ids)),
        )
        for unit_id, ids in lineage.items()
    }


def certificate_eligible(
    *, unit: AdministrativeUnit, year: int, kind: str
) -> tuple[QuerySet[Recognition], CriteriaSet | None]:
    """Recognitions of `year` whose streak (since the last certificate) reaches the number of
    years the criteria set in force asks for. Families: one query, a window count per row (a
    household keeps its row across a merger). Areas and communes follow their predecessors
    (`unit_streaks`)."""
    criteria_set = criteria_set_for(kind=kind, year=year)
    if criteria_set is None or not criteria_set.certificate_after_years:
        return Recognition.objects.none(), criteria_set
    n = criteria_set.certificate_after_years
    if kind != TitleKind.FAMILY:
        recognized = recognitions_in(unit=unit, year=year, kind=kind)
        subjects = list(recognized.values_list("area_id", flat=True))
        runs = unit_streaks(kind=kind, year=year, unit_ids=subjects)
        qs = (
            recognized.filter(area_id__in=[u for u, run in runs.items() if run >= n])
            .select_related("household", "area", "area__parent")
            .order_by("area__path", "pk")
        )
        return qs, criteria_set
    same = Q(household=OuterRef("household"))
    certs = _certificate_filter(kind).filter(household=OuterRef("household"))
    last_certificate = Subquery(
        certs.filter(year__lte=year).order_by("-year").values("year")[:1],
        output_field=IntegerField(),
    )
    window = (
        Recognition.objects.filter(same, kind=kind, year__gt=year - n, year__lte=year)
        .filter(year__gt=Coalesce(OuterRef("last_certificate"), 0))
        .order_by()
        .values("kind")
        .annotate(c=Count("pk"))
        .values("c")
    )
    qs = (
        recognitions_in(unit=unit, year=year, kind=kind)
        .annotate(last_certificate=last_certificate)
        .annotate(run=Coalesce(Subquery(window, output_field=IntegerField()), 0))
        .filter(run__gte=n)
        .select_related("household", "area", "area__parent")
        .order_by("area__path", "household__head_name", "pk")
    )
    return qs, criteria_set


def household_title_history(*, household) -> list[dict]:
    recognitions = list(
        Recognition.objects.filter(kind=TitleKind.FAMILY, household=household)
        .select_related("decision")
        .order_by("year")
    )
    years = {r.year for r in recognitions}
    certificates = list(
        _certificate_filter(TitleKind.FAMILY).filter(household=household).order_by("year")
    )
    cert_years = [c.year for c in certificates]
    rows = [
        {
            "year": r.year,
            "recognition": r,
            "streak": streak(years=years, year=r.year, certificate_years=cert_years),
        }
        for r in recognitions
    ]
    return rows, certificates
