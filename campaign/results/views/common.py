"""What the pages of the yearly results share: the submission fetch, the periods and the year
the user is looking at (chosen once, kept across pages for the session)."""

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope

from .. import selectors
from ..models import ReportingPeriod, Submission

SESSION_YEAR = "results_year"
NO_SUCH_YEAR = "Không có kỳ báo cáo cho năm này."
NO_YEAR_SHOWN = "Không có kỳ báo cáo cho năm “%(year)s”: đang xem năm %(shown)s."


def submission_get(request, pk) -> Submission:
    return scope.get_in_scope(
        # what every view of a submission shows; the indicator set and a member organization
        # are read when needed (the form's values are cached, few submissions are an org's)
        Submission.objects.select_related("period", "unit"),
        request.user,
        pk=pk,
    )


def periods() -> list[ReportingPeriod]:
    return selectors.all_periods()


def _by_year(year) -> ReportingPeriod | None:
    try:
        year = int(year)
    except (TypeError, ValueError):
        return None
    return next((p for p in periods() if p.year == year), None)


def default_period() -> ReportingPeriod | None:
    return selectors.current_period(periods(), today=timezone.localdate())


def period_for(request, *, required: bool = True) -> ReportingPeriod | None:
    """The year the page shows: `?year=` (then remembered), else the year chosen earlier in
    the session, else the year in progress."""
    if request.GET.get("year"):
        period = _by_year(request.GET["year"])
        if period is not None:
            if request.session.get(SESSION_YEAR) != period.year:
                request.session[SESSION_YEAR] = period.year
            return period
        # a year typed into the address (or an old link): the page of the year in view, saying
        # so, rather than a page that does not exist
        shown = _by_year(request.session.get(SESSION_YEAR)) or default_period()
        if shown is not None:
            messages.warning(
                request,
                _(NO_YEAR_SHOWN) % {"year": request.GET["year"][:10], "shown": shown.year},
            )
            return shown
    period = _by_year(request.session.get(SESSION_YEAR)) or default_period()
    if period is None and required:
        raise Http404(_(NO_SUCH_YEAR))
    return period


def errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _without_year(url: str) -> str:
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query.pop("year", None)
    query.pop("page", None)  # page 3 of one year is not page 3 of another
    rest = urlencode(list(query.lists()), doseq=True)
    return parts.path + (f"?{rest}" if rest else "")


@login_required
@require_POST
def year_choose(request):
    """The year chooser of the results pages: remembered for the session, then back to the
    page it was chosen on."""
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = _without_year(target) if target.startswith("/") else ""
    period = _by_year(request.POST.get("year"))
    if period is None:
        messages.error(request, _(NO_SUCH_YEAR))
    else:
        request.session[SESSION_YEAR] = period.year
    return redirect(target or "campaign:index")
