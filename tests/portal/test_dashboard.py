"""The dashboard on the home page of the province's board and leadership, and of district and
commune committees: every figure is the annual report's roll-up for the same year (issue 19,
item 1). "Today" is 7/12/2026: the 2026 reporting period is the one in progress."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse

from campaign.models import SubmissionStatus
from poverty_fund import services as fund_services
from poverty_fund.selectors import fund_months, funds_under
from recognition import demo as recognition_demo
from reporting import dashboard
from reporting.models import ReportKind
from reporting.selectors import titles_section, trends, year_block
from tests.poverty_fund.helpers import disburse, donate
from tests.recognition.conftest import recognize
from tests.reporting.conftest import make_submission

pytestmark = pytest.mark.django_db
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


@pytest.fixture
def data(cast, periods):
    """2025: both communes accepted. 2026: Xã Đức Thọ accepted, Xã Cẩm Xuyên has only a
    draft. Fund: the province and Xã Đức Thọ receive and spend in October and November."""
    for unit, values in (
        (cast.commune, {"cultural_families": 80, "poor_households": 6, "fund_raised": 4_000_000}),
        (cast.other_commune, {"cultural_families": 60, "poor_households": 4, "houses_built": 1}),
    ):
        make_submission(
            period=periods[2025], unit=unit, status=SubmissionStatus.ACCEPTED, values=values
        )
    make_submission(
        period=periods[2026],
        unit=cast.commune,
        status=SubmissionStatus.ACCEPTED,
        values={"cultural_families": 90, "poor_households": 5, "fund_raised": 5_000_000},
    )
    make_submission(
        period=periods[2026],
        unit=cast.other_commune,
        status=SubmissionStatus.DRAFT,
        values={"cultural_families": 1},
    )
    # both households of Thôn Lạc Thiện recognized "Gia đình văn hóa" in 2026
    recognition_demo.seed_rules()
    recognize(cast.commune, {2026: cast.households})
    province = fund_services.fund_create(unit=cast.province)
    commune = fund_services.fund_create(unit=cast.commune)
    donate(province, 7_000_000, date=datetime.date(2026, 10, 20))
    donate(commune, 2_500_000, date=datetime.date(2026, 11, 5))
    donate(commune, 300_000, date=datetime.date(2026, 3, 2))
    disburse(province, 1_200_000, date=datetime.date(2026, 11, 10))
    return {"province_fund": province, "commune_fund": commune}


def _report_blocks(unit, years, kind):
    return [
        year_block(kind=kind, unit=unit, year=y, draft=False, with_narratives=False) for y in years
    ]


def test_every_figure_equals_the_reports_roll_up_for_the_same_year(cast, data):
    d = dashboard.dashboard(unit=cast.province, year=2026)
    blocks = _report_blocks(cast.province, [2023, 2024, 2025, 2026], ReportKind.ANNUAL_PROVINCE)
    report = blocks[-1]
    assert d["years"] == [2023, 2024, 2025, 2026]
    # submissions by state: the report's completeness counts and units
    assert d["completeness"]["counts"] == report["completeness"]["counts"]
    assert [(u["code"], u["status"]) for u in d["completeness"]["units"]] == [
        (u["code"], u["status"]) for u in report["completeness"]["units"]
    ]
    by_state = {s["state"]: s["count"] for s in d["completeness"]["by_state"]}
    assert by_state["accepted"] == report["completeness"]["counts"]["accepted"] == 1
    assert by_state["draft"] == report["completeness"]["counts"]["draft"] == 1
    assert [u["name"] for u in d["completeness"]["missing"]] == ["Xã Cẩm Xuyên"]
    assert len(d["completeness"]["late"]) == report["completeness"]["counts"]["late"]
    # trends: the report's trend rows of the four indicators, year by year
    report_trends = {r["code"]: r["values"] for r in trends(blocks)}
    shown = {r["code"]: r["values"] for r in d["trends"]}
    assert shown["cultural_families"] == report_trends["cultural_families"]
    assert shown["cultural_families"][-2:] == [140, 90]
    assert shown["poor_households"] == report_trends["poor_households"]
    assert shown["fund_raised"] == report_trends["fund_raised"]
    assert shown["houses_built"] == report_trends["houses_built"]
    # the fund: the report's yearly totals, and months that add up to them
    fund = report["fund"]["current"]
    assert d["fund"]["receipts_total"] == fund["receipts_total"] == 9_800_000
    assert d["fund"]["spending_total"] == fund["spending_total"] == 1_200_000
    assert d["fund"]["closing"] == fund["closing"]
    assert d["fund"]["poverty"] == report["fund"]["poverty"]
    months = d["fund"]["months"]
    assert sum(m["receipts"] for m in months) == fund["receipts_total"]
    assert sum(m["spending"] for m in months) == fund["spending_total"]
    assert months[9]["receipts"] == 7_000_000 and months[10]["spending"] == 1_200_000
    assert d["fund"]["top_month"] == 10
    assert [m["month"] for m in months if m["peak_month"]] == [10, 11]
    # houses and titles: the report's sections of each year
    assert d["houses"] == report["houses"]
    assert d["titles"][-1]["families"] == 2
    for row, block in zip(d["titles"], blocks, strict=True):
        assert row["year"] == block["year"]
        assert row["families"] == block["titles"]["current"]["families"]
        assert row["areas"] == block["titles"]["current"]["areas"]
        assert (
            row["families"]
            == titles_section(unit=cast.province, year=row["year"])["current"]["families"]
        )


def test_the_page_shows_the_same_numbers_in_its_tables_and_chart_data(cast, data, client_for):
    page = client_for("movement_board").get(reverse("home")).content.decode()
    d = dashboard.dashboard(unit=cast.province, year=2026)
    charts = json.loads(
        re.search(
            r'<script id="dashboard-data" type="application/json">(.*?)</script>', page
        ).group(1)
    )
    assert charts == json.loads(json.dumps(d["charts"]))
    assert charts["fund"]["receipts"][9] == 7_000_000
    assert 'data-figure="fund-receipts">9.800.000 đ' in page
    assert 'data-figure="fund-spending">1.200.000 đ' in page
    # the unit that has not submitted is named, with a link to its draft
    missing = page[page.index('data-testid="dash-missing"') :]
    missing = missing[: missing.index("</ul>")]
    assert "Xã Cẩm Xuyên" in missing and "Xã Đức Thọ" not in missing
    # each chart has a table view with the same numbers
    # and the map's table, and the figures of the units below
    assert page.count("<details") == page.count("<canvas") + 2
    titles = page[page.index('data-testid="dash-titles-table"') :]
    assert '<th scope="row">2026</th>' in titles
    # the map: both communes have real boundaries (Xã Đức Thọ, Xã Cẩm Xuyên)
    assert page.count('<path d="M') == 2
    assert 'data-state="accepted"' in page and 'data-state="draft"' in page


def test_leadership_and_district_and_commune_homes_show_their_own_subtree(cast, data, client_for):
    viewer = client_for("viewer").get(reverse("home")).content.decode()
    assert 'data-testid="dashboard"' in viewer
    assert "Tổng quan năm 2026 · Tỉnh Hà Tĩnh" in viewer
    commune = client_for("commune").get(reverse("home")).content.decode()
    assert "Tổng quan năm 2026 · Xã Đức Thọ" in commune
    d = dashboard.dashboard(unit=cast.commune, year=2026)
    assert d["fund"]["receipts_total"] == 2_800_000
    assert (
        d["fund"]["receipts_total"]
        == (
            year_block(
                kind=ReportKind.ANNUAL_UNIT,
                unit=cast.commune,
                year=2026,
                draft=False,
                with_narratives=False,
            )["fund"]["current"]["receipts_total"]
        )
    )
    # one reporting unit: no map of one shape
    assert d["map"] is None
    # the other commune sees none of Xã Đức Thọ's money
    other = dashboard.dashboard(unit=cast.other_commune, year=2026)
    assert other["fund"]["receipts_total"] == 0


def test_fund_months_add_up_to_the_statement_with_reversals(cast, data):
    entry = donate(data["commune_fund"], 1_000_000, date=datetime.date(2026, 11, 6))
    fund_services.donation_reverse(donation=entry, reason="Nhập nhầm", by=cast["commune"])
    months = fund_months(funds=funds_under(unit=cast.commune), year=2026)
    assert months[10]["receipts"] == 3_500_000
    assert months[11]["receipts"] == -1_000_000
    assert sum(m["receipts"] for m in months) == 2_800_000


def test_the_dashboard_follows_new_data_and_keeps_queries_flat(
    cast, data, client_for, django_assert_max_num_queries
):
    client = client_for("movement_board")
    client.get(reverse("home"))
    with django_assert_max_num_queries(25):
        page = client.get(reverse("home")).content.decode()
    assert 'data-figure="fund-receipts">9.800.000 đ' in page
    donate(data["province_fund"], 200_000, date=datetime.date(2026, 12, 1))
    page = client.get(reverse("home")).content.decode()
    assert 'data-figure="fund-receipts">10.000.000 đ' in page
    # a recognition bumps the "titles" data version: it shows at once too
    assert dashboard.dashboard(unit=cast.province, year=2026)["titles"][-2]["families"] == 0
    recognize(cast.commune, {2025: [cast.households[0]]})
    assert dashboard.dashboard(unit=cast.province, year=2026)["titles"][-2]["families"] == 1


def test_another_year_can_be_asked_for_and_a_bad_year_is_told_in_vietnamese(cast, data, client_for):
    client = client_for("viewer")
    page = client.get(reverse("home"), {"year": "2025"}).content.decode()
    assert "Tổng quan năm 2025 · Tỉnh Hà Tĩnh" in page
    assert 'aria-current="page">2025</a>' in page
    for bad in ("abc", "1999", "2026-1", "9" * 400):
        page = client.get(reverse("home"), {"year": bad}).content.decode()
        error = page[page.index('data-testid="year-error"') :]
        assert "Không có số liệu năm “" in error
        assert "Chọn một trong các năm: 2023, 2024, 2025, 2026." in error
        assert "Tổng quan năm 2026 · Tỉnh Hà Tĩnh" in page
