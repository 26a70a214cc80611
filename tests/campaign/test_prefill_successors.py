"""The yearly form's prefill follows the successor links across 1/7/2025: a 2025 return of a
commune formed on 1/7/2025 starts from its predecessors' 2024 figures, combined by meaning."""

from decimal import Decimal

import pytest

from campaign.models import SubmissionStatus
from campaign.results import services
from campaign.results.prefill import prefill_for
from residential_areas.models import UnitStatistic
from tests.reporting.conftest import make_submission


@pytest.fixture
def merged(cast):
    """Both old communes merged into Xã Đức Thọ (the cast gives each its own successor)."""
    cast.other_old_commune.successor = cast.commune
    cast.other_old_commune.save(update_fields=["successor"])
    return cast


def _prefilled(submission) -> dict:
    return {v.indicator.code: v for v in submission.values.select_related("indicator")}


def test_a_new_commune_starts_from_its_predecessors_2024_figures_summed_by_meaning(
    merged, periods, november
):
    cast = merged
    # the two old communes' own 2024 returns (accepted): typed counts, a typed rate, a yes/no
    for unit, households, poor, insured, donated, democracy in (
        (cast.old_commune, 100, 10, 90, 5, 1),
        (cast.other_old_commune, 80, 4, 80, 7, 0),
    ):
        make_submission(
            period=periods[2024],
            unit=unit,
            status=SubmissionStatus.ACCEPTED,
            values={
                "households_total": households,
                "population_total": households * 4,
                "poor_households": poor,
                "health_insurance_pct": insured,
                "land_donated_households": donated,
                "democracy_regulation": democracy,
            },
        )
    submission = services.submission_open(
        period=periods[2025], unit=cast.commune, by=cast["commune"]
    )
    values = _prefilled(submission)
    assert values["households_total"].prefilled_value == Decimal(180)  # sums add
    assert values["population_total"].prefilled_value == Decimal(720)
    assert values["land_donated_households"].prefilled_value == Decimal(12)
    # a computed rate is Σ part / Σ whole: 14 / 180, not the mean of 10% and 5%
    assert values["poverty_rate"].prefilled_value == Decimal("7.80")
    # a typed rate is weighted by its whole: (90 × 400 + 80 × 320) / 720
    assert values["health_insurance_pct"].prefilled_value == Decimal("85.60")
    # a yes/no is "có" only when every merged unit said "có"
    assert values["democracy_regulation"].prefilled_value == Decimal(0)
    source = values["households_total"].source
    assert "Số liệu năm 2024" in source
    assert "Xã Đức Lạc" in source and "Xã Cẩm Bình" in source


def test_without_returns_the_predecessors_books_are_used(merged, periods, november):
    cast = merged
    # no 2024 returns: the population books of the old areas (100 and 80 households in 2024)
    submission = services.submission_open(
        period=periods[2025], unit=cast.commune, by=cast["commune"]
    )
    values = _prefilled(submission)
    assert values["households_total"].prefilled_value == Decimal(180)
    assert values["population_total"].prefilled_value == Decimal(720)
    assert "Xã Đức Lạc" in values["households_total"].source


def test_the_units_own_figures_win_and_2026_does_not_look_back(merged, periods, november):
    cast = merged
    UnitStatistic.objects.create(unit=cast.area, year=2025, households=105, population=430)
    values = prefill_for(unit=cast.commune, year=2025)
    assert values["households_total"].value == 105
    assert "Xã Đức Lạc" not in values["households_total"].source
    # 2026: the commune stood the whole year; its own books only (110 households in 2026)
    values = prefill_for(unit=cast.commune, year=2026)
    assert values["households_total"].value == 110
    assert "trước khi sắp xếp" not in values["households_total"].source


def test_a_unit_without_predecessors_is_unchanged(cast, periods, november):
    values = prefill_for(unit=cast.old_commune, year=2024)
    assert values["households_total"].value == 100
    assert "trước khi sắp xếp" not in values["households_total"].source
