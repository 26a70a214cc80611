"""The API answers errors in Vietnamese, never with DRF's English or a model's name
(core/api_errors.py, REST_FRAMEWORK["EXCEPTION_HANDLER"])."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import Client
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core import api_errors


def _detail(response) -> str:
    return response.json()["detail"]


def test_a_missing_object_does_not_name_its_model(cast, client_for):
    response = client_for("commune").get("/api/households/999999/")
    assert response.status_code == 404
    assert _detail(response) == api_errors.NOT_FOUND
    assert b"Household" not in response.content


def test_a_page_past_the_end(cast, client_for):
    response = client_for("commune").get("/api/units/", {"page": 9999})
    assert response.status_code == 404 and _detail(response) == api_errors.INVALID_PAGE


def test_the_portals_own_page_message_is_kept(cast, client_for):
    response = client_for("commune").get("/api/units/", {"page": "abc"})
    assert response.status_code == 404 and _detail(response) == "Số trang không hợp lệ."


def test_an_invalid_token(cast):
    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token " + "0" * 64)
    assert response.status_code == 401 and _detail(response) == api_errors.INVALID_TOKEN
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_header_without_a_token(cast):
    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401 and _detail(response) == api_errors.INVALID_TOKEN_HEADER


def test_not_authenticated(cast):
    response = Client().get("/api/me/")
    assert response.status_code == 401 and _detail(response) == api_errors.NOT_AUTHENTICATED
    assert response["WWW-Authenticate"] == "Token"


def test_method_not_allowed(cast, client_for):
    response = client_for("commune").delete("/api/me/")
    assert response.status_code == 405
    assert _detail(response) == api_errors.METHOD_NOT_ALLOWED % "DELETE"


def test_unsupported_media_type(cast):
    response = Client().post("/api/token/", "username=xa1", content_type="text/plain")
    assert response.status_code == 415
    assert _detail(response) == api_errors.UNSUPPORTED_MEDIA_TYPE % "text/plain"


def test_a_body_that_is_not_json(cast):
    response = Client().post("/api/token/", '{"username": ', content_type="application/json")
    assert response.status_code == 400 and _detail(response) == api_errors.PARSE_ERROR


def _handle(exc):
    request = Request(APIRequestFactory().get("/api/units/"))
    return api_errors.exception_handler(exc, {"request": request, "view": None})


def test_permission_denied_without_a_message():
    for exc in (exceptions.PermissionDenied(), DjangoPermissionDenied()):
        response = _handle(exc)
        assert response.status_code == 403
        assert response.data["detail"] == api_errors.PERMISSION_DENIED


def test_throttled_says_how_long_to_wait():
    response = _handle(exceptions.Throttled(wait=29.2))
    assert response.status_code == 429
    assert response.data["detail"] == api_errors.THROTTLED % 30
    assert response["Retry-After"] == "30"


@pytest.mark.parametrize(
    "exc",
    [
        exceptions.PermissionDenied(
            "Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu này."
        ),
        exceptions.NotFound("Số trang không hợp lệ."),
        exceptions.ValidationError({"year": ["Năm không hợp lệ."]}),
    ],
    ids=["permission", "not-found", "validation"],
)
def test_messages_the_portal_writes_pass_unchanged(exc):
    expected = exc.detail
    assert _handle(exc).data == (expected if isinstance(expected, dict) else {"detail": expected})


def test_a_django_404_never_carries_its_message():
    response = _handle(Http404("No Household matches the given query."))
    assert response.status_code == 404 and response.data["detail"] == api_errors.NOT_FOUND


@pytest.mark.parametrize(
    "field, code, english, vietnamese",
    [
        ("version", "invalid", "A valid integer is required.", "sai kiểu"),
        ("name", "required", "This field is required.", "bắt buộc"),
        ("note", "max_length", "Ensure this field has no more than 500 characters.", "500 ký tự"),
        ("amount", "min_value", "Ensure this value is greater than or equal to 1.", "bằng 1"),
        ("kind", "invalid_choice", '"x" is not a valid choice.', "“x”"),
        (
            "date",
            "invalid",
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
            "YYYY-MM-DD",
        ),
    ],
)
def test_field_errors_of_drf_are_vietnamese(field, code, english, vietnamese):
    exc = exceptions.ValidationError({field: [exceptions.ErrorDetail(english, code=code)]})
    request = Request(APIRequestFactory().post("/api/x/"))
    response = api_errors.exception_handler(exc, {"request": request})
    message = str(response.data[field][0])
    assert vietnamese in message and message != english
    assert response.data[field][0].code == code


def test_field_errors_the_portal_writes_stay_as_written():
    mine = "Số hộ không được âm."
    exc = exceptions.ValidationError({"values": {"households": [mine]}, "x": ["Không tìm thấy."]})
    response = api_errors.exception_handler(exc, {"request": None})
    assert str(response.data["values"]["households"][0]) == mine


def test_an_unknown_query_parameter_is_named_not_ignored(cast, client_for):
    client = client_for("commune")
    assert client.get("/api/units/", {"level": "commune"}).status_code == 200
    response = client.get("/api/units/", {"levle": "commune", "page": 1})
    assert response.status_code == 400
    message = response.json()["detail"]
    assert "levle" in message and "level" in message and "page" not in message.split(":")[1]
