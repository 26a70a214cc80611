"""core/xlsx_reader.py's lean grammar: the sheets it reads are read as calamine reads them, and
what it does not know goes to the exact check and calamine, as before."""

import datetime
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from core import xlsx, xlsx_reader

from .crafted import SHEET, edit, parts_of, zip_of


def workbook(rows, *, bold_row=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if bold_row is not None:
        for cell in ws[bold_row]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def both(data: bytes):
    """(what the check read itself or None, what calamine reads)."""
    sheet = xlsx.check(data, max_rows=3010)[0]
    return sheet.rows, xlsx_reader.read_rows(data, nrows=3010)


TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
        "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
    ),
    max_size=12,
).filter(lambda t: not t.startswith("="))
CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.sampled_from(["H001", "x", "không", " có ", "a & b <c> \"d\" 'e'", "dòng 1\ndòng 2", ""]),
)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.lists(CELL, max_size=12), min_size=1, max_size=8), st.integers(0, 7))
def test_what_the_lean_grammar_reads_is_what_calamine_reads(rows, bold):
    lean, calamine = both(workbook(rows, bold_row=bold + 1))
    assert lean is not None
    assert lean == calamine


def test_an_openpyxl_template_is_read_by_the_check_itself():
    rows = [["Mã hộ", "Chủ hộ", None, "Nhóm 1"], ["H001", "Nguyễn Văn An", "x", 45]]
    sheet, read = xlsx.read_first_sheet(workbook(rows, bold_row=1), max_rows=3010)
    assert sheet.rows is not None
    assert read == [["Mã hộ", "Chủ hộ", "", "Nhóm 1"], ["H001", "Nguyễn Văn An", "x", 45.0]]


def excel_like(cells: str, strings: list[str], styles: str = "") -> bytes:
    """The openpyxl workbook with the sheet's data and shared strings as Excel writes them."""
    parts = parts_of(workbook([["a"]]))
    xml = parts[SHEET]
    start = xml.index(b"<sheetData>") + len(b"<sheetData>")
    end = xml.index(b"</sheetData>")
    parts[SHEET] = xml[:start] + cells.encode() + xml[end:]
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    if styles:
        parts["xl/styles.xml"] = styles.encode()
    return zip_of(parts)


EXCEL_ROWS = (
    '<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c>'
    '<c r="B1" t="s"><v>1</v></c><c r="D1" s="0" t="n"><v>45</v></c></row>'
    '<row r="3" spans="1:4"><c r="A3" t="s"><v>2</v></c><c r="B3" t="b"><v>1</v></c>'
    '<c r="C3" s="1"/><c r="D3"><v>28.5</v></c></row>'
)


def test_shared_strings_as_excel_writes_them_are_read_as_calamine_reads_them():
    data = excel_like(EXCEL_ROWS, ["Mã hộ", "Nguyễn Văn &amp; An", "H001"])
    lean, calamine = both(data)
    assert (
        lean
        == calamine
        == [
            ["Mã hộ", "Nguyễn Văn & An", "", 45.0],
            ["", "", "", ""],
            ["H001", True, "", 28.5],
        ]
    )


def test_a_date_or_a_formula_is_left_to_calamine():
    lean, calamine = both(workbook([["Ngày", datetime.date(2026, 11, 5)]]))
    assert lean is None and calamine[0][1] == datetime.date(2026, 11, 5)
    lean, calamine = both(workbook([["Tổng", "=1+2"]]))
    assert lean is None
    # a style whose number format is a date's
    styles = parts_of(workbook([["a"]]))["xl/styles.xml"].decode()
    dated = styles.replace('numFmtId="0"', 'numFmtId="14"')
    lean, calamine = both(
        excel_like('<row r="1"><c r="A1" s="0"><v>46000</v></c></row>', [], dated)
    )
    assert lean is None and isinstance(calamine[0][0], datetime.date | datetime.datetime)


def test_forms_the_grammar_does_not_know_are_checked_and_read_as_before():
    good = workbook([["Mã hộ", "Chủ hộ"], ["H001", 45]])
    for old, new in [
        (b'<c r="A1"', b"<c r='A1'"),  # single quotes
        (b"<sheetData>", "<!-- ghi chú --><sheetData>".encode()),  # a comment
        (b'<row r="2">', b'<row r="2" r="2">'),  # an attribute twice: exact path refuses
        (b'<c r="B2" t="n"><v>45</v>', b'<c r="B2" t="n"><v>+45</v>'),  # a sign
    ]:
        data = edit(good, SHEET, old, new)
        try:
            sheet = xlsx.check(data, max_rows=3010)[0]
        except xlsx.WorkbookError:
            continue  # refused as before
        assert sheet.rows is None
        assert xlsx.read_first_sheet(data, max_rows=3010)[1] == xlsx_reader.read_rows(
            data, nrows=3010
        )


def test_a_cell_beyond_the_limits_is_refused_as_the_exact_check_refuses_it():
    good = workbook([["Mã hộ"], ["H001"]])
    far = edit(good, SHEET, b'<c r="A2"', b'<c r="AZ2"')
    try:
        xlsx.check(far, max_rows=3010)
    except xlsx.WorkbookError as exc:
        assert exc.detail == "cell AZ2"
    else:
        raise AssertionError("a cell beyond column 40 was let through")
    deep = edit(good, SHEET, b'<row r="2">', b'<row r="3011">')
    deep = edit(deep, SHEET, b'<c r="A2"', b'<c r="A3011"')
    try:
        xlsx.check(deep, max_rows=3010)
    except xlsx.TooManyRows:
        pass
    else:
        raise AssertionError("row 3011 was let through")


def test_parts_every_workbook_carries_are_checked_once():
    xlsx_reader._KNOWN.clear()
    xlsx.check(workbook([["a"]]), max_rows=3010)
    known = len(xlsx_reader._KNOWN)
    assert known >= 5  # theme, styles, relationships, workbook, content types...
    xlsx.check(workbook([["b"], ["c"]]), max_rows=3010)
    assert len(xlsx_reader._KNOWN) <= known + 1  # at most docProps/core.xml (its time) is new
    with zipfile.ZipFile(io.BytesIO(workbook([["a"]]))) as archive:
        assert "xl/theme/theme1.xml" in archive.namelist()
