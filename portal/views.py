from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import scope
from accounts.models import Role
from campaign.results import home as results_home
from core import fragments
from portal.context_processors import unread_for
from reporting import dashboard
from residential_areas import selectors
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

YEAR_UNKNOWN = _(
    "Không có số liệu năm “%(value)s”. Chọn một trong các năm: %(years)s. "
    "Trang đang hiển thị năm hiện hành."
)

# the roles whose home is the dashboard of their unit's subtree; a member organization and a
# residential board have homes of their own
DASHBOARD_ROLES = frozenset(
    {
        Role.PROVINCE_ADMIN,
        Role.MOVEMENT_BOARD,
        Role.VIEWER,
        Role.DISTRICT_COMMITTEE,
        Role.COMMUNE_COMMITTEE,
    }
)


def _figures(unit, today) -> str:
    def figures():
        children = selectors.unit_children(unit=unit, on=today)
        return {
            "unit": unit,
            "today": today,
            "children": selectors.attach_statistics(
                list(children[:100]), parent=unit, year=today.year
            ),
            "children_count": children.count(),
            "totals": selectors.subtree_statistics(unit=unit, year=today.year),
            "levels": selectors.level_counts(unit=unit, on=today),
        }

    return fragments.render(
        "includes/home_figures.html",
        figures,
        kinds=("tree", "statistics"),
        key=(unit.pk, today.isoformat()),
    )


def _tasks_panel(tasks: dict, unread: int) -> str:
    """The panel of the yearly results' tasks, rendered once per content: the key is what the
    panel shows (its data is plain: names, texts, links, counts)."""
    period = tasks["period"]
    return fragments.render(
        "campaign/_home_tasks.html",
        lambda: {"tasks": tasks, "unread": unread},
        kinds=(),
        key=(
            period.year if period is not None else None,
            tasks["reports"],
            tasks["board"],
            unread,
            get_language(),
        ),
    )


def _closed(unit) -> dict:
    """A unit that no longer exists: when it closed, and the units that took it over (its own
    successor, or those of the units below it)."""
    successors = []
    if unit.successor_id:
        successors = [unit.successor]
    else:
        successors = list(
            AdministrativeUnit.objects.filter(predecessors__parent=unit)
            .distinct()
            .order_by("code")[:100]
        )
    return {"valid_to": unit.valid_to, "year": unit.valid_to.year, "successors": successors}


def _area(unit, today) -> dict:
    """A residential area's own figures: its households, titles and festival of the year."""
    from campaign.activities.models import Festival
    from recognition.selectors import title_figures_by_year

    titles = title_figures_by_year(unit=unit, years=[today.year, today.year - 1])
    return {
        "households": Household.objects.filter(area=unit).count(),
        "titles": titles[today.year],
        "titles_previous": titles[today.year - 1],
        "festival": Festival.objects.filter(area=unit, year=today.year).first(),
    }


def _dashboard(request, *, unit, today) -> dict:
    """The dashboard of the year asked for (`?year=`), else of the year in progress."""
    years = dashboard.year_choices(today=today)
    year = dashboard.dashboard_year(today=today)
    context = {"dashboard_years": years}
    asked = request.GET.get("year", "").strip()
    if asked:
        if asked.isdigit() and int(asked) in years:
            year = int(asked)
        else:
            context["year_error"] = YEAR_UNKNOWN % {
                "value": asked[:20],
                "years": ", ".join(str(y) for y in years),
            }
    if year is not None:
        if "year_error" in context:
            context["dashboard"] = dashboard.dashboard(unit=unit, year=year)
        else:
            # the rendered part (map, charts' data, tables) is the same for everyone who sees
            # the unit: rendered once per version of its data, as the figures are, and its
            # figures are read only to render it
            context["dashboard_html"] = fragments.render(
                "reporting/dashboard.html",
                lambda: {
                    "dashboard": dashboard.dashboard(unit=unit, year=year),
                    "dashboard_years": years,
                },
                kinds=dashboard.KINDS,
                key=(unit.pk, year, tuple(years), get_language()),
            )
    return context


@login_required
def home(request):
    today = timezone.localdate()
    unit = scope.home_unit(request.user)
    context = {"unit": unit, "today": today}
    if unit is not None:
        context["roles"] = scope.held_roles(request.user)
        # what the user has to do now with the yearly results, and the notices not yet read
        context["tasks"] = results_home.home_tasks(user=request.user, today=today)
        if context["tasks"] is not None:
            context["unread"] = unread_for(request.user)
            context["tasks_html"] = _tasks_panel(context["tasks"], context["unread"])
        if unit.valid_to is not None and unit.valid_to < today:
            context["closed"] = _closed(unit)
        elif unit.level == UnitLevel.AREA:
            context["area"] = _area(unit, today)
        else:
            context["figures"] = _figures(unit, today)
            if scope.roles_of(request.user) & DASHBOARD_ROLES:
                context.update(_dashboard(request, unit=unit, today=today))
    return render(request, "home.html", context)


def health(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
