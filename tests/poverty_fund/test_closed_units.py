"""Closed units move no money: entries only on a day the fund's unit existed, funds only for
units that exist, transfers only along one branch and never into a closed fund (issue 20,
item 4). Huyện Đức Thọ of the cast closed on 30/6/2025; "today" is 7/12/2026."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from poverty_fund import services
from poverty_fund.models import Donation, Fund, Transfer

from .helpers import disburse, donate

TODAY = datetime.date(2026, 12, 7)
OLD_DAY = datetime.date(2025, 5, 20)  # the old district and its communes still existed


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)):
        yield


def text(exc) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def test_closed_district_posts_no_donation_dated_today(cast, funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["district"], 500_000, date=TODAY)
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)
    assert "07/12/2026" in text(exc)
    assert not Donation.objects.filter(fund=funds["district"]).exists()
    # a receipt of its own life is still its books
    assert donate(funds["district"], 500_000, date=OLD_DAY).receipt_year == 2025


def test_a_new_commune_posts_nothing_dated_before_it_existed(cast, funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], 100, date=OLD_DAY)
    assert "Xã Đức Thọ có hiệu lực từ 01/07/2025" in text(exc)


def test_closed_district_pays_out_nothing_today(cast, funds):
    donate(funds["district"], 1_000_000, date=OLD_DAY)
    with pytest.raises(ValidationError) as exc:
        disburse(funds["district"], 100_000, date=TODAY)
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)


def test_closed_district_donation_is_refused_on_the_page_and_in_the_api(cast, funds, client_for):
    client = client_for("district")
    page = client.post(
        reverse("poverty_fund:donation_create", args=[funds["district"].pk]),
        {
            "donor_name": "Trần Văn Tâm",
            "donor_kind": "person",
            "amount": "500.000",
            "date": "2026-12-07",
            "channel": "cash",
            "drive": "other",
        },
    )
    assert page.status_code == 200
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in page.content.decode()
    api = client.post(
        "/api/donations/",
        {
            "fund": funds["district"].pk,
            "amount": 500000,
            "date": "2026-12-07",
            "donor_name": "Trần Văn Tâm",
            "donor_kind": "person",
            "channel": "cash",
            "drive": "other",
        },
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in str(api.json()["date"])
    assert not Donation.objects.exists()


def test_closed_district_batch_is_refused(cast, funds):
    with pytest.raises(ValidationError) as exc:
        services.donation_batch_post(
            fund=funds["district"],
            name="Ngày hội",
            date=TODAY,
            expected_count=1,
            expected_total=100_000,
            rows=[{"donor_name": "A", "amount": 100_000, "donor_kind": "person", "drive": "other"}],
        )
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)
    assert not Donation.objects.exists()


def test_no_fund_for_a_closed_unit(cast, client_for):
    with pytest.raises(ValidationError) as exc:
        services.fund_create(unit=cast.old_commune)
    assert "Xã Đức Lạc có hiệu lực đến 30/06/2025" in text(exc)
    response = client_for("district").post(
        reverse("poverty_fund:fund_create"), {"unit": cast.district.pk, "name": ""}, follow=True
    )
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in response.content.decode()
    assert not Fund.objects.exists()


def transfer(from_fund, to_fund, amount=100_000, on=TODAY):
    return services.transfer_create(
        from_fund=from_fund, to_fund=to_fund, amount=amount, date=on, decision_number="7/QĐ"
    )


def test_nobody_pushes_money_into_a_closed_fund(cast, funds):
    donate(funds["province"], 10_000_000, date=datetime.date(2025, 1, 10))
    # dated today: the district no longer exists
    with pytest.raises(ValidationError) as exc:
        transfer(funds["province"], funds["district"])
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)
    # back-dated into its life: still a closed fund
    with pytest.raises(ValidationError) as exc:
        transfer(funds["province"], funds["district"], on=OLD_DAY)
    assert "quỹ của đơn vị đã đóng, không nhận thêm tiền" in text(exc)
    # a commune of today cannot reach it either: another branch, and no common day
    donate(funds["commune"], 1_000_000, date=TODAY)
    with pytest.raises(ValidationError):
        transfer(funds["commune"], funds["district"])
    assert not Transfer.objects.exists()


def test_a_transfer_stays_on_one_branch(cast, funds):
    other_old = services.fund_create(unit=cast.other_old_commune, as_of=OLD_DAY)
    donate(funds["district"], 1_000_000, date=OLD_DAY)
    # Xã Cẩm Bình lies under Huyện Cẩm Xuyên, not under Huyện Đức Thọ
    with pytest.raises(ValidationError) as exc:
        transfer(funds["district"], other_old, on=OLD_DAY)
    assert "Xã Cẩm Bình không thuộc Huyện Đức Thọ" in text(exc)
    assert not Transfer.objects.exists()


def test_a_closed_fund_hands_its_balance_up_within_its_life(cast, funds):
    donate(funds["district"], 1_000_000, date=OLD_DAY)
    handed = transfer(
        funds["district"], funds["province"], 1_000_000, on=datetime.date(2025, 6, 30)
    )
    assert handed.pk
    # but its books cannot be reversed today
    with pytest.raises(ValidationError) as exc:
        services.transfer_reverse(transfer=handed, reason="nhầm")
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)


def test_the_transfer_form_offers_open_funds_of_the_branch_only(cast, funds, client_for):
    page = client_for("province_admin").get(
        reverse("poverty_fund:transfer_create", args=[funds["province"].pk])
    )
    body = page.content.decode()
    assert funds["commune"].name in body and funds["other_commune"].name in body
    assert funds["district"].name not in body


def test_api_transfer_into_a_closed_fund_is_400(cast, funds, client_for):
    donate(funds["province"], 10_000_000, date=datetime.date(2025, 1, 10))
    response = client_for("province_admin").post(
        "/api/transfers/",
        {
            "from_fund": funds["province"].pk,
            "to_fund": funds["district"].pk,
            "amount": 100000,
            "date": OLD_DAY.isoformat(),
            "decision_number": "7/QĐ",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Huyện Đức Thọ" in str(response.json()["to_fund"])
    assert not Transfer.objects.exists()
