"""Every create and update page shows its own title, a way back to the list or the record, and
asks for multipart encoding only where it takes a file; a saved form goes on to the record's
page or to the list."""

import pytest
from django.urls import reverse

from campaign.activities import services
from campaign.models import BudgetPlan, Festival, MemberOrganization

from .conftest import D
from .test_permissions import festival_post

CREATES = [
    # page, who opens it, its title, its way back, whether it takes a file
    ("activity_create", "commune", "Ghi nhận hoạt động", "activity_list", True),
    ("org_create", "movement_board", "Thêm tổ chức thành viên", "org_list", False),
    ("assignment_create", "commune", "Phân công", "assignment_list", False),
    ("plan_create", "commune", "Chủ đề và kế hoạch năm", "plan_list", True),
    ("pilot_create", "commune", "Thêm mô hình điểm", "pilot_list", False),
    ("festival_create", "commune", "Ngày hội Đại đoàn kết toàn dân tộc", "festival_list", False),
    ("convention_create", "commune", "Thêm hương ước, quy ước", "convention_list", True),
    ("budget_create", "commune", "Kế hoạch kinh phí", "budget_list", False),
]


def _form_page(response):
    assert response.status_code == 200
    return response.content.decode()


def _back(page) -> str:
    return page.split('class="btn btn-outline-secondary" href="')[1].split('"')[0]


@pytest.mark.parametrize("name,who,title,back,takes_file", CREATES)
def test_create_page_shows_its_title_its_way_back_and_file_encoding(
    cast, client_for, orgs, name, who, title, back, takes_file
):
    page = _form_page(client_for(who).get(reverse(f"activities:{name}")))
    assert f'<h1 class="h3">{title}</h1>' in page
    assert _back(page) == reverse(f"activities:{back}")
    assert ('enctype="multipart/form-data"' in page) is takes_file


@pytest.fixture
def records(cast, orgs, areas):
    admin = cast["province_admin"]
    return {
        "activity": services.activity_create(
            by=admin, unit=cast.area, date=D(2026, 2, 2), kind="contest", title="Hội thi"
        ),
        "org": orgs.women,
        "assignment": services.assignment_create(
            by=admin, unit=cast.commune, year=2026, organization=orgs.commune_youth, task="Dọn"
        ),
        "plan": services.plan_create(by=admin, unit=cast.commune, year=2026, theme="Chủ đề"),
        "pilot": services.pilot_model_create(
            by=admin,
            unit=cast.area,
            name="Tuyến đường hoa",
            kind="self_managed",
            content_area=areas[3],
            started_on=D(2025, 8, 1),
        ),
        "festival": services.festival_create(
            by=admin, area=cast.area, year=2026, held_on=D(2026, 11, 18)
        ),
        "convention": services.convention_create(
            by=admin,
            area=cast.area,
            title="Hương ước",
            decision_number="1",
            approved_on=D(2026, 1, 5),
        ),
        "budget": services.budget_create(by=admin, unit=cast.commune, year=2026),
    }


UPDATES = [
    # page, who opens it, its title, its way back (None: the record's own page), file
    ("activity", "commune", "Sửa hoạt động", None, False),
    ("org", "movement_board", "Sửa tổ chức thành viên", "org_list", False),
    ("assignment", "commune", "Sửa phân công", "assignment_list", False),
    ("plan", "commune", "Sửa kế hoạch năm", None, True),
    ("pilot", "commune", "Sửa mô hình", None, False),
    ("festival", "commune", "Sửa Ngày hội Đại đoàn kết", None, False),
    ("convention", "commune", "Sửa thông tin hương ước, quy ước", None, False),
    ("budget", "commune", "Sửa kế hoạch kinh phí", None, False),
]


@pytest.mark.parametrize("kind,who,title,back,takes_file", UPDATES)
def test_update_page_shows_its_title_its_way_back_and_file_encoding(
    client_for, records, kind, who, title, back, takes_file
):
    record = records[kind]
    page = _form_page(client_for(who).get(reverse(f"activities:{kind}_update", args=[record.pk])))
    assert f'<h1 class="h3">{title}</h1>' in page
    expected = (
        reverse(f"activities:{back}")
        if back
        else reverse(f"activities:{kind}_detail", args=[record.pk])
    )
    assert _back(page) == expected
    assert ('enctype="multipart/form-data"' in page) is takes_file


def test_a_new_record_opens_its_own_page_an_organization_the_list(cast, client_for, orgs):
    client = client_for("commune")
    response = client.post(reverse("activities:festival_create"), festival_post(area=cast.area.pk))
    festival = Festival.objects.get(area=cast.area, year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:festival_detail", args=[festival.pk])

    response = client_for("movement_board").post(
        reverse("activities:org_create"),
        {
            "unit": cast.province.pk,
            "kind": "khac",
            "name": "Hội Khuyến học tỉnh",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:org_list")
    assert MemberOrganization.objects.filter(name="Hội Khuyến học tỉnh").exists()


def test_a_refused_save_shows_the_form_again_with_400_and_saves_nothing(cast, client_for, records):
    plan = records["budget"]
    response = client_for("commune").post(
        reverse("activities:budget_create"), {"unit": cast.commune.pk, "year": 2026, **_empty()}
    )
    assert response.status_code == 400
    assert "Đơn vị này đã có kế hoạch kinh phí năm 2026." in response.content.decode()
    assert list(BudgetPlan.objects.filter(unit=cast.commune)) == [plan]


def _empty() -> dict:
    return {
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }


def _budget(planned: str, spent: str) -> dict:
    return {
        "unit": "",
        "year": 2026,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-category": "festival",
        "lines-0-description": "Ngày hội Đại đoàn kết",
        "lines-0-planned": planned,
        "lines-0-spent": spent,
        "lines-0-note": "",
    }


def test_budget_amounts_are_typed_as_vietnamese_write_them(cast, client_for):
    """1.500.000 is one and a half million đồng; "1,5" is refused naming it, and what was
    typed stays in the boxes (a number box had lost it, IntegerField read "1.000" as 1)."""
    client = client_for("commune")
    url = reverse("activities:budget_create")
    bad = client.post(url, {**_budget("1,5", "200.000"), "unit": cast.commune.pk})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "“1,5” không phải là số nguyên" in page
    assert 'value="1,5"' in page and 'value="200.000"' in page
    # the refused plan is not a plan of 0: no "spent above the plan" beside it
    assert "Khoản chi vượt dự toán" not in page
    assert not BudgetPlan.objects.filter(unit=cast.commune).exists()
    # 25 digits: refused beside the box, not by the database with its own number
    huge = client.post(url, {**_budget("9" * 25, "0"), "unit": cast.commune.pk})
    assert huge.status_code == 400
    assert "Số này phải từ 999.999.999.999.999 trở xuống." in huge.content.decode()
    assert not BudgetPlan.objects.filter(unit=cast.commune).exists()

    good = client.post(url, {**_budget("1.500.000", "200.000"), "unit": cast.commune.pk})
    assert good.status_code == 302, good.content.decode()[:3000]
    line = BudgetPlan.objects.get(unit=cast.commune).lines.get()
    assert (line.planned, line.spent) == (1_500_000, 200_000)


def test_a_budget_of_one_line_is_saved_with_the_extra_rows_left_untouched(cast, client_for):
    """The form offers two more rows; a browser sends each row's category select with its
    selected option. Untouched, that is the blank one, and the rows are skipped."""
    client = client_for("commune")
    url = reverse("activities:budget_create")
    form = client.get(url).content.decode()
    assert (
        '<option value="" selected>---------</option>' in form.split('name="lines-1-category"')[1]
    )
    data = {**_budget("1.500.000", "0"), "unit": cast.commune.pk, "lines-TOTAL_FORMS": "3"}
    for row in (1, 2):  # what the browser sends for an untouched row
        data |= {f"lines-{row}-category": "", f"lines-{row}-description": ""}
        data |= {f"lines-{row}-planned": "", f"lines-{row}-spent": "", f"lines-{row}-note": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BudgetPlan.objects.get(unit=cast.commune).lines.count() == 1
