"""The public fund page in Chromium (DEBUG=False), no login, at desktop and 390 px: the funds'
amounts, the province total, the chart by month drawn from its table's numbers, how to give,
closed funds marked; axe finds nothing, no CSP error, nothing scrolls sideways (issue 19,
item 6)."""

import datetime

import pytest
import time_machine

from poverty_fund import services
from tests.e2e.test_dashboard import CHARTS_MATCH_TABLES
from tests.poverty_fund.helpers import disburse, donate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def books(cast):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        province = services.fund_create(unit=cast.province)
        commune = services.fund_create(unit=cast.commune)
        district = services.fund_create(unit=cast.district, as_of=datetime.date(2025, 1, 1))
        donate(province, 12_000_000, date=datetime.date(2026, 10, 20))
        donate(commune, 1_250_000, date=datetime.date(2026, 11, 2))
        disburse(province, 2_000_000, date=datetime.date(2026, 11, 5))
        donate(district, 700_000, date=datetime.date(2025, 3, 1))
    return {"province": province, "commune": commune, "district": district}


def test_the_public_page_shows_amounts_totals_chart_and_giving_on_desktop_and_phone(
    cast, books, live_server, page, axe
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)):
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/quy/cong-khai/")
            page.wait_for_function(
                "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
            )
            assert page.get_by_test_id("province-total").inner_text().count("đ") == 3
            assert "13.950.000 đ" in page.get_by_test_id("province-total").inner_text()
            province_row = page.get_by_test_id("fund-table").locator("tr", has_text="Tỉnh Hà Tĩnh")
            assert "10.000.000 đ" in province_row.inner_text()  # its balance, visible on a phone
            assert province_row.get_by_text("10.000.000 đ").is_visible()
            closed = page.get_by_test_id("closed-fund-table").inner_text()
            assert "Đã đóng (đơn vị giải thể 30/06/2025)" in closed
            assert "Chủ tài khoản" in page.get_by_test_id("giving").inner_text()
            for chart in page.evaluate(CHARTS_MATCH_TABLES):
                assert chart["drawn"] and chart["values"] == chart["column"]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 2, f"the public page is {scroll}px wide at {width}px"
            assert axe(page) == []
            # one fund's page: its months and how to give to it
            page.goto(f"{live_server.url}/quy/cong-khai/{books['commune'].pk}/")
            page.wait_for_function(
                "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
            )
            assert cast.commune.code in page.get_by_test_id("giving").inner_text()
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 2, f"a fund's page is {scroll}px wide at {width}px"
            assert axe(page) == []
    csp = [e for e in errors if "Content Security Policy" in e or "Refused to" in e]
    assert csp == []
