"""Migration 0006 moves the old "left_poverty" and "hard" statuses without losing a fact."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("poverty_fund", "0005_poverty_by_period")]
AFTER = [("poverty_fund", "0006_hardship_flag_and_exits")]


def _apps(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_statuses_become_bands_exits_and_the_hardship_flag():
    apps = _apps(BEFORE)
    Unit = apps.get_model("residential_areas", "AdministrativeUnit")
    Household = apps.get_model("residential_areas", "Household")
    Status = apps.get_model("poverty_fund", "HouseholdStatus")
    area = Unit.objects.create(code="1", name="Thôn 1", kind="thon", level="area", path="1/")
    h = [Household.objects.create(area=area, code=f"H{i}", head_name=f"Hộ {i}") for i in range(4)]

    def row(household, year, status, **kw):
        basis = kw.pop("basis", "decision")
        number = "1/QĐ" if basis == "decision" else ""
        Status.objects.create(
            household=household,
            year=year,
            status=status,
            basis=basis,
            decision_number=number,
            **kw,
        )

    row(h[0], 2025, "poor")
    row(h[0], 2026, "left_poverty")  # poor -> left: thoát nghèo
    row(h[1], 2025, "near_poor")
    row(h[1], 2026, "left_poverty")  # near-poor -> left: thoát cận nghèo
    row(h[2], 2026, "left_poverty")  # no year before: the decision's word is kept
    row(h[3], 2025, "poor")
    row(h[3], 2026, "hard")  # hardship, no income recorded
    row(h[3], 2027, "not_poor")  # the year after a hardship row: its new band decides
    apps = _apps(AFTER)
    Status = apps.get_model("poverty_fund", "HouseholdStatus")
    got = {
        (s.household_id, s.year): (s.status, s.exit, s.is_hardship) for s in Status.objects.all()
    }
    assert got[(h[0].pk, 2026)] == ("not_poor", "left_poverty", False)
    assert got[(h[1].pk, 2026)] == ("not_poor", "left_near_poverty", False)
    assert got[(h[2].pk, 2026)] == ("not_poor", "left_poverty", False)
    # no income recorded: the band of the year before, so no false "thoát nghèo"
    assert got[(h[3].pk, 2026)] == ("poor", "", True)
    assert got[(h[3].pk, 2027)] == ("not_poor", "left_poverty", False)
    History = apps.get_model("poverty_fund", "HistoricalHouseholdStatus")
    assert History.objects.filter(history_change_reason__startswith="0006").count() == 5
