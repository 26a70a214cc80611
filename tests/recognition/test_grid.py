"""The evaluation grid (issue 19, item 5): every input carries its limits, the rule's numbers
are on the page for the live total, and a bad row is marked where it is, with what was typed
kept and nothing saved."""

import re

import pytest
from django.urls import reverse

from recognition.models import TitleEvaluation
from recognition.services import judging

from .conftest import family_meeting

pytestmark = pytest.mark.django_db


def results_url(meeting):
    return reverse("recognition:meeting_results", args=[meeting.pk])


def input_tag(body, name):
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert found, name
    return found.group(0)


def error_under(body, field_id):
    found = re.search(rf'<div [^>]*id="{field_id}-error"[^>]*>(.*?)</div>', body, re.S)
    assert found, field_id
    return found.group(1).strip()


def row_html(body, anchor):
    found = re.search(rf'<tr id="{anchor}".*?</tr>', body, re.S)
    assert found, anchor
    return found.group(0)


def test_each_score_input_has_its_maximum_and_the_rule_is_on_the_page(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)  # Nghị định 122: scores
    an = cast.households[0]
    body = client_for("district").get(results_url(meeting)).content.decode()
    for number, maximum in ((1, 45), (2, 30), (3, 25)):
        tag = input_tag(body, f"r{an.pk}_g{number}")
        assert 'min="0"' in tag and f'max="{maximum}"' in tag
        assert f"Điểm nhóm {number} phải từ 0 đến {maximum}." in tag  # the server's words
    assert 'max="8"' in input_tag(body, f"r{an.pk}_votes")
    assert 'data-rule="score"' in body
    assert 'data-pass-mark="85"' in body and 'data-pass-mark-poor="60"' in body
    assert 'data-attending="8"' in body and 'data-agreement="60"' in body
    assert "evaluation_grid.js" in body


def test_a_meeting_of_the_new_criteria_carries_checkboxes_and_no_scores(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2026)  # Nghị định 86: every group met
    an = cast.households[0]
    body = client_for("residential").get(results_url(meeting)).content.decode()
    assert 'data-rule="all_met"' in body
    tag = input_tag(body, f"r{an.pk}_g1")
    assert 'type="checkbox"' in tag and 'data-kind="condition"' in tag
    assert "data-grid-total" not in body  # no total without scores


def test_bad_rows_are_marked_at_their_fields_typed_values_kept_nothing_saved(
    cast, rules, client_for
):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    an, binh = cast.households
    r = client_for("district").post(
        results_url(meeting),
        {
            # An: a score above its maximum and too many votes
            f"r{an.pk}_g1": "50",
            f"r{an.pk}_g2": "30",
            f"r{an.pk}_g3": "25",
            f"r{an.pk}_votes": "9",
            # Bình: a group left out
            f"r{binh.pk}_g1": "40",
            f"r{binh.pk}_g3": "20",
            f"r{binh.pk}_votes": "7",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert not TitleEvaluation.objects.exists()
    an_row, binh_row = row_html(body, f"ho-{an.pk}"), row_html(body, f"ho-{binh.pk}")
    assert "has-error" in an_row and "has-error" in binh_row
    # each message sits under its own field, which says so to a screen reader
    assert error_under(an_row, f"id_r{an.pk}_g1") == "Điểm nhóm 1 phải từ 0 đến 45."
    assert (
        error_under(an_row, f"id_r{an.pk}_votes") == "Số phiếu đồng ý (9) lớn hơn số tham dự (8)."
    )
    assert error_under(binh_row, f"id_r{binh.pk}_g2") == str(judging.SCORE_MISSING).format(group=2)
    assert error_under(binh_row, f"id_r{binh.pk}_g1") == ""
    g1 = input_tag(an_row, f"r{an.pk}_g1")
    assert 'aria-invalid="true"' in g1 and 'value="50"' in g1  # what was typed is kept
    assert f'aria-describedby="id_r{an.pk}_g1-error"' in g1
    assert f'id="id_r{an.pk}_g1-error"' in an_row
    assert 'value="7"' in input_tag(binh_row, f"r{binh.pk}_votes")
    assert "aria-invalid" not in input_tag(an_row, f"r{an.pk}_g2")
    # the summary at the top links to each row
    summary = re.search(r'data-testid="grid-errors".*?</div>', body, re.S).group(0)
    assert f'href="#ho-{an.pk}"' in summary and f'href="#ho-{binh.pk}"' in summary
    assert "2 dòng cần sửa" in summary


def test_a_word_instead_of_a_number_is_marked_once_at_its_field(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    an, binh = cast.households
    r = client_for("district").post(
        results_url(meeting),
        {
            f"r{an.pk}_g1": "bốn lăm",
            f"r{an.pk}_g2": "30",
            f"r{an.pk}_g3": "25",
            f"r{an.pk}_votes": "8",
            f"r{binh.pk}_g1": "45",
            f"r{binh.pk}_g2": "30",
            f"r{binh.pk}_g3": "25",
            f"r{binh.pk}_votes": "8",
        },
    )
    body = r.content.decode()
    an_row = row_html(body, f"ho-{an.pk}")
    assert 'value="bốn lăm"' in input_tag(an_row, f"r{an.pk}_g1")
    # one message for the value, not a second one saying the score is missing
    assert error_under(an_row, f"id_r{an.pk}_g1") == "Điểm nhóm 1 phải từ 0 đến 45."
    assert "has-error" not in row_html(body, f"ho-{binh.pk}")
    assert not TitleEvaluation.objects.exists()


def test_good_rows_are_recorded_with_the_outcome_the_page_would_show(cast, rules, client_for):
    meeting = family_meeting(cast.area, 2019, invited=10, attending=8)
    an, binh = cast.households
    r = client_for("district").post(
        results_url(meeting),
        {
            f"r{an.pk}_g1": "40",
            f"r{an.pk}_g2": "25",
            f"r{an.pk}_g3": "20",  # 85: the pass mark
            f"r{an.pk}_votes": "5",  # 5/8 = 62.5 % >= 60 %
            f"r{binh.pk}_g1": "30",
            f"r{binh.pk}_g2": "17",
            f"r{binh.pk}_g3": "13",  # 60, each group at least half: passes only as a poor household
            f"r{binh.pk}_votes": "8",
            f"r{binh.pk}_poor": "on",
        },
    )
    assert r.status_code == 302
    outcomes = {e.household_id: (e.score, e.outcome) for e in TitleEvaluation.objects.all()}
    assert outcomes == {an.pk: (85, "passed"), binh.pk: (60, "passed")}
