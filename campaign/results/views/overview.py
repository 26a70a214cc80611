"""The province's view of a year: who has submitted (completeness) and the totals."""

from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from core import fragments

from .. import selectors
from .common import period_for, periods


def _scope_unit(request):
    unit_id = request.GET.get("unit")
    if unit_id:
        return scope.unit_get_for_user(request.user, unit_id)
    unit = scope.home_unit(request.user)
    if unit is None:
        raise Http404(scope.NOT_IN_SCOPE)
    return unit


@login_required
def completeness(request):
    period = period_for(request)
    unit = _scope_unit(request)

    # the part depends on these parameters only: the key and the page links hold no others
    params = QueryDict(mutable=True)
    params["year"] = str(period.year)
    if "unit" in request.GET:
        params["unit"] = request.GET["unit"]
    # a number, bounded: any other value is page 1, as the paginator reads it
    raw = request.GET.get("page", "")
    page_number = min(int(raw), 1000) if raw.isdigit() and int(raw) > 0 else 1

    def body():
        rows, counts = selectors.completeness(period=period, parent=unit)
        page = Paginator(rows, 100).get_page(page_number)
        return {"page": page, "counts": counts, "request": SimpleNamespace(GET=params)}

    today = timezone.localdate()
    return render(
        request,
        "campaign/completeness.html",
        {
            "period": period,
            "unit": unit,
            # the counts and the table: the same for everyone who sees `unit`
            "body": fragments.render(
                "campaign/_completeness_body.html",
                body,
                kinds=("tree", "results"),
                key=(period.pk, unit.pk, sorted(params.items()), page_number),
            ),
            "days_left": (period.due_on - today).days,
            "periods": periods(),
            "in_progress": selectors.current_period(periods(), today=today),
        },
    )


@login_required
def aggregate_view(request):
    period = period_for(request)
    unit = _scope_unit(request)
    preview = request.GET.get("preview") == "1"
    data = selectors.aggregate(year=period.year, unit=unit, include_pending=preview)
    return render(
        request,
        "campaign/aggregate.html",
        {
            "data": data,
            "period": period,
            "unit": unit,
            "preview": preview,
            "periods": periods(),
            "in_progress": selectors.current_period(periods(), today=timezone.localdate()),
        },
    )
