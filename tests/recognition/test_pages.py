import datetime

import pytest
from django.urls import reverse

from recognition.models import (
    Commendation,
    CriteriaSet,
    EvaluationMeeting,
    Recognition,
    Registration,
    TitleEvaluation,
)
from recognition.services import meetings

from .conftest import decide, family_meeting, passing_results

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"recognition:{name}", args=args)


def meeting_payload(**kw):
    return {
        "kind": "family",
        "year": "2026",
        "held_on": "2026-11-05",
        "invited": "10",
        "attending": "8",
        "category": "general",
    } | kw


def test_the_residential_board_registers_and_evaluates_its_households(cast, rules, client_for):
    c = client_for("residential")
    assert c.get(url("unit", cast.area.pk) + "?year=2026").status_code == 200
    r = c.post(url("register_all", cast.area.pk), {"year": "2026", "registered_on": "2026-01-10"})
    assert r.status_code == 302
    assert Registration.objects.filter(year=2026, area=cast.area).count() == 2

    r = c.post(url("meeting_create", cast.area.pk), meeting_payload())
    meeting = EvaluationMeeting.objects.get()
    assert r.status_code == 302 and r["Location"] == url("meeting", meeting.pk)
    an, binh = cast.households
    r = c.post(
        url("meeting_results", meeting.pk),
        {f"r{an.pk}_g1": "on", f"r{an.pk}_g2": "on", f"r{an.pk}_g3": "on", f"r{an.pk}_votes": "7"},
    )
    assert r.status_code == 302
    ev = TitleEvaluation.objects.get()
    assert ev.household == an and ev.outcome == "passed"
    r = c.post(url("meeting_post", meeting.pk), {"posted_on": "2026-11-06", "objections": ""})
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.posted_on == datetime.date(2026, 11, 6)
    assert c.get(url("meeting", meeting.pk)).status_code == 200


def test_a_bad_score_on_the_results_page_is_shown_and_nothing_saved(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2019)
    an, binh = cast.households
    r = client_for("district").post(
        url("meeting_results", meeting.pk),
        {
            f"r{an.pk}_g1": "45",
            f"r{an.pk}_g2": "30",
            f"r{an.pk}_g3": "25",
            f"r{an.pk}_votes": "8",
            f"r{binh.pk}_g1": "50",
            f"r{binh.pk}_g2": "30",
            f"r{binh.pk}_g3": "25",
            f"r{binh.pk}_votes": "8",
        },
    )
    assert r.status_code == 200
    assert "Điểm nhóm 1 phải từ 0 đến 45." in r.content.decode()
    assert not TitleEvaluation.objects.exists()


def test_the_commune_decides_and_the_residential_board_cannot(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2026)
    meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=passing_results(meeting),
        votes_for=8,
    )
    meetings.meeting_post(meeting=meeting, posted_on=datetime.date(2026, 11, 6))
    payload = {
        "kind": "family",
        "year": "2026",
        "number": "88/QĐ-UBND",
        "signed_on": "2026-11-20",
        "meetings": [meeting.pk],
    }
    # the commune is out of the residential board's sight; the movement board only reads
    assert (
        client_for("residential").post(url("decision_create", cast.commune.pk), payload).status_code
        == 404
    )
    assert (
        client_for("movement_board")
        .post(url("decision_create", cast.commune.pk), payload)
        .status_code
        == 403
    )
    assert (
        client_for("other_commune")
        .post(url("decision_create", cast.commune.pk), payload)
        .status_code
        == 404
    )
    assert not Recognition.objects.exists()
    c = client_for("commune")
    assert (
        c.get(url("decision_create", cast.commune.pk) + "?kind=family&year=2026").status_code == 200
    )
    r = c.post(url("decision_create", cast.commune.pk), payload)
    assert r.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.household == cast.households[0]
    assert recognition.decision.authority == "Chủ tịch UBND Xã Đức Thọ"
    assert c.get(url("decision", recognition.decision.pk)).status_code == 200


def test_after_the_decision_the_results_pages_refuse_every_write(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2026)
    an = cast.households[0]
    meetings.evaluation_record(
        meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
    )
    decide(meeting, cast.commune)
    c = client_for("residential")
    # the results page sends back to the meeting, whose page names the decision, once
    r = c.post(url("meeting_results", meeting.pk), {f"r{an.pk}_votes": "1"}, follow=True)
    assert r.redirect_chain == [(url("meeting", meeting.pk), 302)]
    meeting.refresh_from_db()
    page = r.content.decode()
    assert page.count(f"Đã có quyết định công nhận số {meeting.decision.number}") == 1
    assert c.get(url("meeting_results", meeting.pk)).status_code == 302
    r = c.post(url("meeting_post", meeting.pk), {"posted_on": "2026-11-08"})
    assert "đã có quyết định công nhận" in r.content.decode()
    r = c.post(url("meeting_edit", meeting.pk), meeting_payload(attending="3"))
    assert "đã có quyết định công nhận" in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.attending == 8
    assert TitleEvaluation.objects.get().votes_for == 8


def test_a_viewer_reads_but_cannot_write(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2026)
    c = client_for("viewer")
    assert c.get(url("unit", cast.province.pk)).status_code == 200
    assert c.get(url("meeting", meeting.pk)).status_code == 200
    assert c.post(url("meeting_create", cast.other_area.pk), meeting_payload()).status_code == 403
    assert c.post(url("meeting_post", meeting.pk), {"posted_on": "2026-11-06"}).status_code == 403
    assert EvaluationMeeting.objects.count() == 1


def test_the_other_district_sees_nothing_of_the_first(cast, rules, client_for):
    meeting = family_meeting(cast.old_area, 2024)
    decision_meeting = family_meeting(cast.area, 2026)
    meetings.evaluation_record(
        meeting=decision_meeting,
        household=cast.households[0],
        results=passing_results(decision_meeting),
        votes_for=8,
    )
    decision = decide(decision_meeting, cast.commune)
    c = client_for("other_district")
    assert c.get(url("meeting", meeting.pk)).status_code == 404
    assert c.get(url("unit", cast.district.pk)).status_code == 404
    assert c.get(url("meeting_results", meeting.pk)).status_code == 404
    assert c.get(url("meeting_template", meeting.pk)).status_code == 404
    assert c.get(url("decision", decision.pk)).status_code == 404
    assert c.get(url("decision_pdf", decision.pk)).status_code == 404
    for endpoint in ("title-evaluations", "recognitions", "commendations"):
        assert c.get(f"/api/{endpoint}/").json()["count"] == 0
    # the district itself does see its own meeting
    assert client_for("district").get(url("meeting", meeting.pk)).status_code == 200


def test_the_household_page_shows_its_title_history(cast, rules, client_for):
    an = cast.households[0]
    for year in (2024, 2025, 2026):
        meeting = family_meeting(cast.area, year)
        meetings.evaluation_record(
            meeting=meeting, household=an, results=passing_results(meeting), votes_for=8
        )
        decide(meeting, cast.commune)
    r = client_for("residential").get(reverse("residential_areas:household_detail", args=[an.pk]))
    body = r.content.decode()
    assert "Danh hiệu “Gia đình văn hóa”" in body
    assert "2026" in body and "2024" in body
    assert ">3</td>" in body  # the streak in 2026
    other = client_for("residential").get(
        reverse("residential_areas:household_detail", args=[cast.households[1].pk])
    )
    assert "Chưa được công nhận" in other.content.decode()


def test_the_decision_list_prints_as_pdf(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2026)
    meetings.evaluation_record(
        meeting=meeting,
        household=cast.households[0],
        results=passing_results(meeting),
        votes_for=8,
    )
    decision = decide(meeting, cast.commune)
    r = client_for("commune").get(url("decision_pdf", decision.pk))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_the_province_sees_figures_and_certificate_eligibility(cast, rules, client_for):
    c = client_for("movement_board")
    r = c.get(url("unit", cast.province.pk) + "?year=2026")
    assert r.status_code == 200
    assert "Xã Đức Thọ" in r.content.decode()
    assert c.get(url("eligible", cast.province.pk) + "?year=2026&kind=family").status_code == 200
    assert c.get(url("eligible", cast.province.pk) + "?year=2019&kind=area").status_code == 200


def test_only_the_province_admin_edits_criteria_sets(cast, rules, client_for):
    cs = CriteriaSet.objects.get(kind="family", first_year=2024)
    assert client_for("commune").get(url("criteria_edit", cs.pk)).status_code == 403
    assert client_for("nobody").get(url("criteria_edit", cs.pk)).status_code == 404
    c = client_for("province_admin")
    assert c.get(url("criteria_list")).status_code == 200
    r = c.get(url("criteria_edit", cs.pk))
    assert r.status_code == 200
    family_meeting(cast.area, 2024)
    r = c.get(url("criteria_edit", cs.pk))
    assert r.status_code == 302  # frozen once used
    r = c.post(url("criteria_new_version", cs.pk), {"first_year": "2027", "name": ""})
    assert r.status_code == 302
    assert CriteriaSet.objects.filter(kind="family", first_year=2027, version=2).exists()


def test_the_commune_records_a_commendation_for_a_household(cast, rules, client_for):
    from campaign.models import ContentArea

    area2 = ContentArea.objects.create(number=2, title="Văn hóa", short_title="Văn hóa")
    c = client_for("commune")
    r = c.post(
        url("commendation_create", cast.commune.pk),
        {
            "subject_type": "household",
            "household": cast.households[0].pk,
            "level": "commune",
            "form": "bieu_duong",
            "reason": "Tiêu biểu trong Ngày hội Đại đoàn kết",
            "year": "2026",
            "occasion": "festival",
            "content_areas": [area2.pk],
            "title_kind": "",
        },
    )
    assert r.status_code == 302
    commendation = Commendation.objects.get()
    assert commendation.unit == cast.area
    assert list(commendation.content_areas.all()) == [area2]
    assert c.get(url("commendations")).status_code == 200
    assert client_for("other_commune").get("/api/commendations/").json()["count"] == 0
    assert client_for("commune").get("/api/commendations/?year=2026").json()["count"] == 1


def test_the_residential_area_registers_for_its_own_title(cast, rules, client_for):
    payload = {"year": "2026", "registered_on": "2026-01-15"}
    assert (
        client_for("other_commune").post(url("register_area", cast.area.pk), payload).status_code
        == 404
    )
    r = client_for("residential").post(url("register_area", cast.area.pk), payload)
    assert r.status_code == 302
    registration = Registration.objects.get(kind="area")
    assert (registration.area, registration.year) == (cast.area, 2026)


def test_a_member_organization_is_commended_as_a_collective(cast, rules, client_for):
    from campaign.models import MemberOrganization

    org = MemberOrganization.objects.create(
        unit=cast.commune, kind="hoi_phu_nu", name="Hội LHPN xã Đức Thọ"
    )
    r = client_for("commune").post(
        url("commendation_create", cast.commune.pk),
        {
            "subject_type": "collective",
            "member_organization": org.pk,
            "level": "commune",
            "form": "giay_khen",
            "reason": "Vận động hội viên tham gia xây dựng nông thôn mới",
            "year": "2026",
            "occasion": "yearly",
        },
    )
    assert r.status_code == 302
    commendation = Commendation.objects.get()
    assert commendation.member_organization == org
    assert commendation.subject_name == "Hội LHPN xã Đức Thọ"


def test_registering_one_household_and_a_bad_date(cast, rules, client_for):
    c = client_for("residential")
    an = cast.households[0]
    r = c.post(url("register_household", an.pk), {"year": "2026", "registered_on": "hôm qua"})
    assert r.status_code == 302
    assert not Registration.objects.exists()
    page = c.get(r["Location"]).content.decode()
    assert "Ngày đăng ký không hợp lệ." in page
    r = c.post(url("register_household", an.pk), {"year": "2026", "registered_on": "2026-01-10"})
    assert Registration.objects.get().household == an
    assert "Đã đăng ký hộ Nguyễn Văn An." in c.get(r["Location"]).content.decode()
    # another commune cannot register it
    other = client_for("other_commune").post(
        url("register_household", an.pk), {"year": "2026", "registered_on": "2026-01-10"}
    )
    assert other.status_code == 404
