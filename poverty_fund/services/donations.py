"""Donations: one receipt per gift, gapless per fund and year, and one per request."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core import fragments
from residential_areas.text import fold

from ..models import Channel, Donation, DonationBatch, Drive, Fund
from .ledger import (
    check_entry_date,
    clean_amount,
    day,
    lock,
    money,
)

BANK_REFERENCE_REQUIRED = _("Chuyển khoản cần có mã giao dịch.")
IN_KIND_REQUIRED = _("Ủng hộ bằng hiện vật cần ghi rõ hiện vật và giá trị quy đổi.")
DUPLICATE_REFERENCE = _(
    "Mã giao dịch %(ref)s đã có trong quỹ này (phiếu thu số %(receipt)s ngày %(date)s). "
    "Nếu đây đúng là một khoản khác, hãy xác nhận để vẫn ghi."
)
REQUEST_KEY_REUSED = _(
    "Yêu cầu này đã ghi phiếu thu số %(receipt)s với nội dung khác: hãy mở biểu mẫu mới "
    "(hoặc dùng khóa Idempotency-Key mới) để ghi khoản khác."
)
BATCH_COUNT_MISMATCH = _("Số phiếu đã nhập (%(n)s) khác số phiếu của đợt thu (%(expected)s).")
BATCH_TOTAL_MISMATCH = _("Tổng tiền đã nhập (%(n)s đ) khác tổng tiền của đợt thu (%(expected)s đ).")
BATCH_EMPTY = _("Đợt thu chưa có khoản ủng hộ nào.")
BATCH_TOO_LONG = _(
    "Một lần nhập đợt thu tối đa %(max)s dòng, lần này có %(n)s dòng: hãy chia thành nhiều lần."
)
DRIVE_OUTSIDE = _(
    "Ngày %(date)s nằm ngoài đợt “%(drive)s”: đợt này chỉ nhận khoản ủng hộ %(window)s. "
    "Hãy sửa ngày hoặc chọn đúng đợt vận động (khoản ngoài các đợt ghi là “Khác”)."
)
DRIVE_WINDOWS = {
    # the peak month of the Fund for the Poor, 17/10 ("Ngày vì người nghèo") to 18/11
    Drive.PEAK_MONTH: _("từ 17/10 đến 18/11 hằng năm"),
    # DOMAIN.md gives no Tết window: from 1/12 to the end of February covers every Tết
    # (Tết Nguyên đán falls between 21/1 and 20/2) and the gifts before and after it
    Drive.TET: _("từ 01/12 đến hết tháng 2 năm sau (quanh Tết Nguyên đán)"),
}


def drive_window(*, drive: str, on: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The days a drive takes donations around `on`; None for a drive open all year."""
    if drive == Drive.PEAK_MONTH:
        return datetime.date(on.year, 10, 17), datetime.date(on.year, 11, 18)
    if drive == Drive.TET:
        tet_year = on.year + 1 if on.month == 12 else on.year
        return datetime.date(tet_year - 1, 12, 1), datetime.date(
            tet_year, 3, 1
        ) - datetime.timedelta(1)
    return None


def check_drive_date(*, drive: str, on: datetime.date, row: int | None = None) -> None:
    window = drive_window(drive=drive, on=on)
    if window is None or window[0] <= on <= window[1]:
        return
    message = DRIVE_OUTSIDE % {
        "date": day(on),
        "drive": Drive(drive).label,
        "window": DRIVE_WINDOWS[drive],
    }
    if row is not None:
        raise ValidationError(_("Dòng %(n)s: %(message)s") % {"n": row, "message": message})
    raise ValidationError({"drive": message})


# a batch holds the fund's lock while it is written: 500 lines is a large collection day and
# is written in well under a second
BATCH_MAX_LINES = 500


def _donation_fields(
    *,
    amount,
    channel: str,
    bank_reference: str = "",
    in_kind_description: str = "",
) -> int:
    amount = clean_amount(amount)
    if channel == Channel.BANK and not bank_reference.strip():
        raise ValidationError({"bank_reference": BANK_REFERENCE_REQUIRED})
    if channel == Channel.IN_KIND and not in_kind_description.strip():
        raise ValidationError({"in_kind_description": IN_KIND_REQUIRED})
    return amount


def _check_reference(*, fund: Fund, reference: str) -> None:
    """A bank reference already in the fund is most often the same transfer entered twice."""
    if not reference:
        return
    earlier = (
        Donation.objects.filter(
            fund=fund,
            reverses__isnull=True,
            reversal__isnull=True,
            bank_reference__iexact=reference,
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        message = DUPLICATE_REFERENCE % {
            "ref": reference,
            "receipt": earlier.receipt_label,
            "date": day(earlier.date),
        }
        raise ValidationError({"bank_reference": ValidationError(message, "duplicate_reference")})


def _next_receipts(*, fund: Fund, years) -> dict[int, int]:
    # the fund row is locked by the caller: max + 1 is safe and leaves no gap
    rows = (
        Donation.objects.filter(fund=fund, receipt_year__in=set(years))
        .order_by()
        .values("receipt_year")
        .annotate(n=Max("receipt_number"))
        .values_list("receipt_year", "n")
    )
    return defaultdict(int, dict(rows))


@transaction.atomic
def donation_create(
    *,
    fund: Fund,
    amount,
    date: datetime.date,
    donor_name: str,
    donor_kind: str,
    channel: str,
    drive: str,
    is_anonymous: bool = False,
    donor_address: str = "",
    bank_reference: str = "",
    in_kind_description: str = "",
    note: str = "",
    by=None,
    confirm_duplicate_reference: bool = False,
    request_key: str = "",
) -> Donation:
    """Post one donation with the fund's next receipt number. A bank reference the fund already
    holds is refused unless `confirm_duplicate_reference`. Requests that may arrive twice go
    through `donation_post`, which keeps `request_key`."""
    amount = _donation_fields(
        amount=amount,
        channel=channel,
        bank_reference=bank_reference,
        in_kind_description=in_kind_description,
    )
    check_entry_date(fund=fund, on=date)
    check_drive_date(drive=drive, on=date)
    lock(fund)
    bank_reference = bank_reference.strip()
    if not confirm_duplicate_reference:
        _check_reference(fund=fund, reference=bank_reference)
    number = _next_receipts(fund=fund, years=[date.year])[date.year] + 1
    donation = Donation(
        fund=fund,
        date=date,
        receipt_year=date.year,
        receipt_number=number,
        posted_by=by,
        amount=amount,
        donor_name=donor_name.strip(),
        search_name=fold(donor_name),
        donor_kind=donor_kind,
        channel=channel,
        drive=drive,
        is_anonymous=is_anonymous,
        donor_address=donor_address,
        bank_reference=bank_reference,
        in_kind_description=in_kind_description,
        note=note,
        request_key=request_key,
    )
    donation.full_clean(exclude=["posted_by", "batch", "reverses"])
    donation.save()
    return donation


def _same_request(donation: Donation, fields: dict) -> bool:
    return (
        donation.fund_id == fields["fund"].pk
        and donation.amount == clean_amount(fields["amount"])
        and donation.date == fields["date"]
        and donation.donor_name == fields["donor_name"].strip()
    )


def _earlier(*, by, request_key: str, fields: dict) -> Donation | None:
    donation = Donation.objects.filter(posted_by=by, request_key=request_key).first()
    if donation is not None and not _same_request(donation, fields):
        raise ValidationError(REQUEST_KEY_REUSED % {"receipt": donation.receipt_label})
    return donation


@transaction.atomic
def donation_post(*, request_key: str, by, **fields) -> tuple[Donation, bool]:
    """`donation_create` once per request (a form's one-time token, an API client's
    Idempotency-Key): (the donation, True) the first time; (the same donation, False) when the
    same user sends the same request again, however close together; refused when the key comes
    back with another gift."""
    if not request_key or by is None:
        return donation_create(by=by, **fields), True
    lock(fields["fund"])
    earlier = _earlier(by=by, request_key=request_key, fields=fields)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return donation_create(by=by, request_key=request_key, **fields), True
    except IntegrityError:
        # the same key was posted at this moment to another fund (under another lock): the
        # unique constraint kept the first; this one is its repeat, or refused as a reuse
        earlier = _earlier(by=by, request_key=request_key, fields=fields)
        if earlier is None:
            raise
        return earlier, False


@transaction.atomic
def donation_batch_post(
    *,
    fund: Fund,
    name: str,
    date: datetime.date,
    expected_count: int,
    expected_total,
    rows: list[dict],
    by=None,
) -> DonationBatch:
    """A collection event: every row or none, and only when count and total match. The rows go
    in with one INSERT, their receipts numbered on from the fund's last, under its lock."""
    if not rows:
        raise ValidationError(BATCH_EMPTY)
    if len(rows) > BATCH_MAX_LINES:
        raise ValidationError(BATCH_TOO_LONG % {"max": BATCH_MAX_LINES, "n": len(rows)})
    expected_total = clean_amount(expected_total)
    check_entry_date(fund=fund, on=date)
    cleaned = []
    for row in rows:
        row = dict(row)
        row["amount"] = _donation_fields(
            amount=row.get("amount"),
            channel=row.get("channel", Channel.CASH),
            bank_reference=row.get("bank_reference", ""),
            in_kind_description=row.get("in_kind_description", ""),
        )
        row["date"] = check_entry_date(fund=fund, on=row.get("date", date))
        check_drive_date(drive=row.get("drive", ""), on=row["date"], row=len(cleaned) + 1)
        cleaned.append(row)
    if len(cleaned) != expected_count:
        raise ValidationError(
            BATCH_COUNT_MISMATCH % {"n": len(cleaned), "expected": expected_count}
        )
    total = sum(r["amount"] for r in cleaned)
    if total != expected_total:
        raise ValidationError(
            BATCH_TOTAL_MISMATCH % {"n": money(total), "expected": money(expected_total)}
        )
    lock(fund)
    batch = DonationBatch.objects.create(
        fund=fund, name=name, date=date, expected_count=expected_count, expected_total=total
    )
    last = _next_receipts(fund=fund, years=[r["date"].year for r in cleaned])
    donations = []
    for row in cleaned:
        year = row["date"].year
        last[year] += 1
        donor_name = row.pop("donor_name").strip()
        donation = Donation(
            fund=fund,
            receipt_year=year,
            receipt_number=last[year],
            posted_by=by,
            batch=batch,
            donor_name=donor_name,
            search_name=fold(donor_name),
            channel=row.pop("channel", Channel.CASH),
            **row,
        )
        # the fields' own rules; the constraints are the database's, in the one INSERT
        donation.full_clean(
            exclude=["posted_by", "batch", "reverses"],
            validate_unique=False,
            validate_constraints=False,
        )
        donations.append(donation)
    Donation.objects.bulk_create(donations)
    fragments.bump("fund")  # a bulk insert sends no post_save: statements must still follow
    return batch
