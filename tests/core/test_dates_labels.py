"""No English weekday or month abbreviation is used alone as a label: Django's Vietnamese
catalogue translates them ("Thu" -> "Thứ 5"), so a "Thu" meaning receipts became Thursday."""

import io
import pathlib
import re

from django.urls import reverse
from openpyxl import load_workbook

from poverty_fund import services as fund_services

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = (
    "accounts",
    "campaign",
    "core",
    "portal",
    "poverty_fund",
    "recognition",
    "reporting",
    "residential_areas",
    "templates",
)
ABBREVIATIONS = "Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
NAMES = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April"
    " June July August September October November December"
)
CALENDAR_WORDS = {*ABBREVIATIONS.split(" "), *NAMES.split(" ")}
WEEKDAYS_VI = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"]
# a template translation without a context, a gettext call in Python (pgettext has a context)
TEMPLATE_LITERAL = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1(\s+context\s+)?""", re.S)
PYTHON_LITERAL = re.compile(
    r"""(?<![\w.])(?:_|gettext|gettext_lazy|gettext_noop|ugettext|ugettext_lazy)\(\s*(["'])(.*?)\1"""
)


def _literals():
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".html", ".txt", ".py") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py":
                found = [(m.group(2), None) for m in PYTHON_LITERAL.finditer(text)]
            else:
                found = [(m.group(2), m.group(3)) for m in TEMPLATE_LITERAL.finditer(text)]
            for literal, context in found:
                yield path.relative_to(ROOT), literal.strip(), context


def test_the_scan_finds_the_labels_it_is_meant_to_check():
    found = {literal for _path, literal, _ctx in _literals()}
    assert {"Chi", "Điều chuyển", "Sao kê"} <= found  # the scan reads both kinds of file


def test_no_calendar_abbreviation_is_translated_alone():
    leaks = [
        f"{path}: {literal!r}"
        for path, literal, context in _literals()
        if literal in CALENDAR_WORDS and not context
    ]
    assert leaks == []


def test_fund_page_tab_and_public_workbook_say_thu_not_thursday(cast, client_for):
    fund = fund_services.fund_create(unit=cast.commune)
    page = client_for("commune").get(reverse("poverty_fund:fund_detail", args=[fund.pk]))
    body = page.content.decode()
    tabs = body[body.index('<ul class="nav nav-tabs">') :]
    tabs = tabs[: tabs.index("</ul>")]
    assert re.search(r'href="\?tab=ung-ho">Thu</a>', tabs)
    for weekday in WEEKDAYS_VI:
        assert weekday not in body

    public = reverse("poverty_fund:public_fund", args=[fund.pk])
    xlsx = client_for("commune").get(public, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "Thu"
    assert not set(book.sheetnames) & set(WEEKDAYS_VI)
