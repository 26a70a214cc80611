"""The yearly form's figures from activities equal the totals counted by hand."""

import pytest

from campaign.activities import services
from campaign.models import BudgetPlan
from campaign.results.prefill import prefill_for

from .conftest import D

CODES = {
    "outreach_sessions",
    "outreach_participants",
    "training_sessions",
    "training_participants",
    "supervision_sessions",
    "pilot_models",
    "festivals_held",
    "areas_with_convention",
    "budget_spent",
}


@pytest.fixture
def recorded(cast, orgs, areas):
    admin = cast["province_admin"]

    def act(unit, date, kind, sessions, participants, organization=None):
        services.activity_create(
            by=admin,
            unit=unit,
            date=date,
            kind=kind,
            title=f"{kind} {date}",
            sessions=sessions,
            participants=participants,
            organization=organization,
        )

    # 2026 in Xã Đức Thọ and its area
    act(cast.commune, D(2026, 1, 10), "outreach", 3, 120)
    act(cast.area, D(2026, 2, 11), "outreach", 1, 45, orgs.farmers)
    act(cast.area, D(2026, 12, 31), "outreach", 2, 30)
    act(cast.commune, D(2026, 5, 5), "training", 1, 60, orgs.commune_youth)
    act(cast.commune, D(2026, 6, 6), "supervision", 4, 12)
    act(cast.commune, D(2026, 7, 7), "seminar", 1, 99)  # counted nowhere below
    # elsewhere or another year: must not count for Xã Đức Thọ 2026
    act(cast.other_commune, D(2026, 3, 3), "outreach", 5, 500)
    act(cast.commune, D(2025, 12, 31), "outreach", 7, 700)
    act(cast.old_commune, D(2024, 3, 1), "training", 2, 90)

    def pilot(unit, start, end=None, status="active"):
        return services.pilot_model_create(
            by=admin,
            unit=unit,
            name=f"Mô hình {unit} {start}",
            kind="pilot",
            content_area=areas[3],
            started_on=start,
            ended_on=end,
            status=status,
        )

    pilot(cast.area, D(2025, 8, 1))  # running in 2026
    pilot(cast.commune, D(2026, 10, 1))  # started in 2026
    pilot(cast.commune, D(2025, 8, 1), D(2026, 2, 1), "stopped")  # ran part of 2026
    pilot(cast.commune, D(2025, 7, 1), D(2025, 12, 1), "stopped")  # ended before 2026
    pilot(cast.commune, D(2027, 1, 1))  # not yet
    pilot(cast.other_area, D(2025, 8, 1))  # elsewhere

    services.festival_create(by=admin, area=cast.area, year=2026, held_on=D(2026, 11, 18))
    services.festival_create(by=admin, area=cast.area, year=2025, held_on=D(2025, 11, 18))
    services.festival_create(by=admin, area=cast.other_area, year=2026, held_on=D(2026, 11, 18))

    services.convention_create(
        by=admin,
        area=cast.area,
        title="Hương ước",
        decision_number="1/QĐ",
        approved_on=D(2025, 9, 1),
    )
    services.convention_create(
        by=admin,
        area=cast.other_area,
        title="Quy ước",
        decision_number="2/QĐ",
        approved_on=D(2026, 3, 1),
    )

    def budget(unit, year, lines, submit=True):
        plan = services.budget_create(by=admin, unit=unit, year=year, lines=lines)
        if submit:
            services.budget_submit(plan=plan, by=admin)
        return plan

    budget(
        cast.commune,
        2026,
        [
            {"category": "outreach", "planned": 10_000_000, "spent": 8_500_000},
            {"category": "festival", "planned": 5_000_000, "spent": 6_000_000, "note": "Thêm giải"},
        ],
    )
    budget(cast.area, 2026, [{"category": "festival", "planned": 3_000_000, "spent": 2_750_000}])
    budget(cast.other_commune, 2026, [{"category": "other", "planned": 9, "spent": 9}])
    budget(cast.commune, 2025, [{"category": "other", "planned": 100, "spent": 100}])
    return admin


def test_prefill_for_a_commune_equals_the_hand_counted_totals(cast, recorded):
    values = prefill_for(unit=cast.commune, year=2026)
    assert set(values) >= CODES
    got = {code: values[code].value for code in CODES}
    assert got == {
        "outreach_sessions": 3 + 1 + 2,
        "outreach_participants": 120 + 45 + 30,
        "training_sessions": 1,
        "training_participants": 60,
        "supervision_sessions": 4,
        "pilot_models": 3,
        "festivals_held": 1,
        "areas_with_convention": 1,
        "budget_spent": 8_500_000 + 6_000_000 + 2_750_000,
    }
    assert all(values[code].source for code in CODES)


def test_prefill_for_the_province_adds_up_every_unit(cast, recorded):
    values = prefill_for(unit=cast.province, year=2026)
    assert values["outreach_sessions"].value == 3 + 1 + 2 + 5
    assert values["festivals_held"].value == 2
    assert values["areas_with_convention"].value == 2
    assert values["pilot_models"].value == 4
    assert values["budget_spent"].value == 8_500_000 + 6_000_000 + 2_750_000 + 9


def test_prefill_for_a_past_year_uses_that_years_tree(cast, recorded):
    values = prefill_for(unit=cast.district, year=2024)
    assert values["training_sessions"].value == 2
    assert values["training_participants"].value == 90
    assert values["outreach_sessions"].value == 0
    # the convention of 9/2025 was not in force at the end of 2024
    assert prefill_for(unit=cast.commune, year=2024)["areas_with_convention"].value == 0


def test_draft_budgets_and_replaced_conventions_do_not_count(cast, recorded):
    admin = recorded
    BudgetPlan.objects.filter(unit=cast.area, year=2026).update(status="draft")
    old = cast.area.conventions.get()
    services.convention_update(convention=old, by=admin, status="replaced")
    values = prefill_for(unit=cast.commune, year=2026)
    assert values["budget_spent"].value == 8_500_000 + 6_000_000
    assert values["areas_with_convention"].value == 0


def test_prefill_queries_stay_flat(cast, recorded, django_assert_max_num_queries):
    from campaign.activities.selectors import PREFILL_PROVIDERS

    with django_assert_max_num_queries(len(PREFILL_PROVIDERS)):
        for provider in PREFILL_PROVIDERS:
            provider(cast.province, 2026)
