import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PersonalDataAccess
from tests.cast import PASSWORD
from tests.conftest import totp_now


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize("username", ["pt", "qt"])
def test_province_staff_must_pass_the_second_factor(cast, username):
    client = Client()
    _login(client, username)
    response = client.get(reverse("campaign:index"))
    assert response.status_code == 302 and "/tai-khoan/2fa/" in response["Location"]
    assert client.get("/api/me/").status_code == 403
    setup = client.get(reverse("accounts:otp")).content.decode()
    assert "Khóa bí mật" in setup and "<svg" in setup
    wrong = client.post(reverse("accounts:otp"), {"token": "000000", "next": "/ket-qua/"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    user = cast["movement_board"] if username == "pt" else cast["province_admin"]
    # django-otp throttles after a wrong code (1 s, doubling); the user waits, then retries
    TOTPDevice.objects.get(user=user).throttle_reset()
    ok = client.post(reverse("accounts:otp"), {"token": totp_now(user), "next": "/ket-qua/"})
    assert ok.status_code == 302 and ok["Location"] == "/ket-qua/"
    assert client.get(reverse("campaign:index")).status_code == 200


def test_two_factor_is_optional_for_a_commune_until_it_turns_it_on(cast):
    client = Client()
    _login(client, "xa1")
    assert client.get(reverse("home")).status_code == 200
    client.get(reverse("accounts:otp"))  # starts a device, not yet confirmed
    client.post(reverse("accounts:otp"), {"token": totp_now(cast["commune"])})
    again = Client()
    _login(again, "xa1")
    assert again.get(reverse("home")).status_code == 302  # now required at every login


def test_the_session_key_changes_after_the_second_factor(cast):
    """A session key known before the code (fixed by an attacker, seen on the screen) must not
    carry the second factor."""
    client = Client()
    _login(client, "pt")
    client.get(reverse("accounts:otp"))
    before = client.session.session_key
    ok = client.post(reverse("accounts:otp"), {"token": totp_now(cast["movement_board"])})
    assert ok.status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("campaign:index")).status_code == 200
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get(reverse("campaign:index")).status_code == 302
    assert stale.get("/api/me/").status_code == 401


def test_otp_page_refuses_foreign_redirects(cast):
    client = Client()
    _login(client, "pt")
    client.get(reverse("accounts:otp"))
    response = client.post(
        reverse("accounts:otp"),
        {"token": totp_now(cast["movement_board"]), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_api_token_login_counts_failures_and_locks(cast, client):
    for _ in range(4):
        bad = client.post("/api/token/", {"username": "xa1", "password": "sai"})
        assert bad.status_code == 400
    assert client.post("/api/token/", {"username": "xa1", "password": "sai"}).status_code == 429
    locked = client.post("/api/token/", {"username": "xa1", "password": PASSWORD})
    assert locked.status_code == 429
    assert "tạm khóa" in locked.json()["detail"]


def test_api_token_for_province_staff_needs_the_code(cast, client_for):
    client_for("movement_board")  # creates the confirmed device
    c = Client()
    missing = c.post("/api/token/", {"username": "pt", "password": PASSWORD})
    assert missing.status_code == 400 and "otp" in missing.json()["detail"]
    ok = c.post(
        "/api/token/",
        {"username": "pt", "password": PASSWORD, "otp": totp_now(cast["movement_board"])},
    )
    assert ok.status_code == 200 and len(ok.json()["token"]) == 64


def test_pages_carry_a_strict_content_security_policy(cast, client_for):
    response = client_for("commune").get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    html = response.content.decode()
    inline = [
        s for s in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) if "application/json" not in s
    ]
    assert inline == []


def test_household_pages_are_logged_without_personal_values_and_not_cached(cast, client_for):
    client = client_for("commune")
    response = client.get(
        reverse("residential_areas:household_list", args=[cast.area.pk]), {"q": "Nguyễn"}
    )
    assert response["Cache-Control"] == "no-store"
    client.get(reverse("residential_areas:household_detail", args=[cast.households[0].pk]))
    client.get("/api/households/")
    log = list(
        PersonalDataAccess.objects.order_by("pk").values_list("action", "view_name", "object_ids")
    )
    assert log == [
        ("search", "residential_areas:household_list", f"pk={cast.area.pk}"),
        ("view", "residential_areas:household_detail", f"pk={cast.households[0].pk}"),
        ("view", "api:household-list", ""),
    ]
    assert not any("Nguy" in str(row) for row in PersonalDataAccess.objects.values_list())
    page = client_for("province_admin").get(reverse("accounts:access_log")).content.decode()
    assert "residential_areas:household_detail" in page
    assert client_for("commune").get(reverse("accounts:access_log")).status_code == 403


def test_sessions_end_after_30_idle_minutes(cast, client_for):
    import datetime

    import time_machine

    client = client_for("commune")
    assert client.session.get_expiry_age() == 30 * 60
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=20)):
        assert client.get(reverse("home")).status_code == 200  # activity renews the half hour
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=45)):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=120)):
        assert client.get(reverse("home")).status_code == 302  # idle too long: logged out


def test_the_session_is_written_once_a_minute_not_on_every_request(cast, client_for):
    import datetime

    import time_machine
    from django.contrib.sessions.models import Session

    client = client_for("commune")
    key = client.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    start = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(start):
        client.get(reverse("home"))
        touched = expiry()
    with time_machine.travel(start + datetime.timedelta(seconds=30)):
        client.get(reverse("home"))
        assert expiry() == touched  # within the minute: not written
    with time_machine.travel(start + datetime.timedelta(seconds=90)):
        client.get(reverse("home"))
        assert expiry() > touched  # activity renews the half hour
