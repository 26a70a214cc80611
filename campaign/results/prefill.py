"""Prefill registry for the yearly results form.

The yearly form is prefilled from what the portal already knows below the reporting unit.
`campaign` owns this registry; `recognition`, `poverty_fund` and `campaign` itself register
providers into it from their `AppConfig.ready()`, so this module never imports them.

A provider is a callable `(unit, year) -> dict[str, PrefillValue]`, keyed by indicator code.
It must aggregate in SQL (one or a few queries whatever the size of the subtree).

Across the reform of 1/7/2025 the form follows the successor links: a unit formed during the
year (a commune of 1/7/2025, reporting for 2025) has no full year of figures of its own, so each value the portal cannot give for the unit itself comes from its
predecessors' figures of the year before (their accepted returns where they reported, else
what the providers know of them), combined by the indicator's meaning:
sums add; a rate the portal computes is recomputed as Σ part / Σ whole; a typed rate is
weighted by the whole it names; an average is the mean of the predecessors that have one; a
largest value is the largest; a yes/no is "có" only when every predecessor that answered said
"có" (one "không" among the merged units is not a "có" for the new unit). The source says so
and names the predecessors, for the unit to check.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PrefillValue:
    value: int | float | str | bool | None
    source: str  # shown next to the field, in Vietnamese: where the number comes from


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _own(unit, year: int) -> dict[str, PrefillValue]:
    values: dict[str, PrefillValue] = {}
    for provider in _providers:
        values.update(provider(unit, year) or {})
    return values


def prefill_for(*, unit, year: int) -> dict[str, PrefillValue]:
    values = _own(unit, year)
    predecessors = predecessors_to_follow(unit, year)
    if not predecessors:
        return values
    inherited = from_predecessors(predecessors, year - 1)
    for code, pre in inherited.items():
        mine = values.get(code)
        if mine is None or mine.value in (None, 0, ""):
            values[code] = pre
    return values


def predecessors_to_follow(unit, year: int) -> list:
    """The units `unit` succeeded, when it was formed during `year` (a commune of 1/7/2025
    reporting for 2025): from 2026 on it has figures of its own."""
    start = getattr(unit, "valid_from", None)
    if start is None or start <= datetime.date(year, 1, 1):
        return []
    return list(unit.predecessors.order_by("path"))


def _indicators(year: int) -> dict:
    from .models import ReportingPeriod

    period = ReportingPeriod.objects.filter(year=year + 1).select_related("indicator_set").first()
    if period is None:
        return {}
    return {i.code: i for i in period.indicator_set.indicators.all()}


def _accepted_values(units, year: int) -> dict[int, dict[str, Decimal]]:
    from .models import SubmissionStatus, SubmissionValue

    rows = SubmissionValue.objects.filter(
        submission__unit__in=units,
        submission__organization__isnull=True,
        submission__period__year=year,
        submission__status=SubmissionStatus.ACCEPTED,
        value__isnull=False,
    ).values_list("submission__unit_id", "indicator__code", "value")
    by_unit: dict[int, dict[str, Decimal]] = {}
    for unit_id, code, value in rows:
        by_unit.setdefault(unit_id, {})[code] = value
    return by_unit


def _number(value):
    if value is None or value == "" or isinstance(value, str):
        return None
    return Decimal(str(int(value) if isinstance(value, bool) else value))


def from_predecessors(predecessors: list, year: int) -> dict[str, PrefillValue]:
    """Each code's value over `predecessors` in `year`, combined by the meaning of the
    indicator of that code in the next year's set (the set being filled)."""
    indicators = _indicators(year)
    accepted = _accepted_values(predecessors, year)
    per_unit: list[dict[str, Decimal]] = []
    for p in predecessors:
        values = {code: _number(v.value) for code, v in _own(p, year).items()}
        values.update(accepted.get(p.pk, {}))  # a unit's own accepted return is its figure
        per_unit.append({k: v for k, v in values.items() if v is not None})
    names = ", ".join(p.name for p in predecessors)
    source = (
        f"Số liệu năm {year} của các đơn vị trước khi sắp xếp ({names}), "
        "tổng hợp theo ý nghĩa chỉ tiêu: cần cập nhật"
    )
    codes = {code for values in per_unit for code in values} | {
        code for code, ind in indicators.items() if ind.aggregation == "ratio"
    }
    combined = {}
    for code in codes:
        value = _combine(code, indicators.get(code), per_unit)
        if value is not None:
            combined[code] = PrefillValue(value, source)
    return combined


def _combine(code: str, indicator, per_unit: list[dict]):
    aggregation = indicator.aggregation if indicator is not None else "sum"
    have = [u[code] for u in per_unit if code in u]
    if aggregation == "ratio":  # computed: Σ part / Σ whole of the terms
        part = sum((u.get(indicator.numerator_code, 0) for u in per_unit), Decimal(0))
        whole = sum((u.get(indicator.denominator_code, 0) for u in per_unit), Decimal(0))
        return float(round(part * 100 / whole, 1)) if whole else None
    if not have:
        return None
    if aggregation == "weighted":  # a typed rate, weighted by the whole it names
        den = indicator.denominator_code
        pairs = [(u[code], u.get(den)) for u in per_unit if code in u and u.get(den)]
        weight = sum((w for _rate, w in pairs), Decimal(0))
        if not weight:
            return None
        return float(round(sum(r * w for r, w in pairs) / weight, 1))
    if aggregation == "count_yes" or (indicator is not None and indicator.value_type == "yes_no"):
        return 1 if all(v >= 1 for v in have) else 0
    if aggregation == "average":
        return float(round(sum(have) / len(have), 1))
    if aggregation == "max":
        return _plain(max(have))
    return _plain(sum(have, Decimal(0)))


def _plain(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)
