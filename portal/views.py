from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from campaign.results import home as results_home
from core import fragments
from reporting.selectors import unread_count
from residential_areas import selectors


@login_required
def home(request):
    today = timezone.localdate()
    unit = scope.home_unit(request.user)
    context = {"unit": unit, "today": today}
    if unit is not None:

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

        context["figures"] = fragments.render(
            "includes/home_figures.html",
            figures,
            kinds=("tree", "statistics"),
            key=(unit.pk, today.isoformat()),
        )
        context["roles"] = scope.held_roles(request.user)
        # what the user has to do now with the yearly results, and the notices not yet read
        context["tasks"] = results_home.home_tasks(user=request.user, today=today)
        if context["tasks"] is not None:
            context["unread"] = unread_count(user=request.user)
    return render(request, "home.html", context)


def health(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
