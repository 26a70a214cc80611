"""The title import's bulk path (issue 21): a full 3,000-row file goes in with its history in a
few statements, one wrong row among them leaves nothing written and is named, and the rows and
history written are those simple-history writes."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history

from core.bulk import insert_with_history
from recognition import importer
from recognition.models import TitleEvaluation
from recognition.services import judging
from residential_areas.models import Household

from .conftest import family_meeting

pytestmark = pytest.mark.django_db

ROWS = importer.MAX_ROWS - importer.HEADER_ROW  # a full sheet: its rows but the heading's
FIRST = importer.HEADER_ROW + 1


def _households(area, n):
    return Household.objects.bulk_create(
        Household(area=area, code=f"K{i:04d}", head_name=f"Hộ số {i}") for i in range(n)
    )


def big_sheet(meeting, households, *, wrong_at=None) -> bytes:
    """The sheet as the template lays it out, one row per household (write-only: fast)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([f"KẾT QUẢ BÌNH XÉT “GIA ĐÌNH VĂN HÓA” NĂM {meeting.year}"])
    ws.append(["Khu dân cư", meeting.unit.name, "Mã khu dân cư", meeting.unit.code])
    ws.append(["Năm", meeting.year, "Bộ tiêu chí", str(meeting.criteria_set)])
    ws.append(["Số tham dự", meeting.attending, "Số được mời", meeting.invited])
    ws.append([str(label) for _key, label in importer._columns(meeting)])
    for i, h in enumerate(households):
        votes = meeting.attending + 1 if i == wrong_at else meeting.attending - i % 3
        ws.append([h.code, h.head_name, "x" if i % 20 == 0 else None, 45, 28 - i % 4, 20, votes])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def full(cast, rules):
    households = _households(cast.area, ROWS)
    meeting = family_meeting(cast.area, 2019, invited=500, attending=400)
    return meeting, households


def test_a_full_file_goes_in_with_its_history_in_a_few_statements(full):
    meeting, households = full
    data = big_sheet(meeting, households)
    with CaptureQueriesContext(connection) as queries:
        counts, errors = importer.run(meeting, data, apply=True)
    assert errors == []
    assert counts == {"created": ROWS, "updated": 0, "unchanged": 0}
    assert TitleEvaluation.objects.filter(meeting=meeting).count() == ROWS
    history = TitleEvaluation.history.filter(meeting=meeting)
    assert history.count() == ROWS
    assert set(history.values_list("history_type", flat=True)) == {"+"}
    assert len(queries) < 20, [q["sql"][:80] for q in queries]
    # the same file again changes nothing and writes no history
    counts, errors = importer.run(meeting, data, apply=True)
    assert counts == {"created": 0, "updated": 0, "unchanged": ROWS}
    assert TitleEvaluation.history.filter(meeting=meeting).count() == ROWS


def test_one_wrong_row_in_a_full_file_writes_nothing_and_is_named(full):
    meeting, households = full
    # the clean file's dry run counts it all and writes nothing
    counts, errors = importer.run(meeting, big_sheet(meeting, households), apply=False)
    assert errors == [] and counts["created"] == ROWS
    assert not TitleEvaluation.objects.exists()
    wrong = 2_345
    data = big_sheet(meeting, households, wrong_at=wrong)
    for apply in (False, True):  # the dry run says what applying says
        counts, errors = importer.run(meeting, data, apply=apply)
        assert counts is None
        votes = meeting.attending + 1
        assert errors == [
            f"Dòng {FIRST + wrong} ({households[wrong].code}): Số phiếu đồng ý ({votes}) lớn hơn "
            f"số tham dự ({meeting.attending})."
        ]
    assert not TitleEvaluation.objects.exists()
    assert not TitleEvaluation.history.exists()


IGNORED = {"id", "history_id", "history_date"}


def test_insert_with_history_writes_what_simple_history_writes(cast, rules):
    mine = family_meeting(cast.area, 2019)
    theirs = family_meeting(cast.area, 2020)
    note = "ghi chú “có dấu”\tmột tab\nmột dòng mới \\ gạch {'a': 1} NULL"

    def judged(meeting, i, household):
        results = {1: 45, 2: 28 - i, 3: 20} if i else {1: 10, 2: 0, 3: 0}
        values = judging.judge(meeting=meeting, results=results, votes_for=7, is_poor=i == 1)
        return {**values, "household_id": household.pk, "area_id": household.area_id}

    households = cast.households[:2]
    rows = [
        {**judged(mine, i, h), "meeting_id": mine.pk, "note": note if i else ""}
        for i, h in enumerate(households)
    ]
    assert insert_with_history(TitleEvaluation, rows) == 2
    bulk_create_with_history(
        [
            TitleEvaluation(**judged(theirs, i, h), meeting=theirs, note=note if i else "")
            for i, h in enumerate(households)
        ],
        TitleEvaluation,
    )

    def written(meeting, model):
        found = model.objects.filter(meeting=meeting).order_by("household_id").values()
        return [{k: v for k, v in r.items() if k not in IGNORED | {"meeting_id"}} for r in found]

    assert written(mine, TitleEvaluation) == written(theirs, TitleEvaluation)
    assert written(mine, TitleEvaluation.history.model) == written(
        theirs, TitleEvaluation.history.model
    )
    history = TitleEvaluation.history.filter(meeting=mine)
    assert sorted(history.values_list("id", flat=True)) == sorted(
        TitleEvaluation.objects.filter(meeting=mine).values_list("id", flat=True)
    )
    assert set(history.values_list("history_type", flat=True)) == {"+"}
