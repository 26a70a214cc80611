"""The festival's money into the fund in Chromium (issue 16, item 5): the commune committee
opens the festival page, follows "Chuyển tiền ngày hội vào Quỹ", reads the confirmation (amount,
day, fund, final once posted), confirms, and the festival page names the receipt with its link;
the page offers the transfer no more."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from campaign.activities.models import Festival
from poverty_fund import services
from poverty_fund.models import Donation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_commune_posts_the_festivals_money_once_from_its_page(cast, live_server, page, login):
    fund = services.fund_create(unit=cast.commune)
    festival = Festival.objects.create(
        area=cast.area,
        year=2026,
        held_on=datetime.date(2026, 11, 18),
        participants=320,
        money_raised=12_500_000,
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=True):
        login("xa1")
        page.goto(f"{live_server.url}/hoat-dong/ngay-hoi/{festival.pk}/")
        page.get_by_role("link", name="Chuyển tiền ngày hội vào Quỹ").click()
        expect(page.get_by_role("heading", name="Chuyển tiền ngày hội vào Quỹ")).to_be_visible()
        expect(page.get_by_test_id("festival-money-amount")).to_have_text("12.500.000 đ")
        content = page.content()
        assert "18/11/2026" in content and fund.name in content
        assert "bút toán đảo" in content
        assert not Donation.objects.exists()
        page.get_by_role("button", name="Xác nhận chuyển vào Quỹ").click()
        posted = page.get_by_test_id("festival-money-posted")
        expect(posted).to_contain_text("Đã chuyển vào Quỹ ngày 18/11/2026, phiếu thu số")
        donation = Donation.objects.get()
        assert (donation.fund_id, donation.amount) == (fund.pk, 12_500_000)
        link = posted.get_by_role("link", name=donation.receipt_label)
        assert link.get_attribute("href") == f"/quy/phieu-thu/{donation.pk}/"
        expect(page.get_by_role("link", name="Chuyển tiền ngày hội vào Quỹ")).to_have_count(0)
        # the confirmation page opened again says it is done and offers no second posting
        page.goto(f"{live_server.url}/quy/ngay-hoi/{festival.pk}/chuyen-quy/")
        expect(page.get_by_test_id("festival-money-posted")).to_contain_text(donation.receipt_label)
        expect(page.get_by_role("button", name="Xác nhận chuyển vào Quỹ")).to_have_count(0)
    assert Donation.objects.count() == 1
