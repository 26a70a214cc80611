import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts import scope
from core.pagination import CountingPaginator

from . import selectors
from .models import AdministrativeUnit, Household, UnitLevel
from .panels import household_panels

YEARS = (2024, 2025, 2026)


def _as_of(request, unit: AdministrativeUnit) -> tuple[int, datetime.date]:
    """The 'as of year' switch: a past year shows the tree as it stood at the end of that year,
    the current year the tree of today (2024 shows the districts, 2026 the communes of 7/2025).
    A closed unit is shown as it stood on its last day unless another year is asked for."""
    today = timezone.localdate()
    default = unit.valid_to.year if unit.valid_to and unit.valid_to < today else today.year
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        year = default
    year = min(max(year, 2000), today.year)
    on = today if year == today.year else datetime.date(year, 12, 31)
    if unit.valid_to and unit.valid_to < on and unit.valid_to.year == year:
        on = unit.valid_to
    return year, on


@login_required
def unit_list(request):
    root = scope.home_unit(request.user)
    if root is None:
        return render(request, "residential_areas/no_scope.html", status=403)
    return redirect("residential_areas:unit_detail", pk=root.pk)


@login_required
def unit_detail(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    year, on = _as_of(request, unit)
    q = request.GET.get("q", "").strip()
    if q:
        # matches anywhere below: each row sums its own subtree (a page of 50 at most)
        children = selectors.with_statistics(
            selectors.units_search(
                qs=AdministrativeUnit.objects.as_of(on).under(unit, include_self=False), q=q
            ),
            year=year,
        ).order_by("path")
        page = Paginator(children, 50).get_page(request.GET.get("page"))
    else:
        children = selectors.unit_children(unit=unit, on=on).order_by("path")
        page = Paginator(children, 50).get_page(request.GET.get("page"))
        page.object_list = selectors.attach_statistics(
            list(page.object_list), parent=unit, year=year
        )
    totals = selectors.subtree_statistics(unit=unit, year=year)
    crumbs = selectors.crumbs(unit)
    context = {
        "unit": unit,
        "crumbs": crumbs,
        "page": page,
        "q": q,
        "year": year,
        "years": YEARS,
        "on": on,
        "totals": totals,
        "levels": selectors.level_counts(unit=unit, on=on),
        "predecessors": unit.predecessors.order_by("name")[:50],
        "is_area": unit.level == UnitLevel.AREA,
        "households_count": Household.objects.filter(area=unit).count()
        if unit.level == UnitLevel.AREA
        else None,
    }
    return render(request, "residential_areas/unit_detail.html", context)


@login_required
def household_list(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    q = request.GET.get("q", "").strip()
    rows = selectors.household_rows(unit=unit, q=q)
    # a search in a commune reads its few thousand households anyway: the page and the total in
    # one pass. A browse stops after the page's rows in path order and counts from an index,
    # and so does a search over a district or the province, faster than one pass over it all
    small = unit.level in (UnitLevel.COMMUNE, UnitLevel.AREA)
    paginator = (CountingPaginator if q and small else Paginator)(rows, 50)
    page = paginator.get_page(request.GET.get("page"))
    # one reverse() for the page, not one per row (it was a tenth of the page's time)
    link = reverse("residential_areas:household_detail", args=[0]).removesuffix("0/")
    for household in page.object_list:
        household["link"] = f"{link}{household['pk']}/"
    crumbs = selectors.crumbs(unit)
    return render(
        request,
        "residential_areas/household_list.html",
        {"unit": unit, "page": page, "q": q, "crumbs": crumbs},
    )


@login_required
def household_detail(request, pk):
    household = scope.get_in_scope(
        Household.objects.select_related("area", "area__parent"),
        request.user,
        unit_field="area",
        pk=pk,
    )
    crumbs = selectors.crumbs(household.area)
    return render(
        request,
        "residential_areas/household_detail.html",
        {
            "household": household,
            "crumbs": crumbs,
            "panels": household_panels(household, request.user),
        },
    )
