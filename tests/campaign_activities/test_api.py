"""The API: scoped like the pages, filterable by unit (subtree) and year."""

import pytest

from campaign.activities import services
from campaign.models import Activity

from .conftest import D

ENDPOINTS = [
    "member-organizations",
    "assignments",
    "plans",
    "activities",
    "pilot-models",
    "festivals",
    "conventions",
    "budget-plans",
]


@pytest.fixture
def data(cast, orgs, areas):
    admin = cast["province_admin"]
    services.member_org_create(
        by=admin, unit=cast.other_commune, kind="hoi_phu_nu", name="Hội Phụ nữ xã Cẩm Xuyên"
    )
    for unit in (cast.commune, cast.other_commune):
        services.assignment_create(
            by=admin,
            unit=unit,
            year=2026,
            organization=orgs.farmers,
            task="Giảm nghèo",
            content_area=areas[1],
        )
        services.plan_create(
            by=admin,
            unit=unit,
            year=2026,
            theme="Năm dân vận khéo",
            targets=[{"description": "95% hộ gia đình văn hóa"}],
        )
        services.activity_create(
            by=admin,
            unit=unit,
            date=D(2026, 3, 1),
            kind="outreach",
            title="Tuyên truyền",
            participants=10,
        )
        services.pilot_model_create(
            by=admin,
            unit=unit,
            name="Mô hình",
            kind="pilot",
            content_area=areas[3],
            started_on=D(2026, 1, 1),
        )
        services.budget_create(
            by=admin, unit=unit, year=2026, lines=[{"category": "other", "planned": 5, "spent": 1}]
        )
    for area in (cast.area, cast.other_area):
        services.festival_create(by=admin, area=area, year=2026, held_on=D(2026, 11, 18))
        services.convention_create(
            by=admin, area=area, title="Hương ước", decision_number="1", approved_on=D(2026, 1, 5)
        )
    services.activity_create(
        by=admin,
        unit=cast.commune,
        date=D(2025, 9, 1),
        kind="training",
        title="Tập huấn",
        participants=20,
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_lists_only_what_is_in_scope(cast, client_for, data, endpoint):
    own = client_for("commune").get(f"/api/{endpoint}/").json()["results"]
    everything = client_for("movement_board").get(f"/api/{endpoint}/").json()["results"]
    other = client_for("other_commune").get(f"/api/{endpoint}/").json()["results"]
    assert own and other
    assert len(own) + len(other) <= len(everything)
    assert not {r["id"] for r in own} & {r["id"] for r in other}
    foreign = other[0]["id"]
    assert client_for("commune").get(f"/api/{endpoint}/{foreign}/").status_code == 404
    assert client_for("other_commune").get(f"/api/{endpoint}/{foreign}/").status_code == 200


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e != "member-organizations"])
def test_every_endpoint_filters_by_unit_and_year(cast, client_for, data, endpoint):
    client = client_for("movement_board")
    rows = client.get(f"/api/{endpoint}/", {"unit": cast.other_commune.pk}).json()["results"]
    assert len(rows) == 1
    assert client.get(f"/api/{endpoint}/", {"unit": cast.district.pk}).json()["results"] == []
    assert client.get(f"/api/{endpoint}/", {"year": 2019}).json()["results"] == []
    assert len(client.get(f"/api/{endpoint}/", {"year": 2026}).json()["results"]) >= 2


def test_activities_filter_by_year_and_kind(cast, client_for, data):
    client = client_for("commune")
    rows = client.get("/api/activities/", {"year": 2025}).json()["results"]
    assert [r["kind"] for r in rows] == ["training"]
    rows = client.get("/api/activities/", {"kind": "outreach"}).json()["results"]
    assert [r["participants"] for r in rows] == [10]


def test_quick_entry_through_the_api(cast, client_for, orgs):
    client = client_for("member_org")
    payload = {
        "unit": cast.commune.pk,
        "date": "2026-05-20",
        "kind": "training",
        "title": "Tập huấn kỹ thuật trồng lúa",
        "organization": orgs.farmers.pk,
        "participants": 70,
    }
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Activity.objects.get().participants == 70
    payload["organization"] = orgs.women.pk
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 400
    payload["participants"] = -4
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 400
    # the form's limit holds here too: the service refuses it, in Vietnamese
    payload["organization"], payload["participants"] = orgs.farmers.pk, 50_000_000
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["participants"] == ["Số liệu quá lớn (tối đa 10.000.000)."]
    assert Activity.objects.count() == 1


def test_api_writes_follow_the_scope_rule(cast, client_for):
    payload = {
        "unit": cast.other_commune.pk,
        "date": "2026-05-20",
        "kind": "outreach",
        "title": "x",
    }
    response = client_for("commune").post(
        "/api/activities/", payload, content_type="application/json"
    )
    assert response.status_code == 404
    payload["unit"] = cast.commune.pk
    response = client_for("viewer").post(
        "/api/activities/", payload, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()
