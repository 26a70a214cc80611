"""Re-judging earlier years under the rules in force now, read-only.

A corrected rule judges only the meetings recorded after it (a new version of the set); the
evaluations already recorded keep the version they were judged by. This tells what the rules
in force now would change in them, so the people who decided can look again: nothing is
written."""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import EvaluationMeeting, Outcome
from .services.criteria import criteria_set_for
from .services.judging import below_floor, judge
from .services.meetings import check_vote_deadline
from .titles import title_name


@dataclass
class Recheck:
    meetings: int = 0
    evaluations: int = 0
    unchanged: int = 0
    to_passed: int = 0
    to_failed: int = 0
    unjudgeable: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.to_passed + self.to_failed


def _probe(meeting: EvaluationMeeting, criteria_set) -> EvaluationMeeting:
    # an unsaved copy judged by the set in force: the meeting itself is not touched
    probe = copy.copy(meeting)
    probe.criteria_set = copy.copy(criteria_set)
    return probe


def recheck_titles(*, year: int | None = None) -> Recheck:
    report = Recheck()
    meetings = EvaluationMeeting.objects.select_related("criteria_set", "unit", "decision")
    if year is not None:
        meetings = meetings.filter(year=year)
    for meeting in meetings.order_by("year", "kind", "unit__path"):
        report.meetings += 1
        current = criteria_set_for(kind=meeting.kind, year=meeting.year)
        if current is None:
            continue
        probe = _probe(meeting, current)
        where = f"{meeting.year} · {title_name(meeting.kind, meeting.year)} · {meeting.unit.name}"
        decided = (
            _(" [đã có quyết định công nhận số %(n)s]") % {"n": meeting.decision.number}
            if meeting.decision_id
            else ""
        )
        if current.pk != meeting.criteria_set_id:
            try:
                check_vote_deadline(
                    criteria_set=current, year=meeting.year, held_on=meeting.held_on
                )
            except ValidationError as exc:
                report.lines.append(f"- {where}: {exc.messages[0]}{decided}")
            if meeting.is_valid and not probe.is_valid:
                report.lines.append(
                    f"- {where}: "
                    + _("cuộc họp không còn hợp lệ (tham dự %(pct)s%% dưới mức %(min)s%%)")
                    % {"pct": meeting.attendance_pct, "min": current.attendance_min_pct}
                    + decided
                )
        for evaluation in meeting.evaluations.select_related("household", "area"):
            report.evaluations += 1
            subject = evaluation.household or evaluation.area
            try:
                judged = judge(
                    meeting=probe,
                    results=evaluation.results,
                    votes_for=evaluation.votes_for,
                    is_poor=evaluation.is_poor,
                )
            except ValidationError as exc:
                report.unjudgeable += 1
                report.lines.append(
                    f"- {where} · {subject}: "
                    + _("không xét lại được (%(why)s)") % {"why": "; ".join(exc.messages)}
                )
                continue
            if judged["outcome"] == evaluation.outcome:
                report.unchanged += 1
                continue
            if judged["outcome"] == Outcome.PASSED:
                report.to_passed += 1
            else:
                report.to_failed += 1
            why = []
            if judged["score"] is not None:
                why.append(_("%(n)s điểm") % {"n": judged["score"]})
            low = below_floor(meeting=probe, results=judged["results"])
            if low:
                why.append(
                    _("tiêu chuẩn %(groups)s dưới mức tối thiểu %(pct)s%% điểm của tiêu chuẩn")
                    % {"groups": ", ".join(map(str, low)), "pct": current.standard_floor_pct}
                )
            report.lines.append(
                f"- {where} · {subject}: {Outcome(evaluation.outcome).label} → "
                f"{Outcome(judged['outcome']).label}"
                + (f" ({'; '.join(why)})" if why else "")
                + decided
            )
    return report


def summary(report: Recheck, year: int | None) -> list[str]:
    """The report's lines in Vietnamese: counts first, then each change."""
    scope = _("năm %(y)s") % {"y": year} if year else _("tất cả các năm")
    return [
        _(
            "Rà soát danh hiệu %(scope)s theo quy tắc đang áp dụng (chỉ đọc, không thay đổi dữ liệu)."
        )
        % {"scope": scope},
        _(
            "Cuộc họp bình xét: %(m)s; kết quả bình xét: %(e)s; giữ nguyên: %(u)s; sẽ thay đổi: "
            "%(c)s (Đạt → Không đạt: %(f)s; Không đạt → Đạt: %(p)s); không xét lại được: %(x)s."
        )
        % {
            "m": report.meetings,
            "e": report.evaluations,
            "u": report.unchanged,
            "c": report.changed,
            "f": report.to_failed,
            "p": report.to_passed,
            "x": report.unjudgeable,
        },
        *report.lines,
    ]
