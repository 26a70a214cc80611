import datetime

import pytest
from django.core.exceptions import ValidationError

from recognition.models import TitleKind
from recognition.services import decisions, meetings

from .conftest import passing_results

pytestmark = pytest.mark.django_db


def area_meeting(commune, area, year):
    meeting = meetings.meeting_create(
        kind=TitleKind.AREA,
        unit=commune,
        year=year,
        held_on=datetime.date(year, 11, 10),
        invited=20,
        attending=15,
    )
    meetings.evaluation_record(
        meeting=meeting, area=area, results=passing_results(meeting), votes_for=15
    )
    meetings.meeting_post(meeting=meeting, posted_on=datetime.date(year, 11, 11))
    return meeting


def decide(meeting, unit, signed_on):
    return decisions.decision_create(
        kind=TitleKind.AREA,
        unit=unit,
        year=meeting.year,
        number="12/QĐ-UBND",
        signed_on=signed_on,
        meetings=[meeting],
    )


def test_before_1_july_2025_the_district_chair_recognizes_residential_areas(cast, rules):
    meeting = area_meeting(cast.old_commune, cast.old_area, 2024)
    with pytest.raises(ValidationError, match="Chủ tịch UBND cấp huyện"):
        decide(meeting, cast.old_commune, datetime.date(2024, 12, 5))
    decision = decide(meeting, cast.district, datetime.date(2024, 12, 5))
    assert decision.authority == "Chủ tịch UBND Huyện Đức Thọ"
    assert decision.recognitions.get().area == cast.old_area


def test_from_1_july_2025_the_commune_chair_recognizes_residential_areas(cast, rules):
    meeting = area_meeting(cast.commune, cast.area, 2025)
    with pytest.raises(ValidationError, match="Chủ tịch UBND cấp xã"):
        decide(meeting, cast.province, datetime.date(2025, 12, 1))
    decision = decide(meeting, cast.commune, datetime.date(2025, 12, 1))
    assert decision.authority == "Chủ tịch UBND Xã Đức Thọ"


def test_the_authority_follows_the_signing_date_at_the_boundary(cast, rules):
    assert decisions.authority_rule_for(kind="area", on=datetime.date(2025, 6, 30)).level == (
        "district"
    )
    assert (
        decisions.authority_rule_for(kind="area", on=datetime.date(2025, 7, 1)).level == "commune"
    )
    assert decisions.authority_rule_for(kind="family", on=datetime.date(2019, 1, 1)).level == (
        "commune"
    )
