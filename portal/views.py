from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from residential_areas import selectors
from residential_areas.models import AdministrativeUnit


@login_required
def home(request):
    today = timezone.localdate()
    unit = scope.home_unit(request.user)
    context = {"unit": unit, "today": today}
    if unit is not None:
        children = selectors.with_statistics(
            selectors.unit_children(unit=unit, on=today), year=today.year
        )
        context.update(
            {
                "children": children[:100],
                "children_count": children.count(),
                "totals": selectors.with_statistics(
                    AdministrativeUnit.objects.filter(pk=unit.pk), year=today.year
                ).get(),
                "levels": selectors.level_counts(unit=unit, on=today),
                "roles": request.user.unit_roles.select_related("unit").order_by("unit__path"),
            }
        )
    return render(request, "home.html", context)


def health(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
