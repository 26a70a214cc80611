import datetime

import pytest

from recognition import selectors
from recognition.models import TitleKind
from recognition.services import commendations, meetings

from .conftest import decide, passing_results, recognize, recognize_household

pytestmark = pytest.mark.django_db


def test_a_streak_counts_consecutive_years_and_breaks_on_a_gap():
    years = {2018, 2019, 2021, 2022, 2023}
    assert selectors.streak(years=years, year=2023) == 3
    assert selectors.streak(years=years, year=2019) == 2
    assert selectors.streak(years=years, year=2020) == 0


def test_a_certificate_restarts_the_count():
    years = {2018, 2019, 2020, 2021, 2022}
    assert selectors.streak(years=years, year=2022, certificate_years=[2020]) == 2
    assert selectors.streak(years=years, year=2020, certificate_years=[2020]) == 0
    # a certificate given later does not shorten an earlier year's streak
    assert selectors.streak(years=years, year=2019, certificate_years=[2021]) == 2


def eligible_households(cast, year):
    qs, _cs = selectors.certificate_eligible(unit=cast.province, year=year, kind=TitleKind.FAMILY)
    return {r.household for r in qs}


def test_a_family_is_eligible_for_a_certificate_after_3_consecutive_years(cast, rules):
    an, binh = cast.households
    recognize(
        cast.commune,
        {2018: [binh], 2019: [an, binh], 2020: [an], 2021: [an, binh]},
    )
    assert eligible_households(cast, 2021) == {an}
    assert eligible_households(cast, 2020) == set()
    # the page shows the same list
    assert selectors.household_title_history(household=an)[0][-1]["streak"] == 3


def test_a_gap_year_breaks_eligibility(cast, rules):
    an = cast.households[0]
    recognize_household(an, cast.commune, [2018, 2019, 2021, 2022])
    assert eligible_households(cast, 2022) == set()
    recognize_household(an, cast.commune, [2023])
    assert eligible_households(cast, 2023) == {an}


def test_after_a_certificate_the_family_needs_3_new_years(cast, rules):
    an = cast.households[0]
    recognize_household(an, cast.commune, [2018, 2019, 2020, 2021, 2022, 2023])
    commendations.commendation_create(
        subject_type="household",
        household=an,
        unit=an.area,
        level="commune",
        form="giay_khen",
        reason="Đạt danh hiệu Gia đình văn hóa 3 năm liền 2018-2020",
        year=2020,
        occasion="yearly",
        title_kind=TitleKind.FAMILY,
    )
    assert eligible_households(cast, 2020) == set()
    assert eligible_households(cast, 2021) == set()
    assert eligible_households(cast, 2022) == set()
    assert eligible_households(cast, 2023) == {an}


def test_a_residential_area_needs_5_consecutive_years(cast, rules):
    # 2019-2023: the old commune evaluates its areas, the district chair decides
    area, commune = cast.old_area, cast.old_commune
    for year in range(2019, 2024):
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
        decide(meeting, cast.district)

    def eligible(year):
        qs, _cs = selectors.certificate_eligible(unit=cast.province, year=year, kind="area")
        return {r.area for r in qs}

    assert eligible(2022) == set()
    assert eligible(2023) == {area}
