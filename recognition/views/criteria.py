"""The criteria sets, which only the province edits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role

from ..forms import CriteriaGroupFormSet, CriteriaSetForm, NewVersionForm
from ..models import CriteriaSet
from ..services import criteria
from ..titles import title_name

CRITERIA_ROLES = {Role.PROVINCE_ADMIN}


@login_required
def criteria_list(request):
    return render(
        request,
        "recognition/criteria_list.html",
        {
            "sets": CriteriaSet.objects.prefetch_related("groups"),
            "can_edit": scope.has_role(request.user, *CRITERIA_ROLES),
        },
    )


def _criteria_admin(request):
    # criteria sets are the province's: only its standing committee edits them
    if scope.home_unit(request.user) is None:
        raise Http404(scope.NOT_IN_SCOPE)
    if not scope.has_role(request.user, *CRITERIA_ROLES):
        raise PermissionDenied(scope.READ_ONLY)


def _criteria_get(pk):
    try:
        return CriteriaSet.objects.get(pk=pk)
    except (CriteriaSet.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def criteria_detail(request, pk):
    criteria_set = _criteria_get(pk)
    return render(
        request,
        "recognition/criteria_detail.html",
        {
            "cs": criteria_set,
            "title": title_name(criteria_set.kind, criteria_set.first_year),
            "groups": criteria_set.groups.all(),
            "can_edit": scope.has_role(request.user, *CRITERIA_ROLES),
            "frozen": criteria_set.is_frozen,
        },
    )


@login_required
def criteria_edit(request, pk):
    _criteria_admin(request)
    criteria_set = _criteria_get(pk)
    if criteria_set.is_frozen:
        messages.error(request, str(criteria.CRITERIA_SET_FROZEN))
        return redirect("recognition:criteria_detail", pk=criteria_set.pk)
    groups = [
        {
            "number": g.number,
            "kind": g.kind,
            "title": g.title,
            "description": g.description,
            "max_points": g.max_points,
        }
        for g in criteria_set.groups.all()
    ]
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    formset = CriteriaGroupFormSet(request.POST or None, initial=groups, prefix="g")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {k: form.cleaned_data[k] for k in CriteriaSetForm.Meta.fields}
        try:
            criteria.criteria_set_update(
                criteria_set=criteria_set,
                groups=[f.cleaned_data for f in formset.forms],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu bộ tiêu chí."))
            return redirect("recognition:criteria_detail", pk=criteria_set.pk)
    return render(
        request,
        "recognition/criteria_form.html",
        {"cs": criteria_set, "form": form, "formset": formset},
    )


@login_required
def criteria_new_version(request, pk):
    _criteria_admin(request)
    source = _criteria_get(pk)
    form = NewVersionForm(request.POST or None, initial={"name": source.name})
    if request.method == "POST" and form.is_valid():
        try:
            new = criteria.criteria_set_new_version(
                source=source,
                first_year=form.cleaned_data["first_year"],
                name=form.cleaned_data["name"] or None,
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo phiên bản mới của bộ tiêu chí."))
            return redirect("recognition:criteria_edit", pk=new.pk)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Phiên bản mới của: %(name)s") % {"name": source},
            "back": _criteria_url(source),
        },
    )


def _criteria_url(cs):
    return reverse("recognition:criteria_detail", args=[cs.pk])
