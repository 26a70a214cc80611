"""CountField: a whole number as Vietnamese write it, anything else refused with the value named."""

import pytest
from django import forms

from core.forms import BootstrapFormMixin, CountField


class Form(BootstrapFormMixin, forms.Form):
    n = CountField(label="Số", min_value=0, max_value=100_000)


def clean(value):
    form = Form({"n": value})
    return form.cleaned_data["n"] if form.is_valid() else form.errors["n"][0]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1250", 1250),
        ("1.250", 1250),
        (" 1 250 ", 1250),
        ("1.000", 1000),
        ("0", 0),
        ("100.000", 100_000),
    ],
)
def test_whole_numbers_with_or_without_thousands_dots(typed, number):
    assert clean(typed) == number


@pytest.mark.parametrize(
    "typed", ["30,5", "1,000", "1.0000", "abc", "12a", "1.2.3", "٣", "ba mươi"]
)
def test_anything_else_is_refused_naming_what_was_typed(typed):
    message = clean(typed)
    assert isinstance(message, str) and f"“{typed.strip()}”" in message and "số nguyên" in message


def test_limits_and_a_negative_number_say_the_limit():
    assert clean("-5") == "Số này phải từ 0 trở lên."
    assert clean("100.001") == "Số này phải từ 100.000 trở xuống."
    assert clean("") == "Trường này là bắt buộc."


def test_the_box_is_text_and_keeps_what_was_typed():
    form = Form({"n": "30,5"})
    assert not form.is_valid()
    html = str(form["n"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="30,5"' in html
    assert 'value="1.250"' in str(Form(initial={"n": 1250})["n"])
