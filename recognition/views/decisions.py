"""The decision (công nhận) and its list as PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts import scope
from core.pdf import render_pdf

from ..forms import DecisionForm
from ..models import Decision, EvaluationMeeting
from ..services import decisions
from ..titles import title_name
from ._common import DECIDE_ROLES, crumbs_of, kind_of, year_of


@login_required
def decision_create(request, pk):
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=DECIDE_ROLES)
    kind, year = kind_of(request), year_of(request)
    candidates = (
        EvaluationMeeting.objects.filter(
            kind=kind, year=year, unit__path__startswith=unit.path, decision__isnull=True
        )
        .select_related("unit", "criteria_set")
        .order_by("unit__path")
    )
    form = DecisionForm(request.POST or None, meetings=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_create(
                kind=kind,
                unit=unit,
                year=year,
                number=form.cleaned_data["number"],
                signed_on=form.cleaned_data["signed_on"],
                meetings=list(form.cleaned_data["meetings"]),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi quyết định công nhận."))
            return redirect("recognition:decision", pk=decision.pk)
    crumbs, can_open = crumbs_of(request.user, unit)
    return render(
        request,
        "recognition/decision_form.html",
        {
            "form": form,
            "unit": unit,
            "kind": kind,
            "kind_label": title_name(kind, year),
            "year": year,
            "candidates": candidates,
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


def decision_get_for_user(user, pk) -> Decision:
    return scope.get_in_scope(Decision.objects.select_related("unit"), user, pk=pk)


def _decision_context(decision):
    recognitions = decision.recognitions.select_related("household", "area").order_by(
        "area__path", "household__head_name", "pk"
    )
    unit = decision.unit
    place = unit.name.removeprefix(str(unit.get_kind_display())).strip() or unit.name
    return {
        "decision": decision,
        "recognitions": recognitions,
        "place": place,
        "title": title_name(decision.kind, decision.year),
    }


@login_required
def decision_detail(request, pk):
    decision = decision_get_for_user(request.user, pk)
    crumbs, can_open = crumbs_of(request.user, decision.unit)
    context = _decision_context(decision) | {"crumbs": crumbs, "can_open": can_open}
    context["meetings"] = decision.meetings.select_related("unit")
    return render(request, "recognition/decision.html", context)


@login_required
def decision_pdf(request, pk):
    decision = decision_get_for_user(request.user, pk)
    html = render_to_string("recognition/decision_pdf.html", _decision_context(decision))
    response = HttpResponse(
        render_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="danh-sach-cong-nhan-{decision.year}-{decision.pk}.pdf"'
    )
    return response
