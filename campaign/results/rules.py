"""The indicator set's rules, run on a submission's values: hard errors block submitting,
warnings need a note. Read by the form (at each field, in the summary, in each tab's badge),
the submit, the review page and queue, the Excel dry run and the API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import selectors
from .models import Indicator, Submission, ValueType
from .numbers import NumberError, format_number, parse_number

REQUIRED_MISSING = "Chỉ tiêu bắt buộc chưa nhập."
NEGATIVE = "Giá trị không được âm."
PERCENT_OVER = "Tỷ lệ không được vượt quá 100%."
NOT_INTEGER = "Chỉ tiêu này phải là số nguyên."
YES_NO_ONLY = "Chỉ nhận Có (1) hoặc Không (0)."
PART_OVER_WHOLE = "Không được lớn hơn “{whole}” ({n})."
OUT_OF_RANGE = "Giá trị nằm ngoài khoảng hợp lý của chỉ tiêu ({low} - {high})."
CHANGED_TOO_MUCH = "Thay đổi hơn {f} lần so với năm trước ({last})."
NOT_SAVED = "{message} Giá trị này chưa được lưu; đang lưu: {kept}."


@dataclass
class Check:
    errors: dict[str, list[str]] = field(default_factory=dict)  # indicator code -> messages
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def error(self, code, message):
        self.errors.setdefault(code, []).append(message)

    def warn(self, code, message):
        self.warnings.setdefault(code, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def indicator_label(indicator: Indicator) -> str:
    """How messages name an indicator: its Vietnamese name and the tab it is on."""
    return _("%(name)s (Nội dung %(n)s)") % {
        "name": indicator.name,
        "n": indicator.content_area.number,
    }


def named(messages: dict[str, list[str]], indicators: dict[str, Indicator]) -> list[str]:
    """["Số hộ nghèo (Nội dung 1): Giá trị không được âm.", ...] in the form's order."""
    codes = sorted(
        messages, key=lambda c: (indicators[c].content_area.number, indicators[c].order, c)
    )
    return [f"{indicator_label(indicators[c])}: {' '.join(messages[c])}" for c in codes]


def _range_text(indicator) -> tuple[str, str]:
    low = format_number(indicator.min_value) if indicator.min_value is not None else "…"
    high = format_number(indicator.max_value) if indicator.max_value is not None else "…"
    return low, high


def submission_check(*, submission: Submission, rows=None, previous=None) -> Check:
    """Run the rules. `rows`: the submission's values with their indicators, when the caller
    has read them (or values about to be written, for a dry run); `previous`: last year's."""
    check = Check()
    if rows is None:
        rows = submission.values.select_related("indicator__content_area")
    values = {v.indicator.code: v for v in rows}
    if previous is None:
        previous = selectors.previous_values(submission=submission)
    factor = submission.period.indicator_set.change_factor
    for code, row in values.items():
        ind = row.indicator
        if ind.is_computed:
            continue
        if row.invalid_input:
            try:
                parse_number(row.invalid_input)
                message = _("“%(raw)s” chưa đọc được.") % {"raw": row.invalid_input}
            except NumberError as exc:
                message = str(exc)
            kept = format_number(row.value) if row.value is not None else _("(trống)")
            check.error(code, _(NOT_SAVED).format(message=message, kept=kept))
        if ind.value_type == ValueType.TEXT:
            if ind.required and not row.text_value.strip():
                check.error(code, _(REQUIRED_MISSING))
            continue
        v = row.value
        if v is None:
            if ind.required and not row.invalid_input:
                check.error(code, _(REQUIRED_MISSING))
            continue
        if v < 0:
            check.error(code, _(NEGATIVE))
        if ind.value_type == ValueType.PERCENT and v > 100:
            check.error(code, _(PERCENT_OVER))
        if ind.value_type == ValueType.INTEGER and v != v.to_integral_value():
            check.error(code, _(NOT_INTEGER))
        if ind.value_type == ValueType.YES_NO and v not in (0, 1):
            check.error(code, _(YES_NO_ONLY))
        if ind.part_of_code and ind.part_of_code in values:
            whole = values[ind.part_of_code]
            if whole.value is not None and v > whole.value:
                check.error(
                    code,
                    _(PART_OVER_WHOLE).format(
                        whole=whole.indicator.name, n=format_number(whole.value)
                    ),
                )
        if (ind.min_value is not None and v < ind.min_value) or (
            ind.max_value is not None and v > ind.max_value
        ):
            low, high = _range_text(ind)
            check.warn(code, _(OUT_OF_RANGE).format(low=low, high=high))
        last = previous.get(ind.code) or previous.get(ind.previous_code)
        if last and last > 0 and (v > last * factor or v * factor < last):
            check.warn(
                code, _(CHANGED_TOO_MUCH).format(f=format_number(factor), last=format_number(last))
            )
    return check
