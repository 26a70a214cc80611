import datetime

import pytest

from recognition import demo
from recognition.models import TitleKind
from recognition.services import decisions, meetings
from residential_areas.models import AdministrativeUnit


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


def in_force(unit, on):
    """The unit if it exists on `on`, else its predecessor that did: the cast's households
    live in today's areas (from 1/7/2025), and a meeting or decision of an earlier year
    belongs to the unit of that day, as the services require."""
    if unit.is_valid_on(on):
        return unit
    before = AdministrativeUnit.objects.as_of(on).filter(successor=unit).order_by("path").first()
    return before or unit


def family_meeting(area, year, *, invited=10, attending=8, **kw):
    held_on = kw.pop("held_on", datetime.date(year, 11, 5))
    return meetings.meeting_create(
        kind=TitleKind.FAMILY,
        unit=in_force(area, held_on),
        year=year,
        held_on=held_on,
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
    signed_on = signed_on or meeting.posted_until
    return decisions.decision_create(
        kind=meeting.kind,
        unit=in_force(unit, signed_on),
        year=year,
        number=number or f"{year}-{meeting.pk}/QĐ-UBND",
        signed_on=signed_on,
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
