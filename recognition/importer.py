"""The Excel sheet a commune keeps for one residential area and year: template and import.

The import is all or nothing: every row is checked (unknown household, household of another
area, score out of range, duplicate row, votes above the attendance); any error and nothing is
saved. The dry run runs the same service inside a transaction that is rolled back, so what it
reports is exactly what applying would do. Unchanged rows are not written, so importing the
same file twice changes nothing the second time.
"""

import io
import math
import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.scope import filter_by_scope
from core import xlsx, xlsx_write
from core.text import clean_text
from residential_areas.models import Household

from .models import EvaluationMeeting, GroupKind, PassRule, TitleKind
from .services import judging, meetings

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000
HEADER_ROW = 5

FILE_TOO_LARGE = _("Tệp quá lớn (tối đa 2 MB).")
NOT_XLSX = _("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu.")
WRONG_SHEET = _("Tệp không đúng mẫu: dòng {row} phải là dòng tiêu đề của bảng.")
WRONG_AREA = _("Tệp dành cho khu dân cư mã {code}, không phải {area} (mã {expected}).")
WRONG_YEAR = _("Tệp dành cho năm {year}, không phải năm {expected}.")
TOO_MANY_ROWS = _("Tệp có quá nhiều dòng (tối đa {max}).")
ROW = _("Dòng {row}")
UNKNOWN_HOUSEHOLD = _("không tìm thấy hộ có mã {code} trong khu dân cư {area}.")
# only for a household the user may see: of one out of scope, not even its existence is told
HOUSEHOLD_ELSEWHERE = _("hộ mã {code} thuộc khu dân cư khác ({other}).")
DUPLICATE_ROW = _("mã hộ {code} trùng với dòng {first}.")
NOT_A_NUMBER = _("“{value}” ở cột {column} không phải là số.")
NUMBER_TOO_LARGE = _("“{value}” ở cột {column} quá lớn (tối đa {max}).")
MERGED_CELLS = _(
    "Ô {cells} đang được gộp: ô gộp chỉ giữ giá trị ở ô đầu, các ô còn lại sẽ bị đọc thành trống. "
    "Hãy bỏ gộp ô rồi tải tệp lên lại."
)
FORMULA_WITHOUT_VALUE = _(
    "Ô {cells} có công thức nhưng tệp không lưu giá trị đã tính của nó (ô sẽ bị đọc thành trống). "
    "Hãy nhập giá trị thay cho công thức, hoặc mở tệp bằng Excel, lưu lại rồi tải lên."
)
NOT_YES_NO = _("“{value}” ở cột {column} phải là “x” (có, đạt) hoặc để trống.")
VOTES_MISSING = _("thiếu số phiếu đồng ý.")
NO_ROWS = _("Tệp không có dòng kết quả nào.")
FILE = _("Tệp {name}")
NO_FILES = _("Hãy chọn ít nhất một tệp.")
TOO_MANY_FILES = _("Chọn tối đa {max} tệp mỗi lần.")
NO_MEETING = _(
    "không có cuộc họp bình xét “Gia đình văn hóa” năm {year} của khu dân cư mã “{code}” thuộc "
    "{unit} (mã khu dân cư ở ô D2 của tệp mẫu): hãy ghi cuộc họp trước."
)
SAME_AREA = _("cùng khu dân cư với tệp {other}.")
MAX_FILES = 100  # a commune has at most a few dozen residential areas

MAX_NUMBER = 1_000_000  # scores are under a hundred, votes under the attendance
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_CELLS_NAMED = 10

TRUE_WORDS = {"x", "có", "co", "đạt", "dat", "1", "true"}
FALSE_WORDS = {"không", "khong", "không đạt", "khong dat", "0", "false", "-"}
# the words as typed most often, without _yes_no's work on each cell
YES_NO = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS} | {"X": True}


def _columns(meeting: EvaluationMeeting) -> list[tuple[str, object]]:
    cols = [("code", _("Mã hộ")), ("name", _("Chủ hộ"))]
    if meeting.criteria_set.rule == PassRule.SCORE:
        cols.append(("poor", _("Hộ nghèo, cận nghèo (x)")))
    for g in sorted(judging.groups_of(meeting).values(), key=lambda g: g.number):
        if g.kind == GroupKind.SCORED:
            label = f"Nhóm {g.number} (tối đa {g.max_points})"
        elif g.kind == GroupKind.CONDITION:
            label = f"Nhóm {g.number} (đạt: x)"
        else:
            label = f"Loại trừ {g.number} (có: x)"
        cols.append((f"g{g.number}", label))
    cols += [("votes", _("Số phiếu đồng ý")), ("note", _("Ghi chú"))]
    return cols


def template_xlsx(meeting: EvaluationMeeting) -> bytes:
    """The sheet for one area and year, with the area's households and what is recorded."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"Binh xet {meeting.year}"
    # every row goes through xlsx_write.append: a name or note typed "=HYPERLINK(...)" stays text
    xlsx_write.append(ws, [f"KẾT QUẢ BÌNH XÉT “GIA ĐÌNH VĂN HÓA” NĂM {meeting.year}"])
    ws["A1"].font = Font(bold=True)
    xlsx_write.append(ws, ["Khu dân cư", meeting.unit.name, "Mã khu dân cư", meeting.unit.code])
    xlsx_write.append(ws, ["Năm", meeting.year, "Bộ tiêu chí", str(meeting.criteria_set)])
    xlsx_write.append(ws, ["Số tham dự", meeting.attending, "Số được mời", meeting.invited])
    cols = _columns(meeting)
    xlsx_write.append(ws, [str(label) for _key, label in cols])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    existing = {e.household_id: e for e in meeting.evaluations.all()}
    for household in Household.objects.filter(
        area__in=meetings.subject_area_ids(meeting), is_active=True
    ).order_by("code"):
        ev = existing.get(household.pk)
        row = []
        for key, _label in cols:
            if key == "code":
                row.append(household.code)
            elif key == "name":
                row.append(household.head_name)
            elif ev is None:
                row.append(None)
            elif key == "poor":
                row.append("x" if ev.is_poor else None)
            elif key == "votes":
                row.append(ev.votes_for)
            elif key == "note":
                row.append(ev.note or None)
            else:
                value = ev.results.get(key[1:])
                row.append("x" if value is True else None if value is False else value)
        xlsx_write.append(ws, row)
    for letter, width in zip("ABCDEFGHIJ", (14, 26, 14, 16, 16, 16, 16, 16, 16, 20), strict=False):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _yes_no(value, column, errors, prefix):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    errors.append(f"{prefix}: {str(NOT_YES_NO).format(value=value, column=column)}")
    return None


def _number(value, column, errors, prefix):
    """A whole number of the sheet, refused at its row when it is not one or lies beyond any
    score or vote count (1e999, a 20-digit number): the database would refuse it later."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = shown = None
    if isinstance(value, float) and math.isinf(value):
        shown = "-∞" if value < 0 else "∞"
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        text = value.strip()
        number = int(text) if len(text) <= 12 else None
        shown = None if number is not None else f"{text[:20]}…" if len(text) > 24 else text
    if shown is None and number is None:
        errors.append(f"{prefix}: {str(NOT_A_NUMBER).format(value=value, column=column)}")
        return None
    if shown is not None or abs(number) > MAX_NUMBER:
        shown = shown or str(value).strip()
        message = str(NUMBER_TOO_LARGE).format(value=shown, column=column, max=MAX_NUMBER)
        errors.append(f"{prefix}: {message}")
        return None
    return number


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """What the service needs of a household row, read without building model instances
    (a sheet has up to 3,000 of them)."""

    pk: int
    code: str
    head_name: str
    area_id: int
    is_active: bool

    def __str__(self):  # as Household's
        return f"{self.head_name} ({self.code})"


def _cells_named(cells: list[str]) -> str:
    named = ", ".join(cells[:MAX_CELLS_NAMED])
    return (
        named
        if len(cells) <= MAX_CELLS_NAMED
        else f"{named} (và {len(cells) - MAX_CELLS_NAMED} ô khác)"
    )


def read_sheet(data: bytes, *, max_rows: int) -> tuple[list[list], list[str]]:
    """The first sheet's cells from A1, row by row, and the errors that refuse it.

    core.xlsx checks every part of the workbook before python-calamine reads it, in a helper
    process that may die without taking the web worker along. A merged cell or a formula
    without its cached value would read as blank: refused, naming the cells (a title merged
    across row 1 is harmless)."""
    try:
        sheet, rows = xlsx.read_first_sheet(data, max_rows=max_rows)
    except xlsx.TooManyRows:
        return [], [str(TOO_MANY_ROWS).format(max=MAX_ROWS)]
    except xlsx.WorkbookError as exc:
        return [], [exc.message]
    merged = [ref for ref in sheet.merged if ref.split(":")[-1].lstrip(string.ascii_letters) != "1"]
    if merged:
        return [], [str(MERGED_CELLS).format(cells=_cells_named(merged))]
    if sheet.uncached_formulas:
        cells = _cells_named(sheet.uncached_formulas)
        return [], [str(FORMULA_WITHOUT_VALUE).format(cells=cells)]
    # as openpyxl reads them: an empty cell is None, a whole number an int (for every cell)
    return [
        [
            None
            if v == ""
            else int(v)
            if type(v) is float and v.is_integer()  # noqa: E721 - not a subclass
            else v
            for v in row
        ]
        for row in rows
    ], []


def _read(data: bytes) -> tuple[list[list], list[str]]:
    """The sheet's cells, or the errors that refuse the file itself (no database)."""
    if len(data) > MAX_BYTES:
        return [], [str(FILE_TOO_LARGE)]
    sheet, errors = read_sheet(data, max_rows=MAX_ROWS + 10)
    if errors:
        return [], errors
    if len(sheet) > MAX_ROWS:
        return [], [str(TOO_MANY_ROWS).format(max=MAX_ROWS)]
    return sheet, []


def _area_code(sheet: list[list]) -> str:
    """The residential area's code the sheet names (D2, as the template writes it)."""
    row = sheet[1] if len(sheet) > 1 else []
    return str(row[3]).strip() if len(row) > 3 and row[3] is not None else ""


def _heading_errors(meeting: EvaluationMeeting, sheet: list[list]) -> list[str]:
    cols = _columns(meeting)
    header = [str(c).strip() if c is not None else "" for c in (sheet + [[]] * 5)[HEADER_ROW - 1]]
    if header[: len(cols)] != [str(label) for _k, label in cols]:
        return [str(WRONG_SHEET).format(row=HEADER_ROW)]
    code = _area_code(sheet)
    if code != meeting.unit.code:
        return [
            str(WRONG_AREA).format(code=code, area=meeting.unit.name, expected=meeting.unit.code)
        ]
    year = sheet[2][1] if len(sheet[2]) > 1 else None
    if str(year).strip() != str(meeting.year):
        return [str(WRONG_YEAR).format(year=year, expected=meeting.year)]
    return []


def parse(meeting: EvaluationMeeting, data: bytes, *, user=None) -> tuple[list[dict], list[str]]:
    """Read the sheet into service rows; returns (rows, errors). A household code of another
    area is named as such only when `user` may see that household."""
    sheet, errors = _read(data)
    errors = errors or _heading_errors(meeting, sheet)
    if errors:
        return [], errors
    households = Household.objects.filter(area__in=meetings.subject_area_ids(meeting)).order_by()
    found = households.values_list("pk", "code", "head_name", "area_id", "is_active")
    return _rows(meeting, sheet, {row[1]: row for row in found}, user=user)


def _rows(
    meeting: EvaluationMeeting, sheet: list[list], households: dict, *, user=None
) -> tuple[list[dict], list[str]]:
    """The service rows of a sheet whose heading is right; `households` by code, as tuples
    (pk, code, head_name, area_id, is_active)."""
    cols = _columns(meeting)
    groups = judging.groups_of(meeting)
    labels = {key: str(label) for key, label in cols}
    at = {key: i for i, (key, _label) in enumerate(cols)}
    # (group number, column, its label, scored or yes/no) of every group's column
    marks = [
        (g.number, at[f"g{g.number}"], labels[f"g{g.number}"], g.kind == GroupKind.SCORED)
        for _n, g in sorted(groups.items())
    ]
    code_at, votes_at, note_at, poor_at = at["code"], at["votes"], at["note"], at.get("poor")
    width = len(cols)
    rows, errors, first_seen = [], [], {}
    row_label = str(ROW)
    for index, values in enumerate(sheet[HEADER_ROW:], start=HEADER_ROW + 1):
        for v in values:  # a row of blank cells only is skipped
            if v is not None and (type(v) is not str or v.strip()):  # noqa: E721
                break
        else:
            continue
        if len(values) < width:
            values = list(values) + [None] * (width - len(values))
        prefix = row_label.format(row=index)
        code = clean_text(str(values[code_at] or "")).strip()
        if code in first_seen:
            errors.append(
                f"{prefix}: {str(DUPLICATE_ROW).format(code=code, first=first_seen[code])}"
            )
            continue
        first_seen[code] = index
        household = households.get(code)
        if household is not None:  # only the sheet's households become objects
            household = HouseholdRow(*household)
        else:
            other = None
            if user is not None:
                elsewhere = Household.objects.filter(code=code).exclude(
                    area__in=meetings.subject_area_ids(meeting)
                )
                other = filter_by_scope(elsewhere, user, "area").select_related("area").first()
            message = (
                str(HOUSEHOLD_ELSEWHERE).format(code=code, other=other.area.name)
                if other
                else str(UNKNOWN_HOUSEHOLD).format(code=code, area=meeting.unit.name)
            )
            errors.append(f"{prefix}: {message}")
            continue
        results = {}
        for number, i, label, scored in marks:
            value = values[i]
            if value is None:
                results[number] = None
            elif scored:
                results[number] = (
                    value
                    if type(value) is int and -MAX_NUMBER <= value <= MAX_NUMBER  # noqa: E721
                    else _number(value, label, errors, prefix)
                )
            else:
                known = YES_NO.get(value) if type(value) is str else None  # noqa: E721
                results[number] = (
                    known if known is not None else _yes_no(value, label, errors, prefix)
                )
        reported = len(errors)
        votes = _number(values[votes_at], labels["votes"], errors, prefix)
        if votes is None:
            if len(errors) == reported:  # not already refused as a number
                errors.append(f"{prefix}: {VOTES_MISSING}")
            continue
        poor = poor_at is not None and _yes_no(values[poor_at], labels["poor"], errors, prefix)
        note = values[note_at]
        rows.append(
            {
                "household": household,
                "label": f"{prefix} ({code})",
                "results": results,
                "votes_for": votes,
                "is_poor": bool(poor),
                "note": clean_text(str(note)).strip()[:300] if note else "",
            }
        )
    if not rows and not errors:
        errors.append(str(NO_ROWS))
    return rows, errors


def run(
    meeting: EvaluationMeeting, data: bytes, *, apply: bool, user=None
) -> tuple[dict | None, list[str]]:
    """Check (and with apply=True save) the sheet. Returns (counts, errors).

    The file is read first; then one transaction reads what the rows are checked against
    (meetings.import_context: the meeting under its row lock, its criteria groups, the area's
    households and the recorded evaluations), checks every row and writes, or is rolled back
    for a dry run or any error: the dry run does exactly what applying does."""
    if meeting.kind != TitleKind.FAMILY:
        return None, [str(NOT_XLSX)]
    sheet, errors = _read(data)
    if errors:
        return None, errors
    counts, errors = _run_sheets([(meeting, sheet, "")], apply=apply, user=user)
    return (counts[0] if counts else None), errors


def run_files(
    unit, year: int, files: list[tuple[str, bytes]], *, apply: bool, user=None
) -> tuple[list[tuple[str, EvaluationMeeting, dict]] | None, list[str]]:
    """A commune's sheets of one year, one per residential area, sent together: all saved in
    one transaction, or none. Returns ([(file name, meeting, counts)], errors), every error
    beginning with its file's name.

    Each file names its area (cell D2, as the template writes it); the area's family meeting
    of the year under `unit` is found for it (the caller checks that the user may evaluate
    there). Then every file is checked and written as `run` does one, and the errors of all
    files are reported together. One transaction, so one commit, for the commune's files: a
    file's import on its own waits on its commit about as long as on its rows."""
    if not files:
        return None, [str(NO_FILES)]
    if len(files) > MAX_FILES:
        return None, [str(TOO_MANY_FILES).format(max=MAX_FILES)]
    read = [(name, *_read(data)) for name, data in files]
    codes = {_area_code(sheet) for _name, sheet, errors in read if not errors}
    found = {
        m.unit.code: m
        for m in EvaluationMeeting.objects.filter(
            kind=TitleKind.FAMILY,
            year=year,
            unit__path__startswith=unit.path,
            unit__code__in=codes - {""},
        ).select_related("unit", "criteria_set")
    }
    errors, sheets, names, first = [], [], [], {}
    for name, sheet, read_errors in read:
        prefix = f"{str(FILE).format(name=name[:100])}: "
        code = "" if read_errors else _area_code(sheet)
        if read_errors:
            errors += [prefix + e for e in read_errors]
        elif code not in found:
            errors.append(prefix + str(NO_MEETING).format(year=year, code=code, unit=unit.name))
        elif code in first:
            errors.append(prefix + str(SAME_AREA).format(other=first[code]))
        else:
            first[code] = name[:100]
            sheets.append((found[code], sheet, prefix))
            names.append(name)
    counts, sheet_errors = _run_sheets(sheets, apply=apply and not errors, user=user)
    errors += sheet_errors
    if errors:
        return None, errors
    return [(n, m, c) for n, (m, _s, _p), c in zip(names, sheets, counts, strict=True)], []


def _run_sheets(
    sheets: list[tuple[EvaluationMeeting, list[list], str]], *, apply: bool, user=None
) -> tuple[list[dict] | None, list[str]]:
    """Sheets already read, each with its meeting and the prefix of its errors, checked and
    written in one transaction; rolled back for a dry run or any error. The meetings are
    locked in the order of their ids, so two uploads sharing areas wait for each other
    instead of deadlocking; the errors come in the order of the sheets."""
    if not sheets:
        return [], []
    counts: list = [None] * len(sheets)
    errors: list[list[str]] = [[] for _sheet in sheets]
    with transaction.atomic():
        for i in sorted(range(len(sheets)), key=lambda i: sheets[i][0].pk):
            meeting, sheet, prefix = sheets[i]
            counts[i], sheet_errors = _run_in_transaction(meeting, sheet, user)
            errors[i] = [prefix + e for e in sheet_errors]
        found = [e for sheet_errors in errors for e in sheet_errors]
        if found or not apply:
            transaction.set_rollback(True)
    return (None, found) if found else (counts, [])


def _run_in_transaction(meeting, sheet, user) -> tuple[dict | None, list[str]]:
    """One sheet inside the import's transaction: (counts, []) or (None, errors). After an
    error the caller rolls the transaction back, so what was written before it goes too."""
    try:
        context = meetings.import_context(meeting)
        errors = _heading_errors(meeting, sheet)
        if not errors:
            rows, errors = _rows(meeting, sheet, context.households, user=user)
        if errors:
            return None, errors
        return meetings.record_in_context(context, rows), []
    except ValidationError as exc:
        return None, exc.messages
