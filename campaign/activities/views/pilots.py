"""Pages for pilot and self-managed models, their evaluations and replications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import WRITE_ROLES
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ._common import T, edit_form, form_page, list_page, new_form, saved


@login_required
def pilot_list(request):
    return list_page(request, "pilots", sel.pilot_models_list, "pilot_list.html")


@login_required
def pilot_detail(request, pk):
    return _pilot_detail(request, sel.pilot_model_get_for_user(user=request.user, pk=pk))


@login_required
def pilot_create(request):
    form = new_form(request, forms.PilotModelForm, WRITE_ROLES)
    return form_page(request, "pilot_create", form, services.pilot_model_create)


@login_required
def pilot_update(request, pk):
    pilot, form = edit_form(request, pk, sel.pilot_model_get_for_user, forms.PilotModelForm)
    return form_page(request, "pilot_update", form, services.pilot_model_update, pilot_model=pilot)


@login_required
@require_POST
def pilot_evaluate(request, pk):
    pilot = sel.pilot_model_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.EvaluationForm(request.POST)
    done = _("Đã lưu đánh giá.")
    if saved(request, form, services.pilot_model_evaluate, done, pilot_model=pilot):
        return redirect("activities:pilot_detail", pk=pk)
    return _pilot_detail(request, pilot, evaluation_form=form, status=400)


@login_required
@require_POST
def pilot_replicate(request, pk):
    pilot = sel.pilot_model_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.ReplicationForm(request.POST, user=request.user)
    done = _("Đã ghi nhận nhân rộng mô hình.")
    if saved(request, form, services.pilot_model_replicate, done, pilot_model=pilot):
        return redirect("activities:pilot_detail", pk=pk)
    return _pilot_detail(request, pilot, replication_form=form, status=400)


def _pilot_detail(request, pilot, *, evaluation_form=None, replication_form=None, status=200):
    can_edit = sel.can_edit_org_owned(request.user, pilot.unit, pilot.organization)
    year = timezone.localdate().year
    return render(
        request,
        T + "pilot_detail.html",
        {
            "pilot": pilot,
            "can_edit": can_edit,
            "evaluations": pilot.evaluations.all(),
            "replications": pilot.replications.select_related("unit"),
            "evaluation_form": evaluation_form or forms.EvaluationForm(initial={"year": year}),
            "replication_form": replication_form
            or forms.ReplicationForm(user=request.user, initial={"year": year}),
            "crumbs": unit_selectors.crumbs(pilot.unit),
        },
        status=status,
    )
