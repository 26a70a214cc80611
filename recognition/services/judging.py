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
    return _groups(meeting.criteria_set)


def _groups(cs) -> dict[int, CriteriaGroup]:
    groups = getattr(cs, "_groups_by_number", None)
    if groups is None:
        groups = cs._groups_by_number = {g.number: g for g in cs.groups.all()}
    return groups


def below_floor(*, meeting: EvaluationMeeting, results: dict) -> list[int]:
    """The scored standards under the set's floor (Nghị định 122/2018 Điều 5 k.2: each
    standard reaches 50% of its own maximum, besides the total), by number; [] when none or
    when the set has no floor. `results` as cleaned (keys are the group numbers as text)."""
    return _below_floor(meeting.criteria_set, results)


def _below_floor(cs, results: dict) -> list[int]:
    floor = cs.standard_floor_pct
    if not floor:
        return []
    return [
        number
        for number, key, kind, max_points in _steps(cs)
        if kind == _SCORED and results.get(key, 0) * 100 < max_points * floor
    ]


_SCORED, _CONDITION = str(GroupKind.SCORED.value), str(GroupKind.CONDITION.value)


def _steps(cs) -> tuple:
    """(number, key, kind, max points) of each group of the set in order, kept with the set's
    groups (this runs for every row of an import: the groups' order and kinds are read once)."""
    steps = getattr(cs, "_judge_steps", None)
    if steps is None:
        steps = cs._judge_steps = tuple(
            (number, str(number), str(group.kind), group.max_points)
            for number, group in sorted(_groups(cs).items())
        )
    return steps


def _clean_results(cs, results: dict) -> tuple[dict, int | None, bool]:
    """(the results by group number as text, the score or None, whether the criteria are met
    when the set's rule is not a score)."""
    groups = _groups(cs)
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
    score = 0 if cs.rule == PassRule.SCORE else None
    met = True  # every condition met and no exclusion applying
    for number, key, kind, max_points in _steps(cs):
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
            met = met and value
        else:  # an exclusion that is not marked does not apply
            clean[key] = applies = bool(value)
            met = met and not applies
    if errors:
        raise ValidationError(errors)
    return clean, score, met


def judge(*, meeting: EvaluationMeeting, results: dict, votes_for: int, is_poor: bool) -> dict:
    cs = meeting.criteria_set  # once: a related object's descriptor costs on every row
    clean, score, met = _clean_results(cs, results)
    if votes_for is None or votes_for < 0:
        fail(VOTES_NEGATIVE)
    attending = meeting.attending
    if votes_for > attending:
        fail(VOTES_ABOVE_ATTENDANCE, votes=votes_for, attending=attending)
    if cs.rule == PassRule.SCORE:
        meets = score >= pass_mark_for(meeting=meeting, is_poor=is_poor) and not _below_floor(
            cs, clean
        )
    else:
        meets = met
    # no vote share in the set (none cited for it): the criteria decide
    agreed = cs.agreement_min_pct is None or votes_for * 100 >= attending * cs.agreement_min_pct
    return {
        "results": clean,
        "score": score,
        "votes_for": votes_for,
        "is_poor": is_poor,
        "meets_criteria": meets,
        "outcome": Outcome.PASSED if meets and agreed else Outcome.FAILED,
    }
