"""Every write of the yearly results goes through here: one transaction each, and the lock
(accepted data, deadlines, other units' data) is checked here so pages, API, import and admin
cannot bypass it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import scope
from accounts.models import Role
from residential_areas.models import AdministrativeUnit

from ..uploads import attachment_check, safe_name
from . import selectors
from .models import (
    Indicator,
    IndicatorSet,
    IndicatorSetStatus,
    PeriodExtension,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    SubmissionValue,
    ValueType,
)
from .prefill import prefill_for

LOCKED_ACCEPTED = (
    "Báo cáo đã được tiếp nhận nên đã khóa. Chỉ Ban Thường trực tỉnh được mở lại (kèm lý do)."
)
LOCKED_SUBMITTED = "Báo cáo đã nộp, đang chờ Ban Phong trào xem xét: không sửa được nữa."
LOCKED_DEADLINE = "Đã quá hạn nộp báo cáo năm {year} (hạn {due}, gia hạn đến {until}). Liên hệ Ban Thường trực tỉnh để được gia hạn."
NOT_YOUR_UNIT = "Bạn không phải đơn vị báo cáo này nên không sửa được báo cáo."
NOT_OPEN_YET = "Kỳ báo cáo năm {year} chưa mở (mở từ {opens})."
CONFLICT = "Báo cáo vừa được người khác lưu sau khi bạn mở trang. Hãy tải lại trang để xem bản mới nhất rồi nhập lại thay đổi của bạn."
RETURN_NEEDS_REASON = "Cần nêu lý do trả lại báo cáo."
REOPEN_NEEDS_REASON = "Cần nêu lý do mở lại báo cáo đã tiếp nhận."
WRONG_STATE = "Không thể thực hiện thao tác này khi báo cáo đang ở trạng thái “{status}”."
HAS_ERRORS = "Báo cáo còn lỗi, chưa nộp được: {errors}"
WARNINGS_NEED_NOTES = "Các chỉ tiêu sau có cảnh báo, cần ghi giải trình trước khi nộp: {codes}"
NOT_A_NUMBER = "“{raw}” không phải là số."
NOT_REPORTING_UNIT = "Đơn vị {unit} không phải đơn vị báo cáo của năm {year}."
YEAR_EXISTS = "Năm {year} đã có kỳ báo cáo."
SET_NOT_PUBLISHED = (
    "Bộ chỉ tiêu của năm {year} chưa được ban hành nên các đơn vị chưa lập báo cáo được."
)
ORGS_DO_NOT_REPORT = "Năm {year} các tổ chức thành viên không báo cáo riêng."
SET_FROZEN = "Bộ chỉ tiêu đã ban hành thì không sửa được; hãy tạo bộ chỉ tiêu mới."

REPORTER_ROLES = (Role.DISTRICT_COMMITTEE, Role.COMMUNE_COMMITTEE)
REVIEWER_ROLES = (Role.MOVEMENT_BOARD, Role.PROVINCE_ADMIN)


@dataclass
class Check:
    errors: dict[str, list[str]] = field(default_factory=dict)  # indicator code or "" -> messages
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def error(self, code, message):
        self.errors.setdefault(code, []).append(message)

    def warn(self, code, message):
        self.warnings.setdefault(code, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def deadline_for(*, submission: Submission) -> datetime.date:
    extension = submission.period.extensions.filter(unit=submission.unit).first()
    until = submission.period.grace_until
    return max(until, extension.until) if extension else until


def is_reporter(*, user, submission: Submission) -> bool:
    """The reporting unit's own committee (or the organization's own users) may edit."""
    if submission.organization_id:
        return (
            scope.has_role(user, Role.MEMBER_ORG)
            and submission.organization.users.filter(pk=user.pk).exists()
        )
    return submission.unit_id in scope.unit_ids_with_role(user, *REPORTER_ROLES)


def ensure_editable(*, submission: Submission, by, today: datetime.date | None = None) -> None:
    """Raise PermissionDenied with the reason (in Vietnamese) when `by` may not change it."""
    today = today or timezone.localdate()
    if submission.status == SubmissionStatus.ACCEPTED:
        raise PermissionDenied(_(LOCKED_ACCEPTED))
    if submission.status == SubmissionStatus.SUBMITTED:
        raise PermissionDenied(_(LOCKED_SUBMITTED))
    if not is_reporter(user=by, submission=submission):
        raise PermissionDenied(_(NOT_YOUR_UNIT))
    until = deadline_for(submission=submission)
    if today > until:
        period = submission.period
        raise PermissionDenied(
            _(LOCKED_DEADLINE).format(
                year=period.year,
                due=period.due_on.strftime("%d/%m/%Y"),
                until=until.strftime("%d/%m/%Y"),
            )
        )


def _event(submission, action, by, reason=""):
    SubmissionEvent.objects.create(
        submission=submission, action=action, by=by, at=timezone.now(), reason=reason
    )


def _to_decimal(raw) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if text == "":
        return None
    if text.lower() in ("có", "co", "x", "yes", "true"):
        return Decimal(1)
    if text.lower() in ("không", "khong", "no", "false"):
        return Decimal(0)
    # Vietnamese writing: 1.234.567,5 ; accept 1234567.5 too
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_(NOT_A_NUMBER).format(raw=raw)) from None


def parse_values(*, indicators, raw: dict) -> tuple[dict, dict]:
    """Turn raw inputs (form strings, Excel cells) into values; returns (values, errors)."""
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
            values[code] = _to_decimal(value)
        except ValueError as exc:
            errors[code] = str(exc)
    return values, errors


@transaction.atomic
def submission_open(
    *, period: ReportingPeriod, unit: AdministrativeUnit, by, organization=None
) -> Submission:
    """Create the unit's draft for the year, prefilled from what the portal knows below it."""
    if period.indicator_set.status != IndicatorSetStatus.PUBLISHED:
        raise ValidationError(_(SET_NOT_PUBLISHED).format(year=period.year))
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
    for indicator in period.indicator_set.indicators.all():
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
    _event(submission, SubmissionEvent.Action.CREATED, by)
    return submission


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
    """Save values, notes and narrative. `version` is the one the editor loaded: if someone
    saved since, nothing is written and the second editor is told (no silent overwrite)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_editable(submission=submission, by=by, today=today)
    if version is not None and int(version) != submission.version:
        raise ValidationError(_(CONFLICT), code="conflict")
    indicators = list(submission.period.indicator_set.indicators.all())
    parsed, errors = parse_values(indicators=indicators, raw=values or {})
    if errors:
        raise ValidationError(errors)
    rows = {v.indicator.code: v for v in submission.values.select_related("indicator")}
    changed = []
    for code, value in parsed.items():
        row = rows.get(code)
        if row is None:
            continue
        if row.indicator.value_type == ValueType.TEXT:
            if row.text_value != value:
                row.text_value = value
                changed.append(row)
        elif row.value != value:
            row.value = value
            changed.append(row)
    for code, note in (notes or {}).items():
        row = rows.get(code)
        if row is not None and row.note != (note or "").strip():
            row.note = (note or "").strip()[:500]
            if row not in changed:
                changed.append(row)
    for row in changed:
        row.save()  # one by one so every change lands in the history
    if narrative and narrative.get("attachment"):
        # the signed scan: a PDF or an image, judged by its bytes, within the size limit
        upload = narrative["attachment"]
        upload.name = safe_name(upload.name, attachment_check(upload))
    for name in ("results", "highlights", "difficulties", "proposals", "attachment"):
        if narrative and name in narrative:
            setattr(submission, name, narrative[name])
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    if event:
        _event(submission, event, by)
    return submission


def submission_check(*, submission: Submission, rows=None) -> Check:
    """Run the indicator set's rules: hard errors block submitting, warnings need a note.

    `rows`: the submission's values with their indicators, when the caller has read them."""
    check = Check()
    if rows is None:
        rows = submission.values.select_related("indicator")
    values = {v.indicator.code: v for v in rows}
    previous = selectors.previous_values(submission=submission)
    factor = submission.period.indicator_set.change_factor
    for code, row in values.items():
        ind = row.indicator
        if ind.is_computed:
            continue
        if ind.value_type == ValueType.TEXT:
            if ind.required and not row.text_value.strip():
                check.error(code, _("Chỉ tiêu bắt buộc chưa nhập."))
            continue
        v = row.value
        if v is None:
            if ind.required:
                check.error(code, _("Chỉ tiêu bắt buộc chưa nhập."))
            continue
        if v < 0:
            check.error(code, _("Giá trị không được âm."))
        if ind.value_type == ValueType.PERCENT and v > 100:
            check.error(code, _("Tỷ lệ không được vượt quá 100%."))
        if ind.value_type == ValueType.INTEGER and v != v.to_integral_value():
            check.error(code, _("Chỉ tiêu này phải là số nguyên."))
        if ind.value_type == ValueType.YES_NO and v not in (0, 1):
            check.error(code, _("Chỉ nhận Có (1) hoặc Không (0)."))
        if ind.part_of_code and ind.part_of_code in values:
            whole = values[ind.part_of_code]
            if whole.value is not None and v > whole.value:
                check.error(
                    code,
                    _("Không được lớn hơn “%(whole)s” (%(n)s).")
                    % {"whole": whole.indicator.name, "n": f"{whole.value:,.0f}".replace(",", ".")},
                )
        if (
            ind.min_value is not None
            and v < ind.min_value
            or ind.max_value is not None
            and v > ind.max_value
        ):
            check.warn(code, _("Giá trị nằm ngoài khoảng hợp lý của chỉ tiêu."))
        last = previous.get(ind.code) or previous.get(ind.previous_code)
        if last and last > 0 and (v > last * factor or v * factor < last):
            check.warn(
                code,
                _("Thay đổi hơn %(f)s lần so với năm trước (%(last)s).")
                % {"f": f"{factor:g}", "last": f"{last:,.0f}".replace(",", ".")},
            )
    return check


@transaction.atomic
def submission_submit(
    *, submission: Submission, by, now: datetime.datetime | None = None
) -> Submission:
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_editable(submission=submission, by=by, today=timezone.localdate(now))
    check = submission_check(submission=submission)
    if check.errors:
        names = ", ".join(sorted(check.errors))
        raise ValidationError(_(HAS_ERRORS).format(errors=names), code="errors")
    notes = dict(submission.values.values_list("indicator__code", "note"))
    unexplained = sorted(code for code in check.warnings if not (notes.get(code) or "").strip())
    if unexplained:
        raise ValidationError(
            _(WARNINGS_NEED_NOTES).format(codes=", ".join(unexplained)), code="warnings"
        )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    # late when submitted after the due date, even if within the grace days or an extension
    submission.is_late = timezone.localdate(now) > submission.period.due_on
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.SUBMITTED, by)
    return submission


def _ensure_reviewer(by, submission):
    scope.ensure_can_act(by, submission.unit, REVIEWER_ROLES)


@transaction.atomic
def submission_return(
    *, submission: Submission, by, reason: str, comments: dict | None = None
) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_reviewer(by, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    if not (reason or "").strip():
        raise ValidationError({"reason": _(RETURN_NEEDS_REASON)})
    for row in submission.values.select_related("indicator"):
        comment = (comments or {}).get(row.indicator.code, "").strip()[:500]
        if comment != row.reviewer_comment:
            row.reviewer_comment = comment
            row.save(update_fields=["reviewer_comment"])
    submission.status = SubmissionStatus.RETURNED
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.RETURNED, by, reason.strip())
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_reviewer(by, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.ACCEPTED, by)
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, by, reason: str) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    scope.ensure_can_act(by, submission.unit, [Role.PROVINCE_ADMIN])
    if submission.status != SubmissionStatus.ACCEPTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    if not (reason or "").strip():
        raise ValidationError({"reason": _(REOPEN_NEEDS_REASON)})
    submission.status = SubmissionStatus.RETURNED
    submission.accepted_at = None
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.REOPENED, by, reason.strip())
    return submission


@transaction.atomic
def indicator_set_publish(*, indicator_set: IndicatorSet, by) -> IndicatorSet:
    scope.ensure_can_act(by, scope.province_root(), [Role.PROVINCE_ADMIN])
    if indicator_set.is_frozen:
        raise ValidationError(_(SET_FROZEN))
    indicator_set.status = IndicatorSetStatus.PUBLISHED
    indicator_set.published_at = timezone.now()
    indicator_set.save(update_fields=["status", "published_at"])
    return indicator_set


def indicator_ensure_editable(*, indicator: Indicator) -> None:
    if indicator.indicator_set.is_frozen:
        raise ValidationError(_(SET_FROZEN))


@transaction.atomic
def year_open(
    *,
    by,
    year: int,
    copy_from: IndicatorSet | None,
    reporting_level: str,
    opens_on: datetime.date,
    due_on: datetime.date,
    grace_days: int = 0,
) -> ReportingPeriod:
    """Open a reporting year: a draft indicator set (copied from an earlier one, so codes and
    their links carry over) and the period that says who reports by when."""
    scope.ensure_can_act(by, scope.province_root(), [Role.PROVINCE_ADMIN])
    if ReportingPeriod.objects.filter(year=year).exists():
        raise ValidationError({"year": _(YEAR_EXISTS).format(year=year)})
    iset = IndicatorSet.objects.create(
        year=year,
        name=f"Bộ chỉ tiêu Cuộc vận động năm {year}",
        change_factor=copy_from.change_factor if copy_from else Decimal(3),
    )
    if copy_from is not None:
        fields = [
            f.name for f in Indicator._meta.concrete_fields if f.name not in ("id", "indicator_set")
        ]
        Indicator.objects.bulk_create(
            Indicator(indicator_set=iset, **{f: getattr(ind, f) for f in fields})
            for ind in copy_from.indicators.all()
        )
    period = ReportingPeriod(
        year=year,
        indicator_set=iset,
        reporting_level=reporting_level,
        tree_date=opens_on,
        opens_on=opens_on,
        due_on=due_on,
        grace_days=grace_days,
    )
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, **fields) -> Indicator:
    scope.ensure_can_act(
        by,
        scope.province_root(),
        [Role.PROVINCE_ADMIN],
    )
    indicator_ensure_editable(indicator=indicator)
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def extension_grant(
    *, by, period: ReportingPeriod, unit: AdministrativeUnit, until: datetime.date, reason: str
):
    scope.ensure_can_act(by, unit, [Role.PROVINCE_ADMIN])
    if until <= period.grace_until:
        raise ValidationError(
            {"until": _("Ngày gia hạn phải sau hạn nộp (kể cả ngày gia hạn chung).")}
        )
    extension, _created = PeriodExtension.objects.update_or_create(
        period=period, unit=unit, defaults={"until": until, "reason": reason, "granted_by": by}
    )
    return extension
