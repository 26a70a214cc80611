"""Five wrong passwords lock an account for a while, longer each time, never for good."""

import datetime

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import demo
from accounts.models import Role, UnitRole
from tests.cast import PASSWORD
from tests.conftest import verify_otp

START = datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hà Tĩnh
MINUTE = datetime.timedelta(minutes=1)


def _login(username, password=PASSWORD):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password})


def _lock(username, at):
    with time_machine.travel(at):
        statuses = [_login(username, "sai-mat-khau").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
        assert _login(username).status_code == 429


def _locked_at(username, at) -> bool:
    """Whether the right password is refused at that moment (a success ends the series)."""
    with time_machine.travel(at):
        status = _login(username).status_code
    assert status in (302, 429)
    return status == 429


def test_a_lockout_lasts_fifteen_minutes_and_says_until_when(cast):
    _lock("huyen1", START)
    with time_machine.travel(START + 14 * MINUTE):
        page = _login("huyen1")
        assert page.status_code == 429
        assert "08:15 01/12/2026" in page.content.decode()
    assert not _locked_at("huyen1", START + 16 * MINUTE)


def test_each_new_lockout_doubles_up_to_four_hours(cast):
    at = START
    for minutes in (15, 30, 60, 120, 240, 240):
        _lock("huyen1", at)
        assert _locked_at("huyen1", at + (minutes - 1) * MINUTE), minutes
        at += (minutes + 1) * MINUTE  # unlocked again (checked below, once: a login resets)
    assert not _locked_at("huyen1", at)


def test_a_successful_login_starts_the_series_again(cast):
    _lock("huyen1", START)
    assert not _locked_at("huyen1", START + 16 * MINUTE)  # logs in
    _lock("huyen1", START + 20 * MINUTE)
    assert not _locked_at("huyen1", START + 36 * MINUTE)  # 15 minutes again, not 30


def test_failures_older_than_a_day_are_forgotten(cast):
    _lock("huyen1", START)
    _lock("huyen1", START + datetime.timedelta(hours=25))
    assert not _locked_at("huyen1", START + datetime.timedelta(hours=25) + 16 * MINUTE)


def test_token_login_locks_and_doubles_alike(cast):
    def token(password, at):
        with time_machine.travel(at):
            return Client().post(
                "/api/token/",
                {"username": "xa1", "password": password},
                content_type="application/json",
            )

    for _ in range(5):
        assert token("sai", START).status_code in (400, 429)
    locked = token(PASSWORD, START + MINUTE)
    assert locked.status_code == 429 and "tạm khóa đến 08:15" in locked.json()["detail"]
    for _ in range(5):  # the next series, once the first lockout is over
        token("sai", START + 16 * MINUTE)
    assert token(PASSWORD, START + 40 * MINUTE).status_code == 429  # 30 minutes this time
    assert token(PASSWORD, START + 47 * MINUTE).status_code == 200


def test_a_province_admin_unlocks_the_other_at_once(cast):
    demo.seed()
    admins = UnitRole.objects.filter(role=Role.PROVINCE_ADMIN, user__username__startswith="tinh.")
    assert sorted(admins.values_list("user__username", flat=True)) == [
        "tinh.quantri",
        "tinh.quantri2",
    ]
    first, second = (r.user for r in admins.order_by("user__username"))
    assert first.is_superuser and second.is_superuser
    with time_machine.travel(START):
        for _ in range(5):
            _login("tinh.quantri", "sai-mat-khau")
        assert _login("tinh.quantri", demo.DEMO_PASSWORD).status_code == 429
        client = Client()
        client.force_login(second)
        verify_otp(client, second)
        page = client.get(reverse("accounts:user_detail", args=[first.pk])).content.decode()
        assert "Tạm khóa đăng nhập đến 08:15 01/12/2026" in page
        client.post(reverse("accounts:user_unlock", args=[first.pk]))
        assert _login("tinh.quantri", demo.DEMO_PASSWORD).status_code == 302


def test_the_break_glass_command_unlocks_from_the_shell(cast):
    """What the README gives for the day no admin can log in."""
    _lock("qt", START)
    with time_machine.travel(START + MINUTE):
        call_command("axes_reset_username", "qt")
        assert _login("qt").status_code == 302
