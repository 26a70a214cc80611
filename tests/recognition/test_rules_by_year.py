import datetime

import pytest
from django.core.exceptions import ValidationError

from recognition.models import (
    CommuneCategory,
    CriteriaSet,
    Outcome,
    PassRule,
    Recognition,
    TitleEvaluation,
)
from recognition.services import criteria, decisions, judging, meetings, registrations

from .conftest import decide, family_meeting, passing_results

pytestmark = pytest.mark.django_db


def scores(total_45, total_30, total_25):
    return {1: total_45, 2: total_30, 3: total_25}


def test_in_2019_a_rural_household_with_84_points_fails(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    ev = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(40, 25, 19), votes_for=8
    )
    assert ev.score == 84
    assert ev.meets_criteria is False
    assert ev.outcome == Outcome.FAILED


def test_in_2019_a_household_with_85_points_passes(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    ev = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(40, 25, 20), votes_for=8
    )
    assert ev.outcome == Outcome.PASSED


def test_in_2019_a_poor_household_with_62_points_passes(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    ev = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=scores(30, 19, 13),  # every standard at least half its maximum
        votes_for=8,
        is_poor=True,
    )
    assert ev.score == 62
    assert ev.outcome == Outcome.PASSED


def test_in_2019_a_disadvantaged_commune_passes_at_60_and_urban_central_needs_90(cast, rules):
    hard = family_meeting(cast.area, 2019, category=CommuneCategory.DISADVANTAGED)
    ev = meetings.evaluation_record(
        meeting=hard, household=cast.households[0], results=scores(30, 17, 13), votes_for=8
    )
    assert ev.outcome == Outcome.PASSED
    urban = family_meeting(cast.other_area, 2019, category=CommuneCategory.URBAN_CENTRAL)
    ev = meetings.evaluation_record(
        meeting=urban, household=cast.other_household, results=scores(44, 28, 17), votes_for=8
    )
    assert ev.score == 89
    assert ev.outcome == Outcome.FAILED


def test_a_household_with_less_than_60_percent_agreement_is_not_proposed(cast, rules):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=10)
    ev = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(45, 30, 25), votes_for=5
    )
    assert ev.meets_criteria is True
    assert ev.outcome == Outcome.FAILED
    ev = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(45, 30, 25), votes_for=6
    )
    assert ev.outcome == Outcome.PASSED


def test_a_meeting_with_55_percent_attendance_is_invalid_and_cannot_be_decided(cast, rules):
    meeting = family_meeting(cast.area, 2019, invited=20, attending=11)
    meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(45, 30, 25), votes_for=11
    )
    assert meeting.is_valid is False
    with pytest.raises(ValidationError) as exc:
        decide(meeting, cast.commune)
    assert "không hợp lệ" in exc.value.messages[0]
    assert not Recognition.objects.exists()
    meeting.refresh_from_db()
    assert meeting.decision is None


def test_a_meeting_with_60_percent_attendance_is_valid(cast, rules):
    meeting = family_meeting(cast.area, 2019, invited=20, attending=12)
    assert meeting.is_valid is True


def test_in_2024_the_nghi_dinh_86_criteria_apply(cast, rules):
    meeting = family_meeting(cast.area, 2024)
    assert meeting.criteria_set.rule == PassRule.ALL_MET
    assert "86/2023" in meeting.criteria_set.legal_basis
    assert family_meeting(cast.other_area, 2023).criteria_set.rule == PassRule.SCORE
    ok = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=passing_results(meeting),
        votes_for=8,
    )
    assert ok.score is None
    assert ok.outcome == Outcome.PASSED
    # one exclusion (a member fined for child marriage) fails the household whatever else
    excluded = passing_results(meeting) | {6: True}
    bad = meetings.evaluation_record(
        meeting=meeting, household=cast.households[1], results=excluded, votes_for=8
    )
    assert bad.outcome == Outcome.FAILED
    # a group not met fails it too
    unmet = passing_results(meeting) | {3: False}
    bad = meetings.evaluation_record(
        meeting=meeting, household=cast.households[1], results=unmet, votes_for=8
    )
    assert bad.outcome == Outcome.FAILED


def test_in_2024_a_criterion_left_blank_is_an_error(cast, rules):
    meeting = family_meeting(cast.area, 2024)
    with pytest.raises(ValidationError, match="Thiếu kết quả nhóm 2"):
        meetings.evaluation_record(
            meeting=meeting, household=cast.households[0], results={1: True, 3: True}, votes_for=8
        )


def test_a_score_out_of_range_is_refused_and_nothing_saved(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    with pytest.raises(ValidationError) as exc:
        meetings.evaluations_record(
            meeting=meeting,
            rows=[
                {"household": cast.households[0], "results": scores(45, 30, 25), "votes_for": 8},
                {"household": cast.households[1], "results": scores(46, 30, 25), "votes_for": 8},
            ],
        )
    assert str(judging.SCORE_OUT_OF_RANGE).format(group=1, max=45) in exc.value.messages[0]
    assert not TitleEvaluation.objects.exists()


def test_a_vote_count_above_the_attendance_is_refused(cast, rules):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=7)
    with pytest.raises(ValidationError) as exc:
        meetings.evaluation_record(
            meeting=meeting, household=cast.households[0], results=scores(45, 30, 25), votes_for=8
        )
    assert exc.value.messages == [str(judging.VOTES_ABOVE_ATTENDANCE).format(votes=8, attending=7)]


def test_attendance_above_invited_is_refused(cast, rules):
    with pytest.raises(ValidationError, match="Số tham dự không được lớn hơn"):
        family_meeting(cast.area, 2019, invited=5, attending=6)


def test_a_meeting_after_25_november_is_refused(cast, rules):
    with pytest.raises(ValidationError, match="trước ngày 25/11"):
        family_meeting(cast.area, 2024, held_on=datetime.date(2024, 11, 26))


def test_a_household_of_another_area_is_refused(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    with pytest.raises(ValidationError, match="không thuộc khu dân cư"):
        meetings.evaluation_record(
            meeting=meeting, household=cast.other_household, results=scores(45, 30, 25), votes_for=8
        )
    assert not TitleEvaluation.objects.exists()


def test_every_write_refuses_an_evaluation_after_the_decision(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    ev = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(45, 30, 25), votes_for=8
    )
    decide(meeting, cast.commune)
    assert Recognition.objects.get().household == cast.households[0]
    writes = [
        lambda: meetings.evaluation_record(
            meeting=meeting, household=cast.households[0], results=scores(40, 25, 10), votes_for=1
        ),
        lambda: meetings.evaluation_record(
            meeting=meeting, household=cast.households[1], results=scores(45, 30, 25), votes_for=8
        ),
        lambda: meetings.evaluations_record(meeting=meeting, rows=[]),
        lambda: meetings.meeting_update(
            meeting=meeting,
            held_on=datetime.date(2019, 11, 1),
            invited=10,
            attending=10,
            category="general",
        ),
        lambda: meetings.meeting_post(meeting=meeting, posted_on=datetime.date(2019, 11, 7)),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as exc:
            write()
        assert exc.value.messages == [str(meetings.MEETING_LOCKED)]
    ev.refresh_from_db()
    assert ev.score == 100
    assert TitleEvaluation.objects.count() == 1


def test_a_decision_for_a_year_without_a_valid_meeting_is_refused(cast, rules):
    with pytest.raises(ValidationError) as exc:
        decisions.decision_create(
            kind="family",
            unit=cast.commune,
            year=2025,
            number="1/QĐ-UBND",
            signed_on=datetime.date(2025, 11, 30),
            meetings=[],
        )
    assert exc.value.messages == [str(decisions.NO_VALID_MEETING).format(year=2025)]


def test_a_decision_before_the_10_day_posting_ends_is_refused(cast, rules):
    meeting = family_meeting(cast.area, 2025)
    meetings.meeting_post(meeting=meeting, posted_on=datetime.date(2025, 11, 10))
    with pytest.raises(ValidationError, match="niêm yết đến ngày 20/11/2025"):
        decide(meeting, cast.commune, signed_on=datetime.date(2025, 11, 19))
    decide(meeting, cast.commune, signed_on=datetime.date(2025, 11, 20))


def test_a_criteria_set_is_frozen_once_used_and_changes_by_a_new_version(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2024)
    criteria.criteria_set_update(criteria_set=cs, notes="Sửa trước khi dùng")
    family_meeting(cast.area, 2024)
    with pytest.raises(ValidationError) as exc:
        criteria.criteria_set_update(criteria_set=cs, notes="Sửa sau khi dùng")
    assert exc.value.messages == [str(criteria.CRITERIA_SET_FROZEN)]
    new = criteria.criteria_set_new_version(source=cs, first_year=2026)
    assert new.version == 2
    assert new.groups.count() == cs.groups.count()
    assert criteria.criteria_set_for(kind="family", year=2026) == new
    assert criteria.criteria_set_for(kind="family", year=2025) == cs


def test_a_score_set_must_total_100_points(rules):
    with pytest.raises(ValidationError, match="phải bằng 100"):
        criteria.criteria_set_create(
            kind="family",
            name="Thử",
            legal_basis="Thử",
            first_year=2030,
            rule="score",
            pass_mark=85,
            groups=[{"kind": "scored", "max_points": 50, "title": "A"}],
        )


def test_registration_closes_once_the_year_is_decided(cast, rules):
    an, binh = cast.households
    registrations.registration_create(
        household=an, year=2025, registered_on=datetime.date(2025, 1, 5)
    )
    with pytest.raises(ValidationError, match="đã đăng ký năm 2025"):
        registrations.registration_create(
            household=an, year=2025, registered_on=datetime.date(2025, 1, 6)
        )
    meeting = family_meeting(cast.area, 2025)
    meetings.evaluation_record(
        meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
    )
    decide(meeting, cast.commune)
    with pytest.raises(ValidationError) as exc:
        registrations.registrations_create_for_area(
            area=cast.area, year=2025, registered_on=datetime.date(2025, 12, 1)
        )
    assert exc.value.messages == [str(registrations.REGISTRATION_CLOSED).format(year=2025)]
    assert not binh.title_registrations.exists()
