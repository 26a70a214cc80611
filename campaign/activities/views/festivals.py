"""Pages for the Great Unity festivals (18/11) of the residential areas."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import scope
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ._common import T, edit_form, form_page, list_context, new_form, page_of


@login_required
def festival_list(request):
    """Per residential area under the unit: did it hold the festival this year?"""
    ctx = list_context(request, "festivals")
    areas = sel.festival_overview(unit=ctx["unit"], year=ctx["year"])
    held = areas.filter(festival_id__isnull=False).count()
    ctx.update({"page": page_of(request, areas, 100), "held": held, "total": areas.count()})
    return render(request, T + "festival_list.html", ctx)


@login_required
def festival_detail(request, pk):
    festival = sel.festival_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        T + "festival_detail.html",
        {
            "festival": festival,
            "panels": sel.festival_panels(festival, request.user),
            "can_edit": scope.can_act(request.user, festival.area, sel.FRONT_ROLES),
            "crumbs": unit_selectors.crumbs(festival.area),
        },
    )


@login_required
def festival_create(request):
    form = new_form(request, forms.FestivalForm, area=request.GET.get("area"))
    return form_page(request, "festival_create", form, services.festival_create)


@login_required
def festival_update(request, pk):
    festival, form = edit_form(request, pk, sel.festival_get_for_user, forms.FestivalForm)
    return form_page(request, "festival_update", form, services.festival_update, festival=festival)
