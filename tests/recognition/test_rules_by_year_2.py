"""The titles' rules by year (issue #16, item 1): the per-standard floor, the pass marks, the
names by year, the third title, the exclusions, the vote deadline, parameters without a basis,
sets without a legal basis, versions and the re-check, units valid on their dates, streaks
across 1/7/2025."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from recognition import selectors
from recognition.models import (
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    Outcome,
    Recognition,
    TitleEvaluation,
    TitleKind,
)
from recognition.services import criteria, decisions, judging, meetings
from recognition.titles import title_name

from .conftest import decide, family_meeting, passing_results

pytestmark = pytest.mark.django_db


def scores(*points):
    return {number: value for number, value in enumerate(points, start=1)}


def area_meeting(commune, year, **kw):
    return meetings.meeting_create(
        kind=TitleKind.AREA,
        unit=commune,
        year=year,
        held_on=kw.pop("held_on", datetime.date(year, 11, 10)),
        invited=kw.pop("invited", 20),
        attending=kw.pop("attending", 15),
        **kw,
    )


# --- Nghị định 122/2018: the floor of each standard and the pass marks ------------------------


def test_in_2019_a_poor_household_with_12_of_45_fails_though_its_67_points_pass(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    ev = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=scores(12, 30, 25),
        votes_for=8,
        is_poor=True,
    )
    assert ev.score == 67  # above the poor household's pass mark of 60
    assert judging.below_floor(meeting=meeting, results=ev.results) == [1]
    assert ev.meets_criteria is False
    assert ev.outcome == Outcome.FAILED


def test_in_2019_87_points_fail_when_one_standard_is_under_half(cast, rules):
    meeting = family_meeting(cast.area, 2019)
    under = meetings.evaluation_record(
        meeting=meeting, household=cast.households[0], results=scores(45, 30, 12), votes_for=8
    )
    assert (under.score, under.outcome) == (87, Outcome.FAILED)
    # exactly half of each maximum is enough
    half = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[1],
        results=scores(23, 15, 13),
        votes_for=8,
        is_poor=True,
    )
    assert half.score == 51 and half.outcome == Outcome.FAILED  # under 60
    half = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[1],
        results=scores(30, 15, 15),
        votes_for=8,
        is_poor=True,
    )
    assert (half.score, half.outcome) == (60, Outcome.PASSED)


def test_in_2019_an_area_passes_at_82_and_fails_at_79(cast, rules):
    meeting = area_meeting(cast.old_commune, 2019)
    passed = meetings.evaluation_record(
        meeting=meeting, area=cast.old_area, results=scores(16, 16, 16, 24, 10), votes_for=15
    )
    assert (passed.score, passed.outcome) == (82, Outcome.PASSED)
    failed = meetings.evaluation_record(
        meeting=meeting, area=cast.old_area, results=scores(16, 16, 16, 21, 10), votes_for=15
    )
    assert (failed.score, failed.outcome) == (79, Outcome.FAILED)
    cs = meeting.criteria_set
    assert (cs.pass_mark, cs.pass_mark_urban, cs.pass_mark_disadvantaged) == (80, 90, 60)
    assert cs.standard_floor_pct == 50


# --- names by year --------------------------------------------------------------------------


def test_the_area_title_is_named_by_the_law_of_its_year():
    assert title_name("area", 2023) == "Khu dân cư văn hóa"
    assert title_name("area", 2024) == "Thôn, tổ dân phố văn hóa"
    assert title_name("family", 2019) == "Gia đình văn hóa"
    assert title_name("commune", 2025) == "Xã, phường, thị trấn tiêu biểu"
    assert selectors.title_name("area", 2026) == "Thôn, tổ dân phố văn hóa"


def test_pages_and_decisions_print_the_name_of_the_year(cast, rules, client_for):
    meeting = area_meeting(cast.commune, 2026)
    meetings.evaluation_record(
        meeting=meeting, area=cast.area, results=passing_results(meeting), votes_for=15
    )
    decision = decide(meeting, cast.commune)
    c = client_for("commune")
    page = c.get(reverse("recognition:unit", args=[cast.commune.pk]) + "?year=2026")
    assert "Thôn, tổ dân phố văn hóa" in page.content.decode()
    body = c.get(reverse("recognition:decision", args=[decision.pk])).content.decode()
    assert "Thôn, tổ dân phố văn hóa 2026" in body
    assert str(meeting).startswith("Thôn, tổ dân phố văn hóa 2026")
    old = client_for("district").get(
        reverse("recognition:unit", args=[cast.old_commune.pk]) + "?year=2023"
    )
    text = old.content.decode()
    assert "Khu dân cư văn hóa" in text and "Thôn, tổ dân phố văn hóa" not in text


# --- Nghị định 86/2023: exclusions, deadline, parameters off ----------------------------------

EXCLUDED_FOR = [
    "truy cứu trách nhiệm hình sự",
    "nghĩa vụ quân sự",
    "nộp thuế",
    "tảo hôn",
    "hôn nhân và ly hôn",
    "một vợ một chồng",
    "trật tự công cộng",
    "cờ bạc",
    "tệ nạn xã hội",
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "bạo lực gia đình",
]


def test_the_2024_family_set_holds_every_exclusion_of_dieu_6_k4(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2024)
    exclusions = list(cs.groups.filter(kind="exclusion").order_by("number"))
    text = " | ".join(g.title for g in exclusions)
    for words in EXCLUDED_FOR:
        assert words in text, words
    meeting = family_meeting(cast.area, 2025)
    for group in exclusions:
        ev = meetings.evaluation_record(
            meeting=meeting,
            household=cast.households[0],
            results=passing_results(meeting) | {group.number: True},
            votes_for=8,
        )
        assert ev.outcome == Outcome.FAILED, group.title


def test_a_2024_vote_on_25_november_is_refused_and_on_24_november_accepted(cast, rules):
    with pytest.raises(ValidationError) as exc:
        family_meeting(cast.area, 2024, held_on=datetime.date(2024, 11, 25))
    message = exc.value.messages[0]
    assert "trước ngày 25/11/2024" in message and "Nghị định 86/2023" in message
    assert "25/11/2024 là quá hạn" in message
    meeting = family_meeting(cast.area, 2024, held_on=datetime.date(2024, 11, 24))
    assert meeting.held_on == datetime.date(2024, 11, 24)
    # moving a meeting onto the deadline is refused as well
    with pytest.raises(ValidationError, match="trước ngày 25/11/2024"):
        meetings.meeting_update(
            meeting=meeting,
            held_on=datetime.date(2024, 11, 25),
            invited=10,
            attending=8,
            category="general",
        )


def test_before_2024_no_deadline_applies_within_the_year(cast, rules):
    # Nghị định 122/2018 set none the portal could cite: only the year holds the meeting
    cs = CriteriaSet.objects.get(kind="family", first_year=2018)
    assert cs.vote_deadline is None
    meeting = family_meeting(cast.area, 2019, held_on=datetime.date(2019, 11, 25))
    assert meeting.held_on == datetime.date(2019, 11, 25)
    with pytest.raises(ValidationError, match="Ngày họp phải thuộc năm 2019"):
        family_meeting(cast.other_area, 2019, held_on=datetime.date(2020, 1, 5))


def test_a_deadline_can_be_inclusive_as_data(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2024)
    criteria.criteria_set_update(criteria_set=cs, vote_deadline_inclusive=True)
    meeting = family_meeting(cast.area, 2024, held_on=datetime.date(2024, 11, 25))
    assert meeting.pk
    with pytest.raises(ValidationError, match="chậm nhất ngày 25/11/2024"):
        family_meeting(cast.other_area, 2024, held_on=datetime.date(2024, 11, 26))


def test_2024_sets_apply_no_quorum_vote_share_or_certificate_without_a_basis(cast, rules):
    for kind in ("family", "area"):
        cs = CriteriaSet.objects.get(kind=kind, first_year=2024)
        assert cs.attendance_min_pct is None
        assert cs.agreement_min_pct is None
        assert cs.certificate_after_years is None
    old = CriteriaSet.objects.get(kind="family", first_year=2018)
    assert (old.attendance_min_pct, old.agreement_min_pct, old.certificate_after_years) == (
        60,
        60,
        3,
    )
    assert "122/2018" in old.attendance_basis and "122/2018" in old.certificate_basis
    # a 2025 meeting with 3 of 10 attending is recorded and decided; 1 vote is not judged
    meeting = family_meeting(cast.area, 2025, invited=10, attending=3)
    assert meeting.is_valid
    ev = meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=passing_results(meeting),
        votes_for=1,
    )
    assert ev.outcome == Outcome.PASSED
    decide(meeting, cast.commune)
    assert Recognition.objects.filter(year=2025).count() == 1
    # in 2019 the 60% quorum of Nghị định 122/2018 still holds
    assert family_meeting(cast.other_area, 2019, invited=10, attending=5).is_valid is False
    qs, _cs = selectors.certificate_eligible(unit=cast.province, year=2026, kind="family")
    assert list(qs) == []


def test_a_parameter_without_its_basis_is_refused(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2024)
    with pytest.raises(ValidationError) as exc:
        criteria.criteria_set_update(criteria_set=cs, attendance_min_pct=60)
    assert exc.value.messages == [
        str(criteria.PARAMETER_WITHOUT_BASIS).format(parameter="Tỷ lệ tham dự tối thiểu")
    ]
    criteria.criteria_set_update(
        criteria_set=cs, attendance_min_pct=60, attendance_basis="Quyết định thử của tỉnh"
    )
    cs.refresh_from_db()
    assert cs.attendance_min_pct == 60


# --- sets that cannot judge ---------------------------------------------------------------


def _new_set(**kw):
    spec = {
        "kind": "family",
        "name": "Thử",
        "legal_basis": "Văn bản thử",
        "first_year": 2030,
        "rule": "score",
        "pass_mark": 85,
        "groups": [
            {"kind": "scored", "max_points": 60, "title": "A"},
            {"kind": "scored", "max_points": 40, "title": "B"},
        ],
    }
    return criteria.criteria_set_create(**(spec | kw))


def test_a_set_without_a_legal_basis_is_refused(rules):
    with pytest.raises(ValidationError) as exc:
        _new_set(legal_basis="  ")
    assert exc.value.messages == [str(criteria.NO_LEGAL_BASIS)]
    assert not CriteriaSet.objects.filter(first_year=2030).exists()


def test_a_set_whose_groups_do_not_add_up_is_refused(rules):
    with pytest.raises(ValidationError, match=r"phải bằng 100 \(hiện là 90\)"):
        _new_set(
            groups=[
                {"kind": "scored", "max_points": 50, "title": "A"},
                {"kind": "scored", "max_points": 40, "title": "B"},
            ]
        )
    assert _new_set().groups.count() == 2


def test_the_commune_title_has_no_set_before_2024(rules):
    with pytest.raises(ValidationError, match="chỉ có từ năm 2024"):
        _new_set(kind="commune", first_year=2023)


# --- versions: a changed rule judges the meetings recorded after it -------------------------


def test_a_corrected_version_judges_later_meetings_and_leaves_earlier_ones(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2018)
    criteria.criteria_set_update(criteria_set=cs, standard_floor_pct=None)  # the old mistake
    earlier = family_meeting(cast.area, 2019)
    before = meetings.evaluation_record(
        meeting=earlier,
        household=cast.households[0],
        results=scores(12, 30, 25),
        votes_for=8,
        is_poor=True,
    )
    assert before.outcome == Outcome.PASSED
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    fixed = criteria.criteria_set_new_version(
        source=cs, first_year=2018, effective_from=tomorrow, standard_floor_pct=50
    )
    assert fixed.version == 2 and fixed.groups.count() == 3
    # the meeting already recorded keeps its version, even for a new evaluation
    again = meetings.evaluation_record(
        meeting=earlier,
        household=cast.households[1],
        results=scores(12, 30, 25),
        votes_for=8,
        is_poor=True,
    )
    assert again.outcome == Outcome.PASSED
    assert criteria.criteria_set_for(kind="family", year=2019) == cs
    with time_machine.travel(datetime.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 12)):
        assert criteria.criteria_set_for(kind="family", year=2019) == fixed
        later = family_meeting(cast.other_area, 2020)
        assert later.criteria_set == fixed
        ev = meetings.evaluation_record(
            meeting=later,
            household=cast.other_household,
            results=scores(12, 30, 25),
            votes_for=8,
            is_poor=True,
        )
        assert ev.outcome == Outcome.FAILED
    before.refresh_from_db()
    assert before.outcome == Outcome.PASSED  # not silently re-judged


def test_a_same_year_version_needs_its_effective_date(rules):
    cs = CriteriaSet.objects.get(kind="area", first_year=2018)
    with pytest.raises(ValidationError, match="sau năm 2018"):
        criteria.criteria_set_new_version(source=cs, first_year=2018)


def test_recheck_titles_reports_what_the_rules_in_force_would_change(cast, rules):
    cs = CriteriaSet.objects.get(kind="family", first_year=2018)
    criteria.criteria_set_update(criteria_set=cs, standard_floor_pct=None)
    meeting = family_meeting(cast.area, 2019)
    an, binh = cast.households
    meetings.evaluation_record(
        meeting=meeting, household=an, results=scores(12, 30, 25), votes_for=8, is_poor=True
    )
    meetings.evaluation_record(
        meeting=meeting, household=binh, results=scores(45, 30, 25), votes_for=8
    )
    decide(meeting, cast.commune)
    criteria.criteria_set_new_version(
        source=cs, first_year=2018, effective_from=datetime.date.today(), standard_floor_pct=50
    )
    other = family_meeting(cast.other_area, 2020)  # judged by the corrected version
    meetings.evaluation_record(
        meeting=other, household=cast.other_household, results=scores(45, 30, 25), votes_for=8
    )
    history = TitleEvaluation.history.count()

    out = io.StringIO()
    call_command("recheck_titles", "--year", "2019", stdout=out)
    text = out.getvalue()
    assert "năm 2019" in text and "chỉ đọc" in text
    assert "Cuộc họp bình xét: 1; kết quả bình xét: 2; giữ nguyên: 1; sẽ thay đổi: 1" in text
    assert "Đạt → Không đạt: 1; Không đạt → Đạt: 0" in text
    line = next(x for x in text.splitlines() if "Nguyễn Văn An" in x)
    assert "Đạt, đề nghị công nhận → Không đạt" in line
    assert "tiêu chuẩn 1 dưới mức tối thiểu 50%" in line
    assert "đã có quyết định công nhận" in line
    assert "Trần Thị Bình" not in text
    # read-only: nothing re-judged, no history written
    assert TitleEvaluation.objects.get(household=an).outcome == Outcome.PASSED
    assert TitleEvaluation.history.count() == history
    out = io.StringIO()
    call_command("recheck_titles", stdout=out)
    assert "tất cả các năm" in out.getvalue() and "Cuộc họp bình xét: 2;" in out.getvalue()


# --- units valid on the date of each record --------------------------------------------------


def test_a_2024_meeting_or_decision_of_a_unit_created_1_7_2025_is_refused(cast, rules):
    with pytest.raises(ValidationError) as exc:
        meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=cast.area,
            year=2024,
            held_on=datetime.date(2024, 11, 5),
            invited=10,
            attending=8,
        )
    assert exc.value.messages == [
        "Thôn Lạc Thiện chỉ tồn tại từ 01/07/2025; không thể ghi cuộc họp bình xét ngày "
        "05/11/2024 cho đơn vị này."
    ]
    meeting = family_meeting(cast.area, 2024)  # held by the area of 2024
    assert meeting.unit == cast.old_area
    meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=passing_results(meeting),
        votes_for=8,
    )
    meetings.meeting_post(meeting=meeting, posted_on=datetime.date(2024, 11, 6))
    with pytest.raises(ValidationError) as exc:
        decisions.decision_create(
            kind="family",
            unit=cast.commune,
            year=2024,
            number="1/QĐ-UBND",
            signed_on=datetime.date(2024, 11, 20),
            meetings=[meeting],
        )
    assert exc.value.messages == [
        "Xã Đức Thọ chỉ tồn tại từ 01/07/2025; không thể ghi quyết định công nhận ngày "
        "20/11/2024 cho đơn vị này."
    ]
    assert not Decision.objects.exists()
    decision = decide(meeting, cast.old_commune, signed_on=datetime.date(2024, 11, 20))
    assert decision.unit == cast.old_commune
    # a unit closed on 30/6/2025 holds nothing after it
    with pytest.raises(ValidationError, match="Thôn Lạc Thiện chỉ tồn tại đến 30/06/2025"):
        meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=cast.old_area,
            year=2025,
            held_on=datetime.date(2025, 11, 5),
            invited=10,
            attending=8,
        )


# --- the third title: "Xã, phường, thị trấn tiêu biểu" --------------------------------------


def commune_cycle(holder, commune, year, decider=None, signed_on=None):
    meeting = meetings.meeting_create(
        kind=TitleKind.COMMUNE,
        unit=holder,
        year=year,
        held_on=datetime.date(year, 11, 15),
        invited=15,
        attending=12,
    )
    meetings.evaluation_record(
        meeting=meeting, area=commune, results=passing_results(meeting), votes_for=10
    )
    return meeting, decide(meeting, decider or holder, signed_on=signed_on)


def test_the_commune_title_is_decided_by_the_district_then_the_province(cast, rules, client_for):
    cs = criteria.criteria_set_for(kind="commune", year=2024)
    assert cs.rule == "all_met" and "Luật Thi đua, khen thưởng" in cs.legal_basis
    assert criteria.criteria_set_for(kind="commune", year=2023) is None
    with pytest.raises(ValidationError, match="Chưa có bộ tiêu chí “Xã, phường, thị trấn"):
        meetings.meeting_create(
            kind=TitleKind.COMMUNE,
            unit=cast.district,
            year=2023,
            held_on=datetime.date(2023, 11, 15),
            invited=15,
            attending=12,
        )
    with pytest.raises(ValidationError, match="do cấp trên của xã tổ chức"):
        meetings.meeting_create(
            kind=TitleKind.COMMUNE,
            unit=cast.commune,
            year=2025,
            held_on=datetime.date(2025, 11, 15),
            invited=15,
            attending=12,
        )
    _meeting, decision = commune_cycle(cast.district, cast.old_commune, 2024)
    assert decision.unit == cast.district
    assert Recognition.objects.get(kind="commune", year=2024).area == cast.old_commune
    # from 1/7/2025 the province decides; the district no longer exists
    meeting = meetings.meeting_create(
        kind=TitleKind.COMMUNE,
        unit=cast.province,
        year=2025,
        held_on=datetime.date(2025, 11, 15),
        invited=15,
        attending=12,
    )
    meetings.evaluation_record(
        meeting=meeting, area=cast.commune, results=passing_results(meeting), votes_for=10
    )
    meetings.meeting_post(meeting=meeting, posted_on=datetime.date(2025, 11, 16))
    with pytest.raises(ValidationError, match="Huyện Đức Thọ chỉ tồn tại đến 30/06/2025"):
        decisions.decision_create(
            kind="commune",
            unit=cast.district,
            year=2025,
            number="9/QĐ-UBND",
            signed_on=datetime.date(2025, 11, 30),
            meetings=[meeting],
        )
    decision = decide(meeting, cast.province, signed_on=datetime.date(2025, 11, 30))
    assert decision.authority == "Chủ tịch UBND Tỉnh Hà Tĩnh"
    # counted in the figures and listed on the overview
    figures = selectors.title_figures(unit=cast.province, year=2025)
    assert figures["communes"] == 1 and figures["communes_total"] == 2
    assert figures["communes_pct"] == 50.0
    assert selectors.title_figures(unit=cast.province, year=2024)["communes"] == 1
    rows = {r["unit"]: r for r in selectors.children_figures(unit=cast.province, year=2025)}
    assert rows[cast.commune]["communes"] == 1 and rows[cast.other_commune]["communes"] == 0
    page = client_for("movement_board").get(
        reverse("recognition:unit", args=[cast.province.pk]) + "?year=2025"
    )
    body = page.content.decode()
    assert "Xã, phường, thị trấn tiêu biểu" in body
    assert reverse("recognition:meeting", args=[meeting.pk]) in body
    earlier = client_for("movement_board").get(
        reverse("recognition:unit", args=[cast.province.pk]) + "?year=2023"
    )
    assert "Xã, phường, thị trấn tiêu biểu" not in earlier.content.decode()


def test_a_commune_outside_the_deciding_unit_is_refused(cast, rules):
    meeting = meetings.meeting_create(
        kind=TitleKind.COMMUNE,
        unit=cast.district,
        year=2024,
        held_on=datetime.date(2024, 11, 15),
        invited=15,
        attending=12,
    )
    with pytest.raises(ValidationError, match="Xã Cẩm Bình không thuộc đơn vị Huyện Đức Thọ"):
        meetings.evaluation_record(
            meeting=meeting,
            area=cast.other_old_commune,
            results=passing_results(meeting),
            votes_for=10,
        )
    assert not EvaluationMeeting.objects.get(pk=meeting.pk).evaluations.exists()


# --- streaks across 1/7/2025 -----------------------------------------------------------------


def test_an_area_keeps_its_streak_across_the_merger(cast, rules):
    # 2023, 2024: the old commune evaluates, the district decides; 2025: the new commune
    for year in (2023, 2024):
        meeting = area_meeting(cast.old_commune, year)
        meetings.evaluation_record(
            meeting=meeting, area=cast.old_area, results=passing_results(meeting), votes_for=15
        )
        decide(meeting, cast.district)
    meeting = area_meeting(cast.commune, 2025)
    meetings.evaluation_record(
        meeting=meeting, area=cast.area, results=passing_results(meeting), votes_for=15
    )
    decide(meeting, cast.commune)
    runs = selectors.unit_streaks(kind="area", year=2025, unit_ids=[cast.area.pk])
    assert runs == {cast.area.pk: 3}
    assert selectors.unit_streaks(kind="area", year=2024, unit_ids=[cast.old_area.pk]) == {
        cast.old_area.pk: 2
    }
    # the other area, with no title before the merger, starts at 0
    assert selectors.unit_streaks(kind="area", year=2025, unit_ids=[cast.other_area.pk]) == {
        cast.other_area.pk: 0
    }


def test_a_household_keeps_its_streak_across_the_merger(cast, rules):
    an = cast.households[0]
    for year in (2023, 2024, 2025):
        meeting = family_meeting(cast.area, year)
        meetings.evaluation_record(
            meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
        )
        decide(meeting, cast.commune)
    areas = list(
        Recognition.objects.filter(household=an).order_by("year").values_list("area", flat=True)
    )
    assert areas == [cast.old_area.pk, cast.old_area.pk, cast.area.pk]
    rows, _certificates = selectors.household_title_history(household=an)
    assert [r["streak"] for r in rows] == [1, 2, 3]
