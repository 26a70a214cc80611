"""Judging one household or area against the meeting's criteria set: no writes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import CommuneCategory, CriteriaGroup, EvaluationMeeting, GroupKind, Outcome, PassRule
from ._common import fail

SCORE_OUT_OF_RANGE = _("Điểm nhóm {group} phải từ 0 đến {max}.")
SCORE_MISSING = _("Thiếu điểm nhóm {group}.")
CRITERION_MISSING = _("Thiếu kết quả nhóm {group} (đạt / không đạt).")
UNKNOWN_GROUP = _("Bộ tiêu chí không có nhóm {group}.")
VOTES_ABOVE_ATTENDANCE = _("Số phiếu đồng ý ({votes}) lớn hơn số tham dự ({attending}).")
VOTES_NEGATIVE = _("Số phiếu đồng ý không được âm.")


def pass_mark_for(*, meeting: EvaluationMeeting, is_poor: bool) -> int | None:
    cs = meeting.criteria_set
    if cs.rule != PassRule.SCORE:
        return None
    if (is_poor or meeting.category == CommuneCategory.DISADVANTAGED) and (
        cs.pass_mark_disadvantaged is not None
    ):
        return cs.pass_mark_disadvantaged
    if meeting.category == CommuneCategory.URBAN_CENTRAL and cs.pass_mark_urban is not None:
        return cs.pass_mark_urban
    return cs.pass_mark


def groups_of(meeting: EvaluationMeeting) -> dict[int, CriteriaGroup]:
    """The meeting's criteria groups by number, read once per meeting object."""
    cs = meeting.criteria_set
    groups = getattr(cs, "_groups_by_number", None)
    if groups is None:
        groups = cs._groups_by_number = {g.number: g for g in cs.groups.all()}
    return groups


def below_floor(*, meeting: EvaluationMeeting, results: dict) -> list[int]:
    """The scored standards under the set's floor (Nghị định 122/2018 Điều 5 k.2: each
    standard reaches 50% of its own maximum, besides the total), by number; [] when none or
    when the set has no floor. `results` as cleaned (keys are the group numbers as text)."""
    floor = meeting.criteria_set.standard_floor_pct
    if not floor:
        return []
    return [
        number
        for number, key, kind, max_points in _steps(meeting)
        if kind == _SCORED and results.get(key, 0) * 100 < max_points * floor
    ]


_SCORED, _CONDITION = str(GroupKind.SCORED.value), str(GroupKind.CONDITION.value)


def _steps(meeting: EvaluationMeeting) -> tuple:
    """(number, key, kind, max points) of each group in order, kept with the groups."""
    cs = meeting.criteria_set
    steps = getattr(cs, "_judge_steps", None)
    if steps is None:
        steps = cs._judge_steps = tuple(
            (number, str(number), str(group.kind), group.max_points)
            for number, group in sorted(groups_of(meeting).items())
        )
    return steps


def _clean_results(*, meeting: EvaluationMeeting, results: dict) -> tuple[dict, int | None]:
    # this runs for every row of an import: the groups' order and kinds are read once
    groups = groups_of(meeting)
    errors = []
    clean: dict[str, int | bool] = {}
    given = {}
    for key, value in (results or {}).items():
        if type(key) is int:
            number = key
        else:
            try:
                number = int(key)
            except (TypeError, ValueError):
                number = None
        if number not in groups:
            errors.append(str(UNKNOWN_GROUP).format(group=key))
            continue
        given[number] = value
    score = 0 if meeting.criteria_set.rule == PassRule.SCORE else None
    for number, key, kind, max_points in _steps(meeting):
        value = given.get(number)
        if kind == _SCORED:
            if value is None or value == "":
                errors.append(str(SCORE_MISSING).format(group=number))
                continue
            if type(value) is int:
                points = value
            else:
                try:
                    points = int(value)
                except (TypeError, ValueError):
                    points = -1
            if isinstance(value, bool) or points < 0 or points > max_points:
                errors.append(str(SCORE_OUT_OF_RANGE).format(group=number, max=max_points))
                continue
            clean[key] = points
            score += points
        elif kind == _CONDITION:
            if not isinstance(value, bool):
                errors.append(str(CRITERION_MISSING).format(group=number))
                continue
            clean[key] = value
        else:  # an exclusion that is not marked does not apply
            clean[key] = bool(value)
    if errors:
        raise ValidationError(errors)
    return clean, score


def judge(*, meeting: EvaluationMeeting, results: dict, votes_for: int, is_poor: bool) -> dict:
    clean, score = _clean_results(meeting=meeting, results=results)
    if votes_for is None or votes_for < 0:
        fail(VOTES_NEGATIVE)
    if votes_for > meeting.attending:
        fail(VOTES_ABOVE_ATTENDANCE, votes=votes_for, attending=meeting.attending)
    cs = meeting.criteria_set
    if cs.rule == PassRule.SCORE:
        meets = (
            score >= pass_mark_for(meeting=meeting, is_poor=is_poor)
            and below_floor(meeting=meeting, results=clean) == []
        )
    else:
        kinds = {key: kind for _n, key, kind, _m in _steps(meeting)}
        meets = all(
            value if kinds[key] == _CONDITION else not value for key, value in clean.items()
        )
    # no vote share in the set (none cited for it): the criteria decide
    agreed = (
        cs.agreement_min_pct is None or votes_for * 100 >= meeting.attending * cs.agreement_min_pct
    )
    return {
        "results": clean,
        "score": score,
        "votes_for": votes_for,
        "is_poor": is_poor,
        "meets_criteria": meets,
        "outcome": Outcome.PASSED if meets and agreed else Outcome.FAILED,
    }
