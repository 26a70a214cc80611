import pytest

from recognition import demo
from recognition.models import (
    Commendation,
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Recognition,
    TitleEvaluation,
)
from recognition.services import meetings

from .conftest import decide, family_meeting, passing_results, recognize

pytestmark = pytest.mark.django_db


def test_the_demo_ships_the_criteria_sets_and_is_idempotent(cast):
    assert demo.seed() is True
    sets = set(CriteriaSet.objects.values_list("kind", "first_year", "rule"))
    assert sets == {
        ("family", 2018, "score"),
        ("area", 2018, "score"),
        ("family", 2024, "all_met"),
        ("area", 2024, "all_met"),
        ("commune", 2024, "all_met"),
    }
    # the cast's Xã Đức Thọ gets three decided years; 2024 on the units of 2024
    assert set(Decision.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    for decision in Decision.objects.select_related("unit"):
        assert decision.unit.is_valid_on(decision.signed_on), decision
    for meeting in EvaluationMeeting.objects.select_related("unit"):
        assert meeting.unit.is_valid_on(meeting.held_on), meeting
    assert {m.unit for m in EvaluationMeeting.objects.filter(year=2024)} >= {
        cast.old_area,
        cast.old_commune,
    }
    # the third title, decided by the district in 2024 and by the province in 2025
    deciders = {
        year: set(Decision.objects.filter(kind="commune", year=year).values_list("unit", flat=True))
        for year in (2024, 2025)
    }
    assert deciders[2024] == {cast.district.pk, cast.other_district.pk}
    assert deciders[2025] == {cast.province.pk}
    counts = (
        TitleEvaluation.objects.count(),
        Recognition.objects.count(),
        Commendation.objects.count(),
    )
    assert counts[1] > 0
    assert Commendation.objects.filter(occasion="festival", unit=cast.area).exists()
    assert demo.seed() is False
    assert (
        TitleEvaluation.objects.count(),
        Recognition.objects.count(),
        Commendation.objects.count(),
    ) == counts


def test_the_api_filters_by_unit_year_kind_and_outcome_within_scope(cast, rules, client_for):
    an, binh = cast.households
    recognize(cast.commune, {2025: [an, binh]})
    meeting = family_meeting(cast.area, 2026)
    meetings.evaluation_record(
        meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
    )
    # Nghị định 86/2023 sets no vote share: a standard not met is what fails a household
    meetings.evaluation_record(
        meeting=meeting, household=binh, results=passing_results(meeting) | {3: False}, votes_for=8
    )
    decide(meeting, cast.commune)
    c = client_for("commune")
    everything = c.get("/api/title-evaluations/").json()["count"]
    passed = c.get("/api/title-evaluations/?outcome=passed&year=2026&kind=family").json()
    assert everything == 4
    assert passed["count"] == 1
    assert passed["results"][0]["household"] == an.pk
    assert all(row["outcome"] == "passed" and row["year"] == 2026 for row in passed["results"])
    assert all(row["decided"] for row in passed["results"])
    recognitions = c.get(f"/api/recognitions/?unit={cast.area.pk}&kind=family&year=2025").json()
    assert recognitions["count"] == 2
    assert c.get(f"/api/recognitions/?unit={cast.other_area.pk}").json()["count"] == 0
    sets = c.get("/api/criteria-sets/?year=2019").json()
    assert {(s["kind"], s["first_year"]) for s in sets["results"]} == {
        ("family", 2018),
        ("area", 2018),
    }
    # the other commune and the other district see none of it
    for name in ("other_commune", "other_district"):
        other = client_for(name)
        assert other.get("/api/title-evaluations/").json()["count"] == 0
        assert other.get("/api/recognitions/").json()["count"] == 0
    # writes are not offered by the API
    r = c.post("/api/title-evaluations/", {}, content_type="application/json")
    assert r.status_code == 405
