"""Criteria sets by legal basis and year, and their groups."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import RULE_PARAMETERS, CriteriaGroup, CriteriaSet, GroupKind, PassRule
from ..titles import FIRST_YEAR, title_name
from ._common import fail

CRITERIA_SET_FROZEN = _(
    "Bộ tiêu chí đã được dùng để bình xét nên không sửa được; hãy tạo phiên bản mới."
)
CRITERIA_SET_YEAR_TAKEN = _("Đã có bộ tiêu chí “{kind}” áp dụng từ năm {year}.")
SCORE_TOTAL_NOT_100 = _("Tổng điểm tối đa của các nhóm tiêu chí phải bằng 100 (hiện là {total}).")
SCORE_SET_NEEDS_PASS_MARK = _("Bộ tiêu chí chấm điểm phải có điểm đạt.")
ALL_MET_NO_SCORES = _("Bộ tiêu chí xét đạt/không đạt không có nhóm chấm điểm.")
NO_GROUPS = _("Bộ tiêu chí phải có ít nhất một nhóm tiêu chí.")
NEW_VERSION_YEAR = _("Phiên bản mới phải áp dụng từ sau năm {year}.")
NO_LEGAL_BASIS = _(
    "Bộ tiêu chí phải ghi căn cứ pháp lý (số, ngày và cơ quan ban hành văn bản quy định tiêu "
    "chí); không có căn cứ thì không được dùng để bình xét."
)
PARAMETER_WITHOUT_BASIS = _(
    "“{parameter}” phải ghi căn cứ (văn bản quy định); không có căn cứ thì để trống để không áp "
    "dụng."
)
PCT_OUT_OF_RANGE = _("“{parameter}” phải từ 1 đến 100%.")
FLOOR_NEEDS_SCORE = _("Mức tối thiểu của mỗi tiêu chuẩn chỉ dùng cho bộ tiêu chí chấm điểm.")
DEADLINE_INCOMPLETE = _("Hạn bình xét phải có cả ngày và tháng, hoặc để trống cả hai.")
DEADLINE_NOT_A_DAY = _("Hạn bình xét {day}/{month} không phải là một ngày có thật.")
TITLE_NOT_YET = _("Danh hiệu “{kind}” chỉ có từ năm {year} (Luật Thi đua, khen thưởng 2022).")

# the parameters applied only when set, each with the field naming its basis
_PARAMETERS = (
    ("attendance_min_pct", "attendance_basis", _("Tỷ lệ tham dự tối thiểu")),
    ("agreement_min_pct", "agreement_basis", _("Tỷ lệ đồng ý tối thiểu")),
    ("certificate_after_years", "certificate_basis", _("Số năm liên tục để tặng giấy khen")),
    ("vote_deadline_month", "vote_deadline_basis", _("Hạn bình xét")),
)


def _check_parameters(cs: CriteriaSet) -> None:
    """What makes a set usable: a legal basis, a basis for each parameter it applies, values
    in range. Raised before anything is written."""
    if not (cs.legal_basis or "").strip():
        fail(NO_LEGAL_BASIS)
    if cs.rule == PassRule.SCORE and cs.pass_mark is None:
        fail(SCORE_SET_NEEDS_PASS_MARK)
    for field, basis, label in _PARAMETERS:
        if getattr(cs, field) is not None and not (getattr(cs, basis) or "").strip():
            fail(PARAMETER_WITHOUT_BASIS, parameter=label)
    for field, label in (
        ("attendance_min_pct", _("Tỷ lệ tham dự tối thiểu")),
        ("agreement_min_pct", _("Tỷ lệ đồng ý tối thiểu")),
        ("standard_floor_pct", _("Mức tối thiểu của mỗi tiêu chuẩn")),
    ):
        value = getattr(cs, field)
        if value is not None and not 0 < value <= 100:
            fail(PCT_OUT_OF_RANGE, parameter=label)
    if cs.standard_floor_pct is not None and cs.rule != PassRule.SCORE:
        fail(FLOOR_NEEDS_SCORE)
    month, day = cs.vote_deadline_month, cs.vote_deadline_day
    if (month is None) != (day is None):
        fail(DEADLINE_INCOMPLETE)
    if month is not None:
        try:
            datetime.date(2024, month, day)  # a leap year: 29/2 is a day
        except ValueError:
            fail(DEADLINE_NOT_A_DAY, day=day, month=month)
    first = FIRST_YEAR.get(cs.kind)
    if first and cs.first_year < first:
        fail(TITLE_NOT_YET, kind=title_name(cs.kind), year=first)


def _check_groups(*, rule: str, groups: list[dict]) -> None:
    if not groups:
        fail(NO_GROUPS)
    scored = [g for g in groups if g["kind"] == GroupKind.SCORED]
    if rule == PassRule.SCORE:
        total = sum(int(g.get("max_points") or 0) for g in scored)
        if total != 100:
            fail(SCORE_TOTAL_NOT_100, total=total)
    elif scored:
        fail(ALL_MET_NO_SCORES)


def _create_groups(criteria_set: CriteriaSet, groups: list[dict]) -> None:
    for number, g in enumerate(groups, start=1):
        CriteriaGroup.objects.create(
            criteria_set=criteria_set,
            number=g.get("number", number),
            kind=g["kind"],
            title=g["title"],
            description=g.get("description", ""),
            max_points=g.get("max_points") if g["kind"] == GroupKind.SCORED else None,
        )


@transaction.atomic
def criteria_set_create(
    *,
    kind: str,
    name: str,
    legal_basis: str,
    first_year: int,
    rule: str,
    groups: list[dict],
    pass_mark: int | None = None,
    pass_mark_urban: int | None = None,
    pass_mark_disadvantaged: int | None = None,
    standard_floor_pct: int | None = None,
    attendance_min_pct: int | None = None,
    attendance_basis: str = "",
    agreement_min_pct: int | None = None,
    agreement_basis: str = "",
    certificate_after_years: int | None = None,
    certificate_basis: str = "",
    vote_deadline_month: int | None = None,
    vote_deadline_day: int | None = None,
    vote_deadline_inclusive: bool = False,
    vote_deadline_basis: str = "",
    effective_from: datetime.date | None = None,
    notes: str = "",
    version: int = 1,
) -> CriteriaSet:
    if CriteriaSet.objects.filter(kind=kind, first_year=first_year, version=version).exists():
        fail(CRITERIA_SET_YEAR_TAKEN, kind=title_name(kind, first_year), year=first_year)
    criteria_set = CriteriaSet(
        kind=kind,
        name=name,
        legal_basis=legal_basis,
        first_year=first_year,
        rule=rule,
        pass_mark=pass_mark,
        pass_mark_urban=pass_mark_urban,
        pass_mark_disadvantaged=pass_mark_disadvantaged,
        standard_floor_pct=standard_floor_pct,
        attendance_min_pct=attendance_min_pct,
        attendance_basis=attendance_basis,
        agreement_min_pct=agreement_min_pct,
        agreement_basis=agreement_basis,
        certificate_after_years=certificate_after_years,
        certificate_basis=certificate_basis,
        vote_deadline_month=vote_deadline_month,
        vote_deadline_day=vote_deadline_day,
        vote_deadline_inclusive=vote_deadline_inclusive,
        vote_deadline_basis=vote_deadline_basis,
        effective_from=effective_from,
        notes=notes,
        version=version,
    )
    _check_parameters(criteria_set)
    _check_groups(rule=rule, groups=groups)
    criteria_set.full_clean()
    criteria_set.save()
    _create_groups(criteria_set, groups)
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *, criteria_set: CriteriaSet, groups: list[dict] | None = None, **fields
) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    # a set that has judged households is part of their record: change it by a new version
    if criteria_set.is_frozen:
        fail(CRITERIA_SET_FROZEN)
    for key, value in fields.items():
        setattr(criteria_set, key, value)
    _check_parameters(criteria_set)
    if groups is not None:
        _check_groups(rule=criteria_set.rule, groups=groups)
    criteria_set.full_clean()
    criteria_set.save()
    if groups is not None:
        criteria_set.groups.all().delete()
        _create_groups(criteria_set, groups)
    return criteria_set


# what a new version copies from its source unless told otherwise
_COPIED = (
    "legal_basis",
    "rule",
    *RULE_PARAMETERS,
    "notes",
)


@transaction.atomic
def criteria_set_new_version(
    *,
    source: CriteriaSet,
    first_year: int,
    name: str | None = None,
    effective_from: datetime.date | None = None,
    groups: list[dict] | None = None,
    **changes,
) -> CriteriaSet:
    """A new version of a set: from a later year, or (with `effective_from`) a correction of
    the same years that judges the meetings recorded from that day on, while the meetings
    recorded before keep the version they were judged by."""
    if first_year < source.first_year or (
        first_year == source.first_year and effective_from is None
    ):
        fail(NEW_VERSION_YEAR, year=source.first_year)
    if groups is None:
        groups = [
            {
                "number": g.number,
                "kind": g.kind,
                "title": g.title,
                "description": g.description,
                "max_points": g.max_points,
            }
            for g in source.groups.order_by("number")
        ]
    values = {field: getattr(source, field) for field in _COPIED} | changes
    latest = (
        CriteriaSet.objects.filter(kind=source.kind, first_year=first_year)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return criteria_set_create(
        kind=source.kind,
        name=name or source.name,
        first_year=first_year,
        groups=groups,
        effective_from=effective_from,
        version=max(source.version, latest or 0) + 1,
        **values,
    )


def criteria_set_for(
    *, kind: str, year: int, on: datetime.date | None = None
) -> CriteriaSet | None:
    """The set in force for a year, for a meeting recorded on `on` (today by default): the
    latest first year on or before `year`, then its newest version already effective."""
    on = on or timezone.localdate()
    return (
        CriteriaSet.objects.filter(kind=kind, first_year__lte=year)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .order_by("-first_year", "-version")
        .first()
    )
