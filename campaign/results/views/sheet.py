"""The values part of the submission page, as each reader needs it: the unit edits (inputs,
the rules' messages at each field, last year's value), the board reviews (each value beside
last year's, the change, the warnings, the unit's notes and sources, a comment box), anyone
else reads. Cached per version of the submission: every write and every event bumps it."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import fragments

from .. import selectors, services, timeliness
from ..models import SubmissionStatus, ValueType
from ..numbers import format_number, input_text
from ..rules import indicator_label


def _change(value, last) -> str:
    if value is None or last is None:
        return ""
    diff = value - last
    text = ("+" if diff > 0 else "") + format_number(diff)
    if last:
        pct = (diff * 100 / last).quantize(Decimal("0.1"))
        text += f" ({'+' if pct > 0 else ''}{format_number(pct)}%)"
    return text


def _row(row, check, previous) -> dict:
    ind = row.indicator
    last = previous.get(ind.code)
    if last is None and ind.previous_code:
        last = previous.get(ind.previous_code)
    is_text = ind.value_type == ValueType.TEXT
    return {
        "code": ind.code,
        "name": ind.name,
        "label": indicator_label(ind),
        "tab": ind.content_area.number,
        "unit_of_measure": ind.unit_of_measure,
        "required": ind.required,
        "value_type": ind.value_type,
        "is_computed": ind.is_computed,
        "is_text": is_text,
        "input": row.invalid_input or input_text(row.value),
        "invalid_input": row.invalid_input,
        "value": row.value,
        "shown": row.text_value if is_text else format_number(row.value),
        "text_value": row.text_value,
        "source": row.source,
        "prefilled": format_number(row.prefilled_value),
        "previous": format_number(last),
        "change": "" if is_text else _change(row.value, last),
        "errors": check.errors.get(ind.code, []),
        "warnings": check.warnings.get(ind.code, []),
        "note": row.note,
        "comment": row.reviewer_comment,
    }


def _resubmission(submission, last_return, rows) -> list[dict]:
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
        return []
    if last_return is None:
        return []
    return [
        {"label": indicator_label(c["indicator"]), "before": c["before"], "after": c["after"]}
        for c in selectors.changes_since(last_return.snapshot, rows)
    ]


def build(submission, *, mode: str) -> dict:
    """mode: "edit" (the unit, inputs), "review" (the board, comment boxes) or "read"."""

    def compute():
        values = list(
            submission.values.select_related("indicator__content_area").order_by(
                "indicator__content_area__number", "indicator__order"
            )
        )
        previous = selectors.previous_values(submission=submission)
        check = services.submission_check(submission=submission, rows=values, previous=previous)
        areas, tabs = {}, {}
        for value in values:
            row = _row(value, check, previous)
            area = value.indicator.content_area
            areas.setdefault(area, []).append(row)
            tab = tabs.setdefault(area.number, {"number": area.number, "errors": 0, "warnings": 0})
            tab["errors"] += bool(row["errors"])
            tab["warnings"] += bool(row["warnings"])
        rows = [r for area_rows in areas.values() for r in area_rows]
        entered = [r for r in rows if not r["is_computed"]]
        filled = sum(1 for r in entered if r["value"] is not None or r["text_value"])
        last_return = selectors.last_return(submission)
        context = {"areas": list(areas.items()), "mode": mode}
        return {
            "tabs": list(tabs.values()),
            "rows_html": render_to_string("campaign/_submission_rows.html", context),
            "progress": round(100 * filled / len(entered)) if entered else 0,
            "errors": len(check.errors),
            "warnings": len(check.warnings),
            "problems": [
                {"code": r["code"], "label": r["label"], "tab": r["tab"], "kind": kind}
                for r in rows
                for kind in ("error", "warning")
                if r[f"{kind}s"] and (kind == "error" or not r["errors"])
            ],
            "comments": [r for r in rows if r["comment"]],
            "last_return": last_return
            and {
                "action": last_return.get_action_display(),
                "by": last_return.by.get_full_name() or last_return.by.username,
                "at": last_return.at,
                "reason": last_return.reason,
            },
            "changes": _resubmission(submission, last_return, values),
            "events": [
                (e.get_action_display(), e.by.get_full_name() or e.by.username, e.at, e.reason)
                for e in submission.events.select_related("by")
            ],
            "deadline": services.deadline_for(submission=submission),
            "timeliness": timeliness.submission_timeliness(submission),
        }

    sheet = fragments.cached(
        "submission-sheet",
        compute,
        kinds=("results", "tree"),
        key=(submission.pk, submission.version, mode, get_language()),
    )
    return {**sheet, "rows_html": mark_safe(sheet["rows_html"])}  # noqa: S308 - our template's


def check_payload(submission) -> dict:
    """The rules' messages for every field, for the form to mark them after a save."""
    values = list(submission.values.select_related("indicator__content_area"))
    check = services.submission_check(submission=submission, rows=values)
    fields = {}
    for value in values:
        code = value.indicator.code
        fields[code] = {
            "errors": check.errors.get(code, []),
            "warnings": check.warnings.get(code, []),
        }
    return {"fields": fields, "errors": len(check.errors), "warnings": len(check.warnings)}


def status_line(result, labels: dict[str, str]) -> str:
    """What was saved and what was not, in words: "Đã lưu 12 chỉ tiêu; 1 chỉ tiêu chưa lưu:
    Số nhà Đại đoàn kết xây mới (Nội dung 1): “ba nhà” không phải là số."."""
    parts = []
    if result.saved:
        parts.append(_("Đã lưu %(n)s chỉ tiêu") % {"n": len(result.saved)})
    if result.narrative:
        parts.append(_("đã lưu phần đánh giá chung"))
    if result.refused:
        refused = "; ".join(f"{labels[c]}: {m}" for c, m in result.refused.items())
        parts.append(
            _("%(n)s chỉ tiêu chưa lưu: %(list)s") % {"n": len(result.refused), "list": refused}
        )
    if not parts:
        parts.append(_("Không có thay đổi nào cần lưu"))
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
