import pytest
from django.urls import reverse

from accounts import scope
from residential_areas.models import AdministrativeUnit, Household

ALL_UNITS = [
    "province",
    "district",
    "other_district",
    "old_commune",
    "other_old_commune",
    "old_area",
    "other_old_area",
    "commune",
    "other_commune",
    "area",
    "other_area",
]

# who sees which units of the cast
EXPECTED = {
    "province_admin": set(ALL_UNITS),
    "movement_board": set(ALL_UNITS),
    "viewer": set(ALL_UNITS),
    "member_org": set(ALL_UNITS),
    "district": {"district", "old_commune", "old_area"},
    "other_district": {"other_district", "other_old_commune", "other_old_area"},
    "commune": {"commune", "area"},
    "other_commune": {"other_commune", "other_area"},
    "residential": {"area"},
    "nobody": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_sees_its_subtree_and_nothing_beside_it(cast, who):
    visible = set(scope.visible_units(cast[who]))
    assert visible == {getattr(cast, name) for name in EXPECTED[who]}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_unit_pages_are_404_outside_scope(cast, client_for, who):
    client = client_for(who)
    for name in ALL_UNITS:
        unit = getattr(cast, name)
        response = client.get(reverse("residential_areas:unit_detail", args=[unit.pk]))
        assert response.status_code == (200 if name in EXPECTED[who] else 404), name


def test_district_gets_404_for_a_unit_of_another_district_in_the_api(cast, client_for):
    client = client_for("district")
    assert client.get(f"/api/units/{cast.old_commune.pk}/").status_code == 200
    assert client.get(f"/api/units/{cast.other_old_commune.pk}/").status_code == 404
    listed = {row["id"] for row in client.get("/api/units/?page_size=100").json()["results"]}
    assert listed == {cast.district.pk, cast.old_commune.pk, cast.old_area.pk}


def test_households_are_visible_only_in_scope(cast, client_for):
    client = client_for("commune")
    ok = client.get(reverse("residential_areas:household_detail", args=[cast.households[0].pk]))
    assert ok.status_code == 200
    assert "Nguyễn Văn An" in ok.content.decode()
    foreign = client.get(
        reverse("residential_areas:household_detail", args=[cast.other_household.pk])
    )
    assert foreign.status_code == 404
    api = client.get("/api/households/").json()
    assert {row["head_name"] for row in api["results"]} == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert client.get(f"/api/households/{cast.other_household.pk}/").status_code == 404


def test_household_list_of_another_commune_is_404(cast, client_for):
    client = client_for("other_commune")
    url = reverse("residential_areas:household_list", args=[cast.area.pk])
    assert client.get(url).status_code == 404


def test_ancestor_names_are_shown_but_not_linked(cast, client_for):
    client = client_for("residential")
    page = client.get(
        reverse("residential_areas:unit_detail", args=[cast.area.pk])
    ).content.decode()
    assert "Xã Đức Thọ" in page  # breadcrumb
    assert reverse("residential_areas:unit_detail", args=[cast.commune.pk]) not in page


def test_unknown_ids_are_404_not_500(cast, client_for):
    client = client_for("province_admin")
    assert client.get("/dia-ban/999999/").status_code == 404
    assert client.get("/api/units/999999/").status_code == 404
    assert client.get("/api/units/abc/").status_code == 404
    assert client.get("/dia-ban/households/424242/").status_code == 404


def test_can_act_is_read_only_for_viewers(cast):
    assert scope.can_see(cast["viewer"], cast.area)
    assert not scope.can_act(cast["viewer"], cast.area)
    assert scope.can_act(cast["commune"], cast.area)
    assert not scope.can_act(cast["commune"], cast.other_area)


def test_anonymous_is_sent_to_login(cast, client):
    response = client.get(reverse("residential_areas:unit_detail", args=[cast.area.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get("/api/units/").status_code in (401, 403)


def test_queries_stay_flat_as_the_unit_list_grows(cast, client_for, django_assert_max_num_queries):
    from residential_areas import services

    client = client_for("province_admin")
    url = reverse("residential_areas:unit_detail", args=[cast.province.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for i in range(60):
        services.unit_create(
            code=f"T{i}", name=f"Xã Thử {i}", kind="xa", level="commune", parent=cast.province
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    assert AdministrativeUnit.objects.count() > 60
    assert Household.objects.count() == 3
