"""Races on PostgreSQL: the fund row lock serializes disbursements and receipt numbering."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from poverty_fund import selectors, services
from poverty_fund.models import Disbursement, Donation, Fund

from .helpers import DAY, disburse, donate

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(n, work):
    """Start `n` threads at the same instant; return what each returned or raised."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what was raised
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_disbursements_racing_for_the_last_money(postgres, cast):
    fund = services.fund_create(unit=cast.commune)
    donate(fund, 1_000_000)

    def spend(i):
        return disburse(Fund.objects.get(pk=fund.pk), 700_000, beneficiary=f"Hộ {i}")

    results = run_together(2, spend)
    ok = [r for r in results if isinstance(r, Disbursement)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(ok) == 1 and len(refused) == 1, results
    assert str(services.BALANCE_TOO_LOW) in refused[0].messages
    assert selectors.fund_balance(fund=fund) == 300_000


def test_twenty_concurrent_donations_get_receipts_one_to_twenty(postgres, cast):
    fund = services.fund_create(unit=cast.commune)

    def give(i):
        return donate(Fund.objects.get(pk=fund.pk), 10_000 + i, donor_name=f"Người {i}")

    results = run_together(20, give)
    assert all(isinstance(r, Donation) for r in results), results
    numbers = sorted(Donation.objects.filter(fund=fund).values_list("receipt_number", flat=True))
    assert numbers == list(range(1, 21))


def test_the_same_request_sent_five_times_at_once_posts_one_donation(postgres, cast):
    """A double (or fivefold) click: the requests race for the fund's lock; the first posts,
    the others find its donation."""
    fund = services.fund_create(unit=cast.commune)
    clerk = cast["commune"]

    def give(i):
        donation, _created = services.donation_post(
            fund=Fund.objects.select_related("unit").get(pk=fund.pk),
            request_key="form-7f3a",
            by=clerk,
            amount=500_000,
            date=DAY,
            donor_name="Công ty Hồng Lam",
            donor_kind="enterprise",
            channel="cash",
            drive="peak_month",
        )
        return donation.pk

    results = run_together(5, give)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Donation.objects.filter(fund=fund).count() == 1


def test_the_same_bank_reference_racing_is_posted_once(postgres, cast):
    fund = services.fund_create(unit=cast.commune)

    def give(i):
        return donate(
            Fund.objects.get(pk=fund.pk), 100_000 + i, channel="bank", bank_reference="FT2612"
        )

    results = run_together(3, give)
    assert sum(isinstance(r, Donation) for r in results) == 1, results
    assert all(
        isinstance(r, Donation) or "FT2612 đã có trong quỹ" in " ".join(r.messages) for r in results
    )
