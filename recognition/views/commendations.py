"""Commendations (biểu dương, khen thưởng) and who is eligible for a certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from campaign.models import MemberOrganization
from residential_areas.models import Household

from .. import selectors
from ..forms import CommendationCreateForm
from ..models import Commendation, TitleKind
from ..services import commendations
from ._common import COMMEND_ROLES, crumbs_of, kind_of, year_choices, year_of


@login_required
def eligible(request, pk):
    unit = scope.unit_get_for_user(request.user, pk)
    kind, year = kind_of(request), year_of(request)
    recognitions, criteria_set = selectors.certificate_eligible(unit=unit, year=year, kind=kind)
    page = Paginator(recognitions, 100).get_page(request.GET.get("page"))
    crumbs, can_open = crumbs_of(request.user, unit)
    return render(
        request,
        "recognition/eligible.html",
        {
            "unit": unit,
            "kind": kind,
            "kinds": TitleKind.choices,
            "year": year,
            "years": year_choices(),
            "page": page,
            "criteria_set": criteria_set,
            "crumbs": crumbs,
            "can_open": can_open,
        },
    )


# --- commendations -------------------------------------------------------------------------


@login_required
def commendation_list(request):
    qs = scope.filter_by_scope(
        Commendation.objects.select_related("unit", "household", "member_organization"),
        request.user,
    ).prefetch_related("content_areas")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    root = scope.home_unit(request.user)
    return render(
        request,
        "recognition/commendation_list.html",
        {
            "page": page,
            "year": year,
            "years": year_choices(),
            "root": root,
            "can_commend": root is not None and scope.can_act(request.user, root, COMMEND_ROLES),
        },
    )


@login_required
def commendation_create(request, pk):
    unit = scope.unit_get_for_user(request.user, pk, write=True, write_roles=COMMEND_ROLES)
    households = Household.objects.filter(area__path__startswith=unit.path).order_by(
        "area__path", "head_name"
    )
    form = CommendationCreateForm(
        request.POST or None,
        households=households,
        member_organizations=MemberOrganization.objects.filter(
            unit__path__startswith=unit.path, is_active=True
        ),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collective = data["subject_type"] == "collective"
        if collective and not (data["collective_name"] or data["member_organization"]):
            data["collective_name"] = unit.name
        try:
            commendations.commendation_create(unit=unit, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi khen thưởng."))
            return redirect("recognition:commendations")
    crumbs, can_open = crumbs_of(request.user, unit)
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "title": _("Biểu dương, khen thưởng — %(unit)s") % {"unit": unit.name},
            "crumbs": crumbs,
            "can_open": can_open,
            "back": _commendations_url(),
        },
    )


def _commendations_url():
    return reverse("recognition:commendations")
