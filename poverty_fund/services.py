"""Every write of the Fund for the Poor: one transaction each.

Disbursements, receipt numbering, transfers and reversals lock the fund row(s) with
SELECT ... FOR UPDATE first, so two clerks entering at the same moment are serialized: receipts
stay gapless per fund and year, and no fund is ever spent below zero.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit, Household, UnitLevel
from residential_areas.text import fold

from .models import (
    Channel,
    Disbursement,
    Donation,
    DonationBatch,
    Fund,
    House,
    HouseholdStatus,
    HousePhoto,
    HouseStatus,
    HouseSupport,
    PovertyStandard,
    PovertyStatus,
    StatusBasis,
    SupporterKind,
    SupportNorm,
    Transfer,
)
from .selectors import fund_balance, standard_in_force

AMOUNT_INVALID = _("Số tiền phải là số nguyên đồng lớn hơn 0.")
BALANCE_TOO_LOW = _("Số dư quỹ không đủ để chi khoản này.")
BALANCE_TOO_LOW_REVERSAL = _("Không thể đảo bút toán: số dư quỹ sẽ bị âm.")
REVERSAL_OF_REVERSAL = _("Không thể đảo một bút toán đảo.")
ALREADY_REVERSED = _("Bút toán này đã được đảo.")
SAME_FUND = _("Không thể điều chuyển trong cùng một quỹ.")
SAME_LEVEL = _("Chỉ điều chuyển giữa các quỹ khác cấp.")
HOUSEHOLD_OUTSIDE = _("Hộ gia đình không thuộc địa bàn của quỹ.")
BENEFICIARY_REQUIRED = _("Cần chọn hộ được hỗ trợ hoặc ghi rõ đối tượng, nội dung chi.")
BANK_REFERENCE_REQUIRED = _("Chuyển khoản cần có mã giao dịch.")
IN_KIND_REQUIRED = _("Ủng hộ bằng hiện vật cần ghi rõ hiện vật và giá trị quy đổi.")
BATCH_COUNT_MISMATCH = _("Số phiếu đã nhập (%(n)s) khác số phiếu của đợt thu (%(expected)s).")
BATCH_TOTAL_MISMATCH = _("Tổng tiền đã nhập (%(n)s đ) khác tổng tiền của đợt thu (%(expected)s đ).")
BATCH_EMPTY = _("Đợt thu chưa có khoản ủng hộ nào.")
FUND_LEVEL = _("Quỹ chỉ lập ở cấp tỉnh, cấp huyện hoặc cấp xã.")
FUND_EXISTS = _("Đơn vị này đã có quỹ.")
NO_STANDARD = _("Chưa có chuẩn nghèo áp dụng cho năm %(year)s.")
INCOME_REQUIRED = _("Cần nhập thu nhập bình quân để phân loại theo chuẩn nghèo.")
UNKNOWN_DEPRIVATION = _("Chỉ số thiếu hụt không có trong chuẩn nghèo: %(codes)s.")
DECISION_REQUIRED = _("Cần số quyết định khi ghi theo quyết định của UBND xã.")
STATUS_REQUIRED = _("Cần chọn tình trạng của hộ.")
SUPPORTER_ORG_REQUIRED = _("Cần chọn tổ chức thành viên hỗ trợ.")
SUPPORTER_ORG_OUTSIDE = _("Tổ chức thành viên phải thuộc cấp trên của khu dân cư của hộ.")
SUPPORTER_NAME_REQUIRED = _("Cần ghi tên đơn vị hoặc cá nhân hỗ trợ.")
HOUSE_STEP = _("Không thể chuyển nhà từ trạng thái “%(old)s” sang “%(new)s”.")
HOUSE_DATE = _("Ngày bàn giao không được trước ngày khởi công.")
SUPPORT_EMPTY = _("Nguồn hỗ trợ cần có số tiền hoặc ngày công.")


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
    return value


def _lock(*funds: Fund) -> None:
    # always in primary-key order so that two transfers in opposite directions cannot deadlock
    ids = sorted({f.pk for f in funds})
    list(Fund.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


# -- funds -----------------------------------------------------------------------------------


@transaction.atomic
def fund_create(*, unit: AdministrativeUnit, name: str = "") -> Fund:
    if unit.level == UnitLevel.AREA:
        raise ValidationError({"unit": FUND_LEVEL})
    if Fund.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": FUND_EXISTS})
    return Fund.objects.create(unit=unit, name=name or f"Quỹ Vì người nghèo {unit.name}")


# -- donations -------------------------------------------------------------------------------


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


def _donation_insert(*, fund: Fund, date: datetime.date, by=None, batch=None, **fields):
    # the fund row is locked by the caller: max + 1 is safe and leaves no gap
    last = Donation.objects.filter(fund=fund, receipt_year=date.year).aggregate(
        n=Max("receipt_number")
    )["n"]
    donation = Donation(
        fund=fund,
        date=date,
        receipt_year=date.year,
        receipt_number=(last or 0) + 1,
        posted_by=by,
        batch=batch,
        search_name=fold(fields.get("donor_name", "")),
        **fields,
    )
    donation.full_clean(exclude=["posted_by", "batch", "reverses"])
    donation.save()
    return donation


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
) -> Donation:
    amount = _donation_fields(
        amount=amount,
        channel=channel,
        bank_reference=bank_reference,
        in_kind_description=in_kind_description,
    )
    _lock(fund)
    return _donation_insert(
        fund=fund,
        date=date,
        by=by,
        amount=amount,
        donor_name=donor_name.strip(),
        donor_kind=donor_kind,
        channel=channel,
        drive=drive,
        is_anonymous=is_anonymous,
        donor_address=donor_address,
        bank_reference=bank_reference.strip(),
        in_kind_description=in_kind_description,
        note=note,
    )


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
    """A collection event: every row or none, and only when count and total match."""
    if not rows:
        raise ValidationError(BATCH_EMPTY)
    expected_total = clean_amount(expected_total)
    cleaned = []
    for row in rows:
        row = dict(row)
        row["amount"] = _donation_fields(
            amount=row.get("amount"),
            channel=row.get("channel", Channel.CASH),
            bank_reference=row.get("bank_reference", ""),
            in_kind_description=row.get("in_kind_description", ""),
        )
        cleaned.append(row)
    if len(cleaned) != expected_count:
        raise ValidationError(
            BATCH_COUNT_MISMATCH % {"n": len(cleaned), "expected": expected_count}
        )
    total = sum(r["amount"] for r in cleaned)
    if total != expected_total:
        raise ValidationError(
            BATCH_TOTAL_MISMATCH
            % {
                "n": f"{total:,}".replace(",", "."),
                "expected": f"{expected_total:,}".replace(",", "."),
            }
        )
    _lock(fund)
    batch = DonationBatch.objects.create(
        fund=fund, name=name, date=date, expected_count=expected_count, expected_total=total
    )
    for row in cleaned:
        _donation_insert(
            fund=fund,
            date=row.pop("date", date),
            by=by,
            batch=batch,
            donor_name=row.pop("donor_name").strip(),
            channel=row.pop("channel", Channel.CASH),
            **row,
        )
    return batch


# -- disbursements and transfers ----------------------------------------------------------


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
    if household is None and house is not None:
        household = house.household
    if household is not None and not household.area.path.startswith(fund.unit.path):
        raise ValidationError({"household": HOUSEHOLD_OUTSIDE})
    if household is None and not beneficiary.strip():
        raise ValidationError({"beneficiary": BENEFICIARY_REQUIRED})
    _lock(fund)
    if fund_balance(fund=fund) < amount:
        raise ValidationError({"amount": BALANCE_TOO_LOW})
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
    amount = clean_amount(amount)
    if from_fund.pk == to_fund.pk:
        raise ValidationError({"to_fund": SAME_FUND})
    if from_fund.unit.level == to_fund.unit.level:
        raise ValidationError({"to_fund": SAME_LEVEL})
    _lock(from_fund, to_fund)
    if fund_balance(fund=from_fund) < amount:
        raise ValidationError({"amount": BALANCE_TOO_LOW})
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


# -- reversals -------------------------------------------------------------------------------


def _check_reversible(entry) -> None:
    if entry.reverses_id is not None:
        raise ValidationError(REVERSAL_OF_REVERSAL)
    if type(entry).objects.filter(reverses=entry).exists():
        raise ValidationError(ALREADY_REVERSED)


def _reversal_copy(entry, *, reason: str, by, **extra):
    model = type(entry)
    copy = model(
        amount=entry.amount,
        date=timezone.localdate(),
        reason=reason,
        reverses=entry,
        posted_by=by,
        **extra,
    )
    copy.save()
    return copy


@transaction.atomic
def donation_reverse(*, donation: Donation, reason: str, by=None) -> Donation:
    _lock(donation.fund)
    donation = Donation.objects.get(pk=donation.pk)
    _check_reversible(donation)
    # taking back money already spent would leave the fund below zero
    if fund_balance(fund=donation.fund) < donation.amount:
        raise ValidationError(BALANCE_TOO_LOW_REVERSAL)
    return _reversal_copy(
        donation,
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
    _lock(disbursement.fund)
    disbursement = Disbursement.objects.get(pk=disbursement.pk)
    _check_reversible(disbursement)
    return _reversal_copy(
        disbursement,
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
    _lock(transfer.from_fund, transfer.to_fund)
    transfer = Transfer.objects.get(pk=transfer.pk)
    _check_reversible(transfer)
    if fund_balance(fund=transfer.to_fund) < transfer.amount:
        raise ValidationError(BALANCE_TOO_LOW_REVERSAL)
    return _reversal_copy(
        transfer,
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


# -- poverty status --------------------------------------------------------------------------


def poverty_classify(
    *, standard: PovertyStandard, income: int, deprivations: int, area_type: str
) -> str:
    """Poor: income at or below the line and at least the standard's number of deprivations;
    near-poor: at or below the line with fewer; otherwise not poor."""
    if income > standard.income_line(area_type):
        return PovertyStatus.NOT_POOR
    if deprivations >= standard.poor_min_deprivations:
        return PovertyStatus.POOR
    return PovertyStatus.NEAR_POOR


def _supporter(*, household, kind, org, name) -> dict:
    if not kind:
        return {"supporter_kind": "", "supporter_org": None, "supporter_name": ""}
    if kind == SupporterKind.MEMBER_ORG:
        if org is None:
            raise ValidationError({"supporter_org": SUPPORTER_ORG_REQUIRED})
        if not household.area.path.startswith(org.unit.path):
            raise ValidationError({"supporter_org": SUPPORTER_ORG_OUTSIDE})
        return {"supporter_kind": kind, "supporter_org": org, "supporter_name": ""}
    if not (name or "").strip():
        raise ValidationError({"supporter_name": SUPPORTER_NAME_REQUIRED})
    return {"supporter_kind": kind, "supporter_org": None, "supporter_name": name.strip()}


@transaction.atomic
def household_status_record(
    *,
    household: Household,
    year: int,
    basis: str,
    income: int | None = None,
    deprivations: list[str] | None = None,
    status: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    supporter_kind: str = "",
    supporter_org=None,
    supporter_name: str = "",
    note: str = "",
) -> HouseholdStatus:
    """Record (or correct, with history) a household's status for a year.

    A survey is classified by the standard in force; a commune decision is taken as decided.
    """
    deprivations = sorted(set(deprivations or []))
    standard = standard_in_force(year=year)
    if basis == StatusBasis.SURVEY:
        if standard is None:
            raise ValidationError(NO_STANDARD % {"year": year})
        if income is None or isinstance(income, bool) or int(income) < 0:
            raise ValidationError({"income_per_person_month": INCOME_REQUIRED})
        unknown = set(deprivations) - set(standard.indicator_codes)
        if unknown:
            raise ValidationError(
                {"deprivations": UNKNOWN_DEPRIVATION % {"codes": ", ".join(sorted(unknown))}}
            )
        status = poverty_classify(
            standard=standard,
            income=int(income),
            deprivations=len(deprivations),
            area_type=household.area.area_type,
        )
        if status == PovertyStatus.NOT_POOR:
            before = HouseholdStatus.objects.filter(household=household, year=year - 1).first()
            if before and before.status in (PovertyStatus.POOR, PovertyStatus.NEAR_POOR):
                status = PovertyStatus.LEFT_POVERTY
    else:
        if not status:
            raise ValidationError({"status": STATUS_REQUIRED})
        if not decision_number.strip():
            raise ValidationError({"decision_number": DECISION_REQUIRED})
    values = {
        "status": status,
        "basis": basis,
        "standard": standard,
        "income_per_person_month": income,
        "deprivations": deprivations,
        "decision_number": decision_number.strip(),
        "decision_date": decision_date,
        "note": note,
        **_supporter(
            household=household, kind=supporter_kind, org=supporter_org, name=supporter_name
        ),
    }
    obj, _created = HouseholdStatus.objects.update_or_create(
        household=household, year=year, defaults=values
    )
    return obj


@transaction.atomic
def household_status_assign_supporter(
    *, status: HouseholdStatus, kind: str, org=None, name: str = ""
) -> HouseholdStatus:
    values = _supporter(household=status.household, kind=kind, org=org, name=name)
    for key, value in values.items():
        setattr(status, key, value)
    status.save(update_fields=[*values, "updated_at"])
    return status


# -- Great Unity houses ----------------------------------------------------------------------

HOUSE_NEXT = {
    HouseStatus.APPROVED: HouseStatus.BUILDING,
    HouseStatus.BUILDING: HouseStatus.HANDED_OVER,
}


def support_norm(*, year: int, kind: str) -> int:
    norm = SupportNorm.objects.filter(year__lte=year, kind=kind).order_by("-year").first()
    return norm.amount if norm else 0


@transaction.atomic
def house_create(
    *,
    household: Household,
    kind: str,
    year: int,
    approved_on: datetime.date,
    decision_number: str = "",
) -> House:
    house = House(
        household=household,
        kind=kind,
        year=year,
        approved_on=approved_on,
        decision_number=decision_number.strip(),
        default_support=support_norm(year=year, kind=kind),
    )
    house.full_clean()
    house.save()
    return house


@transaction.atomic
def house_advance(*, house: House, on: datetime.date) -> House:
    """approved -> building -> handed over, each step with its date."""
    house = House.objects.select_for_update().get(pk=house.pk)
    new = HOUSE_NEXT.get(house.status)
    if new is None:
        raise ValidationError(
            HOUSE_STEP % {"old": house.get_status_display(), "new": house.get_status_display()}
        )
    if new == HouseStatus.BUILDING:
        house.started_on = on
    else:
        if house.started_on and on < house.started_on:
            raise ValidationError({"handed_over_on": HOUSE_DATE})
        house.handed_over_on = on
    house.status = new
    house.save(update_fields=["status", "started_on", "handed_over_on"])
    return house


@transaction.atomic
def house_support_add(
    *, house: House, source: str, amount=0, labour_days: int = 0, note: str = ""
) -> HouseSupport:
    amount = 0 if amount in (0, "0", None, "") else clean_amount(amount)
    if not amount and not labour_days:
        raise ValidationError(SUPPORT_EMPTY)
    return HouseSupport.objects.create(
        house=house, source=source, amount=amount, labour_days=labour_days or 0, note=note
    )


@transaction.atomic
def house_photo_add(*, house: House, image, stage: str, caption: str = "") -> HousePhoto:
    return HousePhoto.objects.create(house=house, image=image, stage=stage, caption=caption)
