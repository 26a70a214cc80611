import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import clean_text, thousands


def _cleaning(to_python):
    def clean_first(value):
        return to_python(clean_text(value) if isinstance(value, str) else value)

    return clean_first


class BootstrapFormMixin:
    """Give every widget the Bootstrap class its kind needs, and clean every text the form
    accepts (core.text.clean_text: no zero-width or direction characters, NFC) before it is
    stripped and validated, so that "required" and the length limits judge what is stored.
    Passwords are taken as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
                field.to_python = _cleaning(field.to_python)
            if isinstance(field, forms.DateField):
                date_field_localize(field)
                widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


# Dates are typed and shown as dd/mm/yyyy whatever the browser's language: a text box, not the
# browser's date control (which follows the browser's locale, "12/07/2026" for 7 December in an
# English Chromium). ISO dates are accepted too, for old links and bookmarks.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_DISPLAY_FORMAT = "%d/%m/%Y"
DATE_PLACEHOLDER = "dd/mm/yyyy"
DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
DATE_INVALID = _("Ngày không hợp lệ: %(value)s, nhập theo dạng ngày/tháng/năm (vd. 07/12/2026).")
# strptime reads "7/12/26" as the year 26: a year must have four digits
_FIRST_YEAR = 1900


class DateInput(forms.DateInput):
    """The one date box of the portal: dd/mm/yyyy, a numeric keyboard on phones, and
    static/js/dates.js adding the slashes while typing."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        base = {
            "inputmode": "numeric",
            "placeholder": DATE_PLACEHOLDER,
            "pattern": DATE_PATTERN,
            "autocomplete": "off",
            "maxlength": "10",
            "data-date": "",
        }
        attrs = {k: v for k, v in (attrs or {}).items() if k != "type"}
        super().__init__(attrs={**base, **attrs}, format=format or DATE_DISPLAY_FORMAT)


def _dated(to_python):
    def parse(value):
        typed = value.strip() if isinstance(value, str) else value
        try:
            day = to_python(value)
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            day = None
            if typed in (None, ""):
                raise
        else:
            if day is None or day.year >= _FIRST_YEAR:
                return day
        raise ValidationError(DATE_INVALID, code="invalid", params={"value": typed})

    return parse


def date_field_localize(field: forms.DateField) -> None:
    """Make any DateField read dd/mm/yyyy (and ISO) in every language, render in the shared
    DateInput, and say what is wrong with a bad date in Vietnamese, naming what was typed."""
    field.input_formats = DATE_INPUT_FORMATS
    if not isinstance(field.widget, DateInput | forms.HiddenInput):
        old = field.widget.attrs
        field.widget = DateInput(attrs={k: v for k, v in old.items() if k != "type"})
        field.widget.is_required = field.required
    if not getattr(field.to_python, "_dated", False):
        field.to_python = _dated(field.to_python)
        field.to_python._dated = True


class DateField(forms.DateField):
    """A date field of a form that is not a BootstrapFormMixin (which localizes its own)."""

    widget = DateInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        date_field_localize(self)


WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(\.[0-9]{3})+")
NOT_WHOLE = _(
    "“%(value)s” không phải là số nguyên: gõ chữ số, có thể tách hàng nghìn bằng dấu “.” (1.250)."
)
TOO_SMALL = _("Số này phải từ %(limit)s trở lên.")
TOO_LARGE = _("Số này phải từ %(limit)s trở xuống.")
# an amount of money in whole đồng that no budget line reaches (a box without a limit would let
# 25 digits through to the database, which refuses them with its own message)
MAX_DONG = 999_999_999_999_999


class CountField(forms.CharField):
    """A whole number typed as Vietnamese write it (1250 or 1.250) in a text box. Not the
    browser's number box, and not Django's IntegerField, which reads "1.000" as 1 (".000" taken
    for decimals) and "30,5" as 30.5: here anything that is not a whole number is refused with
    the value named, and the box keeps what was typed."""

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return thousands(value) if type(value) is int else value  # noqa: E721

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        digits = text.replace(" ", "")  # "1 250" as some type it; the message names the text
        if digits.startswith("-") and WHOLE.fullmatch(digits[1:]) and self.min_value is not None:
            raise ValidationError(TOO_SMALL, params={"limit": self.min_value})
        if not WHOLE.fullmatch(digits):
            raise ValidationError(NOT_WHOLE, params={"value": text[:30]})
        number = int(digits.replace(".", ""))
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(TOO_SMALL, params={"limit": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(TOO_LARGE, params={"limit": thousands(self.max_value)})
        return number
