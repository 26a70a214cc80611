"""The unit's side: open the year's form, save it (field by field, or all at once), submit."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import scope
from accounts.models import Role
from residential_areas.models import AdministrativeUnit

from ...uploads import attachment_check, safe_name
from .. import selectors
from ..models import (
    IndicatorSetStatus,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    SubmissionValue,
    ValueType,
)
from ..numbers import NumberError, parse_number
from ..prefill import prefill_for
from ..rules import indicator_label, named, submission_check
from .common import (
    HAS_ERRORS,
    NOT_OPEN_YET,
    NOT_REPORTING_UNIT,
    NOT_YOUR_UNIT,
    ORGS_DO_NOT_REPORT,
    SET_NOT_PUBLISHED,
    WARNINGS_NEED_NOTES,
    Conflict,
    ensure_editable,
    event_add,
)

NOTE_TOO_LONG = "Ghi chú dài quá 500 ký tự ({n} ký tự): hãy viết ngắn lại."
NARRATIVE = ("results", "highlights", "difficulties", "proposals")

UNKNOWN_INDICATOR = "Mã chỉ tiêu “{code}” không có trong bộ chỉ tiêu của năm này."


@dataclass
class SaveResult:
    submission: Submission
    saved: list[str] = field(default_factory=list)  # codes whose value or note was written
    refused: dict[str, str] = field(default_factory=dict)  # code -> why it was not stored
    narrative: list[str] = field(default_factory=list)  # the parts of the text saved


def parse_values(*, indicators, raw: dict) -> tuple[dict, dict]:
    """Turn raw inputs (form strings, Excel cells, JSON) into values the database can hold;
    returns (values, errors), errors by indicator code."""
    values, errors = {}, {}
    by_code = {i.code: i for i in indicators}
    for code, value in raw.items():
        indicator = by_code.get(code)
        if indicator is None or indicator.is_computed:
            continue
        if indicator.value_type == ValueType.TEXT:
            values[code] = "" if value is None else str(value)
            continue
        try:
            values[code] = parse_number(value)
        except NumberError as exc:
            errors[code] = str(exc)
    return values, errors


@transaction.atomic
def submission_open(
    *,
    period: ReportingPeriod,
    unit: AdministrativeUnit,
    by,
    organization=None,
    today: datetime.date | None = None,
) -> Submission:
    """Create the unit's draft for the year, prefilled from what the portal knows below it."""
    today = today or timezone.localdate()
    if period.indicator_set.status != IndicatorSetStatus.PUBLISHED:
        raise ValidationError(_(SET_NOT_PUBLISHED).format(year=period.year))
    if today < period.opens_on:
        raise ValidationError(
            _(NOT_OPEN_YET).format(year=period.year, opens=period.opens_on.strftime("%d/%m/%Y"))
        )
    if organization is not None:
        if not period.member_orgs_report:
            raise ValidationError(_(ORGS_DO_NOT_REPORT).format(year=period.year))
        if not (
            scope.has_role(by, Role.MEMBER_ORG) and organization.users.filter(pk=by.pk).exists()
        ):
            raise PermissionDenied(_(NOT_YOUR_UNIT))
    if (
        organization is None
        and not selectors.expected_units(period=period).filter(pk=unit.pk).exists()
    ):
        raise ValidationError(_(NOT_REPORTING_UNIT).format(unit=unit.name, year=period.year))
    existing = Submission.objects.filter(
        period=period, unit=unit, organization=organization
    ).first()
    if existing:
        return existing
    submission = Submission.objects.create(period=period, unit=unit, organization=organization)
    prefill = prefill_for(unit=unit, year=period.year) if organization is None else {}
    rows = []
    from ..indicators import applies  # a rural-only indicator is not asked of a phường, etc.

    for indicator in period.indicator_set.indicators.all():
        if not applies(indicator, unit):
            continue
        pre = prefill.get(indicator.code)
        number = None
        if pre is not None and indicator.value_type != ValueType.TEXT and pre.value is not None:
            number = Decimal(str(pre.value)).quantize(Decimal("0.01"))
        rows.append(
            SubmissionValue(
                submission=submission,
                indicator=indicator,
                value=number,
                prefilled_value=number,
                source=pre.source if pre else "",
            )
        )
    bulk_create_with_history(rows, SubmissionValue)
    event_add(submission, SubmissionEvent.Action.CREATED, by)
    return submission


def _lock(submission, by, version, today):
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_editable(submission=submission, by=by, today=today)
    if version is not None and str(version) != str(submission.version):
        raise Conflict(submission)
    return submission


def _write(submission, by, *, parsed, invalid, notes, narrative, event) -> SaveResult:
    """Write what was read; keep aside (flagged) what was typed and could not be."""
    result = SaveResult(submission=submission)
    rows = {v.indicator.code: v for v in submission.values.select_related("indicator")}
    changed = {}
    for code, value in parsed.items():
        row = rows.get(code)
        if row is None:
            continue
        if row.indicator.value_type == ValueType.TEXT:
            if row.text_value != value:
                row.text_value = value
                changed[code] = row
        elif row.value != value or row.invalid_input:
            row.value, row.invalid_input = value, ""
            changed[code] = row
        result.saved.append(code)
    for code, raw in invalid.items():
        row = rows.get(code)
        if row is not None and row.invalid_input != str(raw)[:100]:
            row.invalid_input = str(raw)[:100]
            changed[code] = row
    for code, note in notes.items():
        row = rows.get(code)
        if row is not None and row.note != note:
            row.note = note
            changed[code] = row
        if row is not None and code not in result.saved:
            result.saved.append(code)
    for row in changed.values():
        row.save()  # one by one so every change lands in the history
    if narrative.get("attachment"):
        # the signed scan: a PDF or an image, judged by its bytes, within the size limit
        upload = narrative["attachment"]
        upload.name = safe_name(upload.name, attachment_check(upload))
    for name in (*NARRATIVE, "attachment"):
        if name in narrative:
            setattr(submission, name, narrative[name])
            result.narrative.append(name)
    submission.version += 1  # the row is locked (select_for_update)
    submission.saved_by = by
    submission.save()
    submission.refresh_from_db()
    if event:
        event_add(submission, event, by)
    result.submission = submission
    return result


def _clean_notes(notes, indicators) -> tuple[dict, dict]:
    kept, errors = {}, {}
    for code, note in (notes or {}).items():
        if code not in indicators:
            continue
        note = (note or "").strip()
        if len(note) > 500:
            errors[code] = _(NOTE_TOO_LONG).format(n=len(note))
        else:
            kept[code] = note
    return kept, errors


@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    by,
    values: dict | None = None,
    notes: dict | None = None,
    narrative: dict | None = None,
    version: int | None = None,
    today: datetime.date | None = None,
    event: str | None = None,
) -> Submission:
    """Save values, notes and narrative, all or nothing (the API, the Excel import). `version`
    is the one the editor loaded: if someone saved since, nothing is written and the second
    editor is told (no silent overwrite)."""
    submission = _lock(submission, by, version, today)
    indicators = {
        i.code: i for i in submission.period.indicator_set.indicators.select_related("content_area")
    }
    unknown = sorted(set(values or {}) - set(indicators))
    if unknown:
        # an API client's typo must not be dropped in silence (issue 22)
        raise ValidationError({code: UNKNOWN_INDICATOR.format(code=code) for code in unknown})
    parsed, errors = parse_values(indicators=indicators.values(), raw=values or {})
    notes, note_errors = _clean_notes(notes, indicators)
    for code, message in note_errors.items():
        errors[code] = f"{errors[code]} {message}" if code in errors else message
    if errors:
        raise ValidationError(
            {code: f"{indicator_label(indicators[code])}: {msg}" for code, msg in errors.items()}
        )
    return _write(
        submission,
        by,
        parsed=parsed,
        invalid={},
        notes=notes,
        narrative=narrative or {},
        event=event,
    ).submission


@transaction.atomic
def submission_autosave(
    *,
    submission: Submission,
    by,
    values: dict | None = None,
    notes: dict | None = None,
    narrative: dict | None = None,
    version: int | None = None,
    today: datetime.date | None = None,
) -> SaveResult:
    """The form's save, field by field: what can be read is written even when another field
    is wrong; what cannot is kept aside on its row (flagged until a readable value replaces
    it) and named in the result, so that nothing typed is lost without a word."""
    submission = _lock(submission, by, version, today)
    indicators = {i.code: i for i in submission.period.indicator_set.indicators.all()}
    parsed, errors = parse_values(indicators=indicators.values(), raw=values or {})
    notes, note_errors = _clean_notes(notes, indicators)
    invalid = {code: values[code] for code in errors}
    result = _write(
        submission,
        by,
        parsed=parsed,
        invalid=invalid,
        notes=notes,
        narrative=narrative or {},
        event=None,
    )
    result.refused = {**note_errors, **errors}
    result.saved = [code for code in result.saved if code not in result.refused]
    return result


@transaction.atomic
def submission_submit(
    *, submission: Submission, by, now: datetime.datetime | None = None
) -> Submission:
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_editable(submission=submission, by=by, today=timezone.localdate(now))
    rows = list(submission.values.select_related("indicator__content_area"))
    indicators = {r.indicator.code: r.indicator for r in rows}
    check = submission_check(submission=submission, rows=rows)
    if check.errors:
        raise ValidationError(
            _(HAS_ERRORS).format(errors="; ".join(named(check.errors, indicators))),
            code="errors",
        )
    notes = {r.indicator.code: r.note for r in rows}
    unexplained = [c for c in check.warnings if not (notes.get(c) or "").strip()]
    if unexplained:
        unexplained.sort(key=lambda c: (indicators[c].content_area.number, indicators[c].order))
        labels = [indicator_label(indicators[c]) for c in unexplained]
        raise ValidationError(
            _(WARNINGS_NEED_NOTES).format(codes="; ".join(labels)), code="warnings"
        )
    resubmission = submission.events.filter(action=SubmissionEvent.Action.SUBMITTED).exists()
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    if not resubmission:
        # late when first submitted after the due date, even within the grace days or an
        # extension; a correction asked by the board after the due date is not lateness
        submission.is_late = timezone.localdate(now) > submission.period.due_on
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    event_add(submission, SubmissionEvent.Action.SUBMITTED, by)
    return submission
