"""Criteria sets by legal basis and year, and their groups."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import CriteriaGroup, CriteriaSet, GroupKind, PassRule, TitleKind
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
    attendance_min_pct: int = 60,
    agreement_min_pct: int = 60,
    certificate_after_years: int | None = None,
    notes: str = "",
    version: int = 1,
) -> CriteriaSet:
    if CriteriaSet.objects.filter(kind=kind, first_year=first_year).exists():
        fail(CRITERIA_SET_YEAR_TAKEN, kind=TitleKind(kind).label, year=first_year)
    if rule == PassRule.SCORE and pass_mark is None:
        fail(SCORE_SET_NEEDS_PASS_MARK)
    _check_groups(rule=rule, groups=groups)
    criteria_set = CriteriaSet(
        kind=kind,
        name=name,
        legal_basis=legal_basis,
        first_year=first_year,
        rule=rule,
        pass_mark=pass_mark,
        pass_mark_urban=pass_mark_urban,
        pass_mark_disadvantaged=pass_mark_disadvantaged,
        attendance_min_pct=attendance_min_pct,
        agreement_min_pct=agreement_min_pct,
        certificate_after_years=certificate_after_years,
        notes=notes,
        version=version,
    )
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
    if criteria_set.rule == PassRule.SCORE and criteria_set.pass_mark is None:
        fail(SCORE_SET_NEEDS_PASS_MARK)
    if groups is not None:
        _check_groups(rule=criteria_set.rule, groups=groups)
    criteria_set.full_clean()
    criteria_set.save()
    if groups is not None:
        criteria_set.groups.all().delete()
        _create_groups(criteria_set, groups)
    return criteria_set


@transaction.atomic
def criteria_set_new_version(
    *, source: CriteriaSet, first_year: int, name: str | None = None
) -> CriteriaSet:
    if first_year <= source.first_year:
        fail(NEW_VERSION_YEAR, year=source.first_year)
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
    return criteria_set_create(
        kind=source.kind,
        name=name or source.name,
        legal_basis=source.legal_basis,
        first_year=first_year,
        rule=source.rule,
        groups=groups,
        pass_mark=source.pass_mark,
        pass_mark_urban=source.pass_mark_urban,
        pass_mark_disadvantaged=source.pass_mark_disadvantaged,
        attendance_min_pct=source.attendance_min_pct,
        agreement_min_pct=source.agreement_min_pct,
        certificate_after_years=source.certificate_after_years,
        notes=source.notes,
        version=source.version + 1,
    )


def criteria_set_for(*, kind: str, year: int) -> CriteriaSet | None:
    """The set in force for a year: the latest one starting on or before it."""
    return (
        CriteriaSet.objects.filter(kind=kind, first_year__lte=year).order_by("-first_year").first()
    )
