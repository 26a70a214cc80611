"""Closing the fund of a dissolved unit: one closing transfer of its whole balance to the fund of
the unit that succeeded it, then the fund takes no more entries (issue 20).

The transfer is dated the unit's last day (`valid_to`, 30/6/2025 for the district-level units),
not the reform day: the dissolved fund's books then end within its unit's life, as every other
entry of it does (`check_entry_date`), and its statement to that day closes at 0; the successor
receives the balance as its opening on its first day (1/7/2025). That date is the one exception
the ledger makes for the receiving side, and only for this kind of transfer: the successor may
begin the day after it, and it may sit on another branch or the same level (an old commune into
the new one).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit

from ..models import Fund, Transfer, TransferKind
from ..selectors import funds_balance
from .ledger import day, fund_create, lock, money, unit_life

# why a closing transfer exists, stored as its note and printed wherever it is shown
CLOSING_LEGAL_REASON = _(
    "Kết chuyển khi giải thể đơn vị: sắp xếp đơn vị hành chính, tổ chức chính quyền địa phương "
    "hai cấp, có hiệu lực từ ngày 01/07/2025."
)
CLOSING_DECISION = _("Sắp xếp ĐVHC, hiệu lực %(date)s")
NOT_DISSOLVED = _("%(unit)s %(life)s: đơn vị chưa giải thể, quỹ của đơn vị không đóng được.")
NO_SUCCESSOR = _(
    "%(unit)s %(life)s nhưng chưa có đơn vị kế thừa: không biết kết chuyển số dư quỹ sang quỹ "
    "nào. Hãy ghi đơn vị kế thừa của %(unit)s trước."
)
SUCCESSOR_NOT_VALID = _(
    "%(successor)s, đơn vị kế thừa của %(unit)s, không có hiệu lực ngày %(date)s (%(life)s): "
    "không kết chuyển quỹ sang đơn vị này được."
)
ENTRIES_AFTER_END = _(
    "%(fund)s có bút toán ghi sau ngày %(date)s, ngày cuối cùng của đơn vị: hãy chạy "
    "check_funds và xử lý trước khi đóng quỹ."
)
ALREADY_CLOSED = _("%(fund)s đã đóng ngày %(date)s: không làm gì thêm.")
CLOSED_WITH_TRANSFER = _(
    "%(fund)s: kết chuyển %(amount)s đ sang %(to)s, ghi ngày %(date)s; quỹ đã đóng."
)
CLOSED_EMPTY = _("%(fund)s: số dư 0 đ, không cần kết chuyển; quỹ đã đóng ngày %(date)s.")
SUCCESSOR_FUND_CREATED = _(" (đã lập quỹ cho %(unit)s)")


@dataclass
class Closing:
    """What closing a fund did (or, for `already`, found done): said to the user as `message`."""

    fund: Fund
    already: bool = False
    transfer: Transfer | None = None
    to_fund: Fund | None = None
    created_to_fund: bool = False
    amount: int = 0
    message: str = ""


def closing_target(fund: Fund) -> tuple[datetime.date, Fund | None, AdministrativeUnit]:
    """The closing day of `fund` (its unit's last day), the successor's fund if it has one yet,
    and the successor unit. Raises the Vietnamese reason when the fund cannot be closed."""
    unit = fund.unit
    last = unit.valid_to
    if last is None or last >= timezone.localdate():
        raise ValidationError(NOT_DISSOLVED % {"unit": unit.name, "life": unit_life(unit)})
    successor = unit.successor
    if successor is None:
        raise ValidationError(NO_SUCCESSOR % {"unit": unit.name, "life": unit_life(unit)})
    reform_day = last + datetime.timedelta(days=1)
    if not successor.is_valid_on(reform_day):
        raise ValidationError(
            SUCCESSOR_NOT_VALID
            % {
                "successor": successor.name,
                "unit": unit.name,
                "date": day(reform_day),
                "life": unit_life(successor),
            }
        )
    return last, Fund.objects.filter(unit=successor).first(), successor


@transaction.atomic
def close_fund(fund: Fund, by=None) -> Closing:
    """Close the fund of a dissolved unit: its whole balance as of the unit's last day goes to
    the successor's fund (created if it has none) by one closing transfer dated that day, and
    the fund is marked closed, so it takes no entry any more. A second call does nothing and
    says so."""
    fund = (
        Fund.objects.select_for_update(of=("self",))
        .select_related("unit__successor")
        .get(pk=fund.pk)
    )
    if fund.closed_on is not None:
        message = ALREADY_CLOSED % {"fund": fund.name, "date": day(fund.closed_on)}
        return Closing(fund=fund, already=True, message=str(message))
    last, to_fund, successor = closing_target(fund)
    created = to_fund is None
    if created:
        to_fund = fund_create(unit=successor, as_of=last + datetime.timedelta(days=1))
    lock(fund, to_fund)  # refuses a successor's fund that is itself closed already
    own = Fund.objects.filter(pk=fund.pk)
    amount = funds_balance(own, end=last)
    if funds_balance(own) != amount:
        raise ValidationError(ENTRIES_AFTER_END % {"fund": fund.name, "date": day(last)})
    transfer = None
    if amount > 0:
        transfer = Transfer(
            from_fund=fund,
            to_fund=to_fund,
            amount=amount,
            date=last,
            kind=TransferKind.CLOSING,
            decision_number=str(CLOSING_DECISION % {"date": day(last + datetime.timedelta(1))}),
            note=str(CLOSING_LEGAL_REASON),
            posted_by=by,
        )
        transfer.full_clean(exclude=["posted_by", "reverses"])
        transfer.save()
    fund.closed_on = last
    fund._change_reason = "Đóng quỹ: kết chuyển khi giải thể đơn vị"
    fund.save(update_fields=["closed_on"])
    if transfer is None:
        message = CLOSED_EMPTY % {"fund": fund.name, "date": day(last)}
    else:
        message = CLOSED_WITH_TRANSFER % {
            "fund": fund.name,
            "amount": money(amount),
            "to": to_fund.name,
            "date": day(last),
        }
    if created:
        message = str(message) + str(SUCCESSOR_FUND_CREATED % {"unit": successor.name})
    return Closing(
        fund=fund,
        transfer=transfer,
        to_fund=to_fund,
        created_to_fund=created,
        amount=amount,
        message=str(message),
    )


def funds_to_close():
    """Open funds of units that were dissolved before today, the earliest dissolved first (a
    unit dissolved in 2019 hands its balance to its successor before that one is closed)."""
    return (
        Fund.objects.filter(
            closed_on__isnull=True,
            unit__valid_to__isnull=False,
            unit__valid_to__lt=timezone.localdate(),
        )
        .select_related("unit__successor")
        .order_by("unit__valid_to", "unit__path")
    )


def closing_problems() -> list[str]:
    """check_funds' look at closing transfers, which the levels-and-branch rule leaves out: each
    one leaves a dissolved unit on its last day for its successor, at most one per fund, and a
    closed fund holds nothing."""
    problems = []
    rows = Transfer.objects.filter(kind=TransferKind.CLOSING, reverses__isnull=True)
    for t in rows.select_related("from_fund__unit", "to_fund__unit").order_by("pk"):
        src, dst = t.from_fund.unit, t.to_fund.unit
        label = f"Kết chuyển khi giải thể đơn vị #{t.pk}"
        if src.valid_to != t.date:
            problems.append(
                f"{label}: ghi ngày {day(t.date)}, không phải ngày cuối của {src.name}."
            )
        if not (dst.is_valid_on(t.date) or dst.is_valid_on(t.date + datetime.timedelta(1))):
            problems.append(
                f"{label}: {dst.name} không có hiệu lực ngày {day(t.date)} hay ngày sau."
            )
        if src.successor_id != dst.pk:
            problems.append(f"{label}: {dst.name} không phải đơn vị kế thừa của {src.name}.")
        if t.from_fund.closed_on != t.date:
            problems.append(
                f"{label}: {t.from_fund.name} chưa được đánh dấu đóng ngày {day(t.date)}."
            )
    for fund in Fund.objects.filter(closed_on__isnull=False).order_by("pk"):
        balance = funds_balance(Fund.objects.filter(pk=fund.pk))
        if balance != 0:
            problems.append(
                f"{fund.name} đã đóng ngày {day(fund.closed_on)} nhưng còn {balance} đ."
            )
    return problems


def closing_transfers_said() -> list[str]:
    """Each closing transfer as check_funds prints it: "Kết chuyển khi giải thể đơn vị" and why."""
    rows = Transfer.objects.filter(kind=TransferKind.CLOSING, reverses__isnull=True)
    return [
        f"{TransferKind.CLOSING.label} #{t.pk}: {t.from_fund.name} → {t.to_fund.name}, "
        f"{money(t.amount)} đ, ngày {day(t.date)}. Lý do: {CLOSING_LEGAL_REASON}"
        for t in rows.select_related("from_fund", "to_fund").order_by("date", "pk")
    ]
