def test_units_filters(cast, client_for):
    client = client_for("province_admin")

    def ids(url):
        return {row["id"] for row in client.get(url).json()["results"]}

    assert ids(f"/api/units/?parent={cast.province.pk}&as_of=2024-06-30") == {
        cast.district.pk,
        cast.other_district.pk,
    }
    assert ids(f"/api/units/?parent={cast.province.pk}&as_of=2026-01-01") == {
        cast.commune.pk,
        cast.other_commune.pk,
    }
    assert ids("/api/units/?level=area&as_of=2026-01-01") == {cast.area.pk, cast.other_area.pk}
    assert ids("/api/units/?kind=huyen") == {cast.district.pk, cast.other_district.pk}
    assert ids("/api/units/?q=cam%20xuyen") == {cast.other_district.pk, cast.other_commune.pk}


def test_bad_filter_values_are_400_not_500(cast, client_for):
    client = client_for("province_admin")
    assert client.get("/api/units/?as_of=2024-13-45").status_code == 400
    assert client.get("/api/units/?level=planet").status_code == 400


def test_me_lists_roles(cast, client_for):
    data = client_for("commune").get("/api/me/").json()
    assert data["username"] == "xa1"
    assert data["roles"] == [
        {
            "role": "commune_committee",
            "role_display": "Ủy ban MTTQ cấp xã",
            "unit": {
                "id": cast.commune.pk,
                "code": "18101",
                "name": "Xã Đức Thọ",
                "level": "Cấp xã",
            },
        }
    ]


def test_token_authentication(cast, client):
    from tests.cast import PASSWORD

    token = client.post("/api/token/", {"username": "xa1", "password": PASSWORD}).json()["token"]
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["username"] == "xa1"


def test_schema_and_docs_are_served(cast, client_for):
    client = client_for("viewer")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/units/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
