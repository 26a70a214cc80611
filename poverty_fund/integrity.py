"""Every invariant of the fund books, checked from the entries (`manage.py check_funds`).

The database and the services already enforce these; this is the auditor's second look, and
each problem names the entry that breaks it.
"""

from collections import defaultdict

from django.db.models import Count, Sum

from .models import Disbursement, Donation, DonationBatch, Fund, Transfer
from .selectors import SIGNED, _sum, funds_balance

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
    """Replay every fund's entries in posting order: the balance must never dip below zero."""
    events = defaultdict(list)
    for d in Donation.objects.only("pk", "fund_id", "amount", "reverses_id", "posted_at"):
        sign = -1 if d.reverses_id else 1
        events[d.fund_id].append((d.posted_at, 0, d.pk, sign * d.amount, d))
    for d in Disbursement.objects.only("pk", "fund_id", "amount", "reverses_id", "posted_at"):
        sign = 1 if d.reverses_id else -1
        events[d.fund_id].append((d.posted_at, 1, d.pk, sign * d.amount, d))
    for t in Transfer.objects.only(
        "pk", "from_fund_id", "to_fund_id", "amount", "reverses_id", "posted_at"
    ):
        sign = -1 if t.reverses_id else 1
        events[t.to_fund_id].append((t.posted_at, 2, t.pk, sign * t.amount, t))
        events[t.from_fund_id].append((t.posted_at, 2, t.pk, -sign * t.amount, t))
    for fund_id, items in events.items():
        balance = 0
        for *_key, delta, entry in sorted(items, key=lambda e: e[:3]):
            balance += delta
            if balance < 0:
                problems.append(f"Quỹ #{fund_id}: số dư âm ({balance} đ) sau {_entry(entry)}.")
                break


def _amounts(problems: list[str]) -> None:
    for model in (Donation, Disbursement, Transfer):
        for pk in model.objects.filter(amount__lte=0).values_list("pk", flat=True):
            problems.append(f"{LABEL[model]} #{pk}: số tiền không dương.")


def _transfers(problems: list[str]) -> None:
    for t in Transfer.objects.select_related("from_fund__unit", "to_fund__unit"):
        if t.from_fund_id == t.to_fund_id:
            problems.append(f"{_entry(t)}: điều chuyển trong cùng một quỹ.")
        elif t.from_fund.unit.level == t.to_fund.unit.level:
            problems.append(f"{_entry(t)}: điều chuyển giữa hai quỹ cùng cấp.")


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
    _transfers(problems)
    _households(problems)
    _batches(problems)
    _totals(problems)
    return problems
