"""Checks and helpers the activities' services share: years, dates, units, organizations, who
acts, and writing a row's fields and its child rows."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import scope
from core.forms import MAX_DONG
from core.text import thousands
from residential_areas.models import AdministrativeUnit, UnitLevel

from .. import selectors as sel

NOT_AN_AREA = "Ngày hội Đại đoàn kết và hương ước chỉ ghi cho khu dân cư (thôn, xóm, tổ dân phố)."
DATE_OUTSIDE_YEAR = "Ngày phải nằm trong năm %(year)s."
UNIT_NOT_VALID_ON = "Đơn vị %(unit)s không còn hiệu lực vào ngày %(date)s."
NEGATIVE = "Số liệu không được âm."
TOO_LARGE = "Số liệu quá lớn (tối đa %(max)s)."

# the most a count may be, on every path (form, API, admin): above it, a slip of the keyboard
MAX_PEOPLE = 10_000_000  # more than the province's people
MAX_SESSIONS = 10_000
MAX_PRAISED = 1_000_000
LIMITS = {
    "participants": MAX_PEOPLE,
    "sessions": MAX_SESSIONS,
    "praised_households": MAX_PRAISED,
    "praised_people": MAX_PRAISED,
    "money_raised": MAX_DONG,
    "planned": MAX_DONG,
    "spent": MAX_DONG,
}
ORG_NOT_ABOVE = "Tổ chức thành viên phải thuộc đơn vị này hoặc đơn vị cấp trên của nó."
ORG_NOT_YOURS = "Bạn chỉ được ghi hoạt động do tổ chức của mình chủ trì."
YEAR_RANGE = "Năm không hợp lệ."


def check_year(year: int) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _(YEAR_RANGE)})


def check_date_in_year(field: str, on: datetime.date, year: int) -> None:
    if on is None or on.year != year:
        raise ValidationError({field: _(DATE_OUTSIDE_YEAR) % {"year": year}})


def check_valid_on(field: str, unit: AdministrativeUnit, on: datetime.date) -> None:
    if on is not None and not unit.is_valid_on(on):
        raise ValidationError(
            {field: _(UNIT_NOT_VALID_ON) % {"unit": unit.name, "date": on.strftime("%d/%m/%Y")}}
        )


def count_error(name: str, value) -> str | None:
    """What is wrong with a count or an amount, or None: below zero, or above its LIMITS."""
    if value is None:
        return None
    if value < 0:
        return _(NEGATIVE)
    if name in LIMITS and value > LIMITS[name]:
        return _(TOO_LARGE) % {"max": thousands(LIMITS[name])}
    return None


def check_counts(**values) -> None:
    errors = {name: e for name, value in values.items() if (e := count_error(name, value))}
    if errors:
        raise ValidationError(errors)


def check_area(field: str, unit: AdministrativeUnit) -> None:
    if unit.level != UnitLevel.AREA:
        raise ValidationError({field: _(NOT_AN_AREA)})


def check_org_above(organization, unit) -> None:
    if organization is not None and not unit.path.startswith(organization.unit.path):
        raise ValidationError({"organization": _(ORG_NOT_ABOVE)})


def ensure_front(by, unit) -> None:
    scope.ensure_can_act(by, unit, sel.FRONT_ROLES)


def ensure_org_owned(by, unit, organization) -> None:
    """Member organizations record only what they organized; the Front records anything."""
    if not scope.can_see(by, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    if sel.is_front(by, unit):
        return
    if organization is None or not organization.users.filter(pk=by.pk).exists():
        if scope.can_act(by, unit):
            raise ValidationError({"organization": _(ORG_NOT_YOURS)})
        raise PermissionDenied(_(scope.READ_ONLY))
    sel.ensure_can_edit_org_owned(by, unit, organization)


def apply_fields(obj, fields: dict, allowed: set[str]) -> None:
    for key, value in fields.items():
        if key not in allowed:
            raise TypeError(f"unexpected field {key}")
        setattr(obj, key, value)


def sync_children(*, manager, model, parent_field: str, parent, rows: list[dict]) -> None:
    """Make the children of `parent` equal `rows`: rows with an id update that child, rows
    without create one, children missing from rows are deleted (history keeps them)."""
    existing = {obj.pk: obj for obj in manager.all()}
    keep = set()
    for row in rows:
        row = dict(row)
        pk = row.pop("id", None)
        obj = existing.get(pk) if pk else None
        if obj is None:
            obj = model(**{parent_field: parent})
        for key, value in row.items():
            setattr(obj, key, value)
        obj.full_clean(exclude=[parent_field])
        obj.save()
        keep.add(obj.pk)
    for pk, obj in existing.items():
        if pk not in keep:
            obj.delete()
