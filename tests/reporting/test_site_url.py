"""SITE_URL is required with DEBUG=False: the verification link and QR code of every issued
report are built on it. `manage.py check` (run by migrate and ensure_schedules, which start the
containers) refuses a production configuration without it, or pointing to this machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.checks import SITE_URL_LOCAL, SITE_URL_MISSING, site_url_problem

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k3v9-Qz7pL2xW8rT5nB1mY6cJ4hF0dS-aE7uI9oP3lK2jH5gV8",
    "ALLOWED_HOSTS": "phongtrao.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://phongtrao.example.vn",
    "DATABASE_URL": "sqlite:////tmp/portal-site-url-check.sqlite3",
}


def _check(env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "SITE_URL", "DJANGO_SETTINGS_MODULE")
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_site_url_refuses_to_start_with_a_vietnamese_reason():
    result = _check(PRODUCTION)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr
    assert "Chưa đặt biến môi trường SITE_URL" in result.stderr


def test_production_with_site_url_on_this_machine_refuses_to_start():
    result = _check({**PRODUCTION, "SITE_URL": "http://127.0.0.1:8000"})
    assert result.returncode != 0
    assert "SITE_URL đang trỏ tới máy cục bộ (http://127.0.0.1:8000)" in result.stderr


def test_production_with_its_public_address_starts():
    result = _check({**PRODUCTION, "SITE_URL": "https://phongtrao.example.vn"})
    assert "portal.E001" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("site_url", "debug", "problem"),
    [
        ("", True, None),  # development keeps its default
        ("http://127.0.0.1:8000", True, None),
        ("", False, SITE_URL_MISSING),
        ("phongtrao.example.vn", False, SITE_URL_MISSING),  # no scheme: not an address
        ("http://localhost:8000/", False, SITE_URL_LOCAL.format(url="http://localhost:8000/")),
        ("https://phongtrao.example.vn", False, None),
    ],
)
def test_which_addresses_production_accepts(site_url, debug, problem):
    assert site_url_problem(site_url=site_url, debug=debug) == problem
