"""The report's appendices: each reporting unit's figures (Phụ lục 1) and who reported when,
the member organizations with them (Phụ lục 2).

Units are listed in official code order (numeric, whatever their tree path), one row a unit;
the columns are the report's main indicators, each as the unit itself reported it (a rate is
the unit's own Σ part / Σ whole, a yes/no is "Có"/"Không").
"""

from decimal import Decimal

from django.utils import timezone

from campaign.models import (
    Indicator,
    MemberOrganization,
    ReportingPeriod,
    SubmissionStatus,
    SubmissionValue,
)
from campaign.results.selectors import expected_units
from residential_areas.models import AdministrativeUnit

# the report's main indicators, one column each (those the year's set holds)
MAIN_CODES = (
    "households_total",
    "poor_households",
    "poverty_rate",
    "cultural_families_pct",
    "cultural_areas_pct",
    "hygienic_latrine_households",
    "fund_raised",
    "houses_built",
    "houses_repaired",
    "health_insurance_pct",
    "democracy_regulation",
)


def code_order(code: str) -> tuple:
    """Official codes in numeric order ("436" before "18160"; "18160" before "18163")."""
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if digits else 0, code)


def _num(value):
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d.quantize(Decimal("0.01")))


def units_figures(*, period: ReportingPeriod, unit: AdministrativeUnit, draft: bool) -> dict:
    """Phụ lục 1: one row per unit expected to report, the main indicators as columns (two
    queries whatever the number of units)."""
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(indicator_set=period.indicator_set, code__in=MAIN_CODES)
    }
    columns = [indicators[c] for c in MAIN_CODES if c in indicators]
    terms = {t for i in columns for t in (i.numerator_code, i.denominator_code) if t}
    statuses = [SubmissionStatus.ACCEPTED]
    if draft:
        statuses += [SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.DRAFT]
    units = list(expected_units(period=period, under=unit).values("pk", "code", "name"))
    values: dict[int, dict[str, Decimal]] = {}
    for unit_id, code, value in SubmissionValue.objects.filter(
        submission__period=period,
        submission__organization__isnull=True,
        submission__unit__in=[u["pk"] for u in units],
        submission__status__in=statuses,
        indicator__code__in=set(indicators) | terms,
        value__isnull=False,
    ).values_list("submission__unit_id", "indicator__code", "value"):
        values.setdefault(unit_id, {})[code] = value
    rows = []
    for u in sorted(units, key=lambda u: code_order(u["code"])):
        own = values.get(u["pk"])
        cells = []
        for ind in columns:
            cells.append(None if own is None else _cell(ind, own))
        rows.append(
            {"code": u["code"], "name": u["name"], "reported": own is not None, "values": cells}
        )
    return {
        "columns": [
            {"code": i.code, "name": i.name, "uom": i.unit_of_measure, "aggregation": i.aggregation}
            for i in columns
        ],
        "rows": rows,
    }


def _cell(ind: Indicator, own: dict):
    if ind.aggregation == "ratio":
        part, whole = own.get(ind.numerator_code), own.get(ind.denominator_code)
        if part is None or not whole:
            return None
        return _num((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")))
    if ind.value_type == "yes_no":
        value = own.get(ind.code)
        return None if value is None else ("Có" if value else "Không")
    return _num(own.get(ind.code))


def organizations_timeliness(*, period: ReportingPeriod, unit: AdministrativeUnit) -> list[dict]:
    """The member organizations of `unit` that report to it (30/11, the plan's last section):
    each with its return's status and its timeliness state."""
    if not period.member_orgs_report:
        return []
    from .timeliness import label, organization_timeliness_for

    states = organization_timeliness_for(period)
    subs = {
        s["organization_id"]: s
        for s in period.submissions.filter(organization__unit=unit).values(
            "organization_id", "status", "submitted_at"
        )
    }
    rows = []
    for org in MemberOrganization.objects.filter(unit=unit, is_active=True).order_by(
        "kind", "name"
    ):
        sub = subs.get(org.pk)
        state = states.get(org.pk, "missing")
        rows.append(
            {
                "name": org.name,
                "status": sub["status"] if sub else "missing",
                "timeliness": state,
                "timeliness_label": label(state),
                "submitted_on": timezone.localdate(sub["submitted_at"]).isoformat()
                if sub and sub["submitted_at"]
                else None,
            }
        )
    return rows
