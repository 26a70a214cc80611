"""The festival's money entering the fund from the festival page (issue 16, item 5): a
confirmation page that says the amount, the day, the fund and that a posted receipt is final;
one receipt per festival, scoped, refused by name when the fund or its unit is closed."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaign.activities.models import Festival
from poverty_fund import services
from poverty_fund.models import Donation, Drive
from poverty_fund.services.closing import close_fund

from .helpers import donate

DAY = datetime.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def festival(cast):
    return Festival.objects.create(area=cast.area, year=2026, held_on=DAY, money_raised=12_500_000)


def money_url(festival):
    return reverse("poverty_fund:festival_money", args=[festival.pk])


def festival_page(client, festival) -> str:
    response = client.get(reverse("activities:festival_detail", args=[festival.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_festival_page_offers_the_transfer_to_the_funds_keepers(
    cast, funds, festival, client_for
):
    page = festival_page(client_for("commune"), festival)
    assert "Chuyển tiền ngày hội vào Quỹ" in page and money_url(festival) in page
    # the residential board sees the festival, not the commune's books: no button
    page = festival_page(client_for("residential"), festival)
    assert money_url(festival) not in page
    assert "chưa chuyển vào Quỹ" in page


def test_the_confirmation_page_says_amount_day_fund_and_that_it_is_final(
    cast, funds, festival, client_for
):
    response = client_for("commune").get(money_url(festival))
    assert response.status_code == 200
    text = response.content.decode()
    assert "12.500.000 đ" in text
    assert "18/11/2026" in text
    assert funds["commune"].name in text
    assert "bút toán đảo" in text and "không sửa hay xóa được" in text
    assert not Donation.objects.exists()


def test_confirming_posts_one_receipt_shown_on_the_festival_page(cast, funds, festival, client_for):
    client = client_for("commune")
    response = client.post(money_url(festival))
    assert response.status_code == 302
    assert response.url == reverse("activities:festival_detail", args=[festival.pk])
    donation = Donation.objects.get()
    assert (donation.fund, donation.amount, donation.date, donation.drive) == (
        funds["commune"],
        12_500_000,
        DAY,
        Drive.FESTIVAL,
    )
    assert donation.posted_by == cast["commune"]
    page = festival_page(client, festival)
    assert "Đã chuyển vào Quỹ ngày 18/11/2026, phiếu thu số" in page
    assert donation.receipt_label in page
    assert reverse("poverty_fund:receipt_pdf", args=[donation.pk]) in page
    assert money_url(festival) not in page
    # a second click, or the page sent again: nothing more is written, the receipt is named
    again = client.post(money_url(festival))
    assert again.status_code == 200
    again = again.content.decode()
    assert "Đã chuyển vào Quỹ ngày 18/11/2026" in again and donation.receipt_label in again
    assert "Xác nhận chuyển vào Quỹ" not in again
    assert Donation.objects.count() == 1


def test_outside_scope_is_404_and_a_role_that_may_not_post_is_403(
    cast, funds, festival, client_for
):
    for name in ("other_commune", "other_district", "district"):
        client = client_for(name)
        assert client.get(money_url(festival)).status_code == 404, name
        assert client.post(money_url(festival)).status_code == 404, name
    for name in ("residential", "viewer", "member_org"):
        client = client_for(name)
        assert client.get(money_url(festival)).status_code == 403, name
        assert client.post(money_url(festival)).status_code == 403, name
    assert not Donation.objects.exists()
    # the province's staff keep the books of every fund
    assert client_for("province_admin").post(money_url(festival)).status_code == 302
    assert Donation.objects.count() == 1


def test_a_closed_fund_is_refused_by_name_on_the_page_and_on_posting(cast, client_for):
    old_day = datetime.date(2024, 11, 18)
    old = services.fund_create(unit=cast.old_commune, as_of=old_day)
    donate(old, 100_000, date=old_day)
    close_fund(old)  # Xã Đức Lạc dissolved on 30/6/2025: its balance went to Xã Đức Thọ
    festival = Festival.objects.create(
        area=cast.old_area, year=2024, held_on=old_day, money_raised=3_000_000
    )
    client = client_for("province_admin")
    page = client.get(money_url(festival)).content.decode()
    assert "Quỹ Vì người nghèo Xã Đức Lạc đã đóng ngày 30/06/2025" in page
    assert "Xác nhận chuyển vào Quỹ" not in page
    response = client.post(money_url(festival))
    assert response.status_code == 200
    assert "đã đóng ngày 30/06/2025" in response.content.decode()
    assert Donation.objects.filter(fund=old).count() == 1


def test_a_day_the_funds_unit_did_not_exist_is_refused_naming_its_dates(cast, client_for):
    old = services.fund_create(unit=cast.old_commune, as_of=datetime.date(2024, 1, 1))
    # recorded against the old area after the merger: the old commune's fund cannot take it
    festival = Festival.objects.create(
        area=cast.old_area, year=2025, held_on=datetime.date(2025, 11, 18), money_raised=900_000
    )
    response = client_for("province_admin").post(money_url(festival))
    text = response.content.decode()
    assert "Xã Đức Lạc có hiệu lực đến 30/06/2025" in text and "18/11/2025" in text
    assert not Donation.objects.filter(fund=old).exists()


def test_no_money_and_no_fund_are_said(cast, client_for):
    festival = Festival.objects.create(area=cast.area, year=2026, held_on=DAY)
    client = client_for("commune")
    assert "chưa ghi số tiền vận động" in client.get(money_url(festival)).content.decode()
    festival.money_raised = 500_000
    festival.save()
    assert "Chưa có quỹ Vì người nghèo" in client.get(money_url(festival)).content.decode()
    assert not Donation.objects.exists()


def test_a_reversed_receipt_lets_the_money_be_posted_again_once(cast, funds, festival, client_for):
    client = client_for("commune")
    client.post(money_url(festival))
    first = Donation.objects.get()
    services.donation_reverse(donation=first, reason="Ghi nhầm số tiền", by=cast["commune"])
    page = festival_page(client, festival)
    assert money_url(festival) in page  # the money is out of the books again
    assert client.post(money_url(festival)).status_code == 302
    second = Donation.objects.filter(reverses__isnull=True).exclude(pk=first.pk).get()
    assert second.receipt_label != first.receipt_label
    assert client.post(money_url(festival)).status_code == 200
    assert Donation.objects.filter(reverses__isnull=True).count() == 2
    assert second.receipt_label in festival_page(client, festival)
