"""Filters by official unit codes (issue 19, item 7): `unit_code` beside the id filter, `as_of`
to tell old and new units of a repeated code apart, the scope rule kept."""

import datetime

import pytest
from django.test import Client

from residential_areas import services
from residential_areas.models import AdministrativeUnit, Household

from .test_errors import _detail


def _households(client, **params):
    response = client.get("/api/households/", params)
    assert response.status_code == 200, response.content
    return {row["head_name"] for row in response.json()["results"]}


@pytest.fixture
def repeated(cast):
    """The demo's pattern: the new Xã Đức Thọ keeps the code of Xã Đức Lạc, which it absorbed
    on 1/7/2025; a household is still recorded under the old commune's residential area."""
    AdministrativeUnit.objects.filter(pk=cast.commune.pk).update(code="18100")
    Household.objects.create(area=cast.old_area, code="H900", head_name="Phan Văn Cũ", members=2)
    return "18100"


def test_a_code_filters_as_the_id_does(cast, client_for):
    client = client_for("province_admin")
    by_id = _households(client, unit=cast.commune.pk)
    assert by_id == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert _households(client, unit_code="18101") == by_id
    # the subtree: the province's code reaches every household
    assert _households(client, unit_code="42") == by_id | {"Lê Văn Cường"}


def test_a_repeated_code_is_todays_unit_unless_as_of_says_otherwise(cast, client_for, repeated):
    client = client_for("province_admin")
    today = {"Nguyễn Văn An", "Trần Thị Bình"}
    assert _households(client, unit_code=repeated) == today
    assert _households(client, unit_code=repeated, as_of="01/07/2025") == today
    assert _households(client, unit_code=repeated, as_of="30/06/2025") == {"Phan Văn Cũ"}
    assert _households(client, unit_code=repeated, as_of="2025-06-30") == {"Phan Văn Cũ"}
    # before either unit existed in this form: nothing, not an error
    assert _households(client, unit_code="18101", as_of="30/06/2025") == set()


def test_an_ambiguous_code_without_as_of_explains_as_of(cast, client_for):
    for valid_from, valid_to in (
        (None, datetime.date(2019, 12, 31)),
        (datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)),
    ):
        services.unit_create(
            code="99999",
            name="Xã Thử",
            kind="xa",
            level="commune",
            parent=cast.province,
            area_type="rural",
            valid_from=valid_from,
            valid_to=valid_to,
        )
    client = client_for("province_admin")
    response = client.get("/api/households/", {"unit_code": "99999"})
    assert response.status_code == 400
    message = response.json()["unit_code"][0]
    assert "as_of" in message and "đến 31/12/2019" in message
    assert "từ 01/01/2020 đến 30/06/2025" in message
    assert _households(client, unit_code="99999", as_of="15/06/2020") == set()


def test_two_units_holding_a_code_on_the_same_day(cast, client_for):
    AdministrativeUnit.objects.filter(pk=cast.other_commune.pk).update(code="18101")
    response = client_for("province_admin").get("/api/households/", {"unit_code": "18101"})
    assert response.status_code == 400
    assert "unit" in response.json()["unit_code"][0]


def test_a_code_outside_scope_is_an_empty_list_as_an_id_is(cast, client_for):
    client = client_for("commune")
    assert _households(client, unit=cast.other_commune.pk) == set()
    assert _households(client, unit_code="18401") == set()
    assert _households(client, unit_code="khong-co") == set()
    # a code of the district above: only what lies in scope
    assert _households(client, unit_code="42") == {"Nguyễn Văn An", "Trần Thị Bình"}


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"as_of": "30/06/2025"}, "as_of", "unit_code"),
        ({"unit": 1, "unit_code": "18101"}, "unit_code", "một trong hai"),
        ({"unit_code": "18101", "as_of": "31/02/2026"}, "as_of", "ngày"),
        ({"unit_code": "1" * 21}, "unit_code", "20"),
        ({"unit_code": ""}, "unit_code", "trống"),
    ],
    ids=["as_of-alone", "both", "no-such-day", "too-long", "empty"],
)
def test_bad_code_filters_are_a_vietnamese_400(cast, client_for, params, field, words):
    response = client_for("province_admin").get("/api/households/", params)
    assert response.status_code == 400
    message = " ".join(response.json()[field]).lower()
    assert words.lower() in message, message


def test_submissions_filter_by_the_units_own_code(cast, client_for):
    from campaign import demo
    from campaign.models import ReportingPeriod
    from campaign.results import demo as results_demo
    from campaign.results import services as results

    demo.seed_base()
    results_demo.seed_indicator_sets()
    period = ReportingPeriod.objects.get(year=2026)
    mine = results.submission_open(period=period, unit=cast.commune, by=cast["commune"])
    client = client_for("movement_board")
    rows = client.get("/api/submissions/", {"unit_code": "18101"}).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["unit"] == {
        "id": cast.commune.pk,
        "code": "18101",
        "name": "Xã Đức Thọ",
        "level": "Cấp xã",
    }
    # exact, as `unit` is: the province's code is not its communes'
    assert client.get("/api/submissions/", {"unit_code": "42"}).json()["results"] == []


def test_every_list_that_filters_by_unit_takes_a_code(cast, client_for):
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    client = client_for("province_admin")
    lists = []
    for path, item in schema["paths"].items():
        get = item.get("get")
        names = {p["name"] for p in (get or {}).get("parameters", [])}
        if "unit" not in names:
            continue
        lists.append(path)
        assert {"unit_code", "as_of"} <= names, path
        response = client.get(path, {"unit_code": "18101", "as_of": "01/01/2026"})
        assert response.status_code == 200, (path, response.content)
    assert len(lists) >= 15, lists


def test_an_activity_is_recorded_by_unit_code(cast, client_for):
    from campaign.models import Activity

    payload = {
        "date": "2026-05-20",
        "kind": "outreach",
        "title": "Tuyên truyền",
        "unit_code": "18101",
    }
    client = client_for("commune")
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["unit"]["id"] == cast.commune.pk
    assert Activity.objects.get().unit == cast.commune
    # the old code on a date after the old unit closed: no unit then, nothing written
    response = client.post(
        "/api/activities/", {**payload, "unit_code": "18100"}, content_type="application/json"
    )
    assert response.status_code == 400 and "18100" in response.json()["unit_code"][0]
    both = {**payload, "unit": cast.commune.pk}
    response = client.post("/api/activities/", both, content_type="application/json")
    assert response.status_code == 400 and "unit_code" in response.json()
    del payload["unit_code"]
    response = client.post("/api/activities/", payload, content_type="application/json")
    assert response.status_code == 400 and "unit" in response.json()
    # a code outside scope: 404, as its id is
    response = client.post(
        "/api/activities/", {**payload, "unit_code": "18401"}, content_type="application/json"
    )
    assert response.status_code == 404, response.content
    assert Activity.objects.count() == 1


def test_a_report_run_needs_one_unit(cast, client_for):
    client = client_for("province_admin")
    for body in (
        {"kind": "annual_province", "year": 2026},
        {"kind": "annual_province", "year": 2026, "unit": cast.province.pk, "unit_code": "42"},
    ):
        response = client.post("/api/report-runs/", body, content_type="application/json")
        assert response.status_code == 400, response.content
    response = client.post(
        "/api/report-runs/",
        {"kind": "annual_unit", "year": 2026, "unit_code": "khong-co"},
        content_type="application/json",
    )
    assert response.status_code == 404 and _detail(response)


def test_transfers_filter_by_either_fund_s_unit(cast, client_for):
    from poverty_fund import services as fund_services
    from tests.poverty_fund.helpers import DAY, donate

    province = fund_services.fund_create(unit=cast.province)
    commune = fund_services.fund_create(unit=cast.commune)
    donate(province, 5_000_000)
    moved = fund_services.transfer_create(
        from_fund=province, to_fund=commune, amount=1_000_000, date=DAY, decision_number="1/QĐ"
    )
    client = client_for("province_admin")

    def ids(**params):
        response = client.get("/api/transfers/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(unit_code="18101") == ids(unit=cast.commune.pk) == [moved.pk]
    assert ids(unit_code="42") == [moved.pk]
    assert ids(unit_code="18401") == []
    row = client.get("/api/transfers/").json()["results"][0]
    assert (row["from_unit"]["code"], row["to_unit"]["code"]) == ("42", "18101")
