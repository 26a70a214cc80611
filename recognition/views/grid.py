"""The evaluation grid of a meeting: one row per household (or residential area).

The page's script (static/js/evaluation_grid.js) shows a live total and "Đạt" / "Chưa đạt"
from the rule's numbers rendered here into data attributes; the server stays the judge: each
row is judged by `judging.judge` before anything is written, and its errors are put on the
row's own fields so the page can show them where they belong."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import GroupKind, PassRule, TitleKind
from ..services import judging


@dataclass
class GridCell:
    bound: object  # the bound field
    group: object  # its CriteriaGroup
    label: str


@dataclass
class GridRow:
    subject: object
    anchor: str
    cells: list
    votes: object
    poor: object | None
    errors: list = field(default_factory=list)


def group_label(group) -> str:
    if group.kind == GroupKind.EXCLUSION:
        name = _("Loại trừ %(n)s") % {"n": group.number}
    else:
        name = _("Nhóm %(n)s") % {"n": group.number}
    if group.max_points:
        name += " " + _("(tối đa %(max)s)") % {"max": group.max_points}
    return name


def grid_dress(form, meeting) -> None:
    """The limits of each input, as the browser should know them: 0..maximum for a score,
    0..attendance for the votes; and the server's own words for a score out of range."""
    for subject, names, _ev in form.rows:
        for group, name in zip(form.groups, names, strict=True):
            attrs = form.fields[name].widget.attrs
            attrs["data-group"] = str(group.number)
            attrs["data-kind"] = str(group.kind)
            if group.kind == GroupKind.SCORED:
                message = str(judging.SCORE_OUT_OF_RANGE).format(
                    group=group.number, max=group.max_points
                )
                _limit(form.fields[name], group.max_points, message)
        message = _("Số phiếu đồng ý phải từ 0 đến %(n)s (số tham dự).") % {"n": meeting.attending}
        _limit(form.fields[f"r{subject.pk}_votes"], meeting.attending, message)
        form.fields[f"r{subject.pk}_votes"].widget.attrs["data-votes"] = ""
        if form.with_poor:
            form.fields[f"r{subject.pk}_poor"].widget.attrs["data-poor"] = ""


def _limit(field, maximum, message) -> None:
    field.widget.attrs.update(
        {
            "min": "0",
            "max": str(maximum),
            "step": "1",
            "inputmode": "numeric",
            "class": "form-control form-control-sm grid-input",
            "data-range-error": message,
        }
    )
    # a word instead of a number gets the same words as a number out of range
    field.error_messages["invalid"] = message


def grid_rule(meeting) -> dict:
    """The rule's numbers, for the data attributes the script reads."""
    cs = meeting.criteria_set
    rule = {
        "rule": cs.rule,
        "attending": meeting.attending,
        "agreement": cs.agreement_min_pct,
        "floor": cs.standard_floor_pct if cs.rule == PassRule.SCORE else None,
        "pass_mark": "",
        "pass_mark_poor": "",
    }
    if cs.rule == PassRule.SCORE:
        rule["pass_mark"] = judging.pass_mark_for(meeting=meeting, is_poor=False)
        rule["pass_mark_poor"] = judging.pass_mark_for(meeting=meeting, is_poor=True)
    return rule


def grid_check(form, meeting) -> bool:
    """Judge every row that will be recorded, without writing; put each error on its field.
    True when every row passed the checks."""
    names = {subject.pk: row_names for subject, row_names, _ev in form.rows}
    ok = True
    for row in form.service_rows():
        subject = row.get("household") or row.get("area")
        if any(name in form.errors for name in [*names[subject.pk], f"r{subject.pk}_votes"]):
            ok = False  # a value that is not a number: its own message is already there
            continue
        try:
            judging.judge(
                meeting=meeting,
                results=row["results"],
                votes_for=row["votes_for"],
                is_poor=row["is_poor"],
            )
        except ValidationError as exc:
            ok = False
            messages = list(exc.messages)
            # judge stops at the scores; the votes are shown wrong at the same time
            votes = row["votes_for"]
            if votes < 0 and str(judging.VOTES_NEGATIVE) not in messages:
                messages.append(str(judging.VOTES_NEGATIVE))
            elif votes > meeting.attending:
                above = str(judging.VOTES_ABOVE_ATTENDANCE).format(
                    votes=votes, attending=meeting.attending
                )
                if above not in messages:
                    messages.append(above)
            for message in messages:
                form.add_error(_field_of(message, form.groups, names[subject.pk], subject), message)
    return ok


def _field_of(message, groups, names, subject) -> str:
    for group, name in zip(groups, names, strict=True):
        for template in (
            judging.SCORE_OUT_OF_RANGE,
            judging.SCORE_MISSING,
            judging.CRITERION_MISSING,
        ):
            if message == str(template).format(group=group.number, max=group.max_points):
                return name
    return f"r{subject.pk}_votes"


def grid_rows(form, meeting) -> list[GridRow]:
    prefix = "ho" if meeting.kind == TitleKind.FAMILY else "khu"
    rows = []
    for subject, fields, votes, poor, _ev in form.row_fields():
        cells = [
            GridCell(bound=f, group=g, label=group_label(g))
            for f, g in zip(fields, form.groups, strict=True)
        ]
        errors = []
        for f in [*fields, votes]:
            if f.errors:
                # the message under the field is what a screen reader hears with it
                f.field.widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{f.auto_id}-error",
                        "class": f.field.widget.attrs.get("class", "") + " is-invalid",
                    }
                )
                errors.extend(f.errors)
        rows.append(
            GridRow(
                subject=subject,
                anchor=f"{prefix}-{subject.pk}",
                cells=cells,
                votes=votes,
                poor=poor,
                errors=errors,
            )
        )
    return rows
