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
from django.utils.translation import gettext as _

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


def giving(fund_code: str) -> dict:
    """How to give (from settings): the account, and the transfer reference for a fund."""
    return {
        "account": settings.FUND_DONATION_ACCOUNT,
        "bank": settings.FUND_DONATION_BANK,
        "holder": settings.FUND_DONATION_HOLDER,
        "reference": settings.FUND_DONATION_REFERENCE.replace("{code}", fund_code),
    }


def _overview(today) -> dict:
    """Every published fund's receipts, spending and balance, the province total and the
    months of this year: aggregated in SQL, kept until the books or the tree change."""

    def compute():
        overview = selectors.public_funds_overview(on=today)
        overview["months"] = selectors.fund_months(
            funds=Fund.objects.filter(is_published=True), year=today.year
        )
        return overview

    return fragments.cached(
        "public-fund-overview", compute, kinds=("tree", "fund"), key=(today.isoformat(),)
    )


def _chart(months) -> dict:
    return {
        # not a bare "Thu": Django's catalogue reads it as Thursday ("Thứ 5")
        "labels": {"receipts": _("Tiền thu"), "spending": _("Tiền chi")},
        "fund": {
            "labels": [_("Tháng %(m)s") % {"m": m["month"]} for m in months],
            "receipts": [m["receipts"] for m in months],
            "spending": [m["spending"] for m in months],
            "peak": [m["month"] in selectors.PEAK_MONTHS for m in months],
        },
    }


def public_index(request):
    today = timezone.localdate()
    overview = _overview(today)
    q = request.GET.get("q", "").strip()[:100]
    rows = overview["funds"]
    if q:
        rows = [r for r in rows if fold(q) in fold(r["unit"])]
    open_rows = [r for r in rows if not r["closed"]]
    closed_rows = [r for r in rows if r["closed"]]
    page = Paginator(open_rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "poverty_fund/public_index.html",
        {
            "page": page,
            "q": q,
            "today": today,
            "closed_funds": closed_rows,
            "total": overview["total"],
            "months": overview["months"],
            "chart": _chart(overview["months"]),
            "giving": giving("<MÃ ĐƠN VỊ>"),
        },
    )


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
    today = timezone.localdate()
    closed = fund.unit.valid_to is not None and fund.unit.valid_to < today
    year = end.year
    months = fragments.cached(
        "public-fund-months",
        lambda: selectors.fund_months(funds=Fund.objects.filter(pk=fund.pk), year=year),
        kinds=("fund",),
        key=(fund.pk, year),
    )
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
            "closed": closed,
            "balance": selectors.fund_balance(fund=fund),
            "giving": None if closed else giving(fund.unit.code),
            "months": months,
            "year": year,
            "chart": _chart(months),
        },
    )


# the public pages and their files read from the replica when one is configured (core/replica.py)
from core.replica import replica_reads  # noqa: E402

public_index = replica_reads()(public_index)
public_fund = replica_reads()(public_fund)
