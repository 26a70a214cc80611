"""The yearly form as an Excel file: download prefilled, fill offline, upload back.

Layout (sheet "Bao cao"): B1 unit code, B2 year, B3 submission id, B4 layout signature; row 6
headers; from row 7: code | content area | indicator | unit of measure | value | note.
"""

import hashlib
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from core import xlsx as workbooks
from core import xlsx_write

from .models import Submission

SHEET = "Bao cao"
FIRST_ROW = 7
MAX_BYTES = 2 * 1024 * 1024
MAX_SHEET_ROWS = 2000  # a form has a few hundred indicators at most

WRONG_FILE = "Tệp không đọc được: hãy dùng đúng tệp Excel (.xlsx) tải từ cổng."
TOO_BIG = "Tệp quá lớn (tối đa 2 MB)."
OTHER_SUBMISSION = "Tệp này là biểu mẫu của {unit} năm {year}, không phải của báo cáo đang mở."
LAYOUT_CHANGED = (
    "Bố cục biểu mẫu đã bị thay đổi (thêm, xóa hoặc đổi thứ tự dòng). Hãy tải lại biểu mẫu mới."
)


class ImportError_(ValueError):
    pass


def _signature(codes: list[str]) -> str:
    return hashlib.sha256("|".join(codes).encode()).hexdigest()[:16]


def build(submission: Submission) -> bytes:
    rows = list(
        submission.values.select_related("indicator__content_area").order_by(
            "indicator__content_area__number", "indicator__order"
        )
    )
    codes = [r.indicator.code for r in rows]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    meta = [
        ("Mã đơn vị", submission.unit.code),
        ("Năm", submission.period.year),
        ("Mã báo cáo", submission.pk),
        ("Mã bố cục", _signature(codes)),
    ]
    for i, (label, value) in enumerate(meta, start=1):
        ws.cell(i, 1, label)
        ws.cell(i, 2, value)
    # text a spreadsheet would run as a formula is written as text (core.xlsx.put)
    title = f"{submission.unit.name} - Báo cáo kết quả năm {submission.period.year}"
    xlsx_write.put(ws, 5, 1, title)
    for col, header in enumerate(
        ["Mã chỉ tiêu", "Nội dung", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"], 1
    ):
        ws.cell(6, col, header)
    for i, r in enumerate(rows, start=FIRST_ROW):
        ind = r.indicator
        value = (
            r.text_value
            if ind.value_type == "text"
            else (None if r.value is None else float(r.value))
        )
        ws.cell(i, 1, ind.code)
        ws.cell(i, 2, ind.content_area.number)
        xlsx_write.put(ws, i, 3, ind.name)
        xlsx_write.put(ws, i, 4, ind.unit_of_measure)
        xlsx_write.put(ws, i, 5, "(tự tính)" if ind.is_computed else value)
        xlsx_write.put(ws, i, 6, r.note)
    ws.column_dimensions["C"].width = 70
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse(data: bytes, submission: Submission) -> tuple[dict, dict]:
    """Read an uploaded form; returns (values, notes) by indicator code or raises ImportError_."""
    if len(data) > MAX_BYTES:
        raise ImportError_(_(TOO_BIG))
    try:
        # every part checked before openpyxl sees it: zip bombs, entities, a sheet reaching a
        # million rows, relationships out of the archive (core/xlsx.py)
        workbooks.check(data, max_rows=MAX_SHEET_ROWS)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb[SHEET]
        cells = list(ws.iter_rows(min_row=1, max_col=6, values_only=True))
    except ImportError_:
        raise
    except workbooks.TooLarge:
        raise ImportError_(_(TOO_BIG)) from None
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear message
        raise ImportError_(_(WRONG_FILE)) from None
    if len(cells) < FIRST_ROW - 1:
        raise ImportError_(_(WRONG_FILE))
    unit_code, year, sub_id, signature = (
        cells[i][1] if len(cells[i]) > 1 else None for i in range(4)
    )
    if (
        str(sub_id) != str(submission.pk)
        or str(year) != str(submission.period.year)
        or str(unit_code) != submission.unit.code
    ):
        raise ImportError_(_(OTHER_SUBMISSION).format(unit=unit_code, year=year))
    rows = [r for r in cells[FIRST_ROW - 1 :] if r and r[0]]
    codes = [str(r[0]) for r in rows]
    expected = list(
        submission.values.order_by(
            "indicator__content_area__number", "indicator__order"
        ).values_list("indicator__code", flat=True)
    )
    if codes != expected or signature != _signature(expected):
        raise ImportError_(_(LAYOUT_CHANGED))
    values, notes = {}, {}
    for r in rows:
        code, value, note = str(r[0]), r[4], r[5]
        if value == "(tự tính)":
            continue
        values[code] = value
        notes[code] = "" if note is None else str(note).strip()
    return values, notes
