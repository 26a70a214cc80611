"""Trends across 1/7/2025 (issue 16, item 3): a commune formed on 1/7/2025 reads, for the years
before it existed, its predecessors' books, combined by meaning: counts and money add, a share is
Σ part / Σ whole, and the year's block names the units the figures come from. A unit that
existed all along keeps its own figures; the cost does not grow with the number of predecessors.

The tree: the cast's Xã Đức Thọ (from 1/7/2025) succeeds Xã Đức Lạc and, here, extra old
communes of Huyện Đức Thọ, each with a residential area carried over into Xã Đức Thọ."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from poverty_fund import services as fund_services
from recognition import demo as recognition_demo
from reporting import dashboard
from reporting.models import ReportKind
from reporting.selectors import fund_section, titles_section, year_block
from residential_areas import services as unit_services
from residential_areas.models import UnitStatistic
from residential_areas.selectors import line_in_year
from tests.cast import NEW_START, OLD_END
from tests.poverty_fund.helpers import disburse, donate
from tests.recognition.conftest import recognize

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres")]

DAY_2024 = datetime.date(2024, 3, 2)
# the home page's dashboard shows the period in progress: 2026's on 7/12/2026
TODAY = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def periods(cast):
    from campaign import demo
    from campaign.models import ReportingPeriod
    from campaign.results import demo as results_demo

    demo.seed_base()
    results_demo.seed_indicator_sets()
    return {p.year: p for p in ReportingPeriod.objects.all()}


def add_old_commune(cast, n: int, *, households: int, recognized: int, raised: int):
    """Xã Đức Yên n (until 30/6/2025, -> Xã Đức Thọ) with one area carried over into Xã Đức
    Thọ, `households` in its 2024 statistics, `recognized` cultural families of 2024 and a fund
    that received `raised` đồng in 2024."""
    commune = unit_services.unit_create(
        code=f"1820{n}",
        name=f"Xã Đức Yên {n}",
        kind="xa",
        level="commune",
        parent=cast.district,
        area_type="rural",
        valid_to=OLD_END,
    )
    commune.successor = cast.commune
    commune.save(update_fields=["successor"])
    old_area = unit_services.unit_create(
        code=f"1820{n}-01",
        name=f"Thôn Yên Hòa {n}",
        kind="thon",
        level="area",
        parent=commune,
        area_type="rural",
    )
    new_area = unit_services.area_carry_over(
        area=old_area, commune=cast.commune, on=NEW_START, code=f"18101-1{n:02d}"
    )
    UnitStatistic.objects.create(
        unit=old_area, year=2024, households=households, population=households * 4
    )
    people = [
        unit_services.household_create(area=new_area, code=f"Y{n}{i:02d}", head_name=f"Hộ {n}.{i}")
        for i in range(recognized)
    ]
    if people:
        # the meeting of 2024 belongs to the area of that day (tests.recognition.conftest)
        recognize(commune, {2024: people})
    fund = fund_services.fund_create(unit=commune, as_of=DAY_2024)
    donate(fund, raised, date=DAY_2024)
    return commune


@pytest.fixture
def merged(cast, periods):
    """Xã Đức Thọ's predecessors in 2024: Xã Đức Lạc (100 households, 2 cultural families,
    3.000.000 đ raised and 1.000.000 đ spent) and Xã Đức Yên 1 (20 households, 1 cultural
    family, 1.500.000 đ raised)."""
    recognition_demo.seed_rules()
    recognize(cast.old_commune, {2024: cast.households})
    fund = fund_services.fund_create(unit=cast.old_commune, as_of=DAY_2024)
    donate(fund, 3_000_000, date=DAY_2024)
    disburse(fund, 1_000_000, date=datetime.date(2024, 5, 4))
    yen = add_old_commune(cast, 1, households=20, recognized=1, raised=1_500_000)
    return [cast.old_commune, yen]


def _block(unit, year, kind=ReportKind.ANNUAL_UNIT):
    return year_block(kind=kind, unit=unit, year=year, draft=False, with_narratives=False)


def test_the_line_of_a_new_commune_is_its_predecessors_of_that_year(cast, merged):
    assert {u.name for u in line_in_year(cast.commune, 2024)} == {"Xã Đức Lạc", "Xã Đức Yên 1"}
    assert line_in_year(cast.commune, 2025) == [cast.commune]
    assert line_in_year(cast.old_commune, 2024) == [cast.old_commune]
    # the new area walks back to the old one, the province is itself
    assert line_in_year(cast.area, 2023) == [cast.old_area]
    assert line_in_year(cast.province, 2020) == [cast.province]


def test_a_new_communes_2024_figures_are_the_sum_of_its_predecessors(cast, merged):
    block = _block(cast.commune, 2024)
    assert sorted(block["line"]) == ["Xã Đức Lạc", "Xã Đức Yên 1"]
    titles = block["titles"]["current"]
    own = [titles_section(unit=u, year=2024)["current"] for u in merged]
    assert [t["families"] for t in own] == [2, 1]
    for key in ("families", "households", "areas", "areas_total"):
        assert titles[key] == sum(t[key] for t in own)
    assert (titles["families"], titles["households"]) == (3, 120)
    # 3/120 = 2,5 %: not the average of 2 % and 5 %
    assert [t["families_pct"] for t in own] == [2, 5]
    assert titles["families_pct"] == 2.5
    assert titles["areas_total"] == 2 and titles["areas_pct"] == 0
    assert sorted(r["name"] for r in block["titles"]["by_unit"]) == ["Xã Đức Lạc", "Xã Đức Yên 1"]
    fund = block["fund"]["current"]
    own_funds = [fund_section(unit=u, year=2024)["current"] for u in merged]
    for key in ("opening", "receipts_total", "spending_total", "closing"):
        assert fund[key] == sum(f[key] for f in own_funds)
    assert (fund["receipts_total"], fund["spending_total"], fund["closing"]) == (
        4_500_000,
        1_000_000,
        3_500_000,
    )
    # 2023 reads the same predecessors, who recognized no family that year
    assert _block(cast.commune, 2023)["titles"]["current"]["families"] == 0


def test_the_first_year_of_a_new_commune_is_set_against_its_predecessors(cast, merged):
    block = _block(cast.commune, 2025)
    assert "line" not in block
    assert block["titles"]["previous"]["families"] == 3
    assert block["titles"]["previous"]["families_pct"] == 2.5
    assert block["fund"]["previous"]["receipts_total"] == 4_500_000
    assert block["fund"]["previous"]["closing"] == 3_500_000


def test_a_unit_that_existed_all_along_keeps_its_own_figures(cast, merged):
    for unit, kind in (
        (cast.province, ReportKind.ANNUAL_PROVINCE),
        (cast.district, ReportKind.ANNUAL_UNIT),
        (cast.old_commune, ReportKind.ANNUAL_UNIT),
    ):
        block = _block(unit, 2024, kind)
        assert "line" not in block
        assert block["titles"] == titles_section(unit=unit, year=2024)
        assert block["fund"] == fund_section(unit=unit, year=2024)
    assert (
        _block(cast.province, 2024, ReportKind.ANNUAL_PROVINCE)["titles"]["current"]["families"]
        == 3
    )
    assert _block(cast.old_commune, 2024)["titles"]["current"]["families"] == 2


def test_the_fund_statement_of_a_year_before_the_unit_reads_its_predecessors(cast, merged):
    block = _block(cast.commune, 2024, ReportKind.FUND_STATEMENT)
    assert block["fund"]["current"]["receipts_total"] == 4_500_000
    assert sorted(block["line"]) == ["Xã Đức Lạc", "Xã Đức Yên 1"]


def test_the_dashboard_names_the_units_behind_a_years_figures(cast, merged, client_for):
    d = dashboard.compute(unit=cast.commune, year=2026)
    by_year = {t["year"]: t for t in d["titles"]}
    assert by_year[2024]["families"] == 3
    assert sorted(by_year[2024]["line"]) == ["Xã Đức Lạc", "Xã Đức Yên 1"]
    assert by_year[2026]["line"] is None
    page = client_for("commune").get(reverse("home")).content.decode()
    note = page[page.index('data-line="2024"') :]
    note = note[: note.index("</span>")]
    assert "2024: số liệu của các đơn vị trước sáp nhập:" in note
    assert "Xã Đức Lạc" in note and "Xã Đức Yên 1" in note
    assert 'data-line="2026"' not in page


def _queries(unit) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _block(unit, 2024)
    return len(ctx.captured_queries)


def test_the_queries_stay_flat_with_more_predecessors(cast, merged, django_assert_max_num_queries):
    add_old_commune(cast, 2, households=10, recognized=0, raised=200_000)
    assert len(line_in_year(cast.commune, 2024)) == 3
    three = _queries(cast.commune)
    for n in (3, 4, 5):
        add_old_commune(cast, n, households=10, recognized=0, raised=100_000)
    assert len(line_in_year(cast.commune, 2024)) == 6
    with django_assert_max_num_queries(three):
        block = _block(cast.commune, 2024)
    assert len(block["line"]) == 6
    assert block["fund"]["current"]["receipts_total"] == 4_500_000 + 200_000 + 300_000
    assert block["titles"]["current"]["households"] == 120 + 40
