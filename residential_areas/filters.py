"""The API filters every scoped list shares: a unit, by its id or by its official code.

Integrators know units by their official codes (GSO codes, "18101"), not by the portal's ids.
A code is not unique over time: when the tree changed on 1/7/2025 some new units kept an old
unit's code, so a code names the unit valid on a date (`as_of`, today by default).

The scope rule has already narrowed the queryset: a unit outside scope, by id or by code,
simply yields an empty list.
"""

import datetime

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from .models import AdministrativeUnit

# the dates the API reads: the portal's dd/mm/yyyy and ISO's yyyy-mm-dd
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = "dd/mm/yyyy hoặc yyyy-mm-dd"
# what the two formats let through (strptime takes one-digit days and months too)
DATE_PATTERN = r"^\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*$"


class DayFilter(django_filters.DateFilter):
    """A date in the portal's dd/mm/yyyy or in ISO's yyyy-mm-dd; in the schema a string with
    that pattern (not `format: date`, which would call dd/mm/yyyy invalid)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(*args, **kwargs)
        schema = {"type": "string", "pattern": DATE_PATTERN, "example": "30/06/2025"}
        # an overridden schema carries its own help: the label's
        extend_schema_field({**schema, "description": str(self._label or "")})(self)


UNIT_HELP = "Mã số (id) đơn vị trong cổng: chỉ các dòng của đơn vị đó{subtree}."
UNIT_CODE_HELP = (
    "Mã đơn vị hành chính chính thức (ví dụ 18101): chỉ các dòng của đơn vị đó{subtree}. "
    "Một mã có thể thuộc cả đơn vị cũ (đến 30/06/2025) và đơn vị mới (từ 01/07/2025): "
    "không có as_of thì lấy đơn vị còn hiệu lực hôm nay. Mã ngoài phạm vi cho danh sách rỗng."
)
AS_OF_HELP = (
    f"Ngày ({DATE_HELP}) để chọn đơn vị mang mã unit_code còn hiệu lực vào ngày đó, "
    "khi cùng một mã có ở đơn vị cũ và đơn vị mới. Chỉ dùng cùng unit_code."
)
SUBTREE = " và các đơn vị trực thuộc (cả cây con)"

BOTH_GIVEN = (
    "Chỉ dùng một trong hai tham số unit (mã số) hoặc unit_code (mã đơn vị), không dùng cả hai."
)
AS_OF_ALONE = "Tham số as_of chỉ dùng cùng unit_code: nó chọn đơn vị mang mã đó vào ngày đã cho."
AMBIGUOUS = (
    "Mã đơn vị “{code}” thuộc nhiều đơn vị ({periods}). Thêm tham số as_of=dd/mm/yyyy "
    "(ví dụ as_of={example}) để chọn đơn vị còn hiệu lực vào ngày đó."
)
AMBIGUOUS_ON_DATE = (
    "Mã đơn vị “{code}” thuộc nhiều đơn vị cùng có hiệu lực ngày {day}: hãy dùng tham số unit "
    "(mã số đơn vị, xem /api/units/?code={code})."
)


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _period(unit: AdministrativeUnit) -> str:
    if unit.valid_from and unit.valid_to:
        return f"từ {_day(unit.valid_from)} đến {_day(unit.valid_to)}"
    if unit.valid_from:
        return f"từ {_day(unit.valid_from)}"
    if unit.valid_to:
        return f"đến {_day(unit.valid_to)}"
    return "không thời hạn"


def unit_by_code(code: str, as_of: datetime.date | None = None) -> AdministrativeUnit | None:
    """The unit holding an official code on `as_of` (today when None); None when no unit has
    it then. A 400 in Vietnamese when the code is ambiguous: without `as_of`, a code of several
    units none of which is valid today (or several valid today); with it, several units valid
    that day. A code only one unit ever held names that unit, closed or not."""
    candidates = list(
        AdministrativeUnit.objects.filter(code=code).only("id", "path", "valid_from", "valid_to")
    )
    day = as_of or timezone.localdate()
    valid = [unit for unit in candidates if unit.is_valid_on(day)]
    if len(valid) == 1:
        return valid[0]
    if len(valid) > 1:
        raise ValidationError({"unit_code": [AMBIGUOUS_ON_DATE.format(code=code, day=_day(day))]})
    if as_of is not None or not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    candidates.sort(key=lambda unit: unit.valid_from or datetime.date.min)
    example = candidates[0].valid_to or candidates[0].valid_from or day
    message = AMBIGUOUS.format(
        code=code,
        periods="; ".join(_period(unit) for unit in candidates),
        example=_day(example),
    )
    raise ValidationError({"unit_code": [message]})


class UnitFilterSet(django_filters.FilterSet):
    """`?unit=<id>` or `?unit_code=<official code>[&as_of=<date>]`: the rows of that unit
    (`unit_field`, a foreign key to AdministrativeUnit)."""

    unit_field = "unit"
    subtree = False

    unit = django_filters.NumberFilter(method="filter_unit", label=UNIT_HELP.format(subtree=""))
    unit_code = django_filters.CharFilter(
        method="filter_unit_code", max_length=20, label=UNIT_CODE_HELP.format(subtree="")
    )
    as_of = DayFilter(method="filter_as_of", label=AS_OF_HELP)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("unit") is not None and data.get("unit_code"):
            raise ValidationError({"unit_code": [BOTH_GIVEN]})
        if data.get("as_of") is not None and not data.get("unit_code"):
            raise ValidationError({"as_of": [AS_OF_ALONE]})
        return super().filter_queryset(queryset)

    def filter_unit(self, qs, name, value):
        unit = AdministrativeUnit.objects.filter(pk=value).only("id", "path").first()
        return self.filter_to_unit(qs, unit)

    def filter_unit_code(self, qs, name, value):
        unit = unit_by_code(value, self.form.cleaned_data.get("as_of"))
        return self.filter_to_unit(qs, unit)

    def filter_as_of(self, qs, name, value):
        return qs  # read by filter_unit_code

    def filter_to_unit(self, qs, unit: AdministrativeUnit | None):
        if unit is None:
            return qs.none()
        return qs.filter(**{self.unit_field: unit.pk})


class SubtreeFilterSet(UnitFilterSet):
    """`?unit=<id>` or `?unit_code=<code>`: rows whose unit lies in that unit's subtree."""

    unit_path_field = "unit__path"  # the path to the row's AdministrativeUnit.path

    unit = django_filters.NumberFilter(
        method="filter_unit", label=UNIT_HELP.format(subtree=SUBTREE)
    )
    unit_code = django_filters.CharFilter(
        method="filter_unit_code", max_length=20, label=UNIT_CODE_HELP.format(subtree=SUBTREE)
    )

    def filter_to_unit(self, qs, unit: AdministrativeUnit | None):
        if unit is None:
            return qs.none()
        return qs.filter(**{f"{self.unit_path_field}__startswith": unit.path})
