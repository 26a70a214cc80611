"""Numbers as units type them into the yearly form, paste them from a spreadsheet or send them
in an Excel file, and as the portal writes them back (Vietnamese: 1.500.000,5).

Both conventions are read when the writing says which one it is: "1.500.000" and "1,5"
(Vietnamese), "1,500,000" and "1.5" (the other one), "1.500.000,25" and "1,500,000.25". A
single comma before three digits ("1,500") could be 1,5 or 1.500: it is refused with both
readings named, rather than guessed. A value the database cannot hold (more than 16 digits
before the decimal point, more than 2 after it, 1e999, infinity) is refused here, with a
Vietnamese message, before it reaches a save.
"""

import math
import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# SubmissionValue.value: max_digits=18, decimal_places=2
MAX_ABS = Decimal(10) ** 16
CENT = Decimal("0.01")

NOT_A_NUMBER = "“{raw}” không phải là số."
TOO_LARGE = "“{raw}” quá lớn: số chỉ được có tối đa 16 chữ số trước dấu phẩy."
TOO_MANY_DECIMALS = "“{raw}” có quá nhiều chữ số thập phân: tối đa 2 chữ số sau dấu phẩy."
AMBIGUOUS = "“{raw}” có thể hiểu là {small} hoặc {large}: hãy viết rõ {small} hoặc {large_plain}."
BAD_GROUPING = (
    "“{raw}” viết sai dấu phân cách hàng nghìn: mỗi nhóm sau dấu chấm có đúng 3 chữ số "
    "(ví dụ 1.500.000 hoặc 1.500.000,5)."
)

YES = {"có", "co", "x", "yes", "true"}
NO = {"không", "khong", "no", "false"}
_SHAPE = re.compile(r"[+-]?[0-9.,]+")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


class NumberError(ValueError):
    """The value cannot be stored as a number; the message says why, in Vietnamese."""


def _shorten(raw) -> str:
    text = f"{raw:.0f}" if isinstance(raw, float) and 1e15 <= abs(raw) < 1e40 else str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _grouped(digits: str, separator: str) -> str | None:
    """`digits` written with `separator` between thousands, or None when the groups are not."""
    groups = digits.split(separator)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return "".join(groups)


def _read_text(text: str, raw) -> Decimal:
    sign = ""
    if text[:1] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # the separator written last is the decimal point: 1.500,5 or 1,500.5
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _sep, fraction = text.rpartition(decimal_sep)
        if group_sep not in whole or decimal_sep in whole:
            raise NumberError(_(BAD_GROUPING).format(raw=_shorten(raw)))
        whole = _grouped(whole, group_sep)
    elif commas == 1:
        whole, _sep, fraction = text.partition(",")
        if len(fraction) == 3 and whole.lstrip("0"):
            large = Decimal(whole + fraction)
            raise NumberError(
                _(AMBIGUOUS).format(
                    raw=_shorten(raw),
                    small=f"{whole}.{fraction}".rstrip("0").rstrip(".").replace(".", ","),
                    large=format_number(large),
                    large_plain=str(large),
                )
            )
    elif dots == 1:
        whole, _sep, fraction = text.partition(".")
        if len(fraction) == 3 and whole.lstrip("0"):
            # Vietnamese thousands: 1.500 is fifteen hundred
            whole, fraction = whole + fraction, ""
    elif commas > 1 or dots > 1:
        whole, fraction = _grouped(text, "," if commas else "."), ""
    else:
        whole, fraction = text, ""
    if whole is None:
        raise NumberError(_(BAD_GROUPING).format(raw=_shorten(raw)))
    if not whole or (fraction == "" and text.endswith((".", ","))):
        raise NumberError(_(NOT_A_NUMBER).format(raw=_shorten(raw)))
    return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")


def parse_number(raw) -> Decimal | None:
    """`raw` (a form string, an Excel cell, a JSON value) as a Decimal the database can hold,
    None when empty; NumberError with a Vietnamese message otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NumberError(_(NOT_A_NUMBER).format(raw=_shorten(raw)))
        number = Decimal(repr(raw))
        # a spreadsheet's binary fractions: 0.1 + 0.2 is 0.30000000000000004
        if number != number.quantize(CENT) and math.isclose(
            raw, round(raw, 2), rel_tol=0, abs_tol=1e-9
        ):
            number = Decimal(repr(round(raw, 2)))
    elif isinstance(raw, int | Decimal):
        number = Decimal(raw)
        if not number.is_finite():
            raise NumberError(_(NOT_A_NUMBER).format(raw=_shorten(raw)))
    else:
        text = _SPACES.sub("", str(raw)).replace("\u2212", "-")
        if text == "":
            return None
        if text.lower() in YES:
            return Decimal(1)
        if text.lower() in NO:
            return Decimal(0)
        text = text.removesuffix("%")
        if len(text) > 60 or not _SHAPE.fullmatch(text):
            raise NumberError(_(NOT_A_NUMBER).format(raw=_shorten(raw)))
        try:
            number = _read_text(text, raw)
        except InvalidOperation:
            raise NumberError(_(NOT_A_NUMBER).format(raw=_shorten(raw))) from None
    if abs(number) >= MAX_ABS:
        raise NumberError(_(TOO_LARGE).format(raw=_shorten(raw)))
    if number != number.quantize(CENT):
        raise NumberError(_(TOO_MANY_DECIMALS).format(raw=_shorten(raw)))
    return number.quantize(CENT)


def format_number(value) -> str:
    """1500000 -> "1.500.000", 2.5 -> "2,5", 3.00 -> "3": as the pages write numbers."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.quantize(CENT).normalize()
    return number_format(number, force_grouping=True)


def input_text(value) -> str:
    """A stored number as the form's field shows it: no thousands dots, a decimal comma."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return str(number.quantize(CENT).normalize()).replace(".", ",")
