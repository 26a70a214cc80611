"""The rules every entry of the books obeys: whole đồng; a day that has come, from the books'
first day, on which the fund's unit existed; transfers only into a fund whose unit exists today;
and the fund row locked while it is written.

Disbursements, receipt numbering, transfers and reversals lock the fund row(s) with
SELECT ... FOR UPDATE first, so two clerks entering at the same moment are serialized: receipts
stay gapless per fund and year, and no fund is ever spent below zero on any day.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MAX_DONG
from core.text import thousands
from residential_areas.models import AdministrativeUnit, UnitLevel

from ..models import FIRST_DAY, Fund
from ..selectors import fund_low_point

AMOUNT_INVALID = _("Số tiền phải là số nguyên đồng lớn hơn 0.")
AMOUNT_TOO_LARGE = _("Số tiền {amount} đồng quá lớn (tối đa {max} đồng).")
BALANCE_TOO_LOW = _("Số dư quỹ không đủ để chi khoản này.")
BALANCE_TOO_LOW_LATER = _(
    "Số dư quỹ không đủ: ngày %(day)s quỹ chỉ còn %(left)s đ, không đủ cho khoản %(amount)s đ "
    "ghi ngày %(date)s; số dư của mọi ngày từ ngày ghi trở đi không được âm."
)
DATE_INVALID = _("Ngày không hợp lệ.")
DATE_IN_FUTURE = _("Ngày %(date)s chưa đến (hôm nay là %(today)s): không ghi sổ trước ngày.")
DATE_TOO_EARLY = _(
    "Ngày %(date)s trước ngày %(first)s, khi sổ Quỹ Vì người nghèo bắt đầu: hãy kiểm tra lại."
)
UNIT_NOT_VALID_ON = _(
    "Bút toán chỉ ghi vào quỹ của đơn vị có hiệu lực vào ngày ghi sổ: %(unit)s %(life)s, nên "
    "không ghi bút toán ngày %(date)s vào quỹ của đơn vị này."
)
FUND_CLOSED = _("%(unit)s %(life)s: quỹ của đơn vị đã đóng, không nhận thêm tiền.")
FUND_UNIT_NOT_VALID = _(
    "%(unit)s %(life)s: không lập quỹ cho đơn vị không có hiệu lực vào ngày %(date)s."
)
FUND_IS_CLOSED = _(
    "%(fund)s đã đóng ngày %(date)s (đã kết chuyển số dư khi giải thể đơn vị): không ghi thêm "
    "bút toán nào vào quỹ này."
)
FUND_LEVEL = _("Quỹ chỉ lập ở cấp tỉnh, cấp huyện hoặc cấp xã.")
FUND_EXISTS = _("Đơn vị này đã có quỹ.")
LIFE_BETWEEN = _("có hiệu lực từ %(start)s đến %(end)s")
LIFE_UNTIL = _("có hiệu lực đến %(end)s")
LIFE_FROM = _("có hiệu lực từ %(start)s")
LIFE_ALWAYS = _("có hiệu lực không thời hạn")


def clean_amount(value) -> int:
    """Whole đồng above zero; a fraction, a float or a negative is refused, never rounded."""
    if isinstance(value, bool):
        raise ValidationError({"amount": AMOUNT_INVALID})
    if isinstance(value, str):
        value = value.strip().replace(".", "").replace(" ", "")
        if not value.isdigit():
            raise ValidationError({"amount": AMOUNT_INVALID})
        value = int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValidationError({"amount": AMOUNT_INVALID})
        value = int(value)
    if not isinstance(value, int) or value <= 0:
        raise ValidationError({"amount": AMOUNT_INVALID})
    if value > MAX_DONG:  # a slip of the keyboard, and beyond what the column holds
        shown = money(value) if len(str(value)) <= 24 else f"{str(value)[:20]}…"
        raise ValidationError(
            {"amount": str(AMOUNT_TOO_LARGE).format(amount=shown, max=money(MAX_DONG))}
        )
    return value


def money(value: int) -> str:
    return thousands(value)


def day(value: datetime.date) -> str:
    # not strftime: it does not pad the year 1 to four digits on every platform
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def unit_life(unit: AdministrativeUnit) -> str:
    """ "có hiệu lực đến 30/06/2025": the span a unit existed, for the messages."""
    start = day(unit.valid_from) if unit.valid_from else None
    end = day(unit.valid_to) if unit.valid_to else None
    if start and end:
        return LIFE_BETWEEN % {"start": start, "end": end}
    if end:
        return LIFE_UNTIL % {"end": end}
    if start:
        return LIFE_FROM % {"start": start}
    return str(LIFE_ALWAYS)


def check_entry_date(*, fund: Fund, on, field: str = "date") -> datetime.date:
    """An entry is dated on a day that has come, from the books' first day, on which the fund's
    unit existed: no receipt series of the year 9999, no entry of a closed district today."""
    if isinstance(on, datetime.datetime) or not isinstance(on, datetime.date):
        raise ValidationError({field: DATE_INVALID})
    today = timezone.localdate()
    if on > today:
        raise ValidationError({field: DATE_IN_FUTURE % {"date": day(on), "today": day(today)}})
    if on < FIRST_DAY:
        raise ValidationError({field: DATE_TOO_EARLY % {"date": day(on), "first": day(FIRST_DAY)}})
    if fund.closed_on is not None:
        raise ValidationError(FUND_IS_CLOSED % {"fund": fund.name, "date": day(fund.closed_on)})
    unit = fund.unit
    if not unit.is_valid_on(on):
        raise ValidationError(
            {
                field: UNIT_NOT_VALID_ON
                % {"unit": unit.name, "life": unit_life(unit), "date": day(on)}
            }
        )
    return on


def check_fund_open(*, fund: Fund, field: str = "to_fund") -> None:
    """No fund moves money into a fund whose unit no longer exists: a closed fund is wound down
    (entries of its own life recorded, its balance handed up), never fed."""
    unit = fund.unit
    if not unit.is_valid_on(timezone.localdate()):
        raise ValidationError({field: FUND_CLOSED % {"unit": unit.name, "life": unit_life(unit)}})


def check_can_take(*, fund: Fund, amount: int, on: datetime.date, field: str = "amount") -> None:
    """Taking `amount` out on `on` leaves the fund at or above zero on that day and on every
    later day: a back-dated payment must not turn a later statement negative. The caller holds
    the fund's lock."""
    low, low_day = fund_low_point(fund=fund, on=on)
    if low >= amount:
        return
    if low_day == on:
        raise ValidationError({field: BALANCE_TOO_LOW})
    raise ValidationError(
        {
            field: BALANCE_TOO_LOW_LATER
            % {"date": day(on), "day": day(low_day), "left": money(low), "amount": money(amount)}
        }
    )


def lock(*funds: Fund) -> None:
    """Lock the funds' rows for the rest of the transaction; a fund closed meanwhile (by its
    closing transfer, services/closing.py) takes nothing more."""
    # always in primary-key order so that two transfers in opposite directions cannot deadlock
    ids = sorted({f.pk for f in funds})
    rows = Fund.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    for name, closed_on in rows.values_list("name", "closed_on"):
        if closed_on is not None:
            raise ValidationError(FUND_IS_CLOSED % {"fund": name, "date": day(closed_on)})


@transaction.atomic
def fund_create(
    *, unit: AdministrativeUnit, name: str = "", as_of: datetime.date | None = None
) -> Fund:
    """The fund of a unit that exists today. Loading the books of a closed unit (the demo, an
    import of old ledgers) gives `as_of`, a day on which it existed."""
    as_of = as_of or timezone.localdate()
    if unit.level == UnitLevel.AREA:
        raise ValidationError({"unit": FUND_LEVEL})
    if not unit.is_valid_on(as_of):
        raise ValidationError(
            {
                "unit": FUND_UNIT_NOT_VALID
                % {"unit": unit.name, "life": unit_life(unit), "date": day(as_of)}
            }
        )
    if Fund.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": FUND_EXISTS})
    return Fund.objects.create(unit=unit, name=name or f"Quỹ Vì người nghèo {unit.name}")
