"""core/xlsx.py: every part of a workbook checked before a reader sees it, the reader in a
helper process that may die alone, and cells written so that no text runs as a formula."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from core import xlsx, xlsx_reader, xlsx_write

from .crafted import CRAFTED, WORST, edit, parts_of

VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯáàảãạếềệọốồớờợúùủũụíìịýỳ")


def vietnamese(text: str) -> bool:
    return bool(VIETNAMESE & set(text))


def workbook(rows=25, title="Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for i in range(5):
        ws.append(["Khu dân cư", "Thôn Lạc Thiện", "Mã", i])
    for i in range(rows - 5):
        ws.append([f"H{i:03d}", "Nguyễn Văn An", None, 45, 28.5, True, datetime.date(2026, 11, 5)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("attack", sorted(CRAFTED))
def test_every_crafted_workbook_is_refused_before_any_reader_sees_it(attack):
    data = CRAFTED[attack](workbook())
    with pytest.raises(xlsx.WorkbookError) as refused:
        xlsx.check(data, max_rows=3010)
    assert vietnamese(refused.value.message)


@pytest.mark.parametrize("attack", WORST)
def test_the_worst_files_are_refused_by_read_first_sheet_too(attack):
    with pytest.raises(xlsx.WorkbookError):
        xlsx.read_first_sheet(CRAFTED[attack](workbook()), max_rows=3010)


def test_a_real_workbook_is_read_with_its_types():
    sheet, rows = xlsx.read_first_sheet(workbook(), max_rows=3010)
    assert (sheet.name, sheet.part) == ("Sheet", "xl/worksheets/sheet1.xml")
    assert sheet.merged == [] and sheet.uncached_formulas == []
    assert len(rows) == 25
    assert rows[0][:4] == ["Khu dân cư", "Thôn Lạc Thiện", "Mã", 0]
    assert rows[5][:6] == ["H000", "Nguyễn Văn An", "", 45, 28.5, True]
    assert rows[5][6] in (datetime.date(2026, 11, 5), datetime.datetime(2026, 11, 5))


def test_a_sheet_stored_outside_worksheets_is_found_through_the_workbook():
    data = edit(
        CRAFTED["sheet_outside_worksheets"](workbook()),
        "xl/data/cells.xml",
        b'<c r="XFD1048576"><v>1</v></c>',
        b'<c r="H25"><v>1</v></c>',
    )
    [sheet] = xlsx.check(data, max_rows=3010)
    assert sheet.part == "xl/data/cells.xml"


def test_merged_cells_and_formulas_without_a_value_are_reported():
    wb = load_workbook(io.BytesIO(workbook()))
    ws = wb.active
    ws.merge_cells("A7:B7")
    ws["D9"] = "=SUM(D6:D8)"  # openpyxl stores no computed value
    out = io.BytesIO()
    wb.save(out)
    [sheet] = xlsx.check(out.getvalue(), max_rows=3010)
    assert sheet.merged == ["A7:B7"]
    assert sheet.uncached_formulas == ["D9"]
    # a formula saved by a spreadsheet program carries its value: nothing to report
    xml = parts_of(out.getvalue())["xl/worksheets/sheet1.xml"]
    start = xml.index(b'<c r="D9"')
    end = xml.index(b"</c>", start) + 4
    data = edit(out.getvalue(), "xl/worksheets/sheet1.xml", xml[start:end],
                b'<c r="D9"><f>SUM(D6:D8)</f><v>90</v></c>')  # fmt: skip
    [sheet] = xlsx.check(data, max_rows=3010)
    assert sheet.uncached_formulas == []


def test_the_reader_helper_dies_alone_and_the_next_file_is_read():
    # straight to the helper, past the check: what calamine does with the worst file
    with pytest.raises(xlsx_reader.ReaderDied):
        xlsx_reader.read_rows(CRAFTED["single_quoted"](workbook()), nrows=10)
    # this process is alive, and a new helper reads the next file
    rows = xlsx_reader.read_rows(workbook(), nrows=3010)
    assert rows[5][0] == "H000"


def test_an_error_of_calamine_itself_is_a_refusal_and_the_helper_lives_on():
    data = edit(workbook(), "xl/workbook.xml", b'name="Sheet"', b'name="Sheet" state="odd"')
    with pytest.raises(xlsx_reader.ReaderRefused):
        xlsx_reader.read_rows(data, nrows=10)
    helper = xlsx_reader._helper
    assert xlsx_reader.read_rows(workbook(), nrows=10)
    assert xlsx_reader._helper is helper


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\n=1"]
)
def test_formula_like_text_is_written_as_text(text):
    wb = Workbook()
    ws = wb.active
    xlsx_write.put(ws, 1, 1, text)
    xlsx_write.append(ws, ["ghi chú", text, -5, 3.5])
    out = io.BytesIO()
    wb.save(out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    # a carriage return comes back as typed when the writer escapes it (&#13;), as a line
    # break when it does not (XML reads a bare one so): both are text
    typed = ws["A1"].value if ws["A1"].value in (text, text.replace("\r", "\n")) else text
    for cell in (ws["A1"], ws["B2"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (typed, "s", True)
    assert (ws["C2"].value, ws["D2"].value, ws["A2"].quotePrefix) == (-5, 3.5, False)
    # and a reader gets the text back, not a formula or its result
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0)
    assert rows.to_python()[1][1] == typed


def test_a_reader_out_of_time_is_stopped_and_the_next_file_is_read():
    # no answer can come in no time: the helper is killed, as one stuck on a file would be
    with pytest.raises(xlsx_reader.ReaderDied):
        xlsx_reader.read_rows(workbook(rows=3000), nrows=3010, timeout=0)
    assert xlsx_reader._helper is None
    assert xlsx_reader.read_rows(workbook(), nrows=10)[5][0] == "H000"


@pytest.mark.parametrize("attack", sorted(CRAFTED))
def test_the_yearly_forms_import_checks_the_workbook_before_openpyxl_reads_it(attack):
    # campaign/results/xlsx.py: refused before the submission is even looked at
    from campaign.results import xlsx as form_xlsx

    data = CRAFTED[attack](workbook(title=form_xlsx.SHEET))
    with pytest.raises(form_xlsx.ImportError_) as refused:
        form_xlsx.parse(data, submission=None)
    assert str(refused.value) in (form_xlsx.WRONG_FILE, form_xlsx.TOO_BIG)
