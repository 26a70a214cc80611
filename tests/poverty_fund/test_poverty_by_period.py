"""Poverty by period and place: the standard of the year, the line of the commune's kind on the
survey date, leaving poverty and near-poverty apart, hardship as a flag, the middle band."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from poverty_fund import selectors, services
from poverty_fund.models import (
    HouseholdStatus,
    PovertyExit,
    PovertyStandard,
    PovertyStatus,
    StatusBasis,
)
from residential_areas import services as unit_services

from .helpers import ND07_INDICATORS

CODES = [i["code"] for i in ND07_INDICATORS]
OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)


def survey(household, year, income, deprived=3, **kw):
    return services.household_status_record(
        household=household,
        year=year,
        basis=StatusBasis.SURVEY,
        income=income,
        deprivations=CODES[:deprived],
        **kw,
    )


def test_migration_adds_the_standards_by_period(db):
    rows = {s.first_year: s for s in PovertyStandard.objects.all()}
    assert (rows[2022].last_year, rows[2026].last_year, rows[2027].last_year) == (2025, 2026, 2030)
    assert (rows[2026].income_line_rural, rows[2026].income_line_urban) == (1_500_000, 2_000_000)
    assert "351/2025" in rows[2026].legal_basis and "07/2021" in rows[2026].legal_basis
    assert (rows[2027].income_line_rural, rows[2027].income_line_urban) == (2_200_000, 2_800_000)
    assert selectors.standard_in_force(year=2026) == rows[2026]
    assert selectors.standard_in_force(year=2031) is None


def test_2026_is_classified_by_the_07_2021_lines(cast, standards):
    h = cast.households[0]  # Xã Đức Thọ: rural
    s = survey(h, 2026, 1_500_000)
    assert s.status == PovertyStatus.POOR and s.standard == standards[2026]
    assert survey(h, 2026, 1_500_001).status == PovertyStatus.NOT_POOR
    # 2027-2030: the lines of Nghị định 351/2025 (2.2 million rural)
    s27 = survey(h, 2027, 2_100_000)
    assert s27.status == PovertyStatus.POOR and s27.standard == standards[2027]


def test_a_survey_for_a_year_with_no_standard_is_refused(cast, standards):
    with pytest.raises(ValidationError) as exc:
        survey(cast.households[0], 2031, 1_000_000)
    text = " ".join(exc.value.messages)
    assert "2031" in text and "Nghị định" in text
    assert not HouseholdStatus.objects.exists()


@pytest.mark.parametrize("year", [2021, 2031])
def test_the_refusal_names_the_rule_and_the_source_of_each_standard(cast, standards, year):
    with pytest.raises(ValidationError) as exc:
        survey(cast.households[0], year, 1_000_000)
    text = " ".join(exc.value.messages)
    assert f"Chưa có chuẩn nghèo áp dụng cho năm {year}" in text
    assert "chuẩn nghèo đa chiều do Chính phủ quy định cho năm rà soát" in text
    assert "2022-2025 (Nghị định 07/2021/NĐ-CP)" in text
    assert "2026 (Nghị định 351/2025/NĐ-CP)" in text
    assert "2027-2030 (Nghị định 351/2025/NĐ-CP)" in text
    assert not HouseholdStatus.objects.exists()


def test_xa_household_is_judged_by_the_rural_line_whatever_the_area_label(cast, standards):
    # a tổ dân phố that kept the urban label of its old town, inside a xã since 1/7/2025
    area = unit_services.unit_create(
        code="18101-009",
        name="Tổ dân phố 9",
        kind="to_dan_pho",
        level="area",
        parent=cast.commune,
        area_type="urban",
        valid_from=NEW_START,
    )
    h = unit_services.household_create(area=area, code="H9", head_name="Phan Văn Chín")
    s = survey(h, 2026, 1_800_000, deprived=1)  # above the rural line, below the urban one
    assert s.status == PovertyStatus.NOT_POOR and s.area_line == "rural"
    ward = unit_services.unit_create(
        code="18070", name="Phường Thành Sen", kind="phuong", level="commune", parent=cast.province
    )
    quarter = unit_services.unit_create(
        code="18070-001", name="Tổ dân phố 1", kind="to_dan_pho", level="area", parent=ward
    )  # labelled rural by mistake: the ward's kind decides
    h2 = unit_services.household_create(area=quarter, code="H1", head_name="Võ Thị Mười")
    s2 = survey(h2, 2026, 1_800_000, deprived=1)
    assert s2.status == PovertyStatus.NEAR_POOR and s2.area_line == "urban"


def test_the_commune_is_the_one_of_the_survey_date(cast, standards):
    town = unit_services.unit_create(
        code="18130",
        name="Thị trấn Đức Thọ",
        kind="thi_tran",
        level="commune",
        parent=cast.district,
        area_type="urban",
        valid_to=OLD_END,
    )
    quarter = unit_services.unit_create(
        code="18130-01",
        name="Tổ dân phố 1",
        kind="to_dan_pho",
        level="area",
        parent=town,
        area_type="urban",
        valid_to=OLD_END,
    )
    for old, new in ((town, cast.commune), (quarter, cast.area)):
        old.successor = new
        old.save(update_fields=["successor"])
    h = unit_services.household_create(area=quarter, code="T1", head_name="Đặng Văn Một")
    # 2024: a thị trấn, the urban line; 2026: its area lives on in a xã, the rural line
    s24 = survey(h, 2024, 1_800_000, deprived=1, surveyed_on=datetime.date(2024, 10, 1))
    assert (s24.status, s24.area_line) == (PovertyStatus.NEAR_POOR, "urban")
    s26 = survey(h, 2026, 1_800_000, deprived=1)
    assert (s26.status, s26.area_line) == (PovertyStatus.NOT_POOR, "rural")
    assert services.commune_on(area=quarter, on=datetime.date(2026, 1, 1)) == cast.commune
    with pytest.raises(ValidationError):
        survey(h, 2026, 1_800_000, surveyed_on=datetime.date(2025, 12, 1))


def test_leaving_poverty_and_near_poverty_are_counted_apart(cast, standards):
    a, b = cast.households
    survey(a, 2025, 1_000_000, deprived=4)  # poor
    survey(b, 2025, 1_000_000, deprived=1)  # near-poor
    left_a = survey(a, 2026, 1_000_000, deprived=1)  # poor -> near-poor: thoát nghèo
    left_b = survey(b, 2026, 3_000_000, deprived=0)  # near-poor -> not poor: thoát cận nghèo
    assert (left_a.status, left_a.exit) == (PovertyStatus.NEAR_POOR, PovertyExit.LEFT_POVERTY)
    assert (left_b.status, left_b.exit) == (PovertyStatus.NOT_POOR, PovertyExit.LEFT_NEAR_POVERTY)
    cov = selectors.coverage(unit=cast.commune, year=2026)
    assert (cov["left"], cov["left_near_poor"], cov["near_poor"]) == (1, 1, 1)
    # correcting the year before re-derives the change of the year after
    survey(a, 2025, 1_000_000, deprived=1)  # it was near-poor after all
    left_a.refresh_from_db()
    assert left_a.exit == PovertyExit.NONE
    assert selectors.coverage(unit=cast.commune, year=2026)["left"] == 0


def test_hardship_is_a_flag_beside_the_status(cast, standards):
    s = services.household_status_record(
        household=cast.households[0],
        year=2026,
        basis=StatusBasis.DECISION,
        status=PovertyStatus.POOR,
        decision_number="12/QĐ-UBND",
        is_hardship=True,
    )
    assert (s.status, s.is_hardship) == (PovertyStatus.POOR, True)
    cov = selectors.coverage(unit=cast.commune, year=2026)
    assert (cov["poor"], cov["hard"]) == (1, 1)
    with pytest.raises(ValidationError):
        services.household_status_record(
            household=cast.households[1],
            year=2026,
            basis=StatusBasis.DECISION,
            status="hard",  # no longer a status
            decision_number="12/QĐ-UBND",
        )


def test_middle_living_standard_band_where_the_standard_defines_it(cast, standards):
    a, b = cast.households
    s = survey(a, 2026, 2_250_000, deprived=0)  # rural: above 1.5, up to 2.25 million
    assert s.is_middle and s.band_display == "Hộ có mức sống trung bình"
    assert not survey(b, 2026, 2_250_001, deprived=0).is_middle
    assert selectors.coverage(unit=cast.commune, year=2026)["middle"] == 1
    # 2027-2030: no middle band figures recorded, so no band
    assert not survey(a, 2027, 2_300_000, deprived=0).is_middle


def test_status_page_records_the_hardship_flag_and_the_panel_shows_it(cast, standards, client_for):
    from django.urls import reverse

    h = cast.households[0]
    client = client_for("commune")
    response = client.post(
        reverse("poverty_fund:status_edit", args=[h.pk]) + "?year=2026",
        {
            "year": "2026",
            "basis": "decision",
            "status": "near_poor",
            "decision_number": "5/QĐ-UBND",
            "is_hardship": "on",
        },
    )
    assert response.status_code == 302
    s = HouseholdStatus.objects.get(household=h, year=2026)
    assert s.is_hardship and s.status == PovertyStatus.NEAR_POOR
    page = client.get(reverse("residential_areas:household_detail", args=[h.pk])).content.decode()
    assert "Hoàn cảnh đặc biệt khó khăn" in page
    listing = client.get(
        reverse("poverty_fund:status_list", args=[cast.commune.pk]) + "?year=2026&show=hardship"
    ).content.decode()
    assert "Nguyễn Văn An" in listing


def test_demo_poverty_falls_over_the_years(cast, standards):
    """A few points a year, as a province's does: fewer poor each year, some leave poverty and
    near-poverty (counted apart), a few fall in; the years before the merger count under the
    old commune."""
    import random

    from poverty_fund import demo

    households = [
        unit_services.household_create(area=cast.area, code=f"D{i:03d}", head_name=f"Hộ {i}")
        for i in range(200)
    ]
    demo._statuses(random.Random(17), households, [])
    years = (2023, 2024, 2025, 2026)
    listed = {y: selectors.coverage(unit=cast.commune, year=y) for y in years}
    poor = [listed[y]["poor"] for y in years]
    assert poor[0] == 10  # 5 % of 200
    assert all(a > b > 0 for a, b in zip(poor, poor[1:], strict=False))
    # the share falls by a few tenths of a point to about two points a year, never to nothing
    assert all(0 < (a - b) / 200 <= 0.02 for a, b in zip(poor, poor[1:], strict=False))
    totals = [listed[y]["poor"] + listed[y]["near_poor"] for y in years]
    assert all(a > b for a, b in zip(totals, totals[1:], strict=False))
    assert all(listed[y]["left"] > 0 and listed[y]["left_near_poor"] > 0 for y in years[1:])
    # a few fall in: some household is poor or near-poor in a year after a better one
    rank = {"not_poor": 0, "near_poor": 1, "poor": 2}
    by_household = {}
    for status in HouseholdStatus.objects.order_by("year"):
        by_household.setdefault(status.household_id, []).append(status)
    fell = [
        rows
        for rows in by_household.values()
        if rows[0].year > 2023
        or any(rank[b.status] > rank[a.status] for a, b in zip(rows, rows[1:], strict=False))
    ]
    assert 0 < len(fell) < len(by_household) / 4
    # 2023 and 2024 belong to Xã Đức Lạc, the commune of those years
    assert selectors.coverage(unit=cast.old_commune, year=2024)["poor"] == poor[1]
    assert selectors.coverage(unit=cast.old_commune, year=2026)["poor"] == 0
