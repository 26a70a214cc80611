import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, AreaType, Household, UnitKind, UnitLevel

OWN_ANCESTOR = "Không thể đặt một đơn vị làm cấp trên của chính nó hoặc của đơn vị cấp trên nó."
CODE_OVERLAP = "Mã đơn vị {code} đã được dùng cho một đơn vị khác trong cùng thời gian hiệu lực."
HAS_CHILDREN = "Không thể xóa đơn vị còn đơn vị trực thuộc; hãy đóng đơn vị bằng ngày hết hiệu lực."
HAS_DATA = "Không thể xóa đơn vị đã có dữ liệu ({what}); hãy đóng đơn vị bằng ngày hết hiệu lực."
BAD_CODE = "Mã đơn vị không được chứa dấu '/' hoặc khoảng trắng."
VALIDITY_ORDER = "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."
NOT_AN_AREA = "Hộ gia đình phải thuộc một khu dân cư (thôn, xóm, tổ dân phố)."

URBAN_COMMUNE_KINDS = (UnitKind.WARD, UnitKind.TOWNSHIP)
RURAL_AREA_KINDS = (UnitKind.VILLAGE, UnitKind.HAMLET)


def area_kind_for(*, commune_kind: str, kind: str) -> tuple[str, str]:
    """The kind and area type a residential area takes inside a commune of `commune_kind`:
    in a phường or thị trấn a tổ dân phố (urban); in a xã a thôn or xóm (rural), a tổ dân phố
    becoming a thôn. An area that moves to another commune at a merger follows the new one."""
    if commune_kind in URBAN_COMMUNE_KINDS:
        return UnitKind.QUARTER, AreaType.URBAN
    return (kind if kind in RURAL_AREA_KINDS else UnitKind.VILLAGE), AreaType.RURAL


def _follow_commune(unit: AdministrativeUnit, parent: AdministrativeUnit | None) -> None:
    """A commune's type follows its kind (xã rural; phường, thị trấn urban) and a residential
    area takes its commune's kind and type, whatever was asked: the commune's kind decides
    which criteria and which poverty line apply to its households."""
    if unit.level == UnitLevel.COMMUNE and unit.kind in (UnitKind.COMMUNE, *URBAN_COMMUNE_KINDS):
        urban = unit.kind in URBAN_COMMUNE_KINDS
        unit.area_type = AreaType.URBAN if urban else AreaType.RURAL
    if unit.level == UnitLevel.AREA and parent is not None and parent.level == UnitLevel.COMMUNE:
        unit.kind, unit.area_type = area_kind_for(commune_kind=parent.kind, kind=unit.kind)


def _areas_follow(commune: AdministrativeUnit) -> None:
    """After a commune changes kind, its residential areas follow it."""
    for area in commune.children.filter(level=UnitLevel.AREA):
        kind, area_type = area_kind_for(commune_kind=commune.kind, kind=area.kind)
        if (kind, area_type) != (area.kind, area.area_type):
            area.kind, area.area_type = kind, area_type
            area.save(update_fields=["kind", "area_type"])


def _check_code(*, code: str, valid_from, valid_to, exclude_pk=None) -> None:
    if not code or "/" in code or code != code.strip() or " " in code:
        raise ValidationError({"code": _(BAD_CODE)})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _(VALIDITY_ORDER)})
    overlapping = AdministrativeUnit.objects.filter(code=code)
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    # two validity windows overlap unless one ends before the other starts
    if valid_to:
        overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_to))
    if valid_from:
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if overlapping.exists():
        raise ValidationError({"code": _(CODE_OVERLAP).format(code=code)})


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: AdministrativeUnit | None,
    area_type: str = "rural",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> AdministrativeUnit:
    _check_code(code=code, valid_from=valid_from, valid_to=valid_to)
    unit = AdministrativeUnit(
        code=code,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        area_type=area_type,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _follow_commune(unit, parent)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def unit_update(*, unit: AdministrativeUnit, **fields) -> AdministrativeUnit:
    """Change a unit; moving it under another parent re-roots its whole subtree in one UPDATE."""
    new_parent = fields.pop("parent", unit.parent)
    if new_parent is not None and (
        new_parent.pk == unit.pk or new_parent.path.startswith(unit.path)
    ):
        raise ValidationError({"parent": _(OWN_ANCESTOR)})
    for key, value in fields.items():
        setattr(unit, key, value)
    _check_code(
        code=unit.code, valid_from=unit.valid_from, valid_to=unit.valid_to, exclude_pk=unit.pk
    )
    _follow_commune(unit, new_parent)
    unit.full_clean(exclude=["path", "parent"])
    old_path = unit.path
    unit.parent = new_parent
    unit.path = f"{new_parent.path if new_parent else ''}{unit.pk}/"
    unit.save()
    if unit.path != old_path:
        AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1))
        )
    if unit.level == UnitLevel.COMMUNE:
        _areas_follow(unit)
    return unit


@transaction.atomic
def unit_close(
    *,
    unit: AdministrativeUnit,
    valid_to: datetime.date,
    successor: AdministrativeUnit | None = None,
) -> AdministrativeUnit:
    return unit_update(unit=unit, valid_to=valid_to, successor=successor)


def _data_holders(unit: AdministrativeUnit) -> list[str]:
    """Names of the kinds of data that point at this unit (any app, any model)."""
    found = []
    for rel in unit._meta.related_objects:
        model = rel.related_model
        if model._meta.label.startswith("residential_areas.Historical") or "historical" in (
            model._meta.model_name
        ):
            continue
        if rel.name in ("children",):
            continue
        if model.objects.filter(**{rel.field.name: unit}).exists():
            found.append(str(model._meta.verbose_name))
    return found


@transaction.atomic
def unit_delete(*, unit: AdministrativeUnit) -> None:
    if unit.children.exists():
        raise ValidationError(_(HAS_CHILDREN))
    holders = _data_holders(unit)
    if holders:
        raise ValidationError(_(HAS_DATA).format(what=", ".join(holders)))
    unit.delete()


@transaction.atomic
def household_create(*, area: AdministrativeUnit, code: str, head_name: str, **fields) -> Household:
    if area.level != UnitLevel.AREA:
        raise ValidationError({"area": _(NOT_AN_AREA)})
    household = Household(area=area, code=code, head_name=head_name, **fields)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_update(*, household: Household, **fields) -> Household:
    area = fields.get("area", household.area)
    if area.level != UnitLevel.AREA:
        raise ValidationError({"area": _(NOT_AN_AREA)})
    for key, value in fields.items():
        setattr(household, key, value)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def area_carry_over(
    *,
    area: AdministrativeUnit,
    commune: AdministrativeUnit,
    on: datetime.date,
    code: str,
    name: str | None = None,
) -> AdministrativeUnit:
    """At a merger: the residential area continues under `commune` from `on` as a new unit (the
    tree as of an earlier date keeps it where it was), of the kind and type `commune` gives it;
    the old one closes the day before and points at the new one."""
    new = unit_create(
        code=code,
        name=name or area.name,
        kind=area.kind,
        level=UnitLevel.AREA,
        parent=commune,
        valid_from=on,
    )
    unit_close(unit=area, valid_to=on - datetime.timedelta(days=1), successor=new)
    return new
