"""The OpenAPI schema holds in integrators' own tools (issue 22): it validates under
openapi-spec-validator, every default obeys its own constraints, every operation is named,
summarised and documents its errors, and the committed copy (docs/openapi.yaml) is current."""

import difflib
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from accounts.authentication import TOKEN_SCHEME_HELP
from tests.conftest import skip_or_fail

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = (
    "DATABASE_URL=postgres://... make schema "
    "(or: python manage.py spectacular --file docs/openapi.yaml, on PostgreSQL)"
)
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    """The schema as `manage.py spectacular` writes it; a warning (an enum named twice, a
    field it cannot type) fails the generation."""
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    call_command("spectacular", file=str(path), fail_on_warn=True)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema(generated) -> dict:
    return yaml.safe_load(generated)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_the_served_schema_validates(db):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    served = response.json()
    validate(served)  # raises with the path of the first error
    assert served["openapi"].startswith("3.")


def test_every_default_obeys_its_own_constraints(schema):
    """A default that breaks its own schema (`minLength: 1` with `default: ''`) tells a client
    to send what the server refuses."""
    broken = []

    def walk(node, where):
        if isinstance(node, dict):
            if "default" in node and "$ref" not in node:
                # the node as a root that holds the components its $refs point to
                root = {**node, "components": schema["components"]}
                errors = list(OAS30Validator(root).iter_errors(node["default"]))
                if errors:
                    broken.append(f"{where}: {errors[0].message}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(schema, "#")
    assert broken == []


def test_every_operation_is_named_summarised_and_documents_its_errors(schema):
    ids = []
    for name, operation in _operations(schema):
        assert operation.get("operationId"), name
        assert operation.get("summary"), f"{name} has no summary"
        ids.append(operation["operationId"])
        responses = operation["responses"]
        expected = {"400", "404"}
        secured = operation.get("security", schema.get("security", []))
        if secured and {} not in secured:
            expected |= {"401", "403"}
            if name.split()[0] != "GET":
                expected.add("409")
        missing = expected - set(responses)
        assert not missing, f"{name} does not document {sorted(missing)}"
        for code in expected:
            assert responses[code]["description"], f"{name} {code}"
            body = responses[code]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, f"{name} {code}"
    assert len(ids) == len(set(ids)), "an operationId is used twice"


def test_a_login_is_documented_with_the_token_scheme(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["knoxApiToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": TOKEN_SCHEME_HELP,
    }
    me = schema["paths"]["/api/me/"]["get"]
    assert {"knoxApiToken": []} in me["security"]
    assert "knoxApiToken" in me["responses"]["401"]["description"]
    token = schema["paths"]["/api/token/"]["post"]
    assert token["security"] == [{}] and "401" not in token["responses"]


def test_enums_are_named_once(schema):
    """drf-spectacular names a colliding choice set after a hash ("Kind2b5Enum"); the overrides
    in SPECTACULAR_SETTINGS name each one after its meaning."""
    names = [name for name in schema["components"]["schemas"] if name.endswith("Enum")]
    assert names and all(not any(ch.isdigit() for ch in name) for name in names), names
    choices = {}
    for name in names:
        values = tuple(schema["components"]["schemas"][name].get("enum", ()))
        assert values not in choices, f"{name} repeats {choices.get(values)}"
        choices[values] = name


def test_the_committed_schema_is_current(generated):
    # the integer ranges of model fields come from the database backend (SQLite allows int64
    # where PostgreSQL has a smallint): the contract is PostgreSQL's, as in production
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("the committed schema is PostgreSQL's: compare it with DATABASE_URL set")
    assert COMMITTED.exists(), f"docs/openapi.yaml is missing: run {REGENERATE}"
    committed = COMMITTED.read_text(encoding="utf-8")
    if committed != generated:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/openapi.yaml",
                    "generated",
                )
            )[:60]
        )
        pytest.fail(
            f"docs/openapi.yaml differs from the API's schema: run {REGENERATE} and commit "
            f"the change, so it shows in review.\n{diff}",
            pytrace=False,
        )
