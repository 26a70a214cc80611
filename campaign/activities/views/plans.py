"""Pages for the yearly theme and plan of a unit."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts import scope
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ._common import T, form_page, list_page, require


@login_required
def plan_list(request):
    return list_page(request, "plans", sel.plans_list, "plan_list.html")


@login_required
def plan_detail(request, pk):
    plan = sel.plan_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        T + "plan_detail.html",
        {
            "plan": plan,
            "targets": plan.targets.select_related("content_area"),
            "can_edit": scope.can_act(request.user, plan.unit, sel.FRONT_ROLES),
            "crumbs": unit_selectors.crumbs(plan.unit),
        },
    )


@login_required
def plan_create(request):
    require(request.user, sel.FRONT_ROLES)
    form, formset = _plan_form(request)
    return form_page(
        request,
        "plan_create",
        form,
        lambda **data: services.plan_create(targets=forms.formset_rows(formset), **data),
        formset,
    )


@login_required
def plan_update(request, pk):
    plan = sel.plan_get_for_user(user=request.user, pk=pk, write=True)
    form, formset = _plan_form(request, plan)

    def save(*, document=None, **data):
        if document:  # no new file: the plan keeps its document
            data["document"] = document
        return services.plan_update(plan=plan, targets=forms.formset_rows(formset), **data)

    return form_page(request, "plan_update", form, save, formset)


def _plan_form(request, plan=None):
    instance = sel.plan_get_for_user(user=request.user, pk=plan.pk) if plan else None
    form = forms.YearlyPlanForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        user=request.user,
        initial={"year": timezone.localdate().year},
    )
    initial = (
        [
            {
                "id": t.pk,
                "content_area": t.content_area_id,
                "description": t.description,
                "target_value": t.target_value,
                "unit_of_measure": t.unit_of_measure,
            }
            for t in plan.targets.all()
        ]
        if plan
        else []
    )
    formset = forms.PlanTargetFormSet(request.POST or None, initial=initial, prefix="targets")
    return form, formset
