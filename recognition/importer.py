"""The Excel sheet a commune keeps for one residential area and year: template and import.

The import is all or nothing: every row is checked (unknown household, household of another
area, score out of range, duplicate row, votes above the attendance); any error and nothing is
saved. The dry run runs the same service inside a transaction that is rolled back, so what it
reports is exactly what applying would do. Unchanged rows are not written, so importing the
same file twice changes nothing the second time.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

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
HOUSEHOLD_ELSEWHERE = _("hộ mã {code} thuộc khu dân cư khác ({other}).")
DUPLICATE_ROW = _("mã hộ {code} trùng với dòng {first}.")
NOT_A_NUMBER = _("“{value}” ở cột {column} không phải là số.")
NOT_YES_NO = _("“{value}” ở cột {column} phải là “x” (có, đạt) hoặc để trống.")
VOTES_MISSING = _("thiếu số phiếu đồng ý.")
NO_ROWS = _("Tệp không có dòng kết quả nào.")

TRUE_WORDS = {"x", "có", "co", "đạt", "dat", "1", "true"}
FALSE_WORDS = {"không", "khong", "không đạt", "khong dat", "0", "false", "-"}


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
    ws["A1"] = f"KẾT QUẢ BÌNH XÉT “GIA ĐÌNH VĂN HÓA” NĂM {meeting.year}"
    ws["A1"].font = Font(bold=True)
    ws.append(["Khu dân cư", meeting.unit.name, "Mã khu dân cư", meeting.unit.code])
    ws.append(["Năm", meeting.year, "Bộ tiêu chí", str(meeting.criteria_set)])
    ws.append(["Số tham dự", meeting.attending, "Số được mời", meeting.invited])
    cols = _columns(meeting)
    ws.append([str(label) for _key, label in cols])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    existing = {e.household_id: e for e in meeting.evaluations.all()}
    for household in Household.objects.filter(area=meeting.unit, is_active=True).order_by("code"):
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
        ws.append(row)
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
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        errors.append(f"{prefix}: {str(NOT_A_NUMBER).format(value=value, column=column)}")
        return None


def _cell(value):
    # as openpyxl reads it: an empty cell is None, a whole number an int
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


MAX_SHEET_XML = 20 * 1024 * 1024  # a full 3,000-row sheet is under 2 MB of XML
MAX_COLUMN = 40  # the sheet has at most about fifteen columns
_ATTRIBUTE = re.compile(rb'\br(?:ef)?="([^"]*)"')  # <c r="B7">, <row r="7">, <dimension ref=..>
_REFERENCE = re.compile(rb"([A-Z]{0,3})(\d+)")


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


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


class TooManyRows(ValueError):
    pass


def _check_extent(data: bytes, *, max_rows: int) -> None:
    """Refuse a workbook whose sheets reach beyond the rows and columns a sheet can have.

    calamine allocates the sheet's whole extent at once: a few-KB file with one cell in A1 and
    one in XFD1048576 asks for seventeen billion cells. So every cell, row and dimension
    reference is read first, from XML inflated no further than a real sheet needs."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.startswith("xl/worksheets/"):
                continue
            with archive.open(info) as member:
                xml = member.read(MAX_SHEET_XML + 1)
            if len(xml) > MAX_SHEET_XML:
                raise ValueError("sheet too large")
            # one pass in C over the references; Python only for the few long column names
            refs = b" ".join(_ATTRIBUTE.findall(xml)).replace(b"$", b"")
            parts = _REFERENCE.findall(refs)
            if not parts:
                continue
            letters, rows = zip(*parts, strict=True)
            if max(map(int, rows)) > max_rows:
                raise TooManyRows()
            if any(_column_number(c) > MAX_COLUMN for c in set(letters) if len(c) > 1):
                raise ValueError("a column beyond the sheet's")


def read_sheet(data: bytes, *, max_rows: int) -> list[list]:
    """The first sheet's cells from A1, row by row.

    python-calamine (Rust) reads a sheet about ten times faster than openpyxl, which the
    import measured as half its time; openpyxl still writes the template. Raises ValueError
    (or calamine's own errors) on a file it cannot or must not read."""
    _check_extent(data, max_rows=max_rows)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False, nrows=max_rows)
    return [[_cell(v) for v in row] for row in rows]


def parse(meeting: EvaluationMeeting, data: bytes) -> tuple[list[dict], list[str]]:
    """Read the sheet into service rows; returns (rows, errors)."""
    if len(data) > MAX_BYTES:
        return [], [str(FILE_TOO_LARGE)]
    try:
        sheet = read_sheet(data, max_rows=MAX_ROWS + 10)
    except TooManyRows:
        return [], [str(TOO_MANY_ROWS).format(max=MAX_ROWS)]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - the reader raises many kinds, a Rust panic too
        return [], [str(NOT_XLSX)]
    if len(sheet) > MAX_ROWS:
        return [], [str(TOO_MANY_ROWS).format(max=MAX_ROWS)]
    cols = _columns(meeting)
    header = [str(c).strip() if c is not None else "" for c in (sheet + [[]] * 5)[HEADER_ROW - 1]]
    if header[: len(cols)] != [str(label) for _k, label in cols]:
        return [], [str(WRONG_SHEET).format(row=HEADER_ROW)]
    code = str(sheet[1][3]).strip() if len(sheet[1]) > 3 and sheet[1][3] is not None else ""
    if code != meeting.unit.code:
        return [], [
            str(WRONG_AREA).format(code=code, area=meeting.unit.name, expected=meeting.unit.code)
        ]
    year = sheet[2][1] if len(sheet[2]) > 1 else None
    if str(year).strip() != str(meeting.year):
        return [], [str(WRONG_YEAR).format(year=year, expected=meeting.year)]

    households = {
        row[1]: HouseholdRow(*row)
        for row in Household.objects.filter(area=meeting.unit).values_list(
            "pk", "code", "head_name", "area_id", "is_active"
        )
    }
    groups = {f"g{n}": g for n, g in sorted(judging.groups_of(meeting).items())}
    rows, errors, first_seen = [], [], {}
    labels = {key: str(label) for key, label in cols}
    row_label = str(ROW)
    for index, values in enumerate(sheet[HEADER_ROW:], start=HEADER_ROW + 1):
        values = list(values) + [None] * (len(cols) - len(values))
        cells = {key: values[i] for i, (key, _label) in enumerate(cols)}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        prefix = row_label.format(row=index)
        code = str(cells["code"] or "").strip()
        if code in first_seen:
            errors.append(
                f"{prefix}: {str(DUPLICATE_ROW).format(code=code, first=first_seen[code])}"
            )
            continue
        first_seen[code] = index
        household = households.get(code)
        if household is None:
            other = (
                Household.objects.filter(code=code)
                .exclude(area=meeting.unit)
                .select_related("area")
                .first()
            )
            message = (
                str(HOUSEHOLD_ELSEWHERE).format(code=code, other=other.area.name)
                if other
                else str(UNKNOWN_HOUSEHOLD).format(code=code, area=meeting.unit.name)
            )
            errors.append(f"{prefix}: {message}")
            continue
        results = {}
        for key, group in groups.items():
            if group.kind == GroupKind.SCORED:
                results[group.number] = _number(cells[key], labels[key], errors, prefix)
            else:
                results[group.number] = _yes_no(cells[key], labels[key], errors, prefix)
        votes = _number(cells["votes"], labels["votes"], errors, prefix)
        if votes is None:
            errors.append(f"{prefix}: {VOTES_MISSING}")
            continue
        poor = (
            _yes_no(cells.get("poor"), labels.get("poor"), errors, prefix)
            if "poor" in cells
            else False
        )
        rows.append(
            {
                "household": household,
                "label": f"{prefix} ({code})",
                "results": results,
                "votes_for": votes,
                "is_poor": bool(poor),
                "note": str(cells["note"] or "").strip()[:300],
            }
        )
    if not rows and not errors:
        errors.append(str(NO_ROWS))
    return rows, errors


def run(meeting: EvaluationMeeting, data: bytes, *, apply: bool) -> tuple[dict | None, list[str]]:
    """Check (and with apply=True save) the sheet. Returns (counts, errors)."""
    if meeting.kind != TitleKind.FAMILY:
        return None, [str(NOT_XLSX)]
    # the criteria groups are read once (judging.groups_of) for the columns and every row
    rows, errors = parse(meeting, data)
    if errors:
        return None, errors
    try:
        if apply:  # the service is one transaction of its own
            counts = meetings.evaluations_record(meeting=meeting, rows=rows)
        else:  # the same work, rolled back
            with transaction.atomic():
                counts = meetings.evaluations_record(meeting=meeting, rows=rows)
                transaction.set_rollback(True)
    except ValidationError as exc:
        return None, exc.messages
    return counts, []
