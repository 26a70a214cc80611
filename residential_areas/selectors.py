import datetime
import functools
import re
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, StrIndex, Substr
from django.urls import get_script_prefix, get_urlconf, reverse

from core import fragments

from .models import AdministrativeUnit, Household, UnitLevel, UnitStatistic
from .text import fold


class Crumb(NamedTuple):
    """One step of a breadcrumb trail: what the templates and the scope rule read of a unit."""

    pk: int
    name: str
    path: str

    @property
    def url(self) -> str:
        return unit_url(self.pk)


@functools.lru_cache(maxsize=8192)
def _unit_url(pk: int, urlconf, script_prefix: str) -> str:
    return reverse("residential_areas:unit_detail", args=[pk], urlconf=urlconf)


def unit_url(pk: int) -> str:
    """The unit's page. reverse() costs a tenth of a millisecond, a trail has several units and
    every page shows one: each unit's address is worked out once per process."""
    return _unit_url(pk, get_urlconf(), get_script_prefix())


def _trail_above(unit: AdministrativeUnit) -> list[Crumb]:
    return [Crumb(u.pk, u.name, u.path) for u in unit.ancestors()]


def crumbs(unit: AdministrativeUnit) -> list[Crumb]:
    """The trail to `unit`: its ancestors from the root down, then itself. The ancestors are
    cached until the tree changes: most pages show a trail, and it rarely changes. A unit read
    by `unit_cached` brings its trail along."""
    above = getattr(unit, "trail_above", None)
    if above is None:
        above = fragments.cached(
            "crumbs", lambda: _trail_above(unit), kinds=("tree",), key=(unit.path,)
        )
    return [*above, Crumb(unit.pk, unit.name, unit.path)]


def unit_cached(pk: int) -> AdministrativeUnit:
    """The unit `pk`, with the trail above it (`crumbs`), from the cache until the tree changes:
    one cache round trip instead of a query on every page about a unit. A unit that does not
    exist raises DoesNotExist, and is not cached."""

    def load() -> AdministrativeUnit:
        unit = AdministrativeUnit.objects.get(pk=pk)
        unit.trail_above = _trail_above(unit)
        return unit

    return fragments.cached("unit-with-trail", load, kinds=("tree",), key=(pk,))


def units_as_of(*, on: datetime.date) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.as_of(on)


def unit_children(*, unit: AdministrativeUnit, on: datetime.date | None = None):
    qs = AdministrativeUnit.objects.filter(parent=unit)
    if on is not None:
        qs = qs.as_of(on)
    return qs.order_by("kind", "name")


def units_search(*, qs: QuerySet[AdministrativeUnit], q: str) -> QuerySet[AdministrativeUnit]:
    """Accent- and case-insensitive: "ha tinh", "HÀ TĨNH" and "Hà Tĩnh" all find Hà Tĩnh."""
    folded = fold(q)
    if not folded:
        return qs
    cond = Q()
    for word in folded.split():
        cond &= Q(search_name__contains=word)
    return qs.filter(cond | Q(code=q.strip()))


def with_statistics(qs: QuerySet[AdministrativeUnit], *, year: int) -> QuerySet[AdministrativeUnit]:
    """Annotate each unit with the households and population of its subtree for `year`.

    Figures are stored on the lowest units that have them; a subquery sums the subtree with
    one indexed prefix scan per unit, so the query count stays flat however many rows.
    """
    base = UnitStatistic.objects.filter(year=year, unit__path__startswith=OuterRef("path")).values(
        "year"
    )
    households = base.annotate(total=Sum("households")).values("total")
    population = base.annotate(total=Sum("population")).values("total")
    return qs.annotate(
        households_total=Coalesce(Subquery(households, output_field=IntegerField()), 0),
        population_total=Coalesce(Subquery(population, output_field=IntegerField()), 0),
    )


def search_q(q: str) -> Q:
    """Households whose head's name holds every word of `q` (accents and case aside), or whose
    code is `q`; everyone when `q` has no word."""
    folded = fold(q)
    if not folded:
        return Q()
    cond = Q()
    for word in folded.split():
        cond &= Q(search_name__contains=word)
    return cond | Q(code=q.strip())


def households_search(*, qs: QuerySet[Household], q: str) -> QuerySet[Household]:
    return qs.filter(search_q(q))


def household_rows(*, unit: AdministrativeUnit, q: str = "") -> QuerySet:
    """The household list: the households below `unit` matching `q`, by residential area then
    name, as the four columns the list shows (plain rows, not model instances). Built in one
    filter: each step of a queryset copies it, and the ORM's time was a tenth of the page's."""
    return (
        Household.objects.filter(Q(area__path__startswith=unit.path) & search_q(q))
        .order_by("area__path", "head_name", "pk")
        .values("pk", "code", "head_name", "members", "area__name")
    )


_SEARCH_SQL = """
    SELECT h.id, h.code, h.head_name, h.members, a.name, COUNT(*) OVER ()
    FROM {household} h JOIN {unit} a ON a.id = h.area_id
    WHERE a.path LIKE %s ESCAPE '\\' {keys} AND (({words}) OR h.code = %s)
    ORDER BY a.path, h.head_name, h.id
    LIMIT %s OFFSET %s
"""
# PostgreSQL, a commune (migration 0004): the rows whose names hold the commune's tagged
# trigrams of the words, found by their GIN index; the LIKEs then test only those rows. A
# separate condition, so that the index answers it alone and it is not evaluated again per row.
_KEYS_SQL = (
    "AND (household_search_keys(h.search_commune_id, h.search_name) @> %s::text[] OR h.code = %s)"
)
_KEY_WORD = re.compile(r"[a-z0-9]{3,}")


def search_keys(commune_id: int, words: list[str]) -> list[str]:
    """The commune's tagged trigrams that every name matching all `words` holds (as
    household_search_keys tags them): the trigrams inside each word of three or more letters
    and digits. A word holding any other character adds none (pg_trgm cuts names into words at
    such characters, which the LIKE does not); [] when no word gives one."""
    return sorted(
        {
            f"{commune_id}:{word[i : i + 3]}"
            for word in words
            if _KEY_WORD.fullmatch(word)
            for i in range(len(word) - 2)
        }
    )


def _like_pattern(text: str, *, prefix: bool = False) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def household_search_page(
    *, unit: AdministrativeUnit, q: str, number: int, per_page: int
) -> tuple[list[dict], int]:
    """One page of `household_rows(unit=unit, q=q)` (the same rows in the same order, as the
    same dicts) and the number of matches, in one statement: the rows carry COUNT(*) OVER ().

    For a search within a commune or a residential area. In a commune on PostgreSQL the rows
    are found by the commune's tagged trigrams (`search_keys`, migration 0004): a word common
    enough to be searched for shares its plain trigrams with too many households of the
    province for the index of 0002 to be the shorter way, and reading every household of a
    large ward took 3.7 ms. A residential area's few hundred households are read by its index.
    Written in SQL rather than through the ORM: building the queryset, its count window
    and its slice took 1.0 ms of the page's CPU, this 0.2 ms. `q` must hold a word."""
    words = fold(q).split()
    if not words:
        raise ValueError("household_search_page needs a word to search for")
    keys = []
    if connection.vendor == "postgresql" and unit.level == UnitLevel.COMMUNE:
        keys = search_keys(unit.pk, words)
    sql = _SEARCH_SQL.format(
        household=Household._meta.db_table,
        unit=AdministrativeUnit._meta.db_table,
        keys=_KEYS_SQL if keys else "",
        words=" AND ".join(["h.search_name LIKE %s ESCAPE '\\'"] * len(words)),
    )
    params = [
        _like_pattern(unit.path, prefix=True),
        *([keys, q.strip()] if keys else []),
        *map(_like_pattern, words),
        q.strip(),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, per_page, (number - 1) * per_page])
        found = cursor.fetchall()
    rows = [
        {"pk": pk, "code": code, "head_name": name, "members": members, "area__name": area}
        for pk, code, name, members, area, _total in found
    ]
    return rows, found[0][5] if found else 0


def level_counts(*, unit: AdministrativeUnit, on: datetime.date) -> dict[str, int]:
    rows = (
        AdministrativeUnit.objects.as_of(on)
        .under(unit, include_self=False)
        .values("level")
        .annotate(n=Count("pk"))
    )
    counts = {level: 0 for level in UnitLevel.values}
    counts.update({r["level"]: r["n"] for r in rows})
    return counts


def child_key(path_field: str, unit: AdministrativeUnit):
    """The id (as text) of `unit`'s child that a row below it falls under: the path segment
    right after `unit.path`. Grouping by it counts every child in one pass over the subtree
    instead of one scan per child."""
    rest = Substr(path_field, len(unit.path) + 1)
    return Substr(rest, 1, StrIndex(rest, Value("/")) - 1)


def by_child(
    qs: QuerySet, path_field: str, unit: AdministrativeUnit, **aggregate
) -> dict[str, dict]:
    """GROUP BY `unit`'s children over the rows of `qs` below it: {child id as text: aggregates}."""
    rows = (
        qs.filter(**{f"{path_field}__startswith": unit.path})
        .exclude(**{path_field: unit.path})
        .annotate(child=child_key(path_field, unit))
        .order_by()
        .values("child")
        .annotate(**aggregate)
    )
    return {r["child"]: r for r in rows}


def attach_statistics(units: list[AdministrativeUnit], *, parent: AdministrativeUnit, year: int):
    """Set households_total and population_total on `parent`'s children in one query."""
    figures = by_child(
        UnitStatistic.objects.filter(year=year),
        "unit__path",
        parent,
        households=Sum("households"),
        population=Sum("population"),
    )
    for unit in units:
        row = figures.get(str(unit.pk), {})
        unit.households_total = row.get("households") or 0
        unit.population_total = row.get("population") or 0
    return units


def subtree_statistics(*, unit: AdministrativeUnit, year: int) -> dict[str, int]:
    totals = UnitStatistic.objects.filter(year=year, unit__path__startswith=unit.path).aggregate(
        households=Sum("households"), population=Sum("population")
    )
    return {
        "households_total": totals["households"] or 0,
        "population_total": totals["population"] or 0,
    }


def line_in_year(unit: AdministrativeUnit, year: int) -> list[AdministrativeUnit]:
    """The units whose books stand for `unit` in `year`: the unit itself when it existed by the
    year's last day; else, for a unit formed later (a commune of 1/7/2025 read for 2024), its
    predecessors that existed that day, walked back through successor links as far as needed.
    One query per generation walked, whatever the number of predecessors; ordered by path. A
    unit formed later from nothing the tree records has an empty line."""
    day = datetime.date(year, 12, 31)
    if unit.valid_from is None or unit.valid_from <= day:
        return [unit]
    line: list[AdministrativeUnit] = []
    seen, frontier = {unit.pk}, [unit.pk]
    while frontier:
        earlier = [
            u
            for u in AdministrativeUnit.objects.filter(successor_id__in=frontier).order_by("path")
            if u.pk not in seen
        ]
        seen.update(u.pk for u in earlier)
        frontier = []
        for u in earlier:
            if u.is_valid_on(day):
                line.append(u)
            elif u.valid_from is not None and u.valid_from > day:
                frontier.append(u.pk)  # itself formed later: its own predecessors stand for it
            # a predecessor already dissolved by the day left its figures to another unit
    return sorted(line, key=lambda u: u.path)
