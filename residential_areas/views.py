import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from core.pagination import CountingPaginator
from core.widgets import (
    PICKER_MAX_CHARS,
    PICKER_MAX_RESULTS,
    PICKER_MIN_CHARS,
    unit_label,
    unit_place,
)

from . import selectors
from .models import AdministrativeUnit, Household, UnitLevel
from .panels import household_panels
from .text import fold

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
    # a search in a commune reads its few thousand households anyway: the page and the total in
    # one pass, in SQL. A browse stops after the page's rows in path order and counts from an
    # index; a search over a district or the province finds its rows by the trigram index
    small = unit.level in (UnitLevel.COMMUNE, UnitLevel.AREA)
    if q and small and fold(q):
        page = _search_page(unit, q, request.GET.get("page"))
    else:
        rows = selectors.household_rows(unit=unit, q=q)
        page = (CountingPaginator if q and small else Paginator)(rows, 50).get_page(
            request.GET.get("page")
        )
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


def _search_page(unit: AdministrativeUnit, q: str, number) -> Page:
    """Page `number` of the search, as Paginator.get_page numbers it: not a number is the
    first page, one past the end (or below 1) the last."""
    try:
        number = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator((), 50)
    rows, total = [], 0
    if number >= 1:
        rows, total = selectors.household_search_page(unit=unit, q=q, number=number, per_page=50)
    if not rows and number != 1:
        # past the end (no row carried the total): the total, then the last page
        _rows, total = selectors.household_search_page(unit=unit, q=q, number=1, per_page=1)
        number = max(1, -(-total // 50))
        rows, total = selectors.household_search_page(unit=unit, q=q, number=number, per_page=50)
    paginator.__dict__["count"] = total  # Paginator.count, already known
    return Page(rows, number, paginator)


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


# -- pickers: the suggestions of the unit and household search boxes (core/widgets.py) ---------

PICKER_HINT = _("Nhập ít nhất %(n)s ký tự của tên hoặc mã để tìm.")
PICKER_TOO_LONG = _("Từ khóa tìm kiếm quá dài: tối đa %(n)s ký tự.")
PICKER_BAD_PARAM = _("Tham số tìm kiếm không hợp lệ: %(name)s.")


def _picker_query(request) -> tuple[str, JsonResponse | None]:
    """The words typed, or the answer to give at once: a hint for fewer than two characters,
    a 400 for more than a hundred (nobody types that; it is a probe or a paste gone wrong)."""
    q = " ".join(request.GET.get("q", "").split())
    if len(q) > PICKER_MAX_CHARS:
        return q, JsonResponse({"detail": PICKER_TOO_LONG % {"n": PICKER_MAX_CHARS}}, status=400)
    # "--" or "Đ" is no word to look for
    if sum(c.isalnum() for c in q) < PICKER_MIN_CHARS or not fold(q):
        hint = PICKER_HINT % {"n": PICKER_MIN_CHARS}
        return q, JsonResponse({"results": [], "more": False, "hint": hint})
    return q, None


def _picker_bad(name: str) -> JsonResponse:
    return JsonResponse({"detail": PICKER_BAD_PARAM % {"name": name}}, status=400)


@login_required
def unit_picker(request):
    """Units in the user's scope whose name holds every word typed (accents and case aside), or
    whose code is what was typed: at most 20, current units first. `level` (repeatable or
    comma-separated) keeps those levels; `on` (dd/mm/yyyy or ISO) the units that existed that day."""
    q, early = _picker_query(request)
    if early:
        return early
    units = scope.visible_units(request.user)
    levels = [v for raw in request.GET.getlist("level") for v in raw.split(",") if v]
    if levels:
        if not set(levels) <= set(UnitLevel.values):
            return _picker_bad("level")
        units = units.filter(level__in=levels)
    if request.GET.get("on"):
        on = _picker_day(request.GET["on"])
        if on is None:
            return _picker_bad("on")
        units = units.as_of(on)
    rows = list(
        selectors.units_search(qs=units, q=q)
        .annotate(current=Q(valid_to__isnull=True))
        .select_related("parent")
        .order_by("-current", "search_name", "valid_from", "pk")[: PICKER_MAX_RESULTS + 1]
    )
    results = [
        {
            "id": unit.pk,
            "label": unit_label(unit),
            "detail": f"{unit_place(unit)} · " + _("mã %(code)s") % {"code": unit.code},
        }
        for unit in rows[:PICKER_MAX_RESULTS]
    ]
    return JsonResponse({"results": results, "more": len(rows) > PICKER_MAX_RESULTS})


@login_required
def household_picker(request):
    """Households in the user's scope (and under `unit`, when given: a fund's unit) whose head's
    name holds every word typed, or whose code is what was typed: at most 20."""
    q, early = _picker_query(request)
    if early:
        return early
    households = Household.objects.filter(scope.scope_q(request.user, "area"))
    if request.GET.get("unit"):
        unit = scope.unit_get_for_user(request.user, request.GET["unit"])  # 404 outside scope
        households = households.filter(area__path__startswith=unit.path)
    rows = list(
        selectors.households_search(qs=households, q=q)
        .order_by("search_name", "area__path", "pk")
        .values("pk", "head_name", "code", "area__name")[: PICKER_MAX_RESULTS + 1]
    )
    results = [
        {
            "id": row["pk"],
            "label": row["head_name"],
            "detail": f"{row['area__name']} · " + _("mã %(code)s") % {"code": row["code"]},
        }
        for row in rows[:PICKER_MAX_RESULTS]
    ]
    return JsonResponse({"results": results, "more": len(rows) > PICKER_MAX_RESULTS})


def _picker_day(value: str) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a day
        except ValueError:
            continue
        return day if day.year >= 1900 else None
    return None
