import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from poverty_fund import selectors, services
from poverty_fund.models import (
    Channel,
    Disbursement,
    Donation,
    DonorKind,
    Drive,
    Purpose,
    Transfer,
)

from .helpers import DAY, disburse, donate


def messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def test_receipts_are_numbered_per_fund_and_year(funds):
    a = donate(funds["commune"], 100_000)
    b = donate(funds["commune"], 200_000)
    c = donate(funds["other_commune"], 50_000)
    d = donate(funds["commune"], 10_000, date=datetime.date(2025, 12, 30))
    assert (a.receipt_number, b.receipt_number, c.receipt_number) == (1, 2, 1)
    assert (d.receipt_year, d.receipt_number) == (2025, 1)
    assert b.receipt_label == "00002/2026/PT"


@pytest.mark.parametrize("amount", [0, -5, 1.5, Decimal("10.5"), "12,5", "abc", True, None])
def test_bad_amounts_are_refused_and_nothing_is_written(funds, amount):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], amount)
    assert str(services.AMOUNT_INVALID) in messages(exc)
    assert Donation.objects.count() == 0


@pytest.mark.parametrize("amount", ["1" * 25, 10**15, "1.000.000.000.000.000"])
def test_an_amount_beyond_any_fund_is_refused_naming_it_and_nothing_is_written(funds, amount):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], amount)
    text = messages(exc)
    assert "quá lớn (tối đa 999.999.999.999.999 đồng)" in text
    assert ("1.000.000.000.000.000" if amount != "1" * 25 else "11111111111111111111…") in text
    assert Donation.objects.count() == 0


def test_the_largest_amount_is_taken(funds):
    assert donate(funds["commune"], "999.999.999.999.999").amount == 999_999_999_999_999


def test_amount_as_text_with_thousand_dots_is_whole_dong(funds):
    assert donate(funds["commune"], "1.234.567").amount == 1_234_567


def test_bank_transfer_needs_its_reference(funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], 100, channel=Channel.BANK)
    assert str(services.BANK_REFERENCE_REQUIRED) in messages(exc)
    assert donate(funds["commune"], 100, channel=Channel.BANK, bank_reference="FT123").pk


def test_disbursement_within_balance_only(funds):
    fund = funds["commune"]
    donate(fund, 1_000_000)
    disburse(fund, 600_000)
    with pytest.raises(ValidationError) as exc:
        disburse(fund, 400_001)
    assert str(services.BALANCE_TOO_LOW) in messages(exc)
    disburse(fund, 400_000)
    assert selectors.fund_balance(fund=fund) == 0
    assert Disbursement.objects.count() == 2


def test_disbursement_to_a_household_outside_the_fund_is_refused(cast, funds):
    fund = funds["commune"]
    donate(fund, 1_000_000)
    with pytest.raises(ValidationError) as exc:
        disburse(fund, 100, household=cast.other_household)
    assert str(services.HOUSEHOLD_OUTSIDE) in messages(exc)
    entry = disburse(fund, 100, household=cast.households[0], beneficiary="")
    assert entry.household == cast.households[0]


def test_reversal_nets_to_zero_and_cannot_be_reversed_again(funds):
    fund = funds["commune"]
    gift = donate(fund, 500_000)
    spent = disburse(fund, 200_000)
    back = services.disbursement_reverse(disbursement=spent, reason="Chi nhầm hộ")
    assert selectors.fund_balance(fund=fund) == 500_000
    assert back.reverses == spent and back.amount == spent.amount
    with pytest.raises(ValidationError) as exc:
        services.disbursement_reverse(disbursement=back, reason="x")
    assert str(services.REVERSAL_OF_REVERSAL) in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.disbursement_reverse(disbursement=spent, reason="x")
    assert str(services.ALREADY_REVERSED) in messages(exc)
    services.donation_reverse(donation=gift, reason="Nhập trùng")
    assert selectors.fund_balance(fund=fund) == 0
    # the reversal of a donation takes no receipt number: receipts stay gapless
    assert donate(fund, 1).receipt_number == 2


def test_a_donation_already_spent_cannot_be_reversed(funds):
    fund = funds["commune"]
    gift = donate(fund, 500_000)
    disburse(fund, 300_000)
    with pytest.raises(ValidationError) as exc:
        services.donation_reverse(donation=gift, reason="x")
    assert str(services.BALANCE_TOO_LOW_REVERSAL) in messages(exc)
    assert Donation.objects.count() == 1


def test_transfer_records_both_sides_and_is_refused_between_equals(funds):
    donate(funds["province"], 10_000_000)
    services.transfer_create(
        from_fund=funds["province"],
        to_fund=funds["commune"],
        amount=4_000_000,
        date=DAY,
        decision_number="5/QĐ",
    )
    assert selectors.fund_balance(fund=funds["province"]) == 6_000_000
    assert selectors.fund_balance(fund=funds["commune"]) == 4_000_000
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=funds["commune"],
            to_fund=funds["commune"],
            amount=1,
            date=DAY,
            decision_number="x",
        )
    assert str(services.SAME_FUND) in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=funds["commune"],
            to_fund=funds["other_commune"],
            amount=1,
            date=DAY,
            decision_number="x",
        )
    assert str(services.SAME_LEVEL) in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=funds["commune"],
            to_fund=funds["province"],
            amount=4_000_001,
            date=DAY,
            decision_number="x",
        )
    assert str(services.BALANCE_TOO_LOW) in messages(exc)
    assert Transfer.objects.count() == 1


def test_batch_must_match_its_count_and_total(funds):
    rows = [
        {
            "donor_name": "Hộ ông Tâm",
            "amount": 200_000,
            "donor_kind": DonorKind.PERSON,
            "drive": Drive.PEAK_MONTH,
        },
        {
            "donor_name": "Công ty Hoành Sơn",
            "amount": 5_000_000,
            "donor_kind": DonorKind.ENTERPRISE,
            "drive": Drive.PEAK_MONTH,
        },
    ]
    kwargs = {"fund": funds["commune"], "name": "Ngày vì người nghèo", "date": DAY}
    with pytest.raises(ValidationError) as exc:
        services.donation_batch_post(
            **kwargs, expected_count=3, expected_total=5_200_000, rows=rows
        )
    assert "khác số phiếu" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.donation_batch_post(
            **kwargs, expected_count=2, expected_total=5_000_000, rows=rows
        )
    assert "5.200.000" in messages(exc)
    assert Donation.objects.count() == 0
    batch = services.donation_batch_post(
        **kwargs, expected_count=2, expected_total=5_200_000, rows=rows
    )
    assert sorted(batch.donations.values_list("receipt_number", flat=True)) == [1, 2]


def test_database_refuses_non_positive_amounts(funds):
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.bulk_create(
            [
                Donation(
                    fund=funds["commune"],
                    amount=0,
                    date=DAY,
                    receipt_year=2026,
                    receipt_number=1,
                    donor_name="x",
                    donor_kind="person",
                    channel="cash",
                    drive="other",
                )
            ]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.bulk_create(
            [
                Disbursement(
                    fund=funds["commune"],
                    amount=-1,
                    date=DAY,
                    purpose=Purpose.OTHER,
                    decision_number="1",
                    approved_by="x",
                )
            ]
        )


def test_posted_entries_cannot_be_changed_or_deleted_through_the_model(funds):
    gift = donate(funds["commune"], 100)
    gift.amount = 1
    with pytest.raises(ValidationError):
        gift.save()
    with pytest.raises(ValidationError):
        gift.delete()
    assert Donation.objects.get().amount == 100


def test_postgres_trigger_refuses_update_and_delete_of_posted_entries(postgres, funds):
    gift = donate(funds["commune"], 100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.filter(pk=gift.pk).update(amount=1)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM poverty_fund_donation WHERE id = %s", [gift.pk])
    assert Donation.objects.get().amount == 100


def test_statement_rolls_up_a_subtree(cast, funds):
    donate(funds["province"], 10_000_000, date=datetime.date(2026, 1, 2))
    donate(funds["commune"], 1_000_000, donor_kind=DonorKind.ENTERPRISE)
    services.transfer_create(
        from_fund=funds["province"],
        to_fund=funds["commune"],
        amount=3_000_000,
        date=DAY,
        decision_number="1",
    )
    disburse(funds["commune"], 2_500_000, purpose=Purpose.HOUSE_REPAIR)
    st = selectors.fund_statement(
        funds=selectors.funds_under(unit=cast.province),
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2026, 12, 31),
    )
    assert st.opening == 10_000_000
    assert st.receipts_total == 1_000_000
    assert st.spending_total == 2_500_000
    assert st.transfers_in == st.transfers_out == 3_000_000
    assert st.closing == 8_500_000
    assert dict(st.spending_by_purpose) == {Purpose.HOUSE_REPAIR.label: 2_500_000}
    one = selectors.fund_statement(
        funds=selectors.funds_under(unit=cast.commune),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    assert (one.opening, one.transfers_in, one.closing) == (0, 3_000_000, 1_500_000)
