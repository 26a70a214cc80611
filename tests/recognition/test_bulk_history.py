"""core.bulk: the PostgreSQL fast path writes what simple-history's own function writes."""

import pytest
from simple_history.utils import bulk_create_with_history

from core.bulk import create_with_history
from recognition.models import TitleEvaluation
from recognition.services import judging

from .conftest import family_meeting, passing_results

pytestmark = pytest.mark.django_db

IGNORED = {"id", "history_id", "history_date"}


def _unsaved(meeting, households):
    return [
        TitleEvaluation(
            meeting=meeting,
            household=h,
            area=h.area,
            note="ghi chú “có dấu”\tmột tab\nmột dòng mới \\ gạch",
            **judging.judge(
                meeting=meeting,
                results=passing_results(meeting),
                votes_for=7,
                is_poor=i % 2 == 0,
            ),
        )
        for i, h in enumerate(households)
    ]


def _rows(meeting):
    history = TitleEvaluation.history.filter(meeting=meeting).order_by("household_id")
    return [{k: v for k, v in row.items() if k not in IGNORED} for row in history.values()]


def test_the_fast_path_writes_the_rows_and_history_simple_history_writes(postgres, cast, rules):
    mine = family_meeting(cast.area, 2019)
    theirs = family_meeting(cast.area, 2020)
    households = cast.households[:2]
    created = create_with_history(_unsaved(mine, households), TitleEvaluation)
    assert all(e.pk for e in created)
    bulk_create_with_history(_unsaved(theirs, households), TitleEvaluation)

    def same(rows):  # the meeting is the one thing that differs
        return [{**r, "meeting_id": None} for r in rows]

    assert len(_rows(mine)) == 2
    assert same(_rows(mine)) == same(_rows(theirs))
    assert [r["history_type"] for r in _rows(mine)] == ["+", "+"]
    saved = TitleEvaluation.objects.filter(meeting=mine).order_by("household_id")
    assert [(e.results, e.outcome, e.note) for e in saved] == [
        (e.results, e.outcome, e.note)
        for e in TitleEvaluation.objects.filter(meeting=theirs).order_by("household_id")
    ]
