"""Login lockout (django-axes): how long an account stays locked, and which accounts are.

Five wrong passwords lock the account for LOGIN_COOLOFF (15 minutes); each further lockout
before the next successful login, within a day, doubles it, up to LOGIN_COOLOFF_MAX (4 hours).
A lockout is never permanent: a stranger who types five wrong passwords for the province admin
shuts it out for a quarter of an hour, not until someone else unlocks it.
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

MEMORY = datetime.timedelta(days=1)  # how long failures count towards a longer lockout


def login_username(request) -> str | None:
    """The username a login request tries: the login form's field, or what the API's token view
    noted on the request (its JSON body is not in request.POST)."""
    return getattr(request, "login_username", None) or request.POST.get("username") or None


def cool_off(request) -> datetime.timedelta:
    """AXES_COOLOFF_TIME: 15 minutes after the first lockout, doubled for each later one.

    Called several times while django-axes handles one attempt; the failure of this attempt is
    logged last, so every call of one request counts the same failures (memoized on it)."""
    if request is None:
        return settings.LOGIN_COOLOFF
    cached = getattr(request, "_login_cool_off", None)
    if cached is not None:
        return cached
    base, longest = settings.LOGIN_COOLOFF, settings.LOGIN_COOLOFF_MAX
    value = base
    username = login_username(request)
    if username:
        since = timezone.now() - MEMORY
        last_login = AccessLog.objects.filter(username=username).aggregate(at=Max("attempt_time"))
        if last_login["at"] and last_login["at"] > since:
            since = last_login["at"]
        failures = AccessFailureLog.objects.filter(
            username=username, attempt_time__gt=since
        ).count()
        # failures 1-5 make the first lockout, 6-10 the second...: the n-th lasts base * 2^(n-1)
        earlier_lockouts = max(failures - 1, 0) // settings.AXES_FAILURE_LIMIT
        value = min(base * 2 ** min(earlier_lockouts, 16), longest)
    request._login_cool_off = value
    return value


def locked_until(usernames) -> dict[str, datetime.datetime]:
    """username -> the end of its lockout, for those of `usernames` locked now."""
    rows = (
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            expiration__expires_at__gt=timezone.now(),
        )
        .values("username")
        .annotate(until=Max("expiration__expires_at"))
    )
    return {row["username"]: row["until"] for row in rows}


LOCKED = (
    "Tài khoản đang tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau, hoặc liên hệ Ban "
    "Thường trực tỉnh để mở khóa ngay."
)
LOCKED_UNTIL = (
    "Tài khoản đang tạm khóa đến %(until)s do nhập sai mật khẩu nhiều lần. Hãy thử lại sau giờ "
    "đó, hoặc liên hệ Ban Thường trực tỉnh để mở khóa ngay."
)


def lockout_message(username: str | None) -> str:
    until = locked_until([username]).get(username) if username else None
    if until is None:
        return LOCKED
    return LOCKED_UNTIL % {"until": date_format(timezone.localtime(until), "H:i d/m/Y")}
