"""Numbers as units type, paste and import them: both conventions read when the writing says
which one it is, everything the database cannot hold refused with a Vietnamese message."""

from decimal import Decimal

import pytest

from campaign.results.numbers import NumberError, format_number, input_text, parse_number


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("1.500.000", "1500000"),  # Vietnamese thousands
        ("1,5", "1.5"),  # Vietnamese decimal comma
        ("1.500.000,25", "1500000.25"),
        ("1,500,000", "1500000"),  # the other convention
        ("1.5", "1.5"),
        ("1,500,000.25", "1500000.25"),
        ("1.500", "1500"),  # a Vietnamese page: the dot groups thousands
        ("0,500", "0.5"),
        (" 1 500 000 ", "1500000"),
        ("1\u00a0500", "1500"),
        ("−3", "-3"),  # the minus sign a word processor writes
        ("95%", "95"),
        ("Có", "1"),
        ("không", "0"),
        ("", None),
        (None, None),
        (12, "12"),
        (0.1 + 0.2, "0.3"),  # a spreadsheet's binary fraction
        (Decimal("7.50"), "7.5"),
    ],
)
def test_readable_numbers(raw, expected):
    value = parse_number(raw)
    assert value == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    "raw,message",
    [
        ("ba nhà", "“ba nhà” không phải là số."),
        ("1e999", "“1e999” không phải là số."),
        ("Infinity", "không phải là số"),
        ("NaN", "không phải là số"),
        (float("inf"), "không phải là số"),
        ("12345678901234567890", "quá lớn: số chỉ được có tối đa 16 chữ số"),
        (1e19, "“10000000000000000000” quá lớn"),
        (10**20, "quá lớn"),
        ("1,5555", "quá nhiều chữ số thập phân: tối đa 2"),
        ("0.125", "quá nhiều chữ số thập phân"),
        ("1,500", "“1,500” có thể hiểu là 1,5 hoặc 1.500: hãy viết rõ 1,5 hoặc 1500."),
        ("1.50.000", "viết sai dấu phân cách hàng nghìn"),
        ("1.234,5.6", "viết sai dấu phân cách hàng nghìn"),
        ("5.", "không phải là số"),
        ("=1+1", "không phải là số"),
    ],
)
def test_unreadable_numbers_are_refused_with_the_reason(raw, message):
    with pytest.raises(NumberError) as exc:
        parse_number(raw)
    assert message in str(exc.value)


def test_numbers_are_written_the_vietnamese_way():
    assert format_number(Decimal("3.00")) == "3"
    assert format_number(Decimal("2.50")) == "2,5"
    assert format_number(Decimal("1500000.25")) == "1.500.000,25"
    assert format_number(None) == ""
    # in a field: no thousands dots (they would be read back the same, but are noise to edit)
    assert input_text(Decimal("1250.00")) == "1250"
    assert input_text(Decimal("1.50")) == "1,5"
    assert parse_number(input_text(Decimal("1234567.89"))) == Decimal("1234567.89")
