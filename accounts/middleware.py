import re
import time

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class AdminAccessMiddleware:
    """The Django admin is for province admins only; to everyone else it does not exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            from .models import Role
            from .scope import has_role

            user = request.user
            if user.is_authenticated and not has_role(user, Role.PROVINCE_ADMIN):
                raise Http404
        return self.get_response(request)


OTP_EXEMPT = re.compile(r"^/(tai-khoan/(login|logout|2fa)/|static/|healthz/)")
OTP_NEEDED = "Cần xác thực hai lớp (mã 6 số từ ứng dụng xác thực) trước khi dùng chức năng này."


class RequireOTPMiddleware:
    """Province staff (and users who opted in) must confirm a TOTP code after the password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .otp import otp_required

        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not OTP_EXEMPT.match(request.path)
            and otp_required(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": OTP_NEEDED}, status=403)
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)


class PersonalDataMiddleware:
    """Log every view, search and export of household personal data (settings.PERSONAL_DATA_VIEWS)
    and keep such pages out of caches. Only ids are logged, never names or search words."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or not request.user.is_authenticated:
            return response
        action = settings.PERSONAL_DATA_VIEWS.get(match.view_name)
        if action is None:
            return response
        response["Cache-Control"] = "no-store"
        if response.status_code == 200 and request.method == "GET":
            from .models import PersonalDataAccess

            if action == "view" and request.GET.get("q"):
                action = "search"
            ids = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()))
            PersonalDataAccess.objects.log(
                user_id=request.user.pk, action=action, view_name=match.view_name, object_ids=ids
            )
        return response


class SlidingSessionMiddleware:
    """The 30-minute idle timeout, renewed by activity, without writing the session on every
    request: it is saved again once a minute of activity has passed since the last save. A
    session thus ends between 29 and 30 idle minutes after the last request."""

    TOUCH_EVERY = 60  # seconds
    KEY = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response  # nothing to keep alive (and no session row for a visitor)
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= self.TOUCH_EVERY:
            session[self.KEY] = now  # modified: SessionMiddleware saves it, with a new expiry
        return response
