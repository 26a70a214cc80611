"""The public verification page takes files from anyone. Its POSTs are refused before a byte
of the body is read when the declared size is above the limit (Django reads a request body
only up to its Content-Length, so the declared size also bounds what is read), and anonymous
checks are limited per client address. The reverse proxy (Caddyfile) refuses the same sizes
before they reach the portal."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TOO_LARGE = "Tệp tải lên quá lớn."
TOO_LARGE_DETAIL = "Trang kiểm tra văn bản nhận tệp PDF hoặc Excel tối đa %(mb)s MB."
TOO_MANY = "Bạn đã kiểm tra quá nhiều lần trong thời gian ngắn."
TOO_MANY_DETAIL = "Hãy thử lại sau %(minutes)s phút, hoặc đăng nhập để kiểm tra tiếp."
GUARDED = frozenset({"reporting:verify", "reporting:verify_checksum"})


def client_address(request) -> str:
    """The address of the client: behind PROXY_COUNT reverse proxies, the one the outermost
    proxy saw (the entry it appended to X-Forwarded-For); entries before it are the client's
    own say and are ignored."""
    count = settings.PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def _declared_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _over_rate(request) -> int:
    """0 when the check may go on, else the seconds until the client's window ends."""
    window = settings.VERIFY_RATE_WINDOW
    now = time.time()
    key = f"portal:verify-rate:{client_address(request)}:{int(now // window)}"
    try:
        cache.add(key, 0, window)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - a cache outage must not shut the public page
        logger.exception("cache unavailable: verification not rate limited")
        return 0
    if count <= settings.VERIFY_RATE_LIMIT:
        return 0
    return max(1, int(window - now % window))


class VerifyUploadGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and self._guarded(request.path_info):
            refused = self._refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _guarded(path: str) -> bool:
        try:
            return resolve(path).view_name in GUARDED
        except Resolver404:
            return False

    def _refuse(self, request):
        if not request.user.is_authenticated:
            wait = _over_rate(request)
            if wait:
                detail = _(TOO_MANY_DETAIL) % {"minutes": max(1, round(wait / 60))}
                response = _page(request, _(TOO_MANY), detail, status=429)
                response["Retry-After"] = str(wait)
                return response
        limit = settings.VERIFY_UPLOAD_MAX_SIZE
        # the form and its boundaries add a few kilobytes to the file
        if _declared_size(request) > limit + 16 * 1024:
            detail = _(TOO_LARGE_DETAIL) % {"mb": limit // (1024 * 1024)}
            return _page(request, _(TOO_LARGE), detail, status=413)
        return None


def _page(request, title: str, detail: str, *, status: int):
    return render(
        request, "reporting/refused.html", {"title": title, "detail": detail}, status=status
    )
