"""Households across the mergers: on each day a household belongs to the units of that day.

A household stays attached to one residential area while the tree changes around it (the
commune-level mergers and the end of the district level on 1/7/2025). Its area's line (the area,
the one that succeeded it, the ones that preceded it) says where it lived on any day: its 2024
survey counts under the old commune, its 2025 one under the new. A unit's list of a year reads
the households that lived under it on the year's last day; a unit formed later reads, for the
years before it, the households that came to it (so a new commune's trend counts the years of
its predecessors); a unit dissolved before the year's end has no list for that year.

The walks read each unit once: `Lineage` loads the units of a subtree and of every unit linked
to it by a successor link in two queries, and walks parents and links in memory.
"""

import datetime
from collections import defaultdict

from django.db.models import Q

from residential_areas.models import AdministrativeUnit, Household, UnitLevel


class Lineage:
    """Units walked along parents and successor links, each read from the database once."""

    def __init__(self, units=()):
        self.units: dict[int, AdministrativeUnit] = {}
        self.preds: dict[int, list[AdministrativeUnit]] = defaultdict(list)
        self.preds_known: set[int] = set()
        self.add(units, preds_complete=False)

    def add(self, units, *, preds_complete: bool) -> None:
        new = [u for u in units if u.pk not in self.units]
        for unit in new:
            self.units[unit.pk] = unit
        for unit in new:
            if unit.successor_id:
                self.preds[unit.successor_id].append(unit)
        if preds_complete:
            self.preds_known.update(u.pk for u in new)

    def get(self, pk: int) -> AdministrativeUnit:
        if pk not in self.units:
            self.add([AdministrativeUnit.objects.get(pk=pk)], preds_complete=False)
        return self.units[pk]

    def predecessors(self, unit) -> list[AdministrativeUnit]:
        if unit.pk not in self.preds_known:
            found = list(AdministrativeUnit.objects.filter(successor_id=unit.pk))
            self.add(found, preds_complete=False)
            self.preds[unit.pk] = [self.units[u.pk] for u in found]
            self.preds_known.add(unit.pk)
        return sorted(self.preds[unit.pk], key=lambda u: u.path)

    def line_on(self, unit, on: datetime.date) -> AdministrativeUnit | None:
        """The unit on a day it existed; else the unit that succeeded it (it was dissolved
        before the day) or one that preceded it (it was formed after): None when none did."""
        seen = set()
        while not unit.is_valid_on(on) and unit.pk not in seen:
            seen.add(unit.pk)
            if unit.valid_to and unit.valid_to < on and unit.successor_id:
                unit = self.get(unit.successor_id)
            elif unit.valid_from and on < unit.valid_from:
                before = self.predecessors(unit)
                valid = [p for p in before if p.is_valid_on(on)]
                fresh = valid or [p for p in before if p.pk not in seen]
                if not fresh:
                    return None
                unit = fresh[0]
            else:
                return None
        return unit if unit.is_valid_on(on) else None

    def commune_on(self, area, on: datetime.date) -> AdministrativeUnit | None:
        """The commune-level unit an area belonged to on a day: the area's line walked up to
        its commune, followed to its successor if that was already dissolved on the day."""
        unit = self.line_on(area, on) or area
        while unit.level != UnitLevel.COMMUNE and unit.parent_id:
            unit = self.get(unit.parent_id)
        if unit.level != UnitLevel.COMMUNE:
            return None
        seen = set()
        while unit.valid_to and unit.valid_to < on and unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = self.get(unit.successor_id)
        return unit

    def home_on(self, area, on: datetime.date) -> AdministrativeUnit | None:
        """The unit that held the area on a day: its line's area of that day, or, when the
        tree links no area, its commune of that day."""
        unit = self.line_on(area, on)
        if unit is not None:
            return unit
        commune = self.commune_on(area, on)
        return commune if commune is not None and commune.is_valid_on(on) else None


def unit_lineage_on(unit, on: datetime.date) -> AdministrativeUnit | None:
    return Lineage().line_on(unit, on)


def commune_on(*, area, on: datetime.date) -> AdministrativeUnit | None:
    return Lineage().commune_on(area, on)


def year_day(unit, year: int) -> datetime.date | None:
    """The day a unit's list of `year` is read on (see the module's text)."""
    day = datetime.date(year, 12, 31)
    if unit.valid_to and unit.valid_to < day:
        return None
    if unit.valid_from and unit.valid_from > day:
        return unit.valid_from
    return day


def _under(paths, field: str = "path") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def linked_paths(unit) -> list[str]:
    """The unit's path and the paths of the units outside it that a successor link joins to
    its subtree (its predecessors and theirs, or its successors), two hops at most."""
    paths = [unit.path]
    for _hop in range(2):
        inside = AdministrativeUnit.objects.filter(_under(paths))
        found = (
            AdministrativeUnit.objects.filter(
                Q(successor__in=inside.values("pk"))
                | Q(pk__in=inside.filter(successor__isnull=False).values("successor"))
            )
            .exclude(_under(paths))
            .order_by("path")
            .values_list("path", flat=True)
        )
        new = []
        for path in found:
            if not any(path.startswith(p) for p in [*paths, *new]):
                new.append(path)
        if not new:
            break
        paths += new
    return paths


def households_q(*, unit, year: int, prefix: str = "") -> Q:
    """Households (through `prefix`, e.g. "household__") that lived under `unit` in `year`."""
    day = year_day(unit, year)
    if day is None:
        return Q(pk__in=[])
    paths = linked_paths(unit)
    if paths == [unit.path] and unit.is_valid_on(day):
        # nothing links the subtree to units outside it: the subtree is the answer
        return Q(**{f"{prefix}area__path__startswith": unit.path})
    tree = Lineage()
    units = list(AdministrativeUnit.objects.filter(_under(paths)))
    ancestors = {i for u in units for i in u.ancestor_ids}
    tree.add(units, preds_complete=False)
    tree.add(
        AdministrativeUnit.objects.filter(pk__in=ancestors - tree.units.keys()),
        preds_complete=False,
    )
    # predecessors are known for every unit whose successor-holders were all read
    tree.add(
        AdministrativeUnit.objects.filter(_under(paths, "successor__path")).exclude(
            pk__in=tree.units.keys()
        ),
        preds_complete=False,
    )
    tree.preds_known.update(u.pk for u in units)
    area_ids = (
        Household.objects.filter(_under(paths, "area__path"))
        .order_by()
        .values_list("area_id", flat=True)
        .distinct()
    )
    keep = []
    for area_id in area_ids:
        home = tree.home_on(tree.get(area_id), day)
        if home is not None and home.path.startswith(unit.path):
            keep.append(area_id)
    return Q(**{f"{prefix}area_id__in": keep})
