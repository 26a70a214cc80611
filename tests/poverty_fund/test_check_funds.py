import pytest
from django.core.management import CommandError, call_command

from poverty_fund import services
from poverty_fund.models import Disbursement, Donation

from .helpers import DAY, disburse, donate


def test_consistent_books_pass(funds, capsys):
    gift = donate(funds["province"], 1_000)
    services.transfer_create(
        from_fund=funds["province"],
        to_fund=funds["commune"],
        amount=400,
        date=DAY,
        decision_number="1",
    )
    disburse(funds["commune"], 400)
    services.donation_reverse(donation=donate(funds["commune"], 50), reason="trùng")
    assert gift.pk
    call_command("check_funds")
    assert "không có vi phạm" in capsys.readouterr().out


def test_entries_written_around_the_services_are_named(funds, capsys):
    donate(funds["commune"], 100)
    # written behind the services' back: a receipt gap and a spend beyond the balance
    Donation.objects.bulk_create(
        [
            Donation(
                fund=funds["commune"],
                amount=5,
                date=DAY,
                receipt_year=2026,
                receipt_number=3,
                donor_name="x",
                donor_kind="person",
                channel="cash",
                drive="other",
            )
        ]
    )
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                fund=funds["commune"],
                amount=500,
                date=DAY,
                purpose="other",
                beneficiary="x",
                decision_number="1",
                approved_by="x",
            )
        ]
    )
    bad = Disbursement.objects.get(amount=500)
    with pytest.raises(CommandError):
        call_command("check_funds")
    err = capsys.readouterr().err
    assert "phiếu thu số 3" in err
    assert f"khoản chi #{bad.pk}" in err and "số dư âm" in err
