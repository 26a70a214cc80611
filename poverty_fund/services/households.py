"""Poverty status of households by year, and the Great Unity houses built for them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from residential_areas.models import Household

from ..models import (
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
)
from ..selectors import standard_in_force
from .ledger import clean_amount

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
