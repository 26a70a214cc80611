"""System checks of the portal's configuration (registered from PortalConfig.ready()).

The addresses printed in the reports (the verification link and its QR code) and in the
e-mails are built on SITE_URL: in production it must be the portal's public address, or every
issued report points its readers at someone's own computer. Every management command runs the
checks (migrate and ensure_schedules start the containers), so a wrong value stops the deploy.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "0.0.0.0", "::1"})  # noqa: S104 - names only

SITE_URL_MISSING = (
    "Chưa đặt biến môi trường SITE_URL (địa chỉ công khai của Cổng, ví dụ "
    "https://phongtrao.hatinh.gov.vn) khi chạy với DEBUG=False: đường dẫn kiểm tra và mã QR "
    "trên báo cáo, liên kết trong thư điện tử đều dựa vào địa chỉ này."
)
SITE_URL_LOCAL = (
    "SITE_URL đang trỏ tới máy cục bộ ({url}) khi chạy với DEBUG=False: người nhận báo cáo "
    "không mở được đường dẫn kiểm tra. Hãy đặt SITE_URL là địa chỉ công khai của Cổng."
)
SITE_URL_HINT = "Đặt SITE_URL trong tệp .env, ví dụ SITE_URL=https://phongtrao.hatinh.gov.vn"


def site_url_problem(*, site_url: str, debug: bool) -> str | None:
    """The reason SITE_URL cannot be used in production, or None."""
    if debug:
        return None
    site_url = (site_url or "").strip()
    if not site_url:
        return SITE_URL_MISSING
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return SITE_URL_MISSING
    if parts.hostname in LOCAL_HOSTS or parts.hostname.startswith("127."):
        return SITE_URL_LOCAL.format(url=site_url)
    return None


@register()
def check_site_url(app_configs=None, **kwargs):
    problem = site_url_problem(site_url=getattr(settings, "SITE_URL", ""), debug=settings.DEBUG)
    if problem is None:
        return []
    return [Error(problem, hint=SITE_URL_HINT, id="portal.E001")]
