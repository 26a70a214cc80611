"""Ledger dates are bounded and every statement stays above zero (issue 20, item 6): no receipt
series of the year 0001 or 9999, no entry dated after today, and a back-dated payment is checked
against the balance of its own day and of every later day."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from poverty_fund import selectors, services
from poverty_fund.models import Disbursement, Donation, Fund, Transfer

from .helpers import disburse, donate


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)):
        yield


def text(exc) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2026-12-08", "9999-12-31"])
def test_no_entry_outside_the_books_years(funds, day):
    with pytest.raises(ValidationError):
        donate(funds["province"], 100, date=d(day))
    with pytest.raises(ValidationError):
        disburse(funds["province"], 100, date=d(day))
    assert not Donation.objects.exists() and not Disbursement.objects.exists()


def test_the_messages_name_the_day(funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["province"], 100, date=d("9999-12-31"))
    assert "31/12/9999 chưa đến (hôm nay là 07/12/2026)" in text(exc)
    with pytest.raises(ValidationError) as exc:
        donate(funds["province"], 100, date=d("0001-01-01"))
    assert "01/01/0001 trước ngày 01/01/2000" in text(exc)


def test_api_refuses_a_year_9999_receipt_series(funds, client_for):
    data = {
        "fund": funds["commune"].pk,
        "amount": 1000,
        "donor_name": "X",
        "donor_kind": "person",
        "channel": "cash",
        "drive": "other",
    }
    client = client_for("commune")
    for day in ("9999-01-01", "0001-01-01"):
        r = client.post("/api/donations/", {**data, "date": day}, content_type="application/json")
        assert r.status_code == 400 and "date" in r.json(), r.json()
    assert not Donation.objects.exists()
    ok = client.post(
        "/api/donations/", {**data, "date": "2026-12-07"}, content_type="application/json"
    )
    assert ok.status_code == 201


def test_a_back_dated_payment_is_checked_against_its_own_day(funds):
    fund = funds["commune"]
    donate(fund, 1_000_000, date=d("2026-06-01"))
    # today's balance holds it, the balance of 15/01 does not
    with pytest.raises(ValidationError) as exc:
        disburse(fund, 500_000, date=d("2026-01-15"))
    assert str(services.BALANCE_TOO_LOW) in text(exc)
    assert not Disbursement.objects.exists()


def test_a_back_dated_payment_must_not_turn_a_later_day_negative(funds):
    fund = funds["commune"]
    donate(fund, 1_000_000, date=d("2026-01-10"))
    disburse(fund, 800_000, date=d("2026-03-01"))
    donate(fund, 1_000_000, date=d("2026-05-01"))
    # 1.000.000 on 01/02 holds 500.000, but 01/03 would close at -300.000
    with pytest.raises(ValidationError) as exc:
        disburse(fund, 500_000, date=d("2026-02-01"))
    assert (
        "ngày 01/03/2026 quỹ chỉ còn 200.000 đ, không đủ cho khoản 500.000 đ ghi ngày 01/02/2026"
        in text(exc)
    )
    assert disburse(fund, 200_000, date=d("2026-02-01")).pk
    for day in ("2026-01-31", "2026-02-28", "2026-03-31", "2026-12-07"):
        st = selectors.fund_statement(
            funds=Fund.objects.filter(pk=fund.pk), start=d("2026-01-01"), end=d(day)
        )
        assert st.closing >= 0, day


def test_a_back_dated_transfer_is_checked_the_same_way(funds):
    donate(funds["province"], 1_000_000, date=d("2026-09-01"))
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=funds["province"],
            to_fund=funds["commune"],
            amount=400_000,
            date=d("2026-08-01"),
            decision_number="1",
        )
    assert str(services.BALANCE_TOO_LOW) in text(exc)
    assert not Transfer.objects.exists()


def _bulk_disbursement(fund, amount, day) -> Disbursement:
    # written behind the services' back, as a script or a restore might
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                fund=fund,
                amount=amount,
                date=day,
                purpose="other",
                beneficiary="x",
                decision_number="1",
                approved_by="x",
            )
        ]
    )
    return Disbursement.objects.order_by("-pk").first()


def test_check_funds_replays_by_date_and_names_the_entry(funds, capsys):
    fund = funds["commune"]
    donate(fund, 1_000, date=d("2026-09-01"))
    early = _bulk_disbursement(fund, 600, d("2026-08-01"))
    with pytest.raises(CommandError):
        call_command("check_funds")
    err = capsys.readouterr().err
    assert f"khoản chi #{early.pk}" in err and "số dư âm (-600 đ) ngày 01/08/2026" in err


def test_check_funds_names_entries_outside_the_funds_life(cast, funds, capsys):
    late = Donation.objects.bulk_create(
        [
            Donation(
                fund=funds["district"],
                amount=5,
                date=d("2026-01-01"),
                receipt_year=2026,
                receipt_number=1,
                donor_name="x",
                donor_kind="person",
                channel="cash",
                drive="other",
            )
        ]
    )[0]
    future = _bulk_disbursement(funds["district"], 1, d("2027-01-01"))
    with pytest.raises(CommandError):
        call_command("check_funds")
    err = capsys.readouterr().err
    assert f"khoản ủng hộ #{late.pk}: ghi ngày 01/01/2026, ngoài thời gian hiệu lực" in err
    assert "Huyện Đức Thọ (có hiệu lực đến 30/06/2025)" in err
    assert f"khoản chi #{future.pk}: ghi ngày 01/01/2027, sau hôm nay" in err
