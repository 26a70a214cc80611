"""A household's poverty history follows the successor links across 1/7/2025 (issue 16, item
3): one list with 2023-2024 under the old commune and 2025 under the new; each unit's list of a
year holds the households that lived under it that year; a new commune's trend counts the years
of its predecessors."""

import datetime

import pytest
from django.urls import reverse

from poverty_fund import selectors, services
from poverty_fund.models import StatusBasis
from residential_areas import services as unit_services

d = datetime.date
POOR = {"income": 900_000, "deprivations": ["viec_lam", "bhyt", "nha_tieu"]}
NEAR_POOR = {"income": 900_000, "deprivations": ["viec_lam"]}
NOT_POOR = {"income": 2_500_000, "deprivations": []}


def survey(household, year, values):
    return services.household_status_record(
        household=household,
        year=year,
        basis=StatusBasis.SURVEY,
        surveyed_on=d(year, 10, 15),
        **values,
    )


@pytest.fixture
def history(cast, standards):
    """Nguyễn Văn An (Thôn Lạc Thiện of Xã Đức Thọ, the area that was Xã Đức Lạc's until
    30/6/2025): poor in 2023 and 2024, near-poor in 2025. Trần Thị Bình, near-poor in 2024, not
    poor in 2025. Phạm Văn Cũ, still recorded under the old Thôn Bình Minh of Xã Cẩm Bình: poor
    in 2024 and 2026."""
    an, binh = cast.households
    for year, values in ((2023, POOR), (2024, POOR), (2025, NEAR_POOR)):
        survey(an, year, values)
    survey(binh, 2024, NEAR_POOR)
    survey(binh, 2025, NOT_POOR)
    cu = unit_services.household_create(
        area=cast.other_old_area, code="H777", head_name="Phạm Văn Cũ", members=3
    )
    survey(cu, 2024, POOR)
    survey(cu, 2026, POOR)
    return {"an": an, "binh": binh, "cu": cu}


def names(unit, year) -> set[str]:
    return {s.household.head_name for s in selectors.statuses_in(unit=unit, year=year)}


def test_the_household_page_lists_every_year_under_the_commune_of_that_year(
    cast, history, client_for
):
    page = client_for("commune").get(
        reverse("residential_areas:household_detail", args=[history["an"].pk])
    )
    text = page.content.decode()
    rows = text.split('data-testid="status-commune">')[1:]
    communes = [row.split("<")[0] for row in rows]
    # newest first: 2025 under the new commune, 2024 and 2023 under the old one
    assert communes == ["Xã Đức Thọ", "Xã Đức Lạc", "Xã Đức Lạc"]
    assert "Thoát nghèo" in text


def test_each_units_list_of_a_year_holds_the_households_that_lived_under_it(cast, history):
    # 2024: the old commune and the old district hold An and Bình, who now live in Xã Đức Thọ
    assert names(cast.old_commune, 2024) == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert names(cast.district, 2024) == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert names(cast.other_old_commune, 2024) == {"Phạm Văn Cũ"}
    assert names(cast.old_area, 2024) == {"Nguyễn Văn An", "Trần Thị Bình"}
    # 2025 belongs to the units of 31/12/2025: the old ones hold nothing, nothing is counted twice
    assert names(cast.old_commune, 2025) == set()
    assert names(cast.district, 2025) == set()
    assert names(cast.commune, 2025) == {"Nguyễn Văn An", "Trần Thị Bình"}
    # a household still recorded under an old area counts under its successor
    assert names(cast.other_commune, 2026) == {"Phạm Văn Cũ"}
    assert names(cast.other_area, 2026) == {"Phạm Văn Cũ"}
    assert names(cast.commune, 2026) == set()
    # the province holds everyone every year
    assert names(cast.province, 2024) == {"Nguyễn Văn An", "Trần Thị Bình", "Phạm Văn Cũ"}


def test_a_new_communes_trend_counts_the_years_of_its_predecessors(cast, history):
    trend = {r["year"]: r for r in selectors.poverty_trend(unit=cast.commune)}
    assert sorted(trend) == [2023, 2024, 2025]
    assert (trend[2023]["poor"], trend[2023]["near_poor"]) == (1, 0)
    assert (trend[2024]["poor"], trend[2024]["near_poor"]) == (1, 1)
    assert (trend[2025]["poor"], trend[2025]["near_poor"]) == (0, 1)
    # An left poverty in 2025, Bình near-poverty: counted apart
    assert (trend[2025]["left"], trend[2025]["left_near_poor"]) == (1, 1)
    other = {r["year"]: r["poor"] for r in selectors.poverty_trend(unit=cast.other_commune)}
    assert other == {2024: 1, 2026: 1}
    # the old commune's trend ends with its life
    old = {r["year"]: r["poor"] for r in selectors.poverty_trend(unit=cast.old_commune)}
    assert old == {2023: 1, 2024: 1}


def test_the_list_page_shows_the_trend_and_the_old_communes_year(cast, history, client_for):
    client = client_for("province_admin")
    page = client.get(reverse("poverty_fund:status_list", args=[cast.commune.pk]) + "?year=2024")
    text = page.content.decode()
    assert 'data-testid="poverty-trend"' in text and 'data-year="2023"' in text
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text and "Phạm Văn Cũ" not in text
    old = client.get(
        reverse("poverty_fund:status_list", args=[cast.old_commune.pk]) + "?year=2024"
    ).content.decode()
    assert "Nguyễn Văn An" in old
    # the new commune's own committee sees its households' years before it existed too
    mine = client_for("commune").get(
        reverse("poverty_fund:status_list", args=[cast.commune.pk]) + "?year=2023"
    )
    assert "Nguyễn Văn An" in mine.content.decode()
