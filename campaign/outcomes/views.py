"""Pages of the campaign's outcomes: the province's table by year, a commune-level unit's
history of decisions with its model areas and gardens, and the entry of both with a
confirmation before a delete. Scoped by accounts/scope.py: 404 outside scope, 403 on a write
the role may not do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from residential_areas import selectors as unit_selectors
from residential_areas.models import AdministrativeUnit

from . import selectors as sel
from . import services
from .forms import ModelRecognitionForm, StatusDecisionForm

T = "campaign/outcomes/"
YEARS_SHOWN = 5


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


def _unit_for(request, pk: int) -> AdministrativeUnit:
    """A commune-level unit in the user's scope, else 404."""
    unit = get_object_or_404(AdministrativeUnit, pk=pk, level="commune")
    if not scope.can_see(request.user, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    return unit


@login_required
def index(request):
    roots = scope.scope_roots(request.user)
    if not roots:
        raise Http404(scope.NOT_IN_SCOPE)
    root = roots[0]
    year = _year(request)
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    return render(
        request,
        T + "index.html",
        {
            "root": root,
            "year": year,
            "table": sel.province_table(root=root, years=years),
            "units": sel.units_with_status(root=root, year=year),
            "crumbs": unit_selectors.crumbs(root),
        },
    )


def _unit_page(request, unit, *, status_form=None, model_form=None, status=200):
    year = timezone.localdate().year
    first = min([d.year for d in sel.decisions_of(unit)] + [year - YEARS_SHOWN + 1])
    can_edit = scope.can_act(request.user, unit, services.EDITOR_ROLES)
    return render(
        request,
        T + "unit.html",
        {
            "unit": unit,
            "decisions": sel.decisions_of(unit).select_related("recorded_by"),
            "by_year": sel.status_by_year(unit, range(first, year + 1)),
            "models": sel.models_of(unit),
            "can_edit": can_edit,
            "status_form": status_form or StatusDecisionForm(unit=unit),
            "model_form": model_form or ModelRecognitionForm(unit=unit),
            "successor": unit.successor,
            "predecessors": list(unit.predecessors.order_by("name")),
            "crumbs": unit_selectors.crumbs(unit),
        },
        status=status,
    )


@login_required
def unit_detail(request, pk):
    return _unit_page(request, _unit_for(request, pk))


def _saved(request, form, service, done, **kwargs) -> bool:
    if not form.is_valid():
        return False
    try:
        service(**kwargs, **form.cleaned_data, by=request.user)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, done)
    return True


@login_required
def status_add(request, pk):
    unit = _unit_for(request, pk)
    if request.method != "POST":
        return redirect("outcomes:unit", pk=unit.pk)
    if not scope.can_act(request.user, unit, services.EDITOR_ROLES):
        raise PermissionDenied(scope.READ_ONLY)
    form = StatusDecisionForm(request.POST, unit=unit)
    if _saved(request, form, services.unit_status_record, _("Đã ghi quyết định."), unit=unit):
        return redirect("outcomes:unit", pk=unit.pk)
    return _unit_page(request, unit, status_form=form, status=400)


@login_required
def model_add(request, pk):
    unit = _unit_for(request, pk)
    if request.method != "POST":
        return redirect("outcomes:unit", pk=unit.pk)
    if not scope.can_act(request.user, unit, services.EDITOR_ROLES):
        raise PermissionDenied(scope.READ_ONLY)
    form = ModelRecognitionForm(request.POST, unit=unit)
    done = _("Đã ghi quyết định công nhận.")
    if _saved(request, form, services.model_recognition_record, done):
        return redirect("outcomes:unit", pk=unit.pk)
    return _unit_page(request, unit, model_form=form, status=400)


def _confirm_delete(request, *, obj, unit, what, service, kwargs):
    """GET: what will be deleted and a button; POST: delete it through the service."""
    error = None
    if request.method == "POST":
        try:
            service(**kwargs, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Đã xóa: %(what)s.") % {"what": what})
            return redirect("outcomes:unit", pk=unit.pk)
    return render(
        request,
        T + "confirm_delete.html",
        {"obj": obj, "unit": unit, "what": what, "error": error},
        status=400 if error else 200,
    )


@login_required
def status_delete(request, pk):
    decision = sel.decision_get_for_user(user=request.user, pk=pk, write=True)
    what = _("quyết định số %(n)s ngày %(d)s (%(s)s)") % {
        "n": decision.decision_number,
        "d": decision.decision_date.strftime("%d/%m/%Y"),
        "s": decision.get_status_display(),
    }
    return _confirm_delete(
        request,
        obj=decision,
        unit=decision.unit,
        what=what,
        service=services.unit_status_delete,
        kwargs={"decision": decision},
    )


@login_required
def model_delete(request, pk):
    record = sel.model_get_for_user(user=request.user, pk=pk, write=True)
    commune = record.area.parent if record.area.parent_id else record.area
    what = _("%(k)s %(n)s, quyết định số %(d)s") % {
        "k": record.get_kind_display(),
        "n": record.name or record.area.name,
        "d": record.decision_number,
    }
    return _confirm_delete(
        request,
        obj=record,
        unit=commune,
        what=what,
        service=services.model_recognition_delete,
        kwargs={"record": record},
    )
