"""Accepted yearly submissions with plausible values."""

import datetime
from decimal import Decimal

from .base import local_dt, next_id, rng_for


class ResultsMixin:
    def submissions(self) -> None:
        from campaign.models import (
            ContentArea,
            Indicator,
            IndicatorSet,
            ReportingPeriod,
            Submission,
            SubmissionEvent,
            SubmissionValue,
        )
        from campaign.results import selectors as campaign_selectors
        from campaign.results.indicators import build_indicators
        from residential_areas.models import (
            AdministrativeUnit,
            UnitLevel,
            UnitStatistic,
        )

        content = {a.number: a for a in ContentArea.objects.all()}
        sub_pk = next_id(Submission)
        subs, values, events = [], [], []
        for year in self.years:
            tree_date = datetime.date(year, 10, 1)
            has_districts = (
                AdministrativeUnit.objects.as_of(tree_date)
                .filter(level=UnitLevel.DISTRICT)
                .exists()
            )
            iset = IndicatorSet.objects.create(
                year=year,
                name=f"Bộ chỉ tiêu Cuộc vận động năm {year}",
                status="published",
                published_at=local_dt(datetime.date(year, 1, 15)),
            )
            indicators = build_indicators(iset, content)
            Indicator.objects.bulk_create(indicators)
            indicators = list(iset.indicators.all())
            period = ReportingPeriod.objects.create(
                year=year,
                indicator_set=iset,
                reporting_level=UnitLevel.DISTRICT if has_districts else UnitLevel.COMMUNE,
                tree_date=tree_date,
                opens_on=tree_date,
                due_on=datetime.date(year, 11, 30),
                grace_days=5,
            )
            stats = dict(
                UnitStatistic.objects.filter(year=year).values_list("unit__path", "households")
            )
            for unit in campaign_selectors.expected_units(period=period).order_by("path"):
                households = sum(h for p, h in stats.items() if p.startswith(unit.path))
                areas = sum(1 for p in stats if p.startswith(unit.path))
                rng = rng_for(self.seed, "submission", year, unit.code)
                submitted = local_dt(datetime.date(year, 11, 10 + int(rng.random() * 19)))
                accepted = submitted + datetime.timedelta(days=2)
                subs.append(
                    (
                        sub_pk,
                        period.pk,
                        unit.pk,
                        None,
                        "accepted",
                        1,
                        f"{unit.name} triển khai đồng bộ 5 nội dung của Cuộc vận động năm {year}.",
                        "",
                        "",
                        "",
                        "",
                        submitted,
                        False,
                        accepted,
                        submitted,
                        accepted,
                    )
                )
                for n, (action, at) in enumerate(
                    (
                        ("created", submitted),
                        ("submitted", submitted),
                        ("accepted", accepted),
                    )
                ):
                    events.append(
                        (
                            sub_pk,
                            action,
                            self.user.pk,
                            at + datetime.timedelta(minutes=n),
                            "",
                            {},
                        )
                    )
                for ind, value in indicator_values(indicators, households, areas, rng).items():
                    values.append((sub_pk, ind.pk, value, "", value, "", "", "", ""))
                sub_pk += 1
        self.w.insert(
            Submission,
            [
                "id",
                "period",
                "unit",
                "organization",
                "status",
                "version",
                "results",
                "highlights",
                "difficulties",
                "proposals",
                "attachment",
                "submitted_at",
                "is_late",
                "accepted_at",
                "created_at",
                "updated_at",
            ],
            subs,
        )
        self.w.insert(
            SubmissionEvent,
            ["submission", "action", "by", "at", "reason", "snapshot"],
            events,
        )
        self.w.insert(
            SubmissionValue,
            [
                "submission",
                "indicator",
                "value",
                "text_value",
                "prefilled_value",
                "source",
                "note",
                "reviewer_comment",
                "invalid_input",
            ],
            values,
        )


def models_q_valid(on: datetime.date):
    from django.db.models import Q

    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


HOUSEHOLD_SHARES = {
    "land_donated_households": 0.12,
    "safe_food_households": 0.2,
    "cooperative_households": 0.35,
    "poor_households": 0.04,
    "near_poor_households": 0.05,
    "cultural_families": 0.86,
    "hygienic_latrine_households": 0.86,
    "waste_sorting_households": 0.55,
    "waste_sorted_households": 0.58,
}
PER_AREA = {
    "land_donated_m2": 900,
    "labour_days": 300,
    "contributions_money": 45_000_000,
    "fund_raised": 18_000_000,
    "fund_spent": 15_000_000,
    "outreach_participants": 180,
    "trees_planted": 120,
    "budget_spent": 2_500_000,
}


def indicator_values(indicators, households: int, areas: int, rng) -> dict:
    """Plausible accepted values: parts below their wholes, ratios left to the aggregation."""
    out = {}
    by_code = {}
    for ind in indicators:
        if ind.aggregation == "ratio" or ind.value_type == "text":
            continue
        code = ind.code
        if code == "households_total":
            v = households
        elif code == "population_total":
            v = households * 4
        elif code == "residential_areas_total":
            v = areas
        elif code in HOUSEHOLD_SHARES:
            v = int(households * HOUSEHOLD_SHARES[code] * (0.9 + rng.random() * 0.1))
        elif ind.value_type == "yes_no":
            v = 1
        elif ind.value_type == "percent" or ind.aggregation == "average":
            v = Decimal(str(round(85 + rng.random() * 14, 1)))
        elif ind.part_of_code and ind.part_of_code not in ("households_total",):
            v = None  # filled from its whole below
        else:
            v = int(areas * PER_AREA.get(code, 1) * (0.7 + rng.random() * 0.6))
        by_code[code] = v
        out[ind] = v
    for ind in indicators:
        if ind in out and out[ind] is None:
            whole = by_code.get(ind.part_of_code) or 0
            out[ind] = int(whole * 0.85)
    if ind_max := {i: i.max_value for i in out if i.max_value is not None}:
        for ind, top in ind_max.items():
            if out[ind] is not None and out[ind] > top:
                out[ind] = top
    return {
        ind: (v if isinstance(v, Decimal) or v is None else Decimal(v)) for ind, v in out.items()
    }
