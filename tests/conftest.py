import os
import shutil

import pytest
from django.conf import settings

from tests.cast import build_cast

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    """Skip a test whose service is missing, unless CI requires every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run eagerly in tests, unless a test asks for the real worker."""
    from portal.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def client_for(client, cast):
    """client_for("district") -> a client logged in as that member of the cast."""

    def login(name):
        from django.test import Client

        c = Client()
        c.force_login(cast[name])
        return c

    return login


@pytest.fixture
def postgres():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("this test needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not shutil.which(path) and not os.path.exists(path):
        skip_or_fail(f"Chromium not found at {path}")
    return path
