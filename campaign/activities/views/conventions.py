"""Pages for village conventions and their amendments."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ..models import ConventionStatus
from ._common import T, choice_param, edit_form, form_page, list_context, new_form, page_of, saved


@login_required
def convention_list(request):
    ctx = list_context(request, "conventions")
    status = choice_param(request, "status", ConventionStatus)
    qs = sel.conventions_list(user=request.user, unit=ctx["unit"], status=status)
    ctx.update(
        {"page": page_of(request, qs), "status": status, "statuses": ConventionStatus.choices}
    )
    return render(request, T + "convention_list.html", ctx)


@login_required
def convention_detail(request, pk):
    return _convention_detail(request, sel.convention_get_for_user(user=request.user, pk=pk))


@login_required
def convention_create(request):
    form = new_form(request, forms.ConventionForm, area=request.GET.get("area"))
    return form_page(request, "convention_create", form, services.convention_create)


@login_required
def convention_update(request, pk):
    convention, form = edit_form(request, pk, sel.convention_get_for_user, forms.ConventionEditForm)
    return form_page(
        request, "convention_update", form, services.convention_update, convention=convention
    )


@login_required
@require_POST
def convention_revise(request, pk):
    convention = sel.convention_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.RevisionForm(request.POST, request.FILES)
    done = _("Đã ghi nhận lần sửa đổi, bổ sung.")
    if saved(request, form, services.convention_revise, done, convention=convention):
        return redirect("activities:convention_detail", pk=pk)
    return _convention_detail(request, convention, revision_form=form, status=400)


def _convention_detail(request, convention, *, revision_form=None, status=200):
    return render(
        request,
        T + "convention_detail.html",
        {
            "convention": convention,
            "revisions": convention.revisions.order_by("number"),
            "can_edit": scope.can_act(request.user, convention.area, sel.FRONT_ROLES),
            "revision_form": revision_form or forms.RevisionForm(),
            "crumbs": unit_selectors.crumbs(convention.area),
        },
        status=status,
    )
