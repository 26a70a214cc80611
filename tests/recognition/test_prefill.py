import datetime

import pytest

from campaign.results.prefill import prefill_for
from recognition.models import TitleKind
from recognition.providers import title_prefill
from recognition.services import meetings

from .conftest import decide, family_meeting, passing_results

pytestmark = pytest.mark.django_db


def test_the_yearly_form_is_prefilled_with_cultural_families_and_areas(
    cast, rules, django_assert_max_num_queries
):
    # 2026: Thôn Lạc Thiện has 110 households (statistics), Thôn Bình Minh 90
    meeting = family_meeting(cast.area, 2026)
    an, binh = cast.households
    meetings.evaluation_record(
        meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
    )
    # Nghị định 86/2023 sets no vote share: a standard not met is what fails a household
    meetings.evaluation_record(
        meeting=meeting, household=binh, results=passing_results(meeting) | {3: False}, votes_for=8
    )
    decide(meeting, cast.commune)
    area_meeting = meetings.meeting_create(
        kind=TitleKind.AREA,
        unit=cast.commune,
        year=2026,
        held_on=datetime.date(2026, 11, 10),
        invited=10,
        attending=9,
    )
    meetings.evaluation_record(
        meeting=area_meeting, area=cast.area, results=passing_results(area_meeting), votes_for=9
    )
    decide(area_meeting, cast.commune)

    # a few aggregate queries, whatever the size of the subtree
    with django_assert_max_num_queries(5):
        title_prefill(cast.commune, 2026)
    commune = prefill_for(unit=cast.commune, year=2026)
    assert commune["cultural_families"].value == 1
    assert commune["cultural_families_pct"].value == round(100 / 110, 1) == 0.9
    assert commune["cultural_areas"].value == 1
    assert commune["cultural_areas_pct"].value == 100.0
    province = prefill_for(unit=cast.province, year=2026)
    assert province["cultural_families"].value == 1
    assert province["cultural_families_pct"].value == 0.5  # 1 of 200
    assert province["cultural_areas"].value == 1
    assert province["cultural_areas_pct"].value == 50.0  # 1 of the 2 areas valid in 2026
    other = prefill_for(unit=cast.other_commune, year=2026)
    assert other["cultural_families"].value == 0
    assert other["cultural_areas_pct"].value == 0.0
    assert prefill_for(unit=cast.commune, year=2025)["cultural_families"].value == 0
