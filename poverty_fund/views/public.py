"""The public page of each published fund (no login), with its PDF and XLSX.

A PDF of a few thousand donations takes WeasyPrint half a minute and hundreds of megabytes, so
the files are kept in the cache until the fund's books change (the "fund" data version), and a
visitor without a login may ask for only a few of them a minute.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core import fragments
from residential_areas.text import fold

from .. import exports, forms, selectors
from ..models import Fund
from ._common import XLSX, file_response

logger = logging.getLogger(__name__)

RATE_WINDOW = 60  # seconds


def client_ip(request) -> str:
    """The visitor's address. Behind `PROXY_COUNT` reverse proxies it is the address
    the outermost proxy saw, read from the right of X-Forwarded-For: what a client writes on
    the left of that header is not believed."""
    proxies = settings.PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def export_allowed(request) -> bool:
    """At most PUBLIC_EXPORTS_PER_MINUTE exports per visitor's address in a window that starts
    with its first one. Signed-in users are not counted; with the cache down nobody is."""
    if request.user.is_authenticated:
        return True
    digest = hashlib.sha1(client_ip(request).encode(), usedforsecurity=False).hexdigest()
    key = f"portal:public-exports:{digest}"
    try:
        if cache.add(key, 1, RATE_WINDOW):
            return True
        return cache.incr(key) <= settings.PUBLIC_EXPORTS_PER_MINUTE
    except ValueError:  # the window ended between add() and incr()
        return True
    except Exception:  # noqa: BLE001 - an outage of the cache must not close the public page
        logger.exception("cache unavailable: public export not rate-limited")
        return True


def _too_many(request):
    response = render(
        request,
        "poverty_fund/too_many_exports.html",
        {"seconds": RATE_WINDOW},
        status=429,
    )
    response["Retry-After"] = str(RATE_WINDOW)
    return response


def _export(request, *, fund: Fund, fmt: str, start, end, q: str) -> bytes:
    """The file, rendered once per fund, period, search, day (the PDF prints it) and version of
    the books and the tree."""

    def render_file() -> bytes:
        donations = selectors.public_donations(fund=fund, start=start, end=end, q=q)
        disbursements = selectors.public_disbursements(fund=fund, start=start, end=end, q=q)
        if fmt == "xlsx":
            return exports.public_xlsx(
                fund=fund, start=start, end=end, donations=donations, disbursements=disbursements
            )
        return exports.public_pdf(
            fund=fund,
            start=start,
            end=end,
            donations=donations,
            disbursements=disbursements,
            request=request,
        )

    return fragments.cached(
        "public-fund-export",
        render_file,
        kinds=("tree", "fund"),
        key=(fund.pk, fmt, start, end, q, timezone.localdate()),
    )


def public_index(request):
    funds = Fund.objects.filter(is_published=True).select_related("unit").order_by("unit__path")
    q = request.GET.get("q", "").strip()
    if q:
        funds = funds.filter(unit__search_name__contains=fold(q))
    page = Paginator(funds, 100).get_page(request.GET.get("page"))
    return render(request, "poverty_fund/public_index.html", {"page": page, "q": q})


def public_fund(request, pk):
    fund = get_object_or_404(Fund.objects.select_related("unit"), pk=pk, is_published=True)
    period = forms.PeriodForm(request.GET or None)
    start, end = period.period()
    q = period.cleaned_data.get("q", "") if period.is_valid() else ""
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        if not export_allowed(request):
            return _too_many(request)
        content = _export(request, fund=fund, fmt=fmt, start=start, end=end, q=q)
        stem = f"cong-khai-quy-{fund.unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        if fmt == "xlsx":
            return file_response(content, f"{stem}.xlsx", XLSX)
        return file_response(content, f"{stem}.pdf", "application/pdf")
    donations = selectors.public_donations(fund=fund, start=start, end=end, q=q)
    disbursements = selectors.public_disbursements(fund=fund, start=start, end=end, q=q)
    st = selectors.fund_statement(funds=Fund.objects.filter(pk=fund.pk), start=start, end=end)
    donation_page = Paginator(donations, 100).get_page(request.GET.get("page"))
    spent_page = Paginator(disbursements, 100).get_page(request.GET.get("trang_chi"))
    spent = [(d, selectors.public_beneficiary(d)) for d in spent_page.object_list]
    return render(
        request,
        "poverty_fund/public_fund.html",
        {
            "fund": fund,
            "st": st,
            "period": period,
            "start": start,
            "end": end,
            "q": q,
            "page": donation_page,
            "spent": spent,
            "spent_page": spent_page,
            "query": request.GET,
        },
    )
