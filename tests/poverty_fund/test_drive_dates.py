"""Drive dates: the peak month only 17/10-18/11, Tết only around Tết, on every write path;
a festival's money enters the fund once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.activities.models import Festival
from poverty_fund import services
from poverty_fund.models import Donation, Drive

from .helpers import donate

d = datetime.date


@pytest.mark.parametrize(
    ("drive", "day", "ok"),
    [
        (Drive.PEAK_MONTH, d(2026, 10, 17), True),
        (Drive.PEAK_MONTH, d(2026, 11, 18), True),
        (Drive.PEAK_MONTH, d(2026, 10, 16), False),
        (Drive.PEAK_MONTH, d(2026, 11, 19), False),
        (Drive.PEAK_MONTH, d(2026, 3, 10), False),  # the "peak month" in March
        (Drive.TET, d(2025, 12, 1), True),
        (Drive.TET, d(2026, 2, 17), True),  # Tết Bính Ngọ
        (Drive.TET, d(2026, 2, 28), True),
        (Drive.TET, d(2024, 2, 29), True),  # a leap year's February ends on the 29th
        (Drive.TET, d(2026, 3, 1), False),
        (Drive.TET, d(2026, 11, 30), False),
        (Drive.OTHER, d(2026, 3, 10), True),
        (Drive.DISASTER, d(2026, 9, 1), True),
    ],
)
def test_drive_window(drive, day, ok):
    if ok:
        services.check_drive_date(drive=drive, on=day)
    else:
        with pytest.raises(ValidationError):
            services.check_drive_date(drive=drive, on=day)


def test_a_peak_month_donation_in_march_is_refused_naming_the_drive(funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], 500_000, date=d(2026, 3, 10), drive=Drive.PEAK_MONTH)
    text = " ".join(exc.value.messages)
    assert "10/03/2026" in text and "Tháng cao điểm" in text and "17/10 đến 18/11" in text
    assert not Donation.objects.exists()
    assert donate(funds["commune"], 500_000, date=d(2026, 11, 18), drive=Drive.PEAK_MONTH)


def test_a_tet_donation_in_autumn_is_refused(funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], 500_000, date=d(2026, 9, 1), drive=Drive.TET)
    assert "Tết Vì người nghèo" in " ".join(exc.value.messages)
    assert donate(funds["commune"], 500_000, date=d(2026, 1, 20), drive=Drive.TET)


def test_the_batch_refuses_every_line_when_one_is_outside_its_drive(funds):
    rows = [
        {"donor_name": "Hộ ông Tâm", "amount": 200_000, "donor_kind": "person", "drive": "other"},
        {
            "donor_name": "Hộ bà Hoa",
            "amount": 300_000,
            "donor_kind": "person",
            "drive": "peak_month",
        },
    ]
    with pytest.raises(ValidationError) as exc:
        services.donation_batch_post(
            fund=funds["commune"],
            name="Thu ngày 1/12",
            date=d(2026, 12, 1),
            expected_count=2,
            expected_total=500_000,
            rows=rows,
        )
    assert "Dòng 2" in " ".join(exc.value.messages)
    assert not Donation.objects.exists()


def test_the_page_and_the_api_refuse_a_donation_outside_its_drive(cast, funds, client_for):
    fund = funds["commune"]
    page = client_for("commune").post(
        reverse("poverty_fund:donation_create", args=[fund.pk]),
        {
            "donor_name": "Công ty A",
            "donor_kind": "enterprise",
            "amount": "1000000",
            "date": "20/11/2026",
            "channel": "cash",
            "drive": "peak_month",
        },
    )
    assert page.status_code == 200
    assert "nằm ngoài đợt" in page.content.decode()
    api = client_for("commune").post(
        "/api/donations/",
        {
            "fund": fund.pk,
            "amount": 1000,
            "date": "2026-11-20",
            "donor_name": "Công ty A",
            "donor_kind": "enterprise",
            "channel": "cash",
            "drive": "peak_month",
        },
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "nằm ngoài đợt" in api.content.decode()
    assert not Donation.objects.exists()


def test_festival_money_enters_the_fund_once(cast, funds):
    festival = Festival.objects.create(
        area=cast.area, year=2026, held_on=d(2026, 11, 18), money_raised=12_500_000
    )
    donation = services.festival_money_post(festival=festival)
    assert (donation.fund, donation.amount, donation.date, donation.drive) == (
        funds["commune"],
        12_500_000,
        d(2026, 11, 18),
        Drive.FESTIVAL,
    )
    with pytest.raises(ValidationError) as exc:
        services.festival_money_post(festival=festival)
    assert donation.receipt_label in " ".join(exc.value.messages)
    assert Donation.objects.count() == 1
    empty = Festival.objects.create(area=cast.other_area, year=2026, held_on=d(2026, 11, 18))
    with pytest.raises(ValidationError):
        services.festival_money_post(festival=empty)


def test_demo_donations_are_dated_inside_their_drives(cast):
    from poverty_fund import demo

    assert demo.seed() is True
    donations = list(Donation.objects.filter(reverses__isnull=True))
    assert {x.drive for x in donations} >= {Drive.PEAK_MONTH}
    for donation in donations:
        services.check_drive_date(drive=donation.drive, on=donation.date)
