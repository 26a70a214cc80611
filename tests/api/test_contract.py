"""The API's contract as an integrator reads it (issue 19, item 7): 401 with WWW-Authenticate,
the page-size cap, units nested in lists, every operation summarised and every parameter
helped in Vietnamese, a getting-started text, and every error in Vietnamese."""

import re

import pytest
from django.test import Client

from core import api_errors
from core.filters import NOT_A_WHOLE_NUMBER, YEAR_RANGE
from core.pagination import MAX_PAGE_SIZE
from residential_areas.models import Household

VIETNAMESE = set("ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữự")
ENGLISH_WORDS = re.compile(
    r"\b(the|this|is|are|an?|of|value|number|within|results?|identifying|unique|must|"
    r"should|field|page|invalid|required|provided|not|found|enter|valid|select)\b",
    re.IGNORECASE,
)
METHODS = ("get", "post", "put", "patch", "delete")


def _is_vietnamese(text: str) -> bool:
    """Vietnamese prose carries its diacritics; an English sentence does not (a verbose name
    quoted inside one does, hence the word check too)."""
    prose = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("* `")
    )  # drf-spectacular's list of choices: "* `xa` - Xã"
    return bool(set(prose.lower()) & VIETNAMESE) and not ENGLISH_WORDS.search(
        re.sub(r"`[^`]*`|\b[a-z_]+=\S*|\b[a-z]+_[a-z_]+\b", "", prose)
    )


@pytest.mark.parametrize(
    "text, vietnamese",
    [
        ("A page number within the paginated result set.", False),
        ("A unique integer value identifying this hộ gia đình.", False),
        ("Số dòng mỗi trang, từ 1 đến 200.", True),
        ("Mã số (id) quỹ", True),
    ],
)
def test_the_language_check_itself(text, vietnamese):
    assert _is_vietnamese(text) is vietnamese


# -- authentication ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/me/", "/api/households/", "/api/funds/1/"])
def test_no_credentials_is_a_401_naming_the_scheme(cast, url):
    response = Client().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == api_errors.NOT_AUTHENTICATED


def test_authenticated_but_forbidden_stays_a_403(cast, client_for):
    payload = {"unit": cast.commune.pk, "date": "2026-05-20", "kind": "outreach", "title": "x"}
    response = client_for("viewer").post(
        "/api/activities/", payload, content_type="application/json"
    )
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


def test_the_token_still_works_beside_the_session(cast):
    from knox.models import AuthToken

    token = AuthToken.objects.create(user=cast["commune"])[1]
    response = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["username"] == "xa1"


# -- pagination --------------------------------------------------------------------------------


def test_page_size_is_capped_at_200(cast, client_for):
    Household.objects.bulk_create(
        Household(area=cast.area, code=f"K{i:03d}", head_name=f"Hộ {i}", members=1)
        for i in range(MAX_PAGE_SIZE + 5)
    )
    total = Household.objects.filter(area=cast.area).count()
    client = client_for("commune")
    data = client.get("/api/households/", {"page_size": 1000}).json()
    assert MAX_PAGE_SIZE == 200
    assert len(data["results"]) == MAX_PAGE_SIZE and data["count"] == total
    assert "page=2" in data["next"] and "page_size=1000" in data["next"]
    rest = client.get(data["next"]).json()
    assert len(rest["results"]) == total - MAX_PAGE_SIZE and rest["next"] is None
    assert len(client.get("/api/households/", {"page_size": 7}).json()["results"]) == 7
    for bad in ("0", "-1", "abc", "2.5"):
        response = client.get("/api/households/", {"page_size": bad})
        assert response.status_code == 400, bad
        assert _is_vietnamese(response.json()["page_size"][0])


def test_the_cap_is_documented(schema):
    households = schema["paths"]["/api/households/"]["get"]
    help_ = {p["name"]: p["description"] for p in households["parameters"]}
    assert "200" in help_["page_size"] and "tính là 200" in help_["page_size"]
    assert _is_vietnamese(help_["page"])


# -- nested units ------------------------------------------------------------------------------


def test_lists_name_their_unit(cast, client_for):
    from poverty_fund import services as fund_services
    from tests.poverty_fund.helpers import donate

    fund = fund_services.fund_create(unit=cast.commune)
    donate(fund, 1_000_000)
    client = client_for("commune")
    commune = {"id": cast.commune.pk, "code": "18101", "name": "Xã Đức Thọ", "level": "Cấp xã"}
    area = {
        "id": cast.area.pk,
        "code": "18101-001",
        "name": "Thôn Lạc Thiện",
        "level": "Khu dân cư",
    }
    assert client.get("/api/funds/").json()["results"][0]["unit"] == commune
    assert client.get("/api/donations/").json()["results"][0]["unit"] == commune
    assert client.get("/api/households/").json()["results"][0]["area"] == area
    assert client.get("/api/me/").json()["roles"][0]["unit"] == commune


def test_the_schema_shows_the_nested_unit_and_takes_an_id(schema):
    components = schema["components"]["schemas"]
    assert set(components["UnitBrief"]["properties"]) == {"id", "code", "name", "level"}
    for name in ("Submission", "Fund", "Donation", "Disbursement", "Activity", "Household"):
        props = components[name]["properties"]
        field = props.get("unit") or props.get("area")
        assert "UnitBrief" in str(field), name
    request = components["ActivityRequest"]["properties"]
    assert request["unit"]["type"] == "integer" and request["unit_code"]["type"] == "string"


# -- the schema's words ------------------------------------------------------------------------


@pytest.fixture
def schema(db):
    return Client().get("/api/schema/", {"format": "json"}).json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_every_operation_has_a_vietnamese_summary(schema):
    missing = [
        name
        for name, operation in _operations(schema)
        if not _is_vietnamese(operation.get("summary", ""))
    ]
    assert missing == []


def test_every_parameter_has_vietnamese_help(schema):
    bad = [
        f"{name} {parameter['name']}: {parameter.get('description', '')!r}"
        for name, operation in _operations(schema)
        for parameter in operation.get("parameters", [])
        if not _is_vietnamese(parameter.get("description", ""))
    ]
    assert bad == []


def test_no_text_of_the_schema_is_english(schema):
    """Descriptions come from docstrings, verbose names, help texts and drf-spectacular's own
    defaults ("No response body", "Token-based authentication..."): all reach the docs page."""
    english = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("summary", "description", "title") and isinstance(value, str):
                    prose = "\n".join(
                        line for line in value.splitlines() if not line.lstrip().startswith("* `")
                    )
                    if prose.strip() and not set(prose.lower()) & VIETNAMESE:
                        english.append(f"{where}/{key}: {prose[:80]}")
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(schema, "#")
    assert english == []


def test_the_docs_page_starts_with_a_getting_started_text(schema):
    text = schema["info"]["description"]
    for needed in (
        "POST /api/token/",
        '"otp"',
        "Authorization: Token <token>",
        "WWW-Authenticate",
        "page_size",
        "tối đa 200",
        "unit_code",
        "as_of",
        "dd/mm/yyyy",
        "| 401 |",
    ):
        assert needed in text, needed


# -- every error in Vietnamese -----------------------------------------------------------------


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def test_every_error_an_integrator_meets_is_vietnamese(cast, client_for):
    commune = client_for("commune")
    viewer = client_for("viewer")
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(cast["commune"])
    json = "application/json"
    answers = {
        "no credentials": (Client().get("/api/households/"), 401),
        "an unknown token": (
            Client().get("/api/me/", HTTP_AUTHORIZATION="Token " + "0" * 64),
            401,
        ),
        "a header without token": (Client().get("/api/me/", HTTP_AUTHORIZATION="Token"), 401),
        "a token with a space": (Client().get("/api/me/", HTTP_AUTHORIZATION="Token a b"), 401),
        "bad characters": (
            Client().get("/api/me/", HTTP_AUTHORIZATION="Token \u00e9\u00e9"),
            401,
        ),
        "a wrong password": (
            Client().post("/api/token/", {"username": "xa1", "password": "sai"}, json),
            400,
        ),
        "not found": (commune.get("/api/households/999999/"), 404),
        "outside scope": (commune.get(f"/api/households/{cast.other_household.pk}/"), 404),
        "a page past the end": (commune.get("/api/households/", {"page": 99}), 404),
        "a page that is no number": (commune.get("/api/households/", {"page": "x"}), 404),
        "an unknown parameter": (commune.get("/api/households/", {"unti": 1}), 400),
        "an id that is no number": (commune.get("/api/households/", {"unit": "abc"}), 400),
        "a choice that does not exist": (commune.get("/api/units/", {"level": "planet"}), 400),
        "an impossible date": (commune.get("/api/units/", {"as_of": "31/02/2026"}), 400),
        "a year out of range": (commune.get("/api/submissions/", {"year": 0}), 400),
        "a year that is no number": (commune.get("/api/submissions/", {"year": "2026.5"}), 400),
        "a method not allowed": (commune.delete("/api/households/"), 405),
        "a body that is not JSON": (commune.post("/api/activities/", "{", json), 400),
        "a content type not taken": (
            commune.post("/api/activities/", "x", content_type="text/plain"),
            415,
        ),
        "a field of the wrong type": (
            commune.post("/api/activities/", {"unit": "x", "date": "hôm qua"}, json),
            400,
        ),
        "a read-only role writing": (
            viewer.post(
                "/api/activities/",
                {"unit": cast.commune.pk, "date": "2026-05-20", "kind": "outreach", "title": "x"},
                json,
            ),
            403,
        ),
        "a session write without CSRF": (
            csrf.post(
                "/api/activities/",
                {"unit": cast.commune.pk, "date": "2026-05-20", "kind": "outreach", "title": "x"},
                json,
            ),
            403,
        ),
    }
    english = set(api_errors.ENGLISH)
    wrong = []
    for name, (response, status) in answers.items():
        texts = list(_strings(response.json()))
        if response.status_code != status or not texts:
            wrong.append((name, response.status_code, response.content[:200]))
            continue
        # codes (enum values, ids) may travel beside the messages: every message is Vietnamese
        messages = [text for text in texts if " " in text]
        if not messages or any(
            text in english or not set(text.lower()) & VIETNAMESE for text in messages
        ):
            wrong.append((name, texts))
    assert wrong == []
    # Django's own Vietnamese for "Enter a whole number." is no Vietnamese a reader uses
    assert answers["an id that is no number"][0].json() == {"unit": [NOT_A_WHOLE_NUMBER]}
    assert answers["a year out of range"][0].json() == {"year": [YEAR_RANGE]}
