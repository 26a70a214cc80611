"""Who reported when, for the reports: the timeliness states of the yearly results.

The rule itself lives beside the submissions (`campaign/results/timeliness.py`, so that the
results' own pages can use it too); this module gives the reports what they ask for, each
in one query whatever the number of units:

    timeliness_for(period)            {unit_id: state} for every unit expected to report
    unit_timeliness(period, unit)     one unit's state
    organization_timeliness_for(p)    {organization_id: state} for the member organizations
    timeliness_counts(states)         {state: n} in the calendar's order

A state is a code (`Timeliness.ON_TIME`, ...); `label(state)` gives its Vietnamese words
("Đúng hạn", "Trong thời gian gia hạn nộp", "Theo gia hạn được duyệt", "Nộp muộn",
"Bị trả lại, chưa nộp lại", "Chưa nộp").
"""

from campaign.models import ReportingPeriod
from campaign.results.selectors import expected_units
from campaign.results.timeliness import (
    Timeliness,
    label,
    state_of_unit_subquery,
    submission_states,
    submission_timeliness,
)
from residential_areas.models import AdministrativeUnit

__all__ = [
    "Timeliness",
    "label",
    "organization_timeliness_for",
    "submission_timeliness",
    "timeliness_counts",
    "timeliness_for",
    "unit_timeliness",
]


def timeliness_for(
    period: ReportingPeriod, *, under: AdministrativeUnit | None = None
) -> dict[int, str]:
    """Every unit expected to report for the period (within `under`): its state."""
    rows = (
        expected_units(period=period, under=under)
        .annotate(timeliness=state_of_unit_subquery(period=period))
        .values_list("pk", "timeliness")
    )
    return dict(rows)


def unit_timeliness(period: ReportingPeriod, unit: AdministrativeUnit) -> str:
    """One unit's state for the period ("missing" when it has not sent its report)."""
    return (
        AdministrativeUnit.objects.filter(pk=unit.pk)
        .annotate(timeliness=state_of_unit_subquery(period=period))
        .values_list("timeliness", flat=True)
        .get()
    )


def organization_timeliness_for(period: ReportingPeriod) -> dict[int, str]:
    """The member organizations that have a submission for the period: their state (an
    organization without one is "missing": the caller knows which it expects)."""
    rows = (
        submission_states(period=period)
        .filter(organization__isnull=False)
        .values_list("organization_id", "timeliness")
    )
    return dict(rows)


def timeliness_counts(states: dict[int, str]) -> dict[str, int]:
    counts = dict.fromkeys(Timeliness.ORDER, 0)
    for state in states.values():
        counts[state] += 1
    return counts
