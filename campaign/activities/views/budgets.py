"""Pages for budget plans: their lines, sending them up, and the review by the level above."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ..models import BudgetStatus
from ._common import T, attempt, edit_form, form_page, list_context, new_form, page_of


@login_required
def budget_list(request):
    ctx = list_context(request, "budgets")
    qs = sel.budgets_list(user=request.user, unit=ctx["unit"], year=ctx["year"])
    ctx.update(
        {"page": page_of(request, qs), "to_review": sel.budgets_to_review(user=request.user)}
    )
    return render(request, T + "budget_list.html", ctx)


@login_required
def budget_detail(request, pk):
    return _budget_detail(request, sel.budget_get_for_user(user=request.user, pk=pk))


@login_required
def budget_create(request):
    form = new_form(request, forms.BudgetPlanForm)
    formset = _budget_formset(request)
    return form_page(
        request,
        "budget_create",
        form,
        lambda **data: services.budget_create(lines=forms.formset_rows(formset), **data),
        formset,
    )


@login_required
def budget_update(request, pk):
    plan, form = edit_form(request, pk, sel.budget_get_for_user, forms.BudgetPlanForm)
    formset = _budget_formset(request, plan)

    def save(*, by, notes):
        lines = forms.formset_rows(formset)
        return services.budget_update(plan=plan, by=by, notes=notes, lines=lines)

    return form_page(request, "budget_update", form, save, formset)


@login_required
@require_POST
def budget_submit(request, pk):
    plan = sel.budget_get_for_user(user=request.user, pk=pk, write=True)
    try:
        services.budget_submit(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi kế hoạch kinh phí lên cấp trên."))
    return redirect("activities:budget_detail", pk=pk)


@login_required
@require_POST
def budget_review(request, pk, decision):
    plan = sel.budget_get_for_user(user=request.user, pk=pk, review=True)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():  # pragma: no cover - the form has no required field
        return _budget_detail(request, plan, review_form=form, status=400)
    note = form.cleaned_data["note"]
    if decision == "approve":
        call = lambda: services.budget_approve(plan=plan, by=request.user, note=note)  # noqa: E731
        done = _("Đã phê duyệt kế hoạch kinh phí.")
    elif decision == "return":
        call = lambda: services.budget_return(plan=plan, by=request.user, note=note)  # noqa: E731
        done = _("Đã trả lại kế hoạch kinh phí.")
    else:
        raise Http404
    if attempt(form, call):
        messages.success(request, done)
        return redirect("activities:budget_detail", pk=pk)
    return _budget_detail(request, plan, review_form=form, status=400)


def _budget_detail(request, plan, *, review_form=None, status=200):
    lines = plan.lines.all()
    totals = lines.aggregate(planned=Sum("planned"), spent=Sum("spent"))
    return render(
        request,
        T + "budget_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "totals": totals,
            "can_edit": plan.is_editable
            and scope.can_act(request.user, plan.unit, sel.FRONT_ROLES),
            "can_review": plan.status == BudgetStatus.SUBMITTED
            and sel.can_review_budget(request.user, plan),
            "review_form": review_form or forms.ReviewForm(),
            "crumbs": unit_selectors.crumbs(plan.unit),
        },
        status=status,
    )


def _budget_formset(request, plan=None):
    initial = [
        {
            "id": line.pk,
            "category": line.category,
            "description": line.description,
            "planned": line.planned,
            "spent": line.spent,
            "note": line.note,
        }
        for line in (plan.lines.all() if plan else [])
    ]
    return forms.BudgetLineFormSet(request.POST or None, initial=initial, prefix="lines")
