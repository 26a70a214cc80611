"""The public fund page (issue 19, item 6): each fund with its receipts, spending and balance,
the province total, a chart by month with its table, how to give (from settings), closed funds
marked and not offered for giving. Huyện Đức Thọ of the cast closed on 30/6/2025; "today" is
7/12/2026."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse

from poverty_fund import services
from poverty_fund.models import Fund
from poverty_fund.selectors import fund_statement, public_funds_overview

from .helpers import disburse, donate

OLD_DAY = datetime.date(2025, 5, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def books(funds):
    donate(funds["province"], 10_000_000, date=datetime.date(2026, 10, 18))
    donate(funds["commune"], 2_000_000, date=datetime.date(2026, 11, 3))
    disburse(funds["province"], 3_000_000, date=datetime.date(2026, 11, 20))
    donate(funds["district"], 1_500_000, date=OLD_DAY)
    # the closed district handed its balance up to the province on its last day
    services.transfer_create(
        from_fund=funds["district"],
        to_fund=funds["province"],
        amount=1_500_000,
        date=datetime.date(2025, 6, 30),
        decision_number="7/QĐ",
    )
    return funds


def _section(page: str, testid: str) -> str:
    """The element that carries `data-testid`, up to its table's or section's end."""
    at = page.index(f'data-testid="{testid}"')
    tag = page[page.rfind("<", 0, at) + 1 :].split(" ", 1)[0]
    part = page[at:]
    return part[: part.index(f"</{tag}>")]


def test_each_fund_shows_receipts_spending_and_balance_and_the_province_total(client, books):
    page = client.get(reverse("poverty_fund:public_index")).content.decode()
    table = _section(page, "fund-table")
    province = table[table.index("Quỹ Vì người nghèo Tỉnh Hà Tĩnh") :]
    province = province[: province.index("</tr>")]
    assert re.findall(r"([\d.]+) đ", province) == ["10.000.000", "3.000.000", "8.500.000"]
    commune = table[table.index("Quỹ Vì người nghèo Xã Đức Thọ") :]
    commune = commune[: commune.index("</tr>")]
    assert re.findall(r"([\d.]+) đ", commune) == ["2.000.000", "0", "2.000.000"]
    # the total: the transfer between the funds cancels out
    assert 'data-figure="total-receipts">13.500.000 đ' in page
    assert 'data-figure="total-spending">3.000.000 đ' in page
    assert 'data-figure="total-balance">10.500.000 đ' in page
    everything = fund_statement(
        funds=Fund.objects.filter(is_published=True),
        start=datetime.date(2000, 1, 1),
        end=datetime.date(2026, 12, 7),
    )
    assert everything.closing == 10_500_000


def test_closed_funds_are_marked_and_not_offered_for_giving(client, books):
    page = client.get(reverse("poverty_fund:public_index")).content.decode()
    assert "Huyện Đức Thọ" not in _section(page, "fund-table")
    closed = _section(page, "closed-fund-table")
    assert "Quỹ Vì người nghèo Huyện Đức Thọ" in closed
    assert "Đã đóng (đơn vị giải thể 30/06/2025)" in closed
    fund_page = client.get(
        reverse("poverty_fund:public_fund", args=[books["district"].pk])
    ).content.decode()
    assert "Đã đóng (đơn vị giải thể 30/06/2025)" in fund_page
    assert 'data-testid="giving"' not in fund_page
    assert "3711.0.1234567.00000" not in fund_page


def test_how_to_give_comes_from_settings(client, books, settings):
    settings.FUND_DONATION_ACCOUNT = "0123456789"
    settings.FUND_DONATION_HOLDER = "Ban vận động Quỹ tỉnh"
    settings.FUND_DONATION_REFERENCE = "QUY VNN {code} HO TEN"
    page = client.get(
        reverse("poverty_fund:public_fund", args=[books["commune"].pk])
    ).content.decode()
    giving = _section(page, "giving")
    assert "0123456789" in giving and "Ban vận động Quỹ tỉnh" in giving
    assert f"QUY VNN {books['commune'].unit.code} HO TEN" in giving
    index = client.get(reverse("poverty_fund:public_index")).content.decode()
    assert "QUY VNN &lt;MÃ ĐƠN VỊ&gt; HO TEN" in _section(index, "giving")


def test_the_chart_by_month_has_a_table_with_the_same_numbers(client, books):
    page = client.get(reverse("poverty_fund:public_index")).content.decode()
    chart = json.loads(
        re.search(
            r'<script id="dashboard-data" type="application/json">(.*?)</script>', page
        ).group(1)
    )["fund"]
    assert chart["receipts"][9] == 10_000_000 and chart["receipts"][10] == 2_000_000
    assert chart["spending"][10] == 3_000_000
    table = _section(page, "months-table")
    rows = re.findall(
        r'<th scope="row">Tháng (\d+)</th><td class="num">([\d.]+)</td>'
        r'<td class="num">([\d.]+)</td>',
        table,
    )
    assert len(rows) == 12
    for (_month, received, spent), r, s in zip(
        rows, chart["receipts"], chart["spending"], strict=True
    ):
        assert int(received.replace(".", "")) == r and int(spent.replace(".", "")) == s
    # one fund's page: its own months
    fund_page = client.get(
        reverse("poverty_fund:public_fund", args=[books["commune"].pk])
    ).content.decode()
    own = json.loads(
        re.search(
            r'<script id="dashboard-data" type="application/json">(.*?)</script>', fund_page
        ).group(1)
    )["fund"]
    assert own["receipts"][10] == 2_000_000 and sum(own["receipts"]) == 2_000_000
    assert 'data-figure="balance">2.000.000 đ' in fund_page


def test_a_search_keeps_only_matching_funds_and_a_long_query_is_harmless(client, books):
    page = client.get(reverse("poverty_fund:public_index"), {"q": "duc tho"}).content.decode()
    table = _section(page, "fund-table")
    assert "Xã Đức Thọ" in table and "Tỉnh Hà Tĩnh" not in table
    long = client.get(reverse("poverty_fund:public_index"), {"q": "x" * 5000})
    assert long.status_code == 200
    assert "Không có quỹ nào." in long.content.decode()


def test_the_overview_is_aggregated_in_sql_and_follows_new_entries(
    client, books, django_assert_max_num_queries
):
    client.get(reverse("poverty_fund:public_index"))
    with django_assert_max_num_queries(3):
        client.get(reverse("poverty_fund:public_index"))
    overview = public_funds_overview(on=datetime.date(2026, 12, 7))
    assert overview["total"]["receipts"] == 13_500_000
    donate(books["commune"], 500_000, date=datetime.date(2026, 12, 1))
    page = client.get(reverse("poverty_fund:public_index")).content.decode()
    assert 'data-figure="total-receipts">14.000.000 đ' in page
