"""The report's section on the campaign's own outcomes: the communes at each new-countryside
level, the phường and thị trấn of đô thị văn minh, the model residential areas and gardens,
each over its denominator (the communes of that kind, the residential areas standing at the end
of the year) and with its coverage (the units with a decision recorded on the portal). These
are the portal's books, printed apart from the units' returns. Also the reporting units by
rural or urban kind, the denominators of the rural-only and urban-only indicators."""

from campaign.models import ReportingPeriod
from campaign.outcomes import selectors as outcome_selectors
from campaign.results import selectors as campaign_selectors
from campaign.results.indicators import unit_area_type
from residential_areas.models import AdministrativeUnit


def expected_by_type(*, period: ReportingPeriod, unit: AdministrativeUnit) -> dict[str, int]:
    """The reporting units that each rural-only or urban-only indicator is asked of: a
    district-level unit holds both kinds and is asked every indicator."""
    counts = {"rural": 0, "urban": 0}
    for u in campaign_selectors.expected_units(period=period, under=unit).only(
        "kind", "level", "area_type"
    ):
        kind = unit_area_type(u)
        for key in counts:
            counts[key] += kind is None or kind == key
    return counts


def _pct(n: int, m: int):
    return round(100 * n / m, 1) if m else None


def outcomes_section(*, unit: AdministrativeUnit, year: int) -> dict:
    rows = outcome_selectors.province_table(root=unit, years=[year - 1, year])
    previous, current = rows
    models = current["models"]
    period = ReportingPeriod.objects.filter(year=year).first()
    return {
        "lines": [
            {
                "name": "Xã đạt chuẩn nông thôn mới (kể cả nâng cao, kiểu mẫu)",
                "value": current["ntm"],
                "of": current["rural_total"],
                "pct": _pct(current["ntm"], current["rural_total"]),
                "previous": previous["ntm"],
            },
            {
                "name": "Xã đạt chuẩn nông thôn mới nâng cao (kể cả kiểu mẫu)",
                "value": current["ntm_advanced"],
                "of": current["rural_total"],
                "pct": _pct(current["ntm_advanced"], current["rural_total"]),
                "previous": previous["ntm_advanced"],
            },
            {
                "name": "Xã đạt chuẩn nông thôn mới kiểu mẫu",
                "value": current["ntm_model"],
                "of": current["rural_total"],
                "pct": _pct(current["ntm_model"], current["rural_total"]),
                "previous": previous["ntm_model"],
            },
            {
                "name": "Phường, thị trấn đạt chuẩn đô thị văn minh",
                "value": current["urban"],
                "of": current["urban_total"],
                "pct": _pct(current["urban"], current["urban_total"]),
                "previous": previous["urban"],
            },
            {
                "name": "Khu dân cư kiểu mẫu (lũy kế, khu dân cư còn hiệu lực)",
                "value": models["areas_to_date"],
                "of": models["residential_areas"],
                "pct": _pct(models["areas_to_date"], models["residential_areas"]),
                "previous": previous["models"]["areas_to_date"],
            },
            {
                "name": "Khu dân cư được công nhận kiểu mẫu trong năm",
                "value": models["areas_year"],
                "of": None,
                "pct": None,
                "previous": previous["models"]["areas_year"],
            },
            {
                "name": "Vườn mẫu được công nhận trong năm",
                "value": models["gardens_year"],
                "of": None,
                "pct": None,
                "previous": previous["models"]["gardens_year"],
            },
            {
                "name": "Vườn mẫu (lũy kế)",
                "value": models["gardens_to_date"],
                "of": None,
                "pct": None,
                "previous": previous["models"]["gardens_to_date"],
            },
        ],
        "units_recorded": current["units_recorded"],
        "units_total": current["units_total"],
        "expected_by_type": expected_by_type(period=period, unit=unit) if period else {},
    }
