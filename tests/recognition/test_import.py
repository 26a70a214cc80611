import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from recognition import importer
from recognition.models import TitleEvaluation
from recognition.services import judging, meetings
from residential_areas.models import Household

from .conftest import decide, family_meeting, passing_results

pytestmark = pytest.mark.django_db

FIRST = importer.HEADER_ROW + 1  # the first data row of the sheet


def sheet(meeting, rows):
    """The downloaded template with its data rows replaced by `rows` (lists of cells)."""
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
    """On Thôn Lạc Thiện as it stood in 2019 (cast.old_area, under Huyện Đức Thọ): a meeting
    belongs to the unit of its day, so its pages are the district's, whose scope holds that
    unit; the households it evaluates now live in the successor area."""
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    assert meeting.unit == cast.old_area
    return meeting


def good_rows(cast):
    # code, head, poor, group 1 (45), group 2 (30), group 3 (25), votes, note; every group
    # reaches half its maximum (Nghị định 122/2018 Điều 5 k.2): Bình's 19 and 13 just do
    return [
        ["H001", "Nguyễn Văn An", None, 45, 28, 20, 8, None],
        ["H002", "Trần Thị Bình", "x", 30, 19, 13, 7, "hộ cận nghèo"],
    ]


def test_the_template_lists_the_households_and_reads_back_without_errors(cast, meeting_2019):
    data = importer.template_xlsx(meeting_2019)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(importer.HEADER_ROW, 4).value == "Nhóm 1 (tối đa 45)"
    assert [ws.cell(r, 1).value for r in (FIRST, FIRST + 1)] == ["H001", "H002"]
    counts, errors = importer.run(meeting_2019, sheet(meeting_2019, good_rows(cast)), apply=True)
    assert errors == []
    assert counts == {"created": 2, "updated": 0, "unchanged": 0}
    an = TitleEvaluation.objects.get(household=cast.households[0])
    binh = TitleEvaluation.objects.get(household=cast.households[1])
    assert (an.score, an.outcome) == (93, "passed")
    assert (binh.score, binh.is_poor, binh.outcome) == (62, True, "passed")


def test_reimporting_the_same_file_changes_nothing(cast, meeting_2019):
    data = sheet(meeting_2019, good_rows(cast))
    importer.run(meeting_2019, data, apply=True)
    history = TitleEvaluation.history.count()
    counts, errors = importer.run(meeting_2019, data, apply=True)
    assert errors == []
    assert counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert TitleEvaluation.history.count() == history


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["H999", "Không có", None, 45, 30, 25, 8, None], "không tìm thấy hộ có mã H999"),
        (["H001", "Nguyễn Văn An", None, 46, 30, 25, 8, None], "Điểm nhóm 1 phải từ 0 đến 45."),
        (["H001", "Nguyễn Văn An", None, 45, 30, 25, 8, None], "mã hộ H001 trùng với dòng"),
        (["H001", "Nguyễn Văn An", None, 45, 30, 25, 9, None], "Số phiếu đồng ý (9) lớn hơn"),
        (["H001", "Nguyễn Văn An", None, "bốn", 30, 25, 8, None], "không phải là số"),
        (["H001", "Nguyễn Văn An", None, 45, 30, 25, None, None], "thiếu số phiếu đồng ý"),
    ],
    ids=["unknown", "out-of-range", "duplicate", "votes", "not-a-number", "no-votes"],
)
def test_each_bad_row_is_reported_by_line_and_nothing_is_saved(
    cast, meeting_2019, bad_row, message
):
    rows = [["H002", "Trần Thị Bình", None, 45, 30, 25, 8, None]]
    if "trùng" in message:
        rows.insert(0, ["H001", "Nguyễn Văn An", None, 45, 30, 25, 8, None])
    rows.append(bad_row)
    counts, errors = importer.run(meeting_2019, sheet(meeting_2019, rows), apply=True)
    assert counts is None
    line = FIRST + len(rows) - 1
    assert any(e.startswith(f"Dòng {line}") and message in e for e in errors), errors
    assert not TitleEvaluation.objects.exists()


def test_a_household_of_another_area_is_named_as_such(cast, meeting_2019):
    # to a user who may see that household (the province); tests/recognition/
    # test_import_attacks.py: to anyone else it is a household that does not exist
    cast.other_household.code = "H777"
    cast.other_household.save()
    rows = [["H777", "Lê Văn Cường", None, 45, 30, 25, 8, None]]
    data = sheet(meeting_2019, rows)
    _counts, errors = importer.run(
        meeting_2019, data, apply=True, user=cast.users["province_admin"]
    )
    assert errors == [f"Dòng {FIRST}: hộ mã H777 thuộc khu dân cư khác (Thôn Bình Minh)."]


def test_a_sheet_of_another_area_or_year_is_refused(cast, rules, meeting_2019):
    other = family_meeting(cast.other_area, 2019)  # on Thôn Bình Minh of 2019 (18400-01)
    _counts, errors = importer.run(meeting_2019, importer.template_xlsx(other), apply=False)
    assert "Tệp dành cho khu dân cư mã 18400-01" in errors[0]
    _counts, errors = importer.run(meeting_2019, b"not a workbook", apply=False)
    assert errors == [str(importer.NOT_XLSX)]


def test_an_import_after_the_decision_is_refused(cast, meeting_2019):
    data = sheet(meeting_2019, good_rows(cast))
    importer.run(meeting_2019, data, apply=True)
    decide(meeting_2019, cast.commune)
    changed = sheet(meeting_2019, [["H001", "Nguyễn Văn An", None, 40, 20, 10, 2, None]])
    _counts, errors = importer.run(meeting_2019, changed, apply=True)
    assert errors == [str(meetings.MEETING_LOCKED)]
    assert TitleEvaluation.objects.get(household=cast.households[0]).score == 93


def test_the_import_page_dry_runs_then_applies(cast, meeting_2019, client_for):
    c = client_for("district")
    page = reverse("recognition:meeting_import", args=[meeting_2019.pk])
    upload = SimpleUploadedFile("bx.xlsx", sheet(meeting_2019, good_rows(cast)))
    r = c.post(page, {"file": upload})
    assert r.status_code == 200
    assert "2 kết quả mới" in r.content.decode()
    assert not TitleEvaluation.objects.exists()  # the dry run saved nothing
    token = r.context["token"]
    r = c.post(page, {"token": token})
    assert r.status_code == 302
    assert TitleEvaluation.objects.count() == 2
    # the other district, and the other commune after it, cannot even see the page
    assert client_for("other_district").get(page).status_code == 404
    assert client_for("other_commune").get(page).status_code == 404
    assert client_for("viewer").post(page, {"token": token}).status_code == 403


def test_the_import_page_shows_row_errors(cast, meeting_2019, client_for):
    upload = SimpleUploadedFile(
        "bx.xlsx", sheet(meeting_2019, [["H999", "?", None, 45, 30, 25, 8, None]])
    )
    r = client_for("district").post(
        reverse("recognition:meeting_import", args=[meeting_2019.pk]), {"file": upload}
    )
    assert "không tìm thấy hộ có mã H999" in r.content.decode()
    assert "token" not in r.context or not r.context.get("token")


def test_the_same_sheet_works_for_nghi_dinh_86_criteria(cast, rules):
    meeting = family_meeting(cast.area, 2024)
    assert passing_results(meeting)  # the 86 set has condition and exclusion groups
    # three standards, all met, then the nine exclusions of Điều 6 k.4, one column each
    groups = sorted(judging.groups_of(meeting).values(), key=lambda g: g.number)
    assert [g.kind for g in groups] == ["condition"] * 3 + ["exclusion"] * 9
    header = load_workbook(io.BytesIO(importer.template_xlsx(meeting))).active[importer.HEADER_ROW]
    gambling = next(g for g in groups if "cờ bạc" in g.title)
    assert header[2 + gambling.number - 1].value == f"Loại trừ {gambling.number} (có: x)"
    an = ["H001", "Nguyễn Văn An", "x", "x", "x", *[None] * 9, 8, None]
    binh = an[:]
    binh[:2] = ["H002", "Trần Thị Bình"]
    binh[2 + gambling.number - 1] = "x"  # fined for gambling: excluded
    counts, errors = importer.run(meeting, sheet(meeting, [an, binh]), apply=True)
    assert errors == []
    outcomes = dict(TitleEvaluation.objects.values_list("household__code", "outcome"))
    assert outcomes == {"H001": "passed", "H002": "failed"}


def test_an_import_writes_history_for_what_it_creates_and_changes_only(cast, meeting_2019):
    importer.run(meeting_2019, sheet(meeting_2019, good_rows(cast)[:1]), apply=True)
    an = TitleEvaluation.objects.get(household=cast.households[0])
    rows = good_rows(cast)
    rows[0][3] = 40  # An's group 1 goes from 45 to 40: updated; Bình is new
    counts, errors = importer.run(meeting_2019, sheet(meeting_2019, rows), apply=True)
    assert errors == []
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}
    assert list(an.history.order_by("history_id").values_list("history_type", "score")) == [
        ("+", 93),
        ("~", 88),
    ]
    binh = TitleEvaluation.objects.get(household=cast.households[1])
    assert list(binh.history.values_list("history_type", "score")) == [("+", 62)]
    # the same file again: nothing written, no history
    counts, _errors = importer.run(meeting_2019, sheet(meeting_2019, rows), apply=True)
    assert counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert TitleEvaluation.history.count() == 3


def test_the_import_page_records_who_imported_in_the_history(cast, meeting_2019, client_for):
    c = client_for("district")
    page = reverse("recognition:meeting_import", args=[meeting_2019.pk])
    upload = SimpleUploadedFile("bx.xlsx", sheet(meeting_2019, good_rows(cast)))
    token = c.post(page, {"file": upload}).context["token"]
    assert c.post(page, {"token": token}).status_code == 302
    users = set(TitleEvaluation.history.values_list("history_user__username", flat=True))
    assert users == {cast.users["district"].username}


def _households(area, n):
    return Household.objects.bulk_create(
        Household(area=area, code=f"B{i:04d}", head_name=f"Hộ thử {i}") for i in range(n)
    )


def test_the_import_queries_do_not_grow_with_the_rows(cast, rules):
    def import_of(area, n):
        households = _households(area, n)
        meeting = family_meeting(area, 2019, invited=10, attending=8)
        rows = [[h.code, h.head_name, None, 45, 28, 20, 8, None] for h in households]
        data = sheet(meeting, rows)
        with CaptureQueriesContext(connection) as queries:
            counts, errors = importer.run(meeting, data, apply=True)
        assert errors == [] and counts["created"] == n
        return len(queries)

    small = import_of(cast.area, 3)
    large = import_of(cast.other_area, 300)
    # row by row it was about four queries a row; now the rows go in batches (one batch of
    # 1,000 on PostgreSQL, SQLite's batches are smaller for its limit on parameters)
    assert large - small < 300 / 20, (small, large)


@pytest.mark.parametrize(
    ("far_cell", "message"),
    [
        ("XFD1048576", str(importer.TOO_MANY_ROWS).format(max=importer.MAX_ROWS)),
        ("XFD7", str(importer.NOT_XLSX)),
    ],
    ids=["far-row", "far-column"],
)
def test_a_small_file_that_spans_a_huge_sheet_is_refused_before_it_is_read(
    cast, meeting_2019, far_cell, message
):
    # two cells far apart: the reader would allocate the whole extent between them
    wb = load_workbook(io.BytesIO(sheet(meeting_2019, good_rows(cast))))
    wb.active[far_cell] = 1
    out = io.BytesIO()
    wb.save(out)
    assert len(out.getvalue()) < 20_000
    counts, errors = importer.run(meeting_2019, out.getvalue(), apply=False)
    assert counts is None and errors == [message]


def test_a_sheet_beyond_3000_rows_is_too_many(cast, meeting_2019):
    data = sheet(meeting_2019, [["H999", "x", None, 1, 1, 1, 1, None]] * 3005)
    _counts, errors = importer.run(meeting_2019, data, apply=False)
    assert errors == [str(importer.TOO_MANY_ROWS).format(max=importer.MAX_ROWS)]
