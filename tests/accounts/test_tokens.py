"""API tokens (django-rest-knox): hashed, expiring, issued after the second factor where it is
required, and dead as soon as what they were given for changes."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import hash_token
from knox.models import AuthToken

from accounts import services
from accounts.api import OTP_NOT_SET_UP
from accounts.models import Role, UnitRole
from core.api_errors import INVALID_TOKEN
from tests.cast import PASSWORD
from tests.conftest import totp_now


def _token(username, **extra) -> str:
    response = Client().post("/api/token/", {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _works(token) -> bool:
    response = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code in (200, 401), response.content
    return response.status_code == 200


def _superuser_admin(cast, client_for) -> Client:
    admin = cast["province_admin"]
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    return client_for("province_admin")


def test_a_token_is_kept_only_as_a_hash_and_sent_with_the_token_prefix(cast):
    response = Client().post("/api/token/", {"username": "xa1", "password": PASSWORD})
    token = response.json()["token"]
    row = AuthToken.objects.get(user=cast["commune"])
    assert row.digest == hash_token(token) and token not in (row.digest, row.token_key)
    assert response.json()["expiry"]
    me = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200 and me.json()["username"] == "xa1"


def test_a_token_expires_after_twelve_hours(cast):
    start = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(start):
        token = _token("xa1")
    with time_machine.travel(start + datetime.timedelta(hours=11, minutes=59)):
        assert _works(token)
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1)):
        response = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 401 and response.json()["detail"] == INVALID_TOKEN
    assert not AuthToken.objects.filter(user=cast["commune"]).exists()


def test_a_new_token_leaves_the_others_working(cast, client_for):
    client_for("movement_board")  # confirms the device
    start = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(start):
        first = _token("pt", otp=totp_now(cast["movement_board"]))
    with time_machine.travel(start + datetime.timedelta(seconds=90)):  # a fresh code
        second = _token("pt", otp=totp_now(cast["movement_board"]))
        assert _works(first) and _works(second)


def test_a_role_that_needs_the_second_factor_gets_no_token_before_setting_it_up(cast):
    response = Client().post(
        "/api/token/", {"username": "pt", "password": PASSWORD, "otp": "123456"}
    )
    assert response.status_code == 400 and response.json()["detail"] == OTP_NOT_SET_UP
    assert not AuthToken.objects.exists()


def test_a_commune_token_dies_when_the_user_becomes_movement_board(cast):
    """The attack: a token taken as a commune committee, no TOTP ever set up, then the user is
    made movement board: the old token must not carry the new role past the second factor."""
    token = _token("xa1")
    services.role_grant(
        by=cast["province_admin"],
        user=cast["commune"],
        unit=cast.province,
        role=Role.MOVEMENT_BOARD,
    )
    assert not _works(token)
    assert (
        Client().post("/api/token/", {"username": "xa1", "password": PASSWORD}).status_code == 400
    )


def test_a_token_dies_when_a_role_is_revoked(cast):
    token = _token("huyen1")
    services.role_revoke(
        by=cast["province_admin"], unit_role=UnitRole.objects.get(user=cast["district"])
    )
    assert not _works(token)


def test_a_token_dies_when_a_role_is_changed_in_the_admin(cast, client_for):
    token = _token("xa1")
    role = UnitRole.objects.get(user=cast["commune"])
    response = _superuser_admin(cast, client_for).post(
        reverse("admin:accounts_unitrole_change", args=[role.pk]),
        {"user": cast["commune"].pk, "unit": cast.province.pk, "role": Role.VIEWER},
    )
    assert response.status_code == 302
    assert not _works(token)


def test_a_token_dies_with_a_password_change(cast, client_for):
    token = _token("xa1")
    client = client_for("commune")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2027!",
            "new_password2": "Mat-khau-moi-2027!",
        },
    )
    assert response.status_code == 302
    assert not _works(token)


def test_a_token_dies_when_an_admin_sets_a_new_password(cast, client_for):
    token = _token("xa1")
    response = _superuser_admin(cast, client_for).post(
        reverse("admin:auth_user_password_change", args=[cast["commune"].pk]),
        {"password1": "Mat-khau-moi-2027!", "password2": "Mat-khau-moi-2027!"},
    )
    assert response.status_code == 302
    assert not _works(token)


def test_a_login_keeps_the_tokens(cast):
    """Logging in saves the user (last_login) and may rehash the password: no revocation."""
    token = _token("xa1")
    Client().post(reverse("accounts:login"), {"username": "xa1", "password": PASSWORD})
    assert _works(token)


def test_a_token_dies_with_a_deactivation_and_stays_dead(cast):
    token = _token("xa1")
    services.user_set_active(by=cast["province_admin"], user=cast["commune"], active=False)
    assert not AuthToken.objects.filter(user=cast["commune"]).exists()
    services.user_set_active(by=cast["province_admin"], user=cast["commune"], active=True)
    assert not _works(token)


def test_a_token_dies_when_the_authenticator_is_reset_in_the_admin(cast, client_for):
    client_for("movement_board")
    token = _token("pt", otp=totp_now(cast["movement_board"]))
    device = TOTPDevice.objects.get(user=cast["movement_board"])
    response = _superuser_admin(cast, client_for).post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not _works(token)


def test_a_token_taken_without_the_second_factor_dies_when_the_user_turns_it_on(cast):
    token = _token("xa1")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "xa1", "password": PASSWORD})
    client.get(reverse("accounts:otp"))  # a new device, not yet confirmed
    assert _works(token)
    client.post(reverse("accounts:otp"), {"token": totp_now(cast["commune"])})
    assert TOTPDevice.objects.get(user=cast["commune"]).confirmed
    assert not _works(token)


@pytest.mark.parametrize(
    "header", ["Token", "Token abc def", "Token " + "0" * 64, "Token é"], ids=repr
)
def test_a_bad_token_gets_a_vietnamese_answer(cast, header):
    response = Client().get("/api/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert detail.startswith(("Token không hợp lệ", "Tiêu đề Authorization không hợp lệ")), detail
