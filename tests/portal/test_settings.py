import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k3v9-Qz7pL2xW8rT5nB1mY6cJ4hF0dS-aE7uI9oP3lK2jH5gV8",
    "ALLOWED_HOSTS": "phongtrao.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://phongtrao.example.vn",
    "SITE_URL": "https://phongtrao.example.vn",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest, never in production
        if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_passes_with_the_documented_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
