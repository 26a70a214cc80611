"""Registering households and residential areas for the title of the year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from residential_areas.models import Household

from ..forms import RegistrationForm
from ..services import registrations
from ._common import EVALUATE_ROLES, unit_url, year_of


def _validation_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _register(request, *, unit, register) -> HttpResponse:
    """Read the registration date, call `register(year, registered_on)` (which returns the
    success message), report the outcome, and go back to the unit's page of the year."""
    year = year_of(request)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            messages.success(request, register(year, form.cleaned_data["registered_on"]))
        except ValidationError as exc:
            _validation_messages(request, exc)
    else:
        messages.error(request, _("Ngày đăng ký không hợp lệ."))
    return redirect(f"{unit_url(unit)}?year={year}")


@login_required
@require_POST
def register_all(request, pk):
    area = scope.unit_get_for_user(request.user, pk, write=True, write_roles=EVALUATE_ROLES)

    def register(year, registered_on):
        n = registrations.registrations_create_for_area(
            area=area, year=year, registered_on=registered_on, by=request.user
        )
        return _("Đã đăng ký thêm %(n)s hộ.") % {"n": n}

    return _register(request, unit=area, register=register)


@login_required
@require_POST
def register_household(request, pk):
    household = scope.get_in_scope(
        Household.objects.select_related("area"), request.user, unit_field="area", pk=pk
    )
    scope.ensure_can_act(request.user, household.area, EVALUATE_ROLES)

    def register(year, registered_on):
        registrations.registration_create(
            household=household, year=year, registered_on=registered_on, by=request.user
        )
        return _("Đã đăng ký hộ %(h)s.") % {"h": household.head_name}

    return _register(request, unit=household.area, register=register)


@login_required
@require_POST
def register_area(request, pk):
    """The residential area registers for "Khu dân cư văn hóa" of the year."""
    area = scope.unit_get_for_user(request.user, pk, write=True, write_roles=EVALUATE_ROLES)

    def register(year, registered_on):
        registrations.registration_create(
            area=area, year=year, registered_on=registered_on, by=request.user
        )
        return _("Khu dân cư đã đăng ký danh hiệu năm %(y)s.") % {"y": year}

    return _register(request, unit=area, register=register)
