import datetime

import pytest

from recognition import demo
from recognition.models import TitleKind
from recognition.services import decisions, meetings


@pytest.fixture
def rules(db):
    """The criteria sets and authorities the demo ships (Nghị định 122/2018 and 86/2023)."""
    demo.seed_rules()


def passing_results(meeting):
    """Full marks / every criterion met under the meeting's criteria set."""
    results = {}
    for group in meeting.criteria_set.groups.all():
        if group.kind == "scored":
            results[group.number] = group.max_points
        else:
            results[group.number] = group.kind == "condition"
    return results


def family_meeting(area, year, *, invited=10, attending=8, **kw):
    return meetings.meeting_create(
        kind=TitleKind.FAMILY,
        unit=area,
        year=year,
        held_on=kw.pop("held_on", datetime.date(year, 11, 5)),
        invited=invited,
        attending=attending,
        **kw,
    )


def decide(meeting, unit, *, number=None, signed_on=None):
    year = meeting.year
    meeting.refresh_from_db()
    if meeting.posted_on is None:
        meeting = meetings.meeting_post(
            meeting=meeting, posted_on=meeting.held_on + datetime.timedelta(days=1)
        )
    return decisions.decision_create(
        kind=meeting.kind,
        unit=unit,
        year=year,
        number=number or f"{year}-{meeting.pk}/QĐ-UBND",
        signed_on=signed_on or meeting.posted_until,
        meetings=[meeting],
    )


def recognize(commune, by_year):
    """Run the whole cycle (meeting, evaluations, posting, decision) for each year:
    by_year = {2019: [household, ...], ...}, all households of one area."""
    for year, households in sorted(by_year.items()):
        meeting = family_meeting(households[0].area, year)
        for household in households:
            meetings.evaluation_record(
                meeting=meeting, household=household, results=passing_results(meeting), votes_for=8
            )
        decide(meeting, commune)


def recognize_household(household, commune, years):
    recognize(commune, {year: [household] for year in years})
