"""Every invariant of the fund books, checked from the entries (`manage.py check_funds`).

The database and the services already enforce these; this is the auditor's second look, and
each problem names the entry that breaks it.
"""

from collections import defaultdict

from django.db.models import Count, Sum
from django.utils import timezone

from .models import FIRST_DAY, Disbursement, Donation, DonationBatch, Fund, Transfer
from .selectors import SIGNED, _sum, funds_balance
from .services.closing import closing_problems
from .services.ledger import day, unit_life

LABEL = {Donation: "khoản ủng hộ", Disbursement: "khoản chi", Transfer: "điều chuyển"}


def _entry(entry) -> str:
    return f"{LABEL[type(entry)]} #{entry.pk}"


def _reversals(model, problems: list[str]) -> None:
    fund_fields = ["from_fund_id", "to_fund_id"] if model is Transfer else ["fund_id"]
    for entry in model.objects.filter(reverses__isnull=False).select_related("reverses"):
        original = entry.reverses
        if original.reverses_id is not None:
            problems.append(f"{_entry(entry)}: đảo một bút toán đảo ({_entry(original)}).")
        if original.amount != entry.amount:
            problems.append(
                f"{_entry(entry)}: số tiền {entry.amount} khác bút toán gốc "
                f"{_entry(original)} ({original.amount})."
            )
        for f in fund_fields:
            if getattr(entry, f) != getattr(original, f):
                problems.append(f"{_entry(entry)}: khác quỹ với bút toán gốc {_entry(original)}.")


def _receipts(problems: list[str]) -> None:
    numbers = defaultdict(list)
    rows = Donation.objects.filter(reverses__isnull=True).values_list(
        "fund_id", "receipt_year", "receipt_number", "pk"
    )
    for fund_id, year, number, pk in rows:
        numbers[(fund_id, year)].append((number, pk))
    for (fund_id, year), items in sorted(numbers.items()):
        items.sort()
        for expected, (number, pk) in enumerate(items, start=1):
            if number != expected:
                problems.append(
                    f"Quỹ #{fund_id} năm {year}: phiếu thu số {number} (khoản ủng hộ #{pk}) "
                    f"đáng lẽ là số {expected}: số phiếu thu bị trùng hoặc bị nhảy."
                )
                break


def _running_balances(problems: list[str]) -> None:
    """Replay every fund's entries by date, as its statements read them: no day may close below
    zero. Within a day the money in counts before the money out, so the entry named is the first
    one out that the day's closing balance could not bear."""
    events = defaultdict(list)
    for d in Donation.objects.only("pk", "fund_id", "amount", "reverses_id", "date"):
        sign = -1 if d.reverses_id else 1
        events[d.fund_id].append((d.date, sign * d.amount, d))
    for d in Disbursement.objects.only("pk", "fund_id", "amount", "reverses_id", "date"):
        sign = 1 if d.reverses_id else -1
        events[d.fund_id].append((d.date, sign * d.amount, d))
    for t in Transfer.objects.only(
        "pk", "from_fund_id", "to_fund_id", "amount", "reverses_id", "date"
    ):
        sign = -1 if t.reverses_id else 1
        events[t.to_fund_id].append((t.date, sign * t.amount, t))
        events[t.from_fund_id].append((t.date, -sign * t.amount, t))
    order = {Donation: 0, Disbursement: 1, Transfer: 2}
    for fund_id, items in sorted(events.items()):
        balance = 0
        items.sort(key=lambda e: (e[0], e[1] < 0, order[type(e[2])], e[2].pk))
        for on, delta, entry in items:
            balance += delta
            if balance < 0:
                problems.append(
                    f"Quỹ #{fund_id}: số dư âm ({balance} đ) ngày {day(on)} sau {_entry(entry)}."
                )
                break


def _dates(problems: list[str]) -> None:
    """Every entry is dated on a day its fund's unit existed, from the books' first day, and
    not after today (the services refuse others; rows written around them are named)."""
    today = timezone.localdate()
    units = {f.pk: f.unit for f in Fund.objects.select_related("unit")}
    # a closing transfer's successor may begin the day after it: closing_problems() looks at it
    for qs, fund_field in (
        (Donation.objects, "fund_id"),
        (Disbursement.objects, "fund_id"),
        (Transfer.objects, "from_fund_id"),
        (Transfer.objects.exclude(kind="closing"), "to_fund_id"),
    ):
        model = qs.model
        for pk, on, fund_id in qs.values_list("pk", "date", fund_field).order_by("pk"):
            unit, label = units[fund_id], f"{LABEL[model]} #{pk}"
            if on > today:
                problems.append(f"{label}: ghi ngày {day(on)}, sau hôm nay.")
            elif on < FIRST_DAY:
                problems.append(f"{label}: ghi ngày {day(on)}, trước ngày sổ quỹ bắt đầu.")
            elif not unit.is_valid_on(on):
                problems.append(
                    f"{label}: ghi ngày {day(on)}, ngoài thời gian hiệu lực của {unit.name} "
                    f"({unit_life(unit)})."
                )


def _amounts(problems: list[str]) -> None:
    for model in (Donation, Disbursement, Transfer):
        for pk in model.objects.filter(amount__lte=0).values_list("pk", flat=True):
            problems.append(f"{LABEL[model]} #{pk}: số tiền không dương.")


def _transfers(problems: list[str]) -> None:
    # levels and branch do not bind a closing transfer: closing_problems() checks it instead
    for t in Transfer.objects.exclude(kind="closing").select_related(
        "from_fund__unit", "to_fund__unit"
    ):
        if t.from_fund_id == t.to_fund_id:
            problems.append(f"{_entry(t)}: điều chuyển trong cùng một quỹ.")
        elif t.from_fund.unit.level == t.to_fund.unit.level:
            problems.append(f"{_entry(t)}: điều chuyển giữa hai quỹ cùng cấp.")
        elif not (
            t.to_fund.unit.is_descendant_of(t.from_fund.unit)
            or t.from_fund.unit.is_descendant_of(t.to_fund.unit)
        ):
            problems.append(f"{_entry(t)}: điều chuyển giữa hai quỹ không cùng một nhánh.")


def _households(problems: list[str]) -> None:
    rows = Disbursement.objects.filter(household__isnull=False).select_related(
        "fund__unit", "household__area"
    )
    for d in rows:
        if not d.household.area.path.startswith(d.fund.unit.path):
            problems.append(f"{_entry(d)}: hộ #{d.household_id} không thuộc địa bàn của quỹ.")


def _batches(problems: list[str]) -> None:
    batches = DonationBatch.objects.annotate(n=Count("donations"), total=Sum("donations__amount"))
    for b in batches:
        if b.n != b.expected_count or (b.total or 0) != b.expected_total:
            problems.append(
                f"Đợt thu #{b.pk} ({b.name}): {b.n} phiếu, {b.total or 0} đ; "
                f"kiểm đếm {b.expected_count} phiếu, {b.expected_total} đ."
            )


def _totals(problems: list[str]) -> None:
    all_funds = funds_balance(Fund.objects.all())
    expected = _sum(Donation.objects.all(), SIGNED) - _sum(Disbursement.objects.all(), SIGNED)
    if all_funds != expected:
        problems.append(
            f"Tổng số dư các quỹ ({all_funds} đ) khác tổng thu trừ tổng chi ({expected} đ)."
        )


def ledger_problems() -> list[str]:
    problems: list[str] = []
    _amounts(problems)
    for model in (Donation, Disbursement, Transfer):
        _reversals(model, problems)
    _receipts(problems)
    _running_balances(problems)
    _dates(problems)
    _transfers(problems)
    _households(problems)
    _batches(problems)
    _totals(problems)
    problems.extend(closing_problems())
    return list(dict.fromkeys(problems))  # a transfer bad on both sides is named once
