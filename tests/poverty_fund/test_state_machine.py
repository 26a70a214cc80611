"""Donate, disburse, transfer and reverse in any order: the books always balance."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from poverty_fund import selectors, services
from poverty_fund.models import Disbursement, Donation, Fund, Transfer
from residential_areas import services as area_services

from . import helpers

amounts = st.integers(min_value=1, max_value=5_000_000)
FUNDS = ["province", "commune_a", "commune_b"]


class FundBooks(RuleBasedStateMachine):
    entries = Bundle("entries")

    def __init__(self):
        super().__init__()
        # each run lives in a savepoint of the test transaction, rolled back at the end
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        p = area_services.unit_create(
            code="HM42", name="Tỉnh", kind="tinh", level="province", parent=None
        )
        a = area_services.unit_create(code="HMA", name="Xã A", kind="xa", level="commune", parent=p)
        b = area_services.unit_create(code="HMB", name="Xã B", kind="xa", level="commune", parent=p)
        self.funds = {
            name: services.fund_create(unit=u) for name, u in zip(FUNDS, (p, a, b), strict=True)
        }
        # every entry today, the day reversals are dated: each is checked against the balance
        # the model keeps (a back-dated one is checked as of its own day: test_ledger_dates)
        self.today = timezone.localdate()
        self.expected = dict.fromkeys(FUNDS, 0)
        self.donated = 0
        self.spent = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @rule(target=entries, fund=st.sampled_from(FUNDS), amount=amounts)
    def donate(self, fund, amount):
        entry = helpers.donate(self.funds[fund], amount, date=self.today)
        self.expected[fund] += amount
        self.donated += amount
        return entry

    @rule(target=entries, fund=st.sampled_from(FUNDS), amount=amounts)
    def disburse(self, fund, amount):
        if amount > self.expected[fund]:
            with pytest.raises(ValidationError):
                helpers.disburse(self.funds[fund], amount, date=self.today)
            return None
        entry = helpers.disburse(self.funds[fund], amount, date=self.today)
        self.expected[fund] -= amount
        self.spent += amount
        return entry

    @rule(
        target=entries,
        source=st.sampled_from(FUNDS),
        dest=st.sampled_from(FUNDS),
        amount=amounts,
    )
    def transfer(self, source, dest, amount):
        same_level = (source == "province") == (dest == "province")
        kwargs = {
            "from_fund": self.funds[source],
            "to_fund": self.funds[dest],
            "amount": amount,
            "date": self.today,
            "decision_number": "1/QĐ",
        }
        if same_level or amount > self.expected[source]:
            with pytest.raises(ValidationError):
                services.transfer_create(**kwargs)
            return None
        entry = services.transfer_create(**kwargs)
        self.expected[source] -= amount
        self.expected[dest] += amount
        return entry

    @rule(entry=consumes(entries))
    def reverse(self, entry):
        if entry is None:
            return
        if isinstance(entry, Donation):
            takes, gives = entry.fund, None
        elif isinstance(entry, Disbursement):
            takes, gives = None, entry.fund
        else:
            takes, gives = entry.to_fund, entry.from_fund
        name = {f.pk: n for n, f in self.funds.items()}
        if takes is not None and self.expected[name[takes.pk]] < entry.amount:
            with pytest.raises(ValidationError):
                services.entry_reverse(entry=entry, reason="kiểm tra")
            return
        back = services.entry_reverse(entry=entry, reason="kiểm tra")
        assert back.reverses_id == entry.pk and back.amount == entry.amount
        if takes is not None:
            self.expected[name[takes.pk]] -= entry.amount
        if gives is not None:
            self.expected[name[gives.pk]] += entry.amount
        if isinstance(entry, Donation):
            self.donated -= entry.amount
        if isinstance(entry, Disbursement):
            self.spent -= entry.amount
        # a reversal of a reversal is refused
        with pytest.raises(ValidationError):
            services.entry_reverse(entry=back, reason="lần hai")

    @invariant()
    def balances_match_the_model_and_never_go_negative(self):
        for name, fund in self.funds.items():
            balance = selectors.fund_balance(fund=fund)
            assert balance == self.expected[name] >= 0

    @invariant()
    def sum_over_all_funds_is_donations_minus_disbursements(self):
        funds = Fund.objects.filter(pk__in=[f.pk for f in self.funds.values()])
        total = selectors.funds_balance(funds)
        assert total == self.donated - self.spent
        donated = selectors._sum(Donation.objects.filter(fund__in=funds))
        spent = selectors._sum(Disbursement.objects.filter(fund__in=funds))
        assert total == donated - spent

    @invariant()
    def every_reversal_nets_its_original_to_zero(self):
        for model in (Donation, Disbursement, Transfer):
            for back in model.objects.filter(reverses__isnull=False).select_related("reverses"):
                assert back.amount == back.reverses.amount


FundBooks.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.django_db
def test_fund_books_state_machine():
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(FundBooks, settings=FundBooks.TestCase.settings)
