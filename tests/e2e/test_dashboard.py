"""The province dashboard in Chromium (DEBUG=False), at desktop and 390 px: the charts are drawn
offline from the same numbers as their tables, the map is coloured by state, axe finds nothing,
no CSP error, and nothing scrolls sideways on a phone (issue 19, item 1)."""

import datetime

import pytest
import time_machine

from campaign import demo
from campaign.models import ReportingPeriod, SubmissionStatus
from campaign.results import demo as results_demo
from poverty_fund import services as fund_services
from tests.poverty_fund.helpers import disburse, donate
from tests.reporting.conftest import make_submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast):
    demo.seed_base()
    results_demo.seed_indicator_sets()
    periods = {p.year: p for p in ReportingPeriod.objects.all()}
    for year in (2025, 2026):
        make_submission(
            period=periods[year],
            unit=cast.commune,
            status=SubmissionStatus.ACCEPTED,
            values={"cultural_families": 80 + year - 2025, "fund_raised": 4_000_000},
        )
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        fund = fund_services.fund_create(unit=cast.province)
        donate(fund, 6_000_000, date=datetime.date(2026, 10, 25))
        disburse(fund, 1_000_000, date=datetime.date(2026, 11, 2))


CHARTS_MATCH_TABLES = """() => {
  const out = [];
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const chart = Chart.getChart(canvas);
    const card = canvas.closest(".card-body");
    const table = card.querySelector("details table");
    out.push({
      drawn: !!chart && canvas.width > 0,
      values: chart ? chart.data.datasets[0].data.map((v) => v === null ? null : Number(v)) : [],
      column: [...table.querySelectorAll("tbody tr")].map((tr) => {
        const t = tr.querySelector("td").textContent.trim();
        return t === "—" ? null : Number(t.replace(/\\./g, "").replace(",", "."));
      }),
    });
  }
  return out;
}"""


def test_the_dashboard_draws_its_charts_from_the_tables_numbers(
    cast, world, live_server, page, login, axe
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)):
        login("pt")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/")
        page.wait_for_function("() => window.Chart && document.querySelector('canvas[data-chart]')")
        charts = page.evaluate(CHARTS_MATCH_TABLES)
        assert len(charts) >= 6  # states, four trends, fund by month, titles
        for chart in charts:
            assert chart["drawn"]
            assert chart["values"] == chart["column"]
        # the map: the two communes' boundaries, coloured by their state
        states = page.eval_on_selector_all(
            "svg.dash-map path", "ps => ps.map(p => p.getAttribute('data-state'))"
        )
        assert sorted(states) == ["accepted", "missing"]
        # the unit that has not reported is named with a link
        page.get_by_test_id("dash-missing").get_by_role("link", name="Xã Cẩm Xuyên").click()
        page.wait_for_load_state()
        assert f"/dia-ban/{cast.other_commune.pk}/" in page.url
        page.go_back()
        page.locator("details").first.click()
        assert axe(page) == []
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.wait_for_function(
            "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"the dashboard is {width}px wide at 390px"
        assert axe(page) == []
    csp = [e for e in errors if "Content Security Policy" in e or "Refused to" in e]
    assert csp == []
