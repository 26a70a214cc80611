"""Settings for the campaign portal.

Everything is read from the environment (see .env.example). With nothing set the portal runs
on an embedded default: SQLite under var/, Celery tasks executed eagerly, files in var/media,
e-mail printed to the console.
"""

import datetime
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

TESTING = "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=False.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")  # portal.E001

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "portal",
    # local apps, in dependency order: seed_demo runs their demo steps in this order
    "residential_areas",
    "accounts",
    "campaign",
    "recognition",
    "poverty_fund",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # before anything reads the body: refuses oversized uploads to the public verify page
    "reporting.middleware.VerifyUploadGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireOTPMiddleware",
    "accounts.middleware.PersonalDataMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.AdminAccessMiddleware",
    # axes must come last
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A streaming replica of the primary (PostgreSQL), read only inside core.replica.replica_reads()
# (report compiles, the public fund pages and files); every write goes to the primary. A replica
# that does not answer within REPLICA_CONNECT_TIMEOUT seconds, or is more than
# REPLICA_MAX_LAG_SECONDS behind, is skipped with a log line. Unset: one database, as before.
REPLICA_MAX_LAG_SECONDS = env.int("REPLICA_MAX_LAG_SECONDS", default=300)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(env("DATABASE_REPLICA_URL"))
    DATABASES["replica"].update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=DATABASES["default"].get("CONN_MAX_AGE", 0),
        CONN_HEALTH_CHECKS=True,
        # tests: the replica is the test database itself (Django's primary/replica testing)
        TEST={"MIRROR": "default"},
    )
    DATABASES["replica"].setdefault("OPTIONS", {})
    DATABASES["replica"]["OPTIONS"]["connect_timeout"] = env.int(
        "REPLICA_CONNECT_TIMEOUT", default=2
    )
    DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Django's Redis cache, reusing its redis-py client (core/cache.py)
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.VietnameseMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: five failures lock the account (by username) for a while, never for good: 15
# minutes, doubling with each new lockout since the last successful login (within a day), at
# most 4 hours (accounts/lockout.py). A province admin unlocks at once from the user page; the
# shell command `manage.py axes_reset_username USERNAME` does the same.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
LOGIN_COOLOFF = datetime.timedelta(minutes=15)
LOGIN_COOLOFF_MAX = datetime.timedelta(hours=4)
# failures are kept (AccessFailureLog) to count repeated lockouts; each attempt carries its own
# expiry, as the cool-off differs per account; failures during a lockout do not prolong it
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# numbers read 1.234.567 everywhere; ids written into forms and links must therefore go
# through |stringformat:"d" (or |unlocalize), or 1234 becomes "1.234"
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default="") or str(VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default="") or str(VAR_DIR / "media")
STORAGES = {
    # files on disk, each served by the view that applies the scope rule (core/files.py)
    "default": {"BACKEND": "core.files.ProtectedStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# PDF/XLSX exports of the public fund page a visitor without a login may ask for per minute
PUBLIC_EXPORTS_PER_MINUTE = env.int("PUBLIC_EXPORTS_PER_MINUTE", default=10)
# how to give to the Fund for the Poor, shown on the public fund page (demo values by default);
# the reference pattern's {code} is the receiving fund's unit code
FUND_DONATION_ACCOUNT = env.str("FUND_DONATION_ACCOUNT", default="3711.0.1234567.00000")
FUND_DONATION_BANK = env.str("FUND_DONATION_BANK", default="Kho bạc Nhà nước Hà Tĩnh")
FUND_DONATION_HOLDER = env.str(
    "FUND_DONATION_HOLDER", default="Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh - Quỹ Vì người nghèo"
)
FUND_DONATION_REFERENCE = env.str(
    "FUND_DONATION_REFERENCE", default="UNG HO QUY VNN {code} <HO TEN> <SO DIEN THOAI>"
)
# reverse proxies in front of the web process (Caddy in docker-compose.yml: 1); the client's
# address is then read from X-Forwarded-For, counted from the right, instead of REMOTE_ADDR
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# the public report verification page (/bao-cao/xac-minh/): largest file, refused by its
# declared size before it is read, and checks per visitor's address without a login per window
VERIFY_UPLOAD_MAX_SIZE = env.int("VERIFY_UPLOAD_MAX_SIZE", default=20 * 1024 * 1024)
VERIFY_RATE_LIMIT = env.int("VERIFY_RATE_LIMIT", default=20)
VERIFY_RATE_WINDOW = 10 * 60  # seconds

REST_FRAMEWORK = {
    # the token first: its scheme names the WWW-Authenticate header of a 401 (DRF answers 403
    # when the first class has none, as the session's)
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["core.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
}
# API tokens (django-rest-knox): stored as a hash, valid 12 hours, sent as "Authorization:
# Token <key>"; issued by accounts.api.TokenLoginView after the password and the second factor,
# revoked on a change of password, roles, activity or TOTP device (accounts/signals.py)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=12),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng Cuộc vận động - MTTQ tỉnh Hà Tĩnh",
    # the docs page's getting-started text (token with otp, pagination, unit codes, errors)
    "DESCRIPTION": (BASE_DIR / "docs" / "api-getting-started.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # request bodies are documented as JSON only (forms still work): one content type per body
    # keeps generated clients simple (openapi-python-client 0.29 emits code that does not
    # import for a body offered as JSON, form and multipart alike)
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # the documented way in is a token (POST /api/token/); the session cookie also works
    "AUTHENTICATION_WHITELIST": ["accounts.authentication.TokenAuthentication"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.add_error_responses",
    ],
    # several models have a "kind" field: give each choice set its own name in the schema
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "residential_areas.models.UnitKind",
        # a unit's area type, and the line a poverty survey was judged by, which follows it
        "AreaTypeEnum": "residential_areas.models.AreaType",
        "MemberOrganizationKindEnum": "campaign.models.MemberOrganizationKind",
        "TitleKindEnum": "recognition.models.TitleKind",
        "GroupKindEnum": "recognition.models.GroupKind",
        "SupporterKindEnum": "poverty_fund.models.SupporterKind",
        "DonorKindEnum": "poverty_fund.models.DonorKind",
        "HouseKindEnum": "poverty_fund.models.HouseKind",
        # the generated name ("HouseholdStatusStatusEnum") repeats itself
        "PovertyStatusEnum": "poverty_fund.models.PovertyStatus",
        "ReportKindEnum": "reporting.models.ReportKind",
    },
}

# Celery: with no REDIS_URL tasks run eagerly in the web process (embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# a task whose worker died is redelivered after this many seconds (above the reports' 16-minute
# hard time limit, so a long compile is never handed to a second worker while still running)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800)
}
# Report runs (reporting.services.stuck_runs_sweep, every 10 minutes): a run queued this long
# lost its broker message, a running one whose heartbeat (written every
# REPORT_HEARTBEAT_SECONDS) is this old lost its worker; either is queued again at most
# REPORT_MAX_REQUEUES times, then failed with its reason
REPORT_QUEUED_LIMIT_MINUTES = env.int("REPORT_QUEUED_LIMIT_MINUTES", default=10)
REPORT_HEARTBEAT_SECONDS = env.int("REPORT_HEARTBEAT_SECONDS", default=30)
REPORT_HEARTBEAT_STALE_MINUTES = env.int("REPORT_HEARTBEAT_STALE_MINUTES", default=3)
REPORT_MAX_REQUEUES = env.int("REPORT_MAX_REQUEUES", default=2)

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# a mail server that does not answer fails the attempt (the outbox tries again later) instead
# of holding the sending task until its time limit
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Cổng Cuộc vận động <no-reply@mttq.hatinh.local>"
)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
# renewed by accounts.middleware.SlidingSessionMiddleware at most once a minute, not on every
# request (a database write on every page view, the bench measured)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Production hardening: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Lockout is per account (the issue: "locks an account after 5 failed logins"); locking by IP
# would shut out a whole commune office behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

if TESTING:
    # hashing is deliberately slow; tests create many users
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # whitenoise looks for collected files; tests serve from the finders
    WHITENOISE_AUTOREFRESH = True

# Content Security Policy: no inline scripts anywhere (JavaScript lives in static/js and reads
# its data from json_script blocks); inline style attributes only (progress bars).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor authentication (TOTP) is required for these roles; others may turn it on.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["province_admin", "movement_board"])
OTP_TOTP_ISSUER = "MTTQ Hà Tĩnh"
# the admin's device pages show no secret key or QR code: whoever reads them has the factor
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Views that show household personal data: each request is logged (accounts.PersonalDataAccess)
# and marked Cache-Control: no-store. view name -> "view" (a search when ?q=) or "export".
# tests/security/test_personal_data_log.py fails on a page that shows a household's name and
# is missing here
PERSONAL_DATA_VIEWS = {
    "residential_areas:household_list": "view",
    "residential_areas:household_detail": "view",
    "residential_areas:household_picker": "search",
    "api:household-list": "view",
    "api:household-detail": "view",
    # poor households, their support and houses
    "poverty_fund:status_list": "view",
    "poverty_fund:status_edit": "view",
    "poverty_fund:house_list": "view",
    "poverty_fund:house_detail": "view",
    "poverty_fund:house_create": "view",
    # the fund's spending tab names the households it supported
    "poverty_fund:fund_detail": "view",
    # forms that offer the households of a unit by name
    "poverty_fund:disbursement_create": "view",
    "recognition:commendation_create": "view",
    # a model garden is named by its household's head (the unit's page, the delete confirmation)
    "outcomes:unit": "view",
    "outcomes:model_delete": "view",
    "poverty_fund:receipt_pdf": "export",
    "api:household-status-list": "view",
    "api:household-status-detail": "view",
    "api:house-list": "view",
    "api:house-detail": "view",
    # donors (anonymous ones too, for the fund's keepers) and the people a payment went to
    # commendations name the households and people praised
    "api:commendation-list": "view",
    "api:commendation-detail": "view",
    "api:donation-list": "view",
    "api:donation-detail": "view",
    "api:disbursement-list": "view",
    "api:disbursement-detail": "view",
    # title evaluations name every household of an area
    "recognition:meeting": "view",
    "recognition:meeting_results": "view",
    "recognition:meeting_template": "export",
    "recognition:decision_pdf": "export",
    "recognition:decision": "view",
    "recognition:eligible": "view",
    "recognition:commendations": "view",
    "api:title-evaluation-list": "view",
    "api:title-evaluation-detail": "view",
}
