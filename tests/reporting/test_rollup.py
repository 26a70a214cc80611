"""Roll-up by meaning and one source per fact (issue #17, items 1-2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaign.models import Indicator, IndicatorSet, SubmissionStatus
from campaign.results import services as campaign_services
from reporting.models import ReportKind, RunStatus
from tests.reporting.conftest import make_submission

# two communes, 2025, both accepted: the parts and wholes of every rate of the demo set
VALUES_2025 = {
    "commune": {
        "households_total": 105,
        "population_total": 400,
        "poor_households": 10,
        "cultural_families": 80,
        "residential_areas_total": 4,
        "cultural_areas": 3,
        "health_insurance_pct": 90,
        "poor_households_with_supporter_pct": 100,
        "democracy_regulation": 1,
    },
    "other_commune": {
        "households_total": 88,
        "population_total": 300,
        "poor_households": 5,
        "cultural_families": 60,
        "residential_areas_total": 3,
        "cultural_areas": 1,
        "health_insurance_pct": 97,
        "poor_households_with_supporter_pct": 40,
        "democracy_regulation": 0,
    },
}


@pytest.fixture
def returns_2025(cast, periods):
    for name, values in VALUES_2025.items():
        make_submission(
            period=periods[2025],
            unit=getattr(cast, name),
            status=SubmissionStatus.ACCEPTED,
            values=values,
        )


def _rows(run):
    return {r["code"]: r for a in run.snapshot["years"][-1]["areas"] for r in a["rows"]}


def _sql_rate(year: int, part: str, whole: str, *, weighted: bool) -> float:
    """Σ part / Σ whole over the accepted returns, straight from the tables."""
    value = "p.value * w.value" if weighted else "p.value"
    share = "1" if weighted else "100"
    sql = f"""
        SELECT ROUND(SUM({value}) * {share} / SUM(w.value), 1)
        FROM campaign_submissionvalue p
        JOIN campaign_indicator pi ON pi.id = p.indicator_id AND pi.code = %s
        JOIN campaign_submission s ON s.id = p.submission_id
        JOIN campaign_reportingperiod rp ON rp.id = s.period_id AND rp.year = %s
        JOIN campaign_submissionvalue w ON w.submission_id = s.id
        JOIN campaign_indicator wi ON wi.id = w.indicator_id AND wi.code = %s
        WHERE s.status = 'accepted' AND s.organization_id IS NULL
          AND p.value IS NOT NULL AND w.value IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [part, year, whole])
        return float(cursor.fetchone()[0])


def test_province_rates_equal_sum_of_parts_over_sum_of_wholes_recomputed_in_sql(
    cast, returns_2025, compile_run, postgres
):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2025)
    assert run.status == RunStatus.DONE, run.error
    rows = _rows(run)
    rates = [
        r
        for r in Indicator.objects.filter(indicator_set__year=2025)
        if r.aggregation in ("ratio", "weighted")
    ]
    assert len(rates) >= 5
    checked = 0
    for ind in rates:
        weighted = ind.aggregation == "weighted"
        part = ind.code if weighted else ind.numerator_code
        expected = _sql_rate(2025, part, ind.denominator_code, weighted=weighted)
        assert rows[ind.code]["value"] == expected, ind.code
        checked += 1
    assert checked == len(rates)
    # by hand: health insurance (90×400 + 97×300) / 700 = 93,0 — not the average 93,5
    assert rows["health_insurance_pct"]["value"] == 93.0
    # poor households with a supporter (10 + 2) / 15 = 80 % — not the average 70 %
    assert rows["poor_households_with_supporter_pct"]["value"] == 80.0


def test_a_yes_no_indicator_counts_the_units_that_have_it(cast, returns_2025, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2025)
    row = _rows(run)["democracy_regulation"]
    assert row["aggregation"] == "count_yes"
    assert (row["value"], row["reporters"]) == (1, 2)
    from reporting.render import shown

    assert shown(row) == "1/2 đơn vị"


def _draft_set_with(**indicator):
    from campaign.models import ContentArea

    iset = IndicatorSet.objects.create(year=2031, name="Bộ chỉ tiêu năm 2031")
    area = ContentArea.objects.order_by("number").first()
    Indicator.objects.create(
        indicator_set=iset,
        code="households_total",
        name="Tổng số hộ gia đình",
        content_area=area,
        value_type="integer",
    )
    Indicator.objects.create(indicator_set=iset, content_area=area, **indicator)
    return iset


def test_a_set_whose_rate_names_a_missing_denominator_cannot_be_published(cast, periods):
    iset = _draft_set_with(
        code="poverty_rate",
        name="Tỷ lệ hộ nghèo",
        value_type="percent",
        aggregation="ratio",
        numerator_code="households_total",
        denominator_code="all_households",
    )
    with pytest.raises(ValidationError) as exc:
        campaign_services.indicator_set_publish(indicator_set=iset, by=cast["province_admin"])
    assert "“Tỷ lệ hộ nghèo”" in str(exc.value) and "mẫu số “all_households”" in str(exc.value)
    iset.refresh_from_db()
    assert iset.status == "draft"


def test_a_yes_no_rolled_up_by_max_cannot_be_published(cast, periods):
    iset = _draft_set_with(
        code="democracy",
        name="Thực hiện tốt Quy chế dân chủ ở cơ sở",
        value_type="yes_no",
        aggregation="max",
    )
    with pytest.raises(ValidationError) as exc:
        campaign_services.indicator_set_publish(indicator_set=iset, by=cast["province_admin"])
    assert "Số đơn vị có" in str(exc.value)
    assert "Thực hiện tốt Quy chế dân chủ ở cơ sở" in str(exc.value)


def test_the_demo_set_publishes_and_uses_no_average_nor_max(cast, periods):
    iset = periods[2026].indicator_set
    from campaign.results.services.years import rollup_problems

    assert rollup_problems(indicator_set=iset) == []
    assert not iset.indicators.filter(aggregation__in=["average", "max"]).exists()


def test_a_report_before_all_returns_are_in_says_its_coverage_and_prints_no_change(
    cast, results, compile_run
):
    from reporting.render import pdf_context, printed_areas

    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    block = run.snapshot["years"][0]
    assert block["coverage"] == {
        "covered": 1,
        "expected": 2,
        "complete": False,
        "label": "1/2 đơn vị",
    }
    assert "1/2 đơn vị" in block["changes_note"]
    rows = {r["code"]: r for a in printed_areas(block) for r in a["rows"]}
    assert rows["households_total"]["change"] is None
    assert rows["households_total"]["previous"] == 193  # last year is printed, not set against
    assert rows["households_total"]["covered"] == "1/2 đơn vị"
    context = pdf_context(run=run, snapshot=run.snapshot, issued_on=datetime.date(2026, 12, 5))
    assert context["last"]["coverage"]["label"] == "1/2 đơn vị"
    # 2025, with both returns accepted, compares freely
    full = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2025)
    assert full.snapshot["years"][0]["coverage"]["complete"] is True
    assert full.snapshot["years"][0]["changes_note"] == ""


def test_the_portals_books_stand_beside_the_total_with_their_coverage(cast, results, compile_run):
    from campaign.activities.models import Festival

    Festival.objects.create(
        area=cast.area, year=2026, held_on=datetime.date(2026, 11, 18), participants=300
    )
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    block = run.snapshot["years"][0]
    assert block["books"]["activities"]["text"] == "sổ hoạt động của 1/2 đơn vị"
    assert block["books"]["fund"]["text"] == "sổ quỹ của 0/2 đơn vị"
    rows = {r["code"]: r for a in block["areas"] for r in a["rows"]}
    # the province's total stays the returns'; the book's figure is beside it, labelled
    assert rows["festivals_held"]["source"] == "returns"
    assert rows["festivals_held"]["portal"] == {
        "value": 1,
        "book": "activities",
        "text": "sổ hoạt động của 1/2 đơn vị",
    }
    # a book nobody keeps prints nothing beside the total
    assert "portal" not in rows["fund_raised"]
