"""Poverty status of households by year, and the Great Unity houses built for them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit, Household, UnitKind

from ..lineage import commune_on
from ..models import (
    AreaLine,
    House,
    HouseholdStatus,
    HousePhoto,
    HouseStatus,
    HouseSupport,
    PovertyExit,
    PovertyStandard,
    PovertyStatus,
    StatusBasis,
    SupporterKind,
    SupportNorm,
)
from ..selectors import standard_in_force
from .ledger import clean_amount, unit_life

NO_STANDARD = _(
    "Chưa có chuẩn nghèo áp dụng cho năm %(year)s: hộ được phân loại theo chuẩn nghèo đa chiều "
    "do Chính phủ quy định cho năm rà soát, mà các chuẩn đã có chỉ áp dụng cho %(periods)s. "
    "Không thể phân loại hộ theo kết quả rà soát năm này."
)
SURVEY_DATE_YEAR = _("Ngày rà soát %(date)s không thuộc năm %(year)s của danh sách.")
INCOME_REQUIRED = _("Cần nhập thu nhập bình quân để phân loại theo chuẩn nghèo.")
UNKNOWN_DEPRIVATION = _("Chỉ số thiếu hụt không có trong chuẩn nghèo: %(codes)s.")
DECISION_REQUIRED = _("Cần số quyết định khi ghi theo quyết định của UBND xã.")
STATUS_REQUIRED = _("Cần chọn tình trạng của hộ.")
SUPPORTER_ORG_REQUIRED = _("Cần chọn tổ chức thành viên hỗ trợ.")
SUPPORTER_ORG_OUTSIDE = _("Tổ chức thành viên phải thuộc cấp trên của khu dân cư của hộ.")
SUPPORTER_NAME_REQUIRED = _("Cần ghi tên đơn vị hoặc cá nhân hỗ trợ.")
HOUSEHOLD_AREA_NOT_VALID = _(
    "Mỗi bản ghi chỉ gắn với đơn vị có hiệu lực vào ngày của nó: hộ %(household)s thuộc "
    "%(area)s (%(life)s), mà ngày %(date)s cả đơn vị này lẫn các đơn vị trước và sau nó "
    "(sáp nhập, kế thừa) đều không có hiệu lực."
)
SUPPORTER_ORG_NOT_VALID = _(
    "Tổ chức thành viên hỗ trợ phải thuộc đơn vị có hiệu lực trong năm %(year)s: %(org)s thuộc "
    "%(unit)s %(life)s."
)
HOUSE_STEP = _("Không thể chuyển nhà từ trạng thái “%(old)s” sang “%(new)s”.")
HOUSE_DATE = _("Ngày bàn giao không được trước ngày khởi công.")
SUPPORT_EMPTY = _("Nguồn hỗ trợ cần có số tiền hoặc ngày công.")


URBAN_KINDS = frozenset({UnitKind.WARD, UnitKind.TOWNSHIP})


def _standard_periods() -> str:
    """ "2022-2025 (Nghị định 07/2021/NĐ-CP); ...": the standards on record, with their source."""
    rows = PovertyStandard.objects.order_by("first_year")
    periods = [
        f"{s.first_year}-{s.last_year or '…'} ({s.legal_basis})"
        if s.last_year != s.first_year
        else f"{s.first_year} ({s.legal_basis})"
        for s in rows
    ]
    return "; ".join(periods) or str(_("không năm nào (chưa nhập chuẩn nghèo)"))


def household_commune_on(*, household: Household, on: datetime.date) -> AdministrativeUnit | None:
    """The commune-level unit the household lived under on a day, if one existed that day."""
    commune = commune_on(area=household.area, on=on)
    return commune if commune is not None and commune.is_valid_on(on) else None


def check_household_on(*, household: Household, on: datetime.date, any_of=()) -> None:
    """A record of a household needs a unit of its line that existed on its day (or on one of
    `any_of`, for a record of a whole year)."""
    if any(household_commune_on(household=household, on=d) for d in (on, *any_of)):
        return
    area = household.area
    raise ValidationError(
        HOUSEHOLD_AREA_NOT_VALID
        % {
            "household": household.head_name,
            "area": area.name,
            "life": unit_life(area),
            "date": on.strftime("%d/%m/%Y"),
        }
    )


def area_line_on(*, area: AdministrativeUnit, on: datetime.date) -> str:
    """xã: the rural line; phường, thị trấn: the urban line (by the commune on that day)."""
    commune = commune_on(area=area, on=on)
    if commune is None:
        return area.area_type
    return AreaLine.URBAN if commune.kind in URBAN_KINDS else AreaLine.RURAL


def poverty_exit(*, before: str | None, now: str) -> str:
    """Poor to near-poor or not poor: leaving poverty; near-poor to not poor: leaving
    near-poverty."""
    if before == PovertyStatus.POOR and now in (PovertyStatus.NEAR_POOR, PovertyStatus.NOT_POOR):
        return PovertyExit.LEFT_POVERTY
    if before == PovertyStatus.NEAR_POOR and now == PovertyStatus.NOT_POOR:
        return PovertyExit.LEFT_NEAR_POVERTY
    return PovertyExit.NONE


def _refresh_next_exit(*, household: Household, year: int, status: str) -> None:
    """A corrected (or late) year changes what the next year counts as leaving poverty."""
    later = HouseholdStatus.objects.filter(household=household, year=year + 1).first()
    if later is None:
        return
    new = poverty_exit(before=status, now=later.status)
    if new != later.exit:
        later.exit = new
        later.save(update_fields=["exit", "updated_at"])


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


def _org_inside(*, household, org, year: int) -> bool:
    """The organization's unit holds the household's area, now or, across a merger, in the
    year (the commune the household lived under on the last day of the year the unit had)."""
    if household.area.path.startswith(org.unit.path):
        return True
    last = datetime.date(year, 12, 31)
    if org.unit.valid_to and org.unit.valid_to < last:
        last = org.unit.valid_to
    commune = household_commune_on(household=household, on=last)
    return commune is not None and commune.path.startswith(org.unit.path)


def _supporter(*, household, kind, org, name, year: int) -> dict:
    if not kind:
        return {"supporter_kind": "", "supporter_org": None, "supporter_name": ""}
    if kind == SupporterKind.MEMBER_ORG:
        if org is None:
            raise ValidationError({"supporter_org": SUPPORTER_ORG_REQUIRED})
        unit = org.unit
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        # the organization's unit existed at some time in the year
        if (unit.valid_from and unit.valid_from > last) or (
            unit.valid_to and unit.valid_to < first
        ):
            raise ValidationError(
                {
                    "supporter_org": SUPPORTER_ORG_NOT_VALID
                    % {"year": year, "org": org.name, "unit": unit.name, "life": unit_life(unit)}
                }
            )
        if not _org_inside(household=household, org=org, year=year):
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
    is_hardship: bool = False,
    surveyed_on: datetime.date | None = None,
) -> HouseholdStatus:
    """Record (or correct, with history) a household's status for a year.

    A survey is classified by the standard in force for the year, by the rural or urban line
    of the commune-level unit the household's area belonged to on the survey date (the last
    day of the year when none is given); a commune decision is taken as decided. Leaving
    poverty is derived from the year before; hardship is a flag beside the status.
    """
    deprivations = sorted(set(deprivations or []))
    standard = standard_in_force(year=year)
    area_line = ""
    if surveyed_on is not None and surveyed_on.year != year:
        raise ValidationError(
            {
                "surveyed_on": SURVEY_DATE_YEAR
                % {"date": surveyed_on.strftime("%d/%m/%Y"), "year": year}
            }
        )
    if basis == StatusBasis.SURVEY and surveyed_on is not None:
        check_household_on(household=household, on=surveyed_on)
    else:
        # a decision, or a survey with no date, is a record of the whole year
        check_household_on(
            household=household,
            on=datetime.date(year, 12, 31),
            any_of=(datetime.date(year, 1, 1),),
        )
    if basis == StatusBasis.SURVEY:
        if standard is None:
            raise ValidationError(NO_STANDARD % {"year": year, "periods": _standard_periods()})
        if income is None or isinstance(income, bool) or int(income) < 0:
            raise ValidationError({"income_per_person_month": INCOME_REQUIRED})
        unknown = set(deprivations) - set(standard.indicator_codes)
        if unknown:
            raise ValidationError(
                {"deprivations": UNKNOWN_DEPRIVATION % {"codes": ", ".join(sorted(unknown))}}
            )
        area_line = area_line_on(area=household.area, on=surveyed_on or datetime.date(year, 12, 31))
        status = poverty_classify(
            standard=standard,
            income=int(income),
            deprivations=len(deprivations),
            area_type=area_line,
        )
    else:
        if not status:
            raise ValidationError({"status": STATUS_REQUIRED})
        if status not in PovertyStatus.values:
            raise ValidationError({"status": STATUS_REQUIRED})
        if not decision_number.strip():
            raise ValidationError({"decision_number": DECISION_REQUIRED})
    before = (
        HouseholdStatus.objects.filter(household=household, year=year - 1)
        .values_list("status", flat=True)
        .first()
    )
    values = {
        "status": status,
        "exit": poverty_exit(before=before, now=status),
        "is_hardship": bool(is_hardship),
        "area_line": area_line,
        "surveyed_on": surveyed_on if basis == StatusBasis.SURVEY else None,
        "basis": basis,
        "standard": standard,
        "income_per_person_month": income,
        "deprivations": deprivations,
        "decision_number": decision_number.strip(),
        "decision_date": decision_date,
        "note": note,
        **_supporter(
            household=household,
            kind=supporter_kind,
            org=supporter_org,
            name=supporter_name,
            year=year,
        ),
    }
    obj, _created = HouseholdStatus.objects.update_or_create(
        household=household, year=year, defaults=values
    )
    _refresh_next_exit(household=household, year=year, status=status)
    return obj


@transaction.atomic
def household_status_assign_supporter(
    *, status: HouseholdStatus, kind: str, org=None, name: str = ""
) -> HouseholdStatus:
    values = _supporter(household=status.household, kind=kind, org=org, name=name, year=status.year)
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
