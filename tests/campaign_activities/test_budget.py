"""Budget plans: lines in whole đồng, submitted to and approved by the level above only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaign.activities import services
from campaign.models import BudgetLine, BudgetPlan


@pytest.fixture
def commune_plan(cast):
    plan = services.budget_create(
        by=cast["commune"],
        unit=cast.commune,
        year=2026,
        lines=[
            {"category": "outreach", "description": "In tờ rơi", "planned": 12_000_000, "spent": 0},
            {"category": "festival", "planned": 20_000_000, "spent": 18_500_000},
        ],
    )
    services.budget_submit(plan=plan, by=cast["commune"])
    return plan


@pytest.fixture
def old_commune_plan(cast):
    plan = services.budget_create(
        by=cast["district"],
        unit=cast.old_commune,
        year=2024,
        lines=[{"category": "training", "planned": 5_000_000, "spent": 4_000_000}],
    )
    services.budget_submit(plan=plan, by=cast["district"])
    return plan


@pytest.mark.parametrize(
    "who,status",
    [
        ("commune", 403),  # its own plan: not the level above
        ("residential", 404),  # below: does not even see it
        ("other_commune", 404),
        ("viewer", 403),
        ("member_org", 403),
        ("district", 404),  # the new commune is under the province, not under the old district
    ],
)
def test_only_the_level_above_approves(cast, client_for, commune_plan, who, status):
    url = reverse("activities:budget_review", args=[commune_plan.pk, "approve"])
    assert client_for(who).post(url, {"note": ""}).status_code == status
    commune_plan.refresh_from_db()
    assert commune_plan.status == "submitted"


def test_province_approves_a_commune_directly_under_it(cast, client_for, commune_plan):
    url = reverse("activities:budget_review", args=[commune_plan.pk, "approve"])
    response = client_for("movement_board").post(url, {"note": "Đồng ý"})
    assert response.status_code == 302
    commune_plan.refresh_from_db()
    assert commune_plan.status == "approved"
    assert commune_plan.reviewed_by == cast["movement_board"]
    assert commune_plan.review_note == "Đồng ý"


def test_district_approves_its_commune_but_not_itself(cast, client_for, old_commune_plan):
    own = services.budget_create(
        by=cast["district"],
        unit=cast.district,
        year=2024,
        lines=[{"category": "other", "planned": 1_000, "spent": 0}],
    )
    services.budget_submit(plan=own, by=cast["district"])
    client = client_for("district")
    response = client.post(reverse("activities:budget_review", args=[own.pk, "approve"]))
    assert response.status_code == 403
    response = client.post(
        reverse("activities:budget_review", args=[old_commune_plan.pk, "approve"])
    )
    assert response.status_code == 302
    own.refresh_from_db()
    old_commune_plan.refresh_from_db()
    assert (own.status, old_commune_plan.status) == ("submitted", "approved")


def test_the_commune_approves_its_residential_area(cast, client_for):
    plan = services.budget_create(
        by=cast["residential"],
        unit=cast.area,
        year=2026,
        lines=[{"category": "festival", "planned": 3_000_000, "spent": 2_900_000}],
    )
    services.budget_submit(plan=plan, by=cast["residential"])
    with pytest.raises(PermissionDenied):
        services.budget_approve(plan=plan, by=cast["residential"])
    services.budget_approve(plan=plan, by=cast["commune"])
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_returning_needs_a_reason_and_reopens_editing(cast, client_for, commune_plan):
    client = client_for("movement_board")
    url = reverse("activities:budget_review", args=[commune_plan.pk, "return"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert "lý do" in response.content.decode()
    commune_plan.refresh_from_db()
    assert commune_plan.status == "submitted"
    assert client.post(url, {"note": "Thiếu dự toán tập huấn"}).status_code == 302
    commune_plan.refresh_from_db()
    assert commune_plan.status == "returned"
    assert commune_plan.is_editable


def test_a_submitted_plan_is_locked_for_its_unit(cast, client_for, commune_plan):
    client = client_for("commune")
    assert (
        client.get(reverse("activities:budget_update", args=[commune_plan.pk])).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        services.budget_update(plan=commune_plan, by=cast["commune"], lines=[])
    assert commune_plan.lines.count() == 2


def test_an_approved_plan_cannot_be_approved_again(cast, commune_plan):
    services.budget_approve(plan=commune_plan, by=cast["movement_board"])
    with pytest.raises(ValidationError):
        services.budget_return(plan=commune_plan, by=cast["movement_board"], note="x")


def lines_post(rows):
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{i}-{key}"] = value
    return data


def test_budget_page_saves_lines_in_whole_dong(cast, client_for):
    client = client_for("commune")
    data = {"unit": cast.commune.pk, "year": 2026, "notes": ""}
    data.update(
        lines_post(
            [
                {
                    "category": "training",
                    "description": "Tập huấn",
                    "planned": "15000000",
                    "spent": "14999999",
                    "note": "",
                },
                {"category": "", "description": "", "planned": "", "spent": "", "note": ""},
            ]
        )
    )
    response = client.post(reverse("activities:budget_create"), data)
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.planned, line.spent) == (15_000_000, 14_999_999)
    page = client.get(reverse("activities:budget_detail", args=[line.plan_id])).content.decode()
    assert "15.000.000" in page


def test_spending_above_plan_without_a_note_is_refused(cast, client_for):
    client = client_for("commune")
    data = {"unit": cast.commune.pk, "year": 2026, "notes": ""}
    data.update(
        lines_post([{"category": "festival", "planned": "1000000", "spent": "1200000", "note": ""}])
    )
    response = client.post(reverse("activities:budget_create"), data)
    assert response.status_code == 400
    assert "Khoản chi vượt dự toán phải có giải trình." in response.content.decode()
    assert not BudgetPlan.objects.exists()
    with pytest.raises(ValidationError):
        services.budget_create(
            by=cast["commune"],
            unit=cast.commune,
            year=2026,
            lines=[{"category": "festival", "planned": 1, "spent": 2}],
        )
    assert not BudgetPlan.objects.exists()
    data.update(
        lines_post(
            [
                {
                    "category": "festival",
                    "planned": "1000000",
                    "spent": "1200000",
                    "note": "Thêm giải thưởng",
                }
            ]
        )
    )
    assert client.post(reverse("activities:budget_create"), data).status_code == 302


def test_negative_amounts_are_refused(cast, client_for):
    client = client_for("commune")
    data = {"unit": cast.commune.pk, "year": 2026, "notes": ""}
    data.update(lines_post([{"category": "other", "planned": "-5", "spent": "0", "note": ""}]))
    assert client.post(reverse("activities:budget_create"), data).status_code == 400
    assert not BudgetPlan.objects.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"planned": -5, "spent": 0}, "Số liệu không được âm."),
        ({"planned": 10**16, "spent": 0}, "Số liệu quá lớn (tối đa 999.999.999.999.999)."),
    ],
)
def test_the_service_refuses_amounts_out_of_range_as_the_form_does(cast, line, message):
    with pytest.raises(ValidationError) as exc:
        services.budget_create(
            by=cast["commune"],
            unit=cast.commune,
            year=2026,
            lines=[{"category": "other", "note": "", **line}],
        )
    assert exc.value.messages == [message]
    assert not BudgetPlan.objects.exists()


def test_a_returned_plan_is_corrected_and_submitted_again(cast, client_for, commune_plan):
    services.budget_return(plan=commune_plan, by=cast["movement_board"], note="Bỏ dòng in ấn")
    first, second = commune_plan.lines.order_by("pk")
    client = client_for("commune")
    data = {"notes": "Đã sửa theo ý kiến tỉnh"}
    data.update(
        lines_post(
            [
                {
                    "id": first.pk,
                    "category": "outreach",
                    "description": "In tờ rơi",
                    "planned": "12000000",
                    "spent": "0",
                    "note": "",
                    "DELETE": "on",
                },
                {
                    "id": second.pk,
                    "category": "festival",
                    "description": "",
                    "planned": "21000000",
                    "spent": "18500000",
                    "note": "",
                },
            ]
        )
    )
    data["lines-INITIAL_FORMS"] = "2"
    response = client.post(reverse("activities:budget_update", args=[commune_plan.pk]), data)
    assert response.status_code == 302
    assert list(commune_plan.lines.values_list("pk", "planned")) == [(second.pk, 21_000_000)]
    assert (
        client.post(reverse("activities:budget_submit", args=[commune_plan.pk])).status_code == 302
    )
    commune_plan.refresh_from_db()
    assert commune_plan.status == "submitted"
    assert commune_plan.notes == "Đã sửa theo ý kiến tỉnh"
    # the deleted line stays in the history
    assert BudgetLine.history.filter(id=first.pk, history_type="-").exists()
