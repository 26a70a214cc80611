"""Money going out (disbursements), moving between levels (transfers), and reversals."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residential_areas.models import Household

from ..models import Disbursement, Donation, Fund, House, Transfer
from ..selectors import fund_low_point
from .households import check_household_on, household_commune_on
from .ledger import (
    check_can_take,
    check_entry_date,
    check_fund_open,
    clean_amount,
    lock,
)

BALANCE_TOO_LOW_REVERSAL = _("Không thể đảo bút toán: số dư quỹ sẽ bị âm.")
REVERSAL_OF_REVERSAL = _("Không thể đảo một bút toán đảo.")
ALREADY_REVERSED = _("Bút toán này đã được đảo.")
SAME_FUND = _("Không thể điều chuyển trong cùng một quỹ.")
SAME_LEVEL = _("Chỉ điều chuyển giữa các quỹ khác cấp.")
OFF_BRANCH = _(
    "%(to)s không thuộc %(from)s, và %(from)s không thuộc %(to)s: chỉ điều chuyển giữa quỹ "
    "cấp trên và quỹ cấp dưới trên cùng một nhánh."
)
HOUSEHOLD_OUTSIDE = _("Hộ gia đình không thuộc địa bàn của quỹ.")
BENEFICIARY_REQUIRED = _("Cần chọn hộ được hỗ trợ hoặc ghi rõ đối tượng, nội dung chi.")


@transaction.atomic
def disbursement_create(
    *,
    fund: Fund,
    amount,
    date: datetime.date,
    purpose: str,
    decision_number: str,
    approved_by: str,
    household: Household | None = None,
    beneficiary: str = "",
    house: House | None = None,
    note: str = "",
    by=None,
) -> Disbursement:
    amount = clean_amount(amount)
    check_entry_date(fund=fund, on=date)
    if household is None and house is not None:
        household = house.household
    if household is not None:
        # the household's line of units existed on the day, and lay in the fund's unit: now,
        # or on the day itself (an old commune's fund pays a household since moved by a merger)
        check_household_on(household=household, on=date)
        commune = household_commune_on(household=household, on=date)
        if not (
            household.area.path.startswith(fund.unit.path)
            or (commune is not None and commune.path.startswith(fund.unit.path))
        ):
            raise ValidationError({"household": HOUSEHOLD_OUTSIDE})
    if household is None and not beneficiary.strip():
        raise ValidationError({"beneficiary": BENEFICIARY_REQUIRED})
    lock(fund)
    check_can_take(fund=fund, amount=amount, on=date)
    entry = Disbursement(
        fund=fund,
        amount=amount,
        date=date,
        purpose=purpose,
        decision_number=decision_number.strip(),
        approved_by=approved_by.strip(),
        household=household,
        beneficiary=beneficiary.strip(),
        house=house,
        note=note,
        posted_by=by,
    )
    entry.full_clean(exclude=["posted_by", "reverses", "household", "house"])
    entry.save()
    return entry


@transaction.atomic
def transfer_create(
    *,
    from_fund: Fund,
    to_fund: Fund,
    amount,
    date: datetime.date,
    decision_number: str,
    note: str = "",
    by=None,
) -> Transfer:
    """Money between a fund and one above or below it on its branch, on a day both units
    existed, into a fund that is still open. A closed fund may still hand its balance up, on a
    day within its life."""
    amount = clean_amount(amount)
    if from_fund.pk == to_fund.pk:
        raise ValidationError({"to_fund": SAME_FUND})
    if from_fund.unit.level == to_fund.unit.level:
        raise ValidationError({"to_fund": SAME_LEVEL})
    src, dst = from_fund.unit, to_fund.unit
    if not (dst.is_descendant_of(src) or src.is_descendant_of(dst)):
        raise ValidationError({"to_fund": OFF_BRANCH % {"from": src.name, "to": dst.name}})
    check_entry_date(fund=from_fund, on=date)
    check_entry_date(fund=to_fund, on=date)
    check_fund_open(fund=to_fund, field="to_fund")
    lock(from_fund, to_fund)
    check_can_take(fund=from_fund, amount=amount, on=date)
    entry = Transfer(
        from_fund=from_fund,
        to_fund=to_fund,
        amount=amount,
        date=date,
        decision_number=decision_number.strip(),
        note=note,
        posted_by=by,
    )
    entry.full_clean(exclude=["posted_by", "reverses"])
    entry.save()
    return entry


# -- reversals: dated today, so only in funds whose unit exists today ----------------------


def _check_reversible(entry) -> None:
    if entry.reverses_id is not None:
        raise ValidationError(REVERSAL_OF_REVERSAL)
    if type(entry).objects.filter(reverses=entry).exists():
        raise ValidationError(ALREADY_REVERSED)


def _check_can_take_back(*, fund: Fund, amount: int, on: datetime.date) -> None:
    # taking back money already spent would leave the fund below zero
    low, _day = fund_low_point(fund=fund, on=on)
    if low < amount:
        raise ValidationError(BALANCE_TOO_LOW_REVERSAL)


def _reversal_copy(entry, *, on: datetime.date, reason: str, by, **extra):
    model = type(entry)
    copy = model(amount=entry.amount, date=on, reason=reason, reverses=entry, posted_by=by, **extra)
    copy.save()
    return copy


@transaction.atomic
def donation_reverse(*, donation: Donation, reason: str, by=None) -> Donation:
    today = check_entry_date(fund=donation.fund, on=timezone.localdate())
    lock(donation.fund)
    donation = Donation.objects.select_related("fund__unit").get(pk=donation.pk)
    _check_reversible(donation)
    _check_can_take_back(fund=donation.fund, amount=donation.amount, on=today)
    return _reversal_copy(
        donation,
        on=today,
        reason=reason,
        by=by,
        fund=donation.fund,
        donor_name=donation.donor_name,
        donor_kind=donation.donor_kind,
        is_anonymous=donation.is_anonymous,
        channel=donation.channel,
        drive=donation.drive,
        search_name=donation.search_name,
    )


@transaction.atomic
def disbursement_reverse(*, disbursement: Disbursement, reason: str, by=None) -> Disbursement:
    today = check_entry_date(fund=disbursement.fund, on=timezone.localdate())
    lock(disbursement.fund)
    disbursement = Disbursement.objects.get(pk=disbursement.pk)
    _check_reversible(disbursement)
    return _reversal_copy(
        disbursement,
        on=today,
        reason=reason,
        by=by,
        fund=disbursement.fund,
        purpose=disbursement.purpose,
        household=disbursement.household,
        beneficiary=disbursement.beneficiary,
        decision_number=disbursement.decision_number,
        approved_by=disbursement.approved_by,
        house=disbursement.house,
    )


@transaction.atomic
def transfer_reverse(*, transfer: Transfer, reason: str, by=None) -> Transfer:
    today = timezone.localdate()
    for fund in (transfer.from_fund, transfer.to_fund):
        check_entry_date(fund=fund, on=today)
    lock(transfer.from_fund, transfer.to_fund)
    transfer = Transfer.objects.select_related("from_fund__unit", "to_fund__unit").get(
        pk=transfer.pk
    )
    _check_reversible(transfer)
    _check_can_take_back(fund=transfer.to_fund, amount=transfer.amount, on=today)
    return _reversal_copy(
        transfer,
        on=today,
        reason=reason,
        by=by,
        from_fund=transfer.from_fund,
        to_fund=transfer.to_fund,
        decision_number=transfer.decision_number,
    )


def entry_reverse(*, entry, reason: str, by=None):
    if isinstance(entry, Donation):
        return donation_reverse(donation=entry, reason=reason, by=by)
    if isinstance(entry, Disbursement):
        return disbursement_reverse(disbursement=entry, reason=reason, by=by)
    return transfer_reverse(transfer=entry, reason=reason, by=by)
