"""Every write of the campaign's outcomes: one transaction each, scope and rules checked here,
so the pages and the demo cannot bypass them. History is kept by simple_history on each row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role
from residential_areas.models import AdministrativeUnit, Household

from . import rules
from .models import ModelKind, ModelRecognition, UnitStatus, UnitStatusDecision

# who records the decisions: the commune's own committee and the province's staff
EDITOR_ROLES = (Role.COMMUNE_COMMITTEE, Role.PROVINCE_ADMIN, Role.MOVEMENT_BOARD)

UNIT_NOT_VALID = (
    "{unit} không có hiệu lực vào ngày {date} ({validity}): quyết định chỉ ghi cho đơn vị tồn "
    "tại vào ngày ban hành."
)
YEAR_MISMATCH = (
    "Năm đạt chuẩn {year} không khớp ngày quyết định {date}: năm phải là năm của quyết định "
    "hoặc năm liền trước."
)
FUTURE_DATE = "Ngày quyết định {date} chưa tới: chỉ ghi quyết định đã ban hành."
DUPLICATE_NUMBER = "Quyết định số {number} đã được ghi cho {unit} ở mức này."
NOT_AN_AREA = "Khu dân cư kiểu mẫu, vườn mẫu chỉ ghi cho một khu dân cư (thôn, xóm, tổ dân phố)."
NOT_RURAL_AREA = (
    "{unit} là khu dân cư đô thị: tiêu chí khu dân cư kiểu mẫu, vườn mẫu (Quyết định số "
    "33/2014/QĐ-UBND) áp dụng cho khu dân cư nông thôn."
)
MODEL_AREA_TWICE = "{unit} đã được ghi công nhận khu dân cư kiểu mẫu năm {year}."
GARDEN_TWICE = "Vườn mẫu “{name}” của {unit} đã được ghi năm {year}."
GARDEN_NEEDS_NAME = "Ghi tên chủ vườn (hoặc chọn hộ gia đình) cho vườn mẫu."
HOUSEHOLD_ELSEWHERE = "Hộ {household} không thuộc {unit}."


def _validity(unit: AdministrativeUnit) -> str:
    start = unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "…"
    end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "nay"
    return _("hiệu lực từ {start} đến {end}").format(start=start, end=end)


def _check_date(unit: AdministrativeUnit, year: int, decision_date: datetime.date) -> None:
    day = decision_date.strftime("%d/%m/%Y")
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _(FUTURE_DATE).format(date=day)})
    if not unit.is_valid_on(decision_date):
        raise ValidationError(
            {
                "decision_date": _(UNIT_NOT_VALID).format(
                    unit=unit.name, date=day, validity=_validity(unit)
                )
            }
        )
    if not decision_date.year - 1 <= year <= decision_date.year:
        raise ValidationError({"year": _(YEAR_MISMATCH).format(year=year, date=day)})


def check_kind(unit: AdministrativeUnit, status: str) -> None:
    if unit.level != "commune":
        raise ValidationError({"status": _(rules.NOT_COMMUNE)})
    kind = unit.get_kind_display().lower()
    if status == UnitStatus.URBAN and unit.kind not in rules.URBAN_KINDS:
        raise ValidationError(
            {"status": _(rules.WRONG_KIND_URBAN).format(unit=unit.name, kind=kind)}
        )
    if status != UnitStatus.URBAN and unit.kind not in rules.RURAL_KINDS:
        raise ValidationError({"status": _(rules.WRONG_KIND_NTM).format(unit=unit.name, kind=kind)})


def _refusal(decision, reason: str, held_before: int) -> str:
    day = decision.decision_date.strftime("%d/%m/%Y")
    track = rules.track_of(decision.status)
    label = UnitStatus(decision.status).label
    if reason == "nothing":
        return _(rules.NOTHING_TO_WITHDRAW).format(unit=decision.unit.name, level=label, date=day)
    if reason == "skipped":
        below = rules.ladder_of(decision.status)[rules.RANK[decision.status] - 2].label
        return _(rules.LEVEL_SKIPPED).format(
            unit=decision.unit.name, below=below, level=label, date=day
        )
    held = rules.status_label(track, held_before)
    return _(rules.LEVEL_LOWER).format(unit=decision.unit.name, held=held, date=day)


def _check_ladder(unit: AdministrativeUnit, decisions: list, new=None) -> None:
    """Replay the unit's decisions in date order; refuse when the new one (or a later one,
    after a deletion) does not follow the ladder."""
    held = {"ntm": 0, "urban": 0}
    for d in rules.ordered(decisions):
        track = rules.track_of(d.status)
        after, reason = rules.level_after(held[track], d)
        if reason:
            if d is new:
                raise ValidationError({"status": _refusal(d, reason, held[track])})
            raise ValidationError(
                _(rules.LATER_BREAKS).format(
                    unit=unit.name, reason=_refusal(d, reason, held[track])
                )
            )
        held[track] = after


@transaction.atomic
def unit_status_record(
    *,
    unit: AdministrativeUnit,
    status: str,
    year: int,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    withdraws: bool = False,
    note: str = "",
    by,
) -> UnitStatusDecision:
    """Record a decision recognising (or withdrawing) a commune-level unit's status."""
    scope.ensure_can_act(by, unit, EDITOR_ROLES)
    unit = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)  # one writer a unit
    check_kind(unit, status)
    _check_date(unit, year, decision_date)
    existing = list(UnitStatusDecision.objects.filter(unit=unit))
    if any(d.status == status and d.decision_number == decision_number for d in existing):
        raise ValidationError(
            {"decision_number": _(DUPLICATE_NUMBER).format(number=decision_number, unit=unit.name)}
        )
    decision = UnitStatusDecision(
        unit=unit,
        status=status,
        year=year,
        withdraws=withdraws,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        note=note,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    _check_ladder(unit, [*existing, decision], new=decision)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def unit_status_delete(*, decision: UnitStatusDecision, by) -> None:
    """Delete a decision entered by mistake, unless the unit's later decisions rest on it."""
    unit = AdministrativeUnit.objects.select_for_update().get(pk=decision.unit_id)
    scope.ensure_can_act(by, unit, EDITOR_ROLES)
    rest = list(UnitStatusDecision.objects.filter(unit=unit).exclude(pk=decision.pk))
    _check_ladder(unit, rest)
    decision.delete()


@transaction.atomic
def model_recognition_record(
    *,
    kind: str,
    area: AdministrativeUnit,
    year: int,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    household: Household | None = None,
    name: str = "",
    basis: str = "",
    by,
) -> ModelRecognition:
    """Record a model residential area or a model garden recognised by decision."""
    scope.ensure_can_act(by, area, EDITOR_ROLES)
    if area.level != "area":
        raise ValidationError({"area": _(NOT_AN_AREA)})
    from ..results.indicators import unit_area_type

    if unit_area_type(area) != "rural":
        raise ValidationError({"area": _(NOT_RURAL_AREA).format(unit=area.name)})
    _check_date(area, year, decision_date)
    if household is not None and household.area_id != area.pk:
        raise ValidationError(
            {"household": _(HOUSEHOLD_ELSEWHERE).format(household=household, unit=area.name)}
        )
    name = (name or "").strip()
    same = ModelRecognition.objects.select_for_update().filter(area=area, year=year, kind=kind)
    if kind == ModelKind.MODEL_AREA:
        name = ""
        if same.exists():
            raise ValidationError(_(MODEL_AREA_TWICE).format(unit=area.name, year=year))
    else:
        if not name and household is not None:
            name = household.head_name
        if not name:
            raise ValidationError({"name": _(GARDEN_NEEDS_NAME)})
        if same.filter(name=name).exists():
            raise ValidationError(_(GARDEN_TWICE).format(name=name, unit=area.name, year=year))
    record = ModelRecognition(
        kind=kind,
        area=area,
        household=household,
        name=name,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    if basis:
        record.basis = basis
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def model_recognition_delete(*, record: ModelRecognition, by) -> None:
    scope.ensure_can_act(by, record.area, EDITOR_ROLES)
    record.delete()
