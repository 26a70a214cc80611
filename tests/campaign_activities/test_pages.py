"""Every page renders for the roles that may see it; the menu links to the activities."""

import pytest
from django.urls import reverse

from campaign.activities import services

from .conftest import D

LISTS = [
    "activity_list",
    "festival_list",
    "convention_list",
    "pilot_list",
    "plan_list",
    "assignment_list",
    "org_list",
    "budget_list",
]
CREATES = [
    ("activity_create", ["province_admin", "commune", "residential", "member_org"]),
    ("festival_create", ["province_admin", "commune", "residential"]),
    ("convention_create", ["commune", "residential"]),
    ("pilot_create", ["commune", "member_org"]),
    ("plan_create", ["district", "commune"]),
    ("assignment_create", ["commune"]),
    ("org_create", ["movement_board"]),
    ("budget_create", ["commune", "residential"]),
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "who", ["province_admin", "district", "commune", "residential", "member_org", "viewer"]
)
def test_list_pages_render_for_each_role(cast, client_for, orgs, name, who):
    response = client_for(who).get(reverse(f"activities:{name}"), {"year": 2026})
    assert response.status_code == 200


def test_user_without_a_role_gets_403(cast, client_for):
    assert client_for("nobody").get(reverse("activities:activity_list")).status_code == 403


@pytest.mark.parametrize("name,allowed", CREATES)
def test_create_pages_render_for_writers_and_refuse_viewers(cast, client_for, orgs, name, allowed):
    for who in allowed:
        assert client_for(who).get(reverse(f"activities:{name}")).status_code == 200, who
    assert client_for("viewer").get(reverse(f"activities:{name}")).status_code == 403


def test_detail_pages_render(cast, client_for, orgs, areas):
    admin = cast["province_admin"]
    objects = {
        "activity_detail": services.activity_create(
            by=admin, unit=cast.area, date=D(2026, 2, 2), kind="contest", title="Hội thi"
        ),
        "pilot_detail": services.pilot_model_create(
            by=admin,
            unit=cast.area,
            name="Khu dân cư tự quản về an ninh",
            kind="self_managed",
            content_area=areas[4],
            started_on=D(2025, 8, 1),
        ),
        "plan_detail": services.plan_create(by=admin, unit=cast.commune, year=2026, theme="Chủ đề"),
        "festival_detail": services.festival_create(
            by=admin, area=cast.area, year=2026, held_on=D(2026, 11, 18), money_raised=12_500_000
        ),
        "convention_detail": services.convention_create(
            by=admin,
            area=cast.area,
            title="Hương ước",
            decision_number="1",
            approved_on=D(2026, 1, 5),
        ),
        "budget_detail": services.budget_create(by=admin, unit=cast.commune, year=2026),
    }
    client = client_for("commune")
    for name, obj in objects.items():
        response = client.get(reverse(f"activities:{name}", args=[obj.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("activities:festival_detail", args=[objects["festival_detail"].pk]))
    assert "12.500.000 đ" in page.content.decode()


def test_festival_overview_shows_which_areas_held_it(cast, client_for):
    services.festival_create(by=cast["commune"], area=cast.area, year=2026, held_on=D(2026, 11, 18))
    page = (
        client_for("province_admin")
        .get(reverse("activities:festival_list"), {"year": 2026})
        .content.decode()
    )
    assert "1/2 khu dân cư đã tổ chức Ngày hội." in page
    page = (
        client_for("district")
        .get(reverse("activities:festival_list"), {"year": 2024})
        .content.decode()
    )
    assert "0/1 khu dân cư đã tổ chức Ngày hội." in page


def test_quick_entry_form_is_phone_friendly(cast, client_for, orgs):
    page = client_for("commune").get(reverse("activities:activity_create")).content.decode()
    assert 'name="viewport" content="width=device-width' in page
    assert 'placeholder="dd/mm/yyyy"' in page and 'inputmode="numeric"' in page
    assert 'accept="application/pdf,image/*"' in page
    assert "<table" not in page
    assert "<script>" not in page.split("</footer>")[0]


def test_pilot_model_evaluation_and_replication(cast, client_for, areas):
    pilot = services.pilot_model_create(
        by=cast["commune"],
        unit=cast.area,
        name="Đường hoa tự quản",
        kind="self_managed",
        content_area=areas[3],
        started_on=D(2025, 9, 1),
    )
    client = client_for("commune")
    response = client.post(
        reverse("activities:pilot_evaluate", args=[pilot.pk]),
        {"year": 2026, "rating": "excellent", "notes": "Duy trì tốt"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activities:pilot_replicate", args=[pilot.pk]),
        {"unit": cast.commune.pk, "year": 2026, "notes": "Nhân rộng ra toàn xã"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activities:pilot_replicate", args=[pilot.pk]),
        {"unit": cast.other_commune.pk, "year": 2026},
    )
    assert response.status_code == 400  # not a unit it can see
    assert pilot.evaluations.get().get_rating_display() == "Tốt"
    assert pilot.replications.get().unit == cast.commune


def test_plan_with_targets_and_document(cast, client_for, areas):
    from .conftest import pdf

    data = {
        "unit": cast.commune.pk,
        "year": 2026,
        "theme": "Năm đô thị văn minh",
        "document_number": "05/KH-MTTQ",
        "issued_on": "2025-12-20",
        "summary": "",
        "document": pdf("ke-hoach.pdf"),
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-content_area": areas[2].pk,
        "targets-0-description": "Tỷ lệ gia đình văn hóa",
        "targets-0-target_value": "95",
        "targets-0-unit_of_measure": "%",
    }
    client = client_for("commune")
    response = client.post(reverse("activities:plan_create"), data)
    assert response.status_code == 302
    from campaign.models import YearlyPlan

    plan = YearlyPlan.objects.get()
    assert plan.document.name.endswith(".pdf")
    assert [t.description for t in plan.targets.all()] == ["Tỷ lệ gia đình văn hóa"]
    # editing keeps the target (same id) and adds one
    data.update(
        {
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "1",
            "targets-0-id": plan.targets.get().pk,
            "targets-0-target_value": "96",
            "targets-1-description": "Khu dân cư văn hóa",
            "targets-1-target_value": "80",
        }
    )
    del data["unit"]
    del data["document"]
    response = client.post(reverse("activities:plan_update", args=[plan.pk]), data)
    assert response.status_code == 302
    values = sorted(plan.targets.values_list("description", "target_value"))
    assert [(d, int(v)) for d, v in values] == [
        ("Khu dân cư văn hóa", 80),
        ("Tỷ lệ gia đình văn hóa", 96),
    ]
    assert plan.targets.first().history.count() >= 1


def test_festival_page_shows_panels_other_apps_register(cast, client_for):
    from django.template import Template

    from campaign.activities import selectors as sel

    festival = services.festival_create(
        by=cast["commune"], area=cast.area, year=2026, held_on=D(2026, 11, 18)
    )

    def praised(f, user):
        return {
            "title": "Biểu dương tại Ngày hội",
            "template": Template("{{ ctx.count }} hộ được biểu dương"),
            "context": {"count": 7 if f == festival else 0},
        }

    sel.register_festival_panel(praised)
    try:
        page = client_for("residential").get(
            reverse("activities:festival_detail", args=[festival.pk])
        )
    finally:
        sel._festival_panels.remove(praised)
    assert "7 hộ được biểu dương" in page.content.decode()


def test_menu_links_to_the_activities(cast, client_for):
    from campaign.activities.ready import NAV_ENTRY, add_nav_entry
    from core.navigation import NAV_EXTRA

    had = NAV_ENTRY in NAV_EXTRA
    add_nav_entry()  # what ready() does at start-up; twice adds it once
    add_nav_entry()
    try:
        assert NAV_EXTRA.count(NAV_ENTRY) == 1
        page = client_for("residential").get(reverse("activities:festival_list"))
        assert f'href="{reverse("activities:index")}"' in page.content.decode()
    finally:
        if not had:
            NAV_EXTRA.remove(NAV_ENTRY)
