"""Households, the yearly statistics and the poverty statuses."""

import datetime

from .base import local_dt, next_id, rng_for, unit_hash


class HouseholdsMixin:
    def households(self) -> None:
        from residential_areas import demo
        from residential_areas.models import Household
        from residential_areas.text import fold

        first = next_id(Household)
        folded = {}
        for f in demo.FAMILY:
            for m in demo.MIDDLE:
                for g in demo.GIVEN:
                    name = f"{f} {m} {g}"
                    folded[name] = fold(name)
        names = list(folded)
        created = local_dt(datetime.date(self.years[0], 1, 2))
        commune_names = {}

        def rows():
            pk = first
            for area in self.areas:
                area.first_household = pk
                if area.commune_id not in commune_names:
                    commune_names[area.commune_id] = self.units[area.commune_id].name
                address = f"{area.name}, {commune_names[area.commune_id]}"
                rng = rng_for(self.seed, "households", area.id)
                for i in range(area.households):
                    name = names[int(rng.random() * len(names))]
                    yield (
                        pk,
                        area.id,
                        f"{area.code}-H{i + 1:04d}",
                        name,
                        1940 + int(rng.random() * 60),
                        address,
                        1 + int(rng.random() * 7),
                        "",
                        True,
                        folded[name],
                        created,
                    )
                    pk += 1

        self.w.insert(
            Household,
            [
                "id",
                "area",
                "code",
                "head_name",
                "head_birth_year",
                "address",
                "members",
                "phone",
                "is_active",
                "search_name",
                "created_at",
            ],
            rows(),
        )

    def statistics(self) -> None:
        """Yearly figures for every area in force each year (the demo tree has 2023-2026)."""
        from residential_areas.models import (
            AdministrativeUnit,
            UnitLevel,
            UnitStatistic,
        )

        have = set(UnitStatistic.objects.values_list("unit_id", "year"))
        rows = []
        for year in self.years:
            on = datetime.date(year, 10, 1)
            areas = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.AREA)
            for pk, successor in areas.values_list("pk", "successor_id").iterator():
                if (pk, year) in have:
                    continue
                area = self.area_by_id.get(pk) or self.area_by_id.get(successor)
                # official figures, at full size whatever the scale of the households
                base = area.official if area else 0
                h = max(1, round(base * (1 - 0.008 * (self.last_year - year))))
                rows.append((pk, year, h, h * 4))
        self.w.insert(UnitStatistic, ["unit", "year", "households", "population"], rows)

    # -- poverty ----------------------------------------------------------------------------

    def poverty_status(self, hid: int, year: int) -> tuple[str, str, bool] | None:
        """(band, exit since last year, hardship flag), or None for a household with no record
        that year; poverty drifts down over the years. The poor of last year who are no longer
        poor are "not poor" and left poverty (the bands are nested: last year's poor share
        stands above this year's near-poor threshold only when the share fell)."""
        x = unit_hash(self.seed, hid, 1)
        t = year - self.years[0]
        poor = max(0.015, 0.06 - 0.004 * t)
        near = poor + 0.05
        hardship = unit_hash(self.seed, hid, 2) < 0.004
        if x < poor:
            return "poor", "", hardship
        if x < near:
            was_poor = t and x < max(0.015, 0.06 - 0.004 * (t - 1))
            return "near_poor", "left_poverty" if was_poor else "", hardship
        if t and x < max(0.015, 0.06 - 0.004 * (t - 1)) + 0.05:
            was_poor = x < max(0.015, 0.06 - 0.004 * (t - 1))
            return (
                "not_poor",
                "left_poverty" if was_poor else "left_near_poverty",
                hardship,
            )
        if hardship:
            return "not_poor", "", True
        return None

    def poverty_statuses(self) -> None:
        from poverty_fund.models import HouseholdStatus
        from poverty_fund.selectors import standard_in_force

        standards = {y: standard_in_force(year=y) for y in self.years}
        codes = {y: (s.indicator_codes if s else []) for y, s in standards.items()}

        def rows():
            for year in self.years:
                std = standards[year]
                decided = datetime.date(year, 12, 15)
                stamp = local_dt(decided)
                for area in self.areas:
                    line = std.income_line(area.area_type) if std else 1_500_000
                    rng = rng_for(self.seed, "status", area.id, year)
                    for hid in range(area.first_household, area.first_household + area.households):
                        record = self.poverty_status(hid, year)
                        if record is None:
                            continue
                        status, exit_, hardship = record
                        poor_like = status in ("poor", "near_poor")
                        income = (
                            int(line * (0.5 + rng.random() * 0.5))
                            if poor_like
                            else int(line * (1.05 + rng.random()))
                        )
                        k = (
                            (3 + int(rng.random() * 3))
                            if status == "poor"
                            else int(rng.random() * 3)
                        )
                        deprivations = sorted(rng.sample(codes[year], k)) if codes[year] else []
                        supported = status == "poor" and rng.random() < 0.93
                        org = self.orgs[hid % len(self.orgs)] if supported else None
                        yield (
                            hid,
                            year,
                            status,
                            "survey" if std else "decision",
                            std.pk if std else None,
                            income,
                            deprivations,
                            f"{100 + area.commune_id % 800}/QĐ-UBND",
                            decided,
                            "member_org" if supported else "",
                            org,
                            "",
                            "",
                            stamp,
                            exit_,
                            hardship,
                            area.area_type if area.area_type in ("rural", "urban") else "",
                        )

        self.w.insert(
            HouseholdStatus,
            [
                "household",
                "year",
                "status",
                "basis",
                "standard",
                "income_per_person_month",
                "deprivations",
                "decision_number",
                "decision_date",
                "supporter_kind",
                "supporter_org",
                "supporter_name",
                "note",
                "updated_at",
                "exit",
                "is_hardship",
                "area_line",
            ],
            rows(),
        )

    # -- titles -----------------------------------------------------------------------------
