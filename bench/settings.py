"""Settings of the benchmark server: the portal's own, run as in production (DEBUG off), plus a
bench-only urlconf with a trivial view to compare the pages against."""

import os
import warnings

os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-in-production-" + "0" * 24)
# plain HTTP on 127.0.0.1: no HTTPS redirect, cookies sent without TLS
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SESSION_COOKIE_SECURE", "False")
os.environ.setdefault("CSRF_COOKIE_SECURE", "False")
os.environ.setdefault("LOG_LEVEL", "ERROR")
# required with DEBUG off and not local (portal.E001); the bench sends no e-mail nor PDF out
os.environ.setdefault("SITE_URL", "https://bench.example.vn")
# as in production, the cache is Redis, shared by the gunicorn workers: cached page parts
# (core.fragments) must be seen, and bumped, by every worker at once
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "True")

from portal.settings import *  # noqa: E402,F403
from portal.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
# static files are not collected for the bench: WhiteNoise has nothing to serve, and says so
warnings.filterwarnings("ignore", message="No directory at")
# pages are rendered, static files are not served: no collectstatic manifest needed
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
