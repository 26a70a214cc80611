"""Who may write what: residential boards their own area's festival and conventions, member
organizations their own activities, the Front its subtree; viewers read; outsiders get 404."""

import pytest
from django.urls import reverse

from campaign.activities import services
from campaign.models import Activity, Festival, VillageConvention

from .conftest import D


@pytest.fixture
def festivals(cast):
    admin = cast["province_admin"]
    own = services.festival_create(
        by=admin, area=cast.area, year=2026, held_on=D(2026, 11, 18), participants=300
    )
    other = services.festival_create(
        by=admin, area=cast.other_area, year=2026, held_on=D(2026, 11, 17), participants=250
    )
    return own, other


@pytest.fixture
def conventions(cast):
    admin = cast["province_admin"]
    own = services.convention_create(
        by=admin,
        area=cast.area,
        title="Hương ước thôn Lạc Thiện",
        decision_number="12/QĐ-UBND",
        approved_on=D(2025, 9, 1),
    )
    other = services.convention_create(
        by=admin,
        area=cast.other_area,
        title="Hương ước thôn Bình Minh",
        decision_number="15/QĐ-UBND",
        approved_on=D(2025, 9, 3),
    )
    return own, other


def festival_post(year=2026, **extra):
    data = {
        "year": year,
        "held_on": f"{year}-11-18",
        "participants": 420,
        "praised_households": 12,
        "praised_people": 3,
        "money_raised": 15_000_000,
        "activities": "Văn nghệ, thể thao",
        "self_review": "Hoàn thành các chỉ tiêu năm",
        "notes": "",
    }
    data.update(extra)
    return data


def test_residential_board_edits_its_own_areas_festival(cast, client_for, festivals):
    own, _other = festivals
    client = client_for("residential")
    url = reverse("activities:festival_update", args=[own.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, festival_post(participants=512))
    assert response.status_code == 302, response.content.decode()[:2000]
    own.refresh_from_db()
    assert own.participants == 512


def test_residential_board_gets_404_for_another_areas_festival(cast, client_for, festivals):
    _own, other = festivals
    client = client_for("residential")
    for name in ("festival_detail", "festival_update"):
        assert client.get(reverse(f"activities:{name}", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("activities:festival_update", args=[other.pk]), festival_post(participants=1)
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.participants == 250


def test_residential_board_records_a_festival_only_for_its_own_area(cast, client_for):
    client = client_for("residential")
    url = reverse("activities:festival_create")
    response = client.post(url, festival_post(area=cast.other_area.pk))
    assert response.status_code == 400  # the other area is not among its choices
    assert not Festival.objects.exists()
    response = client.post(url, festival_post(area=cast.area.pk))
    assert response.status_code == 302
    assert Festival.objects.get().area == cast.area


def test_residential_board_edits_its_own_conventions_only(cast, client_for, conventions):
    own, other = conventions
    client = client_for("residential")
    data = {
        "kind": "huong_uoc",
        "title": "Hương ước (sửa tên)",
        "approved_by": "",
        "status": "in_force",
    }
    assert (
        client.post(reverse("activities:convention_update", args=[own.pk]), data).status_code == 302
    )
    own.refresh_from_db()
    assert own.title == "Hương ước (sửa tên)"
    response = client.post(reverse("activities:convention_update", args=[other.pk]), data)
    assert response.status_code == 404
    revise = {"decision_number": "99/QĐ", "approved_on": "2026-03-01", "summary": "Sửa"}
    response = client.post(reverse("activities:convention_revise", args=[other.pk]), revise)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Hương ước thôn Bình Minh"
    assert other.revisions.count() == 1


@pytest.mark.parametrize("who", ["viewer", "member_org"])
def test_viewer_and_member_org_cannot_edit_festivals_or_conventions(
    cast, client_for, festivals, conventions, who
):
    client = client_for(who)
    festival, convention = festivals[0], conventions[0]
    assert client.get(reverse("activities:festival_detail", args=[festival.pk])).status_code == 200
    assert (
        client.post(
            reverse("activities:festival_update", args=[festival.pk]), festival_post()
        ).status_code
        == 403
    )
    assert client.get(reverse("activities:convention_create")).status_code == 403
    response = client.post(
        reverse("activities:convention_update", args=[convention.pk]),
        {"kind": "quy_uoc", "title": "x", "status": "replaced"},
    )
    assert response.status_code == 403
    convention.refresh_from_db()
    assert convention.status == "in_force"


def activity_post(cast, **extra):
    data = {
        "unit": cast.commune.pk,
        "date": "2026-03-15",
        "kind": "outreach",
        "title": "Tuyên truyền về Cuộc vận động",
        "sessions": 2,
        "participants": 80,
        "notes": "",
    }
    data.update(extra)
    return data


def test_member_org_records_an_activity_for_its_own_organization(cast, client_for, orgs):
    client = client_for("member_org")
    url = reverse("activities:activity_create")
    response = client.post(url, activity_post(cast, organization=orgs.farmers.pk))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.organization == orgs.farmers
    assert activity.created_by == cast["member_org"]


def test_member_org_cannot_record_for_another_organization_or_the_front(cast, client_for, orgs):
    client = client_for("member_org")
    url = reverse("activities:activity_create")
    assert client.post(url, activity_post(cast, organization=orgs.women.pk)).status_code == 400
    assert client.post(url, activity_post(cast, organization="")).status_code == 400
    assert not Activity.objects.exists()


def test_member_org_edits_its_own_activities_only(cast, client_for, orgs):
    admin = cast["province_admin"]
    own = services.activity_create(
        by=admin,
        unit=cast.commune,
        date=D(2026, 4, 1),
        kind="training",
        title="Tập huấn",
        organization=orgs.farmers,
        participants=40,
    )
    womens = services.activity_create(
        by=admin,
        unit=cast.commune,
        date=D(2026, 4, 2),
        kind="training",
        title="Tập huấn",
        organization=orgs.women,
        participants=50,
    )
    fronts = services.activity_create(
        by=admin,
        unit=cast.commune,
        date=D(2026, 4, 3),
        kind="outreach",
        title="Tuyên truyền",
        participants=60,
    )
    client = client_for("member_org")
    data = activity_post(cast, organization=orgs.farmers.pk, participants=45, kind="training")
    del data["unit"]
    response = client.post(reverse("activities:activity_update", args=[own.pk]), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.participants == 45
    for other in (womens, fronts):
        url = reverse("activities:activity_update", args=[other.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        assert (
            client.post(reverse("activities:activity_delete", args=[other.pk])).status_code == 403
        )
        other.refresh_from_db()
        assert other.participants in (50, 60)
    # nor may it hand its own activity over to another organization
    data["organization"] = orgs.women.pk
    response = client.post(reverse("activities:activity_update", args=[own.pk]), data)
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.organization == orgs.farmers


def test_commune_committee_edits_member_org_activities_in_its_commune(cast, client_for, orgs):
    activity = services.activity_create(
        by=cast["member_org"],
        unit=cast.commune,
        date=D(2026, 4, 1),
        kind="training",
        title="Tập huấn",
        organization=orgs.farmers,
        participants=40,
    )
    data = activity_post(cast, organization=orgs.farmers.pk, participants=41, kind="training")
    del data["unit"]
    response = client_for("commune").post(
        reverse("activities:activity_update", args=[activity.pk]), data
    )
    assert response.status_code == 302
    response = client_for("other_commune").post(
        reverse("activities:activity_update", args=[activity.pk]), data
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,status", [("commune", 200), ("viewer", 200), ("other_commune", 404), ("residential", 404)]
)
def test_activity_page_is_404_outside_scope(cast, client_for, orgs, who, status):
    activity = services.activity_create(
        by=cast["commune"], unit=cast.commune, date=D(2026, 5, 1), kind="seminar", title="Tọa đàm"
    )
    response = client_for(who).get(reverse("activities:activity_detail", args=[activity.pk]))
    assert response.status_code == status


def test_viewer_cannot_record_an_activity(cast, client_for, orgs):
    client = client_for("viewer")
    assert client.get(reverse("activities:activity_create")).status_code == 403
    assert (
        client.post(reverse("activities:activity_create"), activity_post(cast)).status_code == 403
    )
    assert not Activity.objects.exists()


def test_lists_show_only_what_is_in_scope(cast, client_for, festivals, conventions):
    response = client_for("other_commune").get(reverse("activities:convention_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hương ước thôn Bình Minh" in page
    assert "Hương ước thôn Lạc Thiện" not in page
    response = client_for("other_commune").get(
        reverse("activities:convention_list"), {"unit": cast.commune.pk}
    )
    assert response.status_code == 404
    assert VillageConvention.objects.count() == 2


def test_the_front_names_an_organizations_representatives(cast, client_for, orgs):
    client = client_for("movement_board")
    url = reverse("activities:org_update", args=[orgs.women.pk])
    data = {"kind": "hoi_phu_nu", "name": orgs.women.name, "is_active": "on"}
    response = client.post(url, {**data, "users": [cast["commune"].pk]})
    assert response.status_code == 400  # a commune committee member cannot represent it
    assert not orgs.women.users.exists()
    response = client.post(url, {**data, "users": [cast["member_org"].pk]})
    assert response.status_code == 302
    assert list(orgs.women.users.all()) == [cast["member_org"]]
    assert client_for("member_org").post(url, data).status_code == 403
    assert client_for("commune").post(url, data).status_code == 404  # above its scope
