"""Poor households by year, and the Great Unity houses built for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from residential_areas import selectors as unit_selectors

from .. import forms, selectors, services
from ..models import HouseholdStatus, PovertyExit, PovertyStatus
from ..selectors import FUND_ROLES
from ._common import form_errors, form_page


def _year(request) -> int:
    try:
        return int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        return timezone.localdate().year


@login_required
def status_home(request):
    root = scope.home_unit(request.user)
    if root is None:
        raise Http404(scope.NOT_IN_SCOPE)
    return redirect("poverty_fund:status_list", unit_pk=root.pk)


@login_required
def status_list(request, unit_pk):
    unit = scope.unit_get_for_user(request.user, unit_pk)
    year = _year(request)
    # the band reads the standard's middle line: one join, not a query per row
    statuses = (
        selectors.statuses_in(unit=unit, year=year)
        .select_related("standard")
        .order_by("household__area__path", "household__head_name")
    )
    show = request.GET.get("show", "")
    if show == "unsupported":
        statuses = statuses.filter(status=PovertyStatus.POOR, supporter_kind="")
    elif show == "mine":
        # a member organization's own list: the households it was assigned to support
        statuses = statuses.filter(supporter_org__users=request.user)
    elif show == "hardship":
        statuses = statuses.filter(is_hardship=True)
    elif show in (PovertyExit.LEFT_POVERTY, PovertyExit.LEFT_NEAR_POVERTY):
        statuses = statuses.filter(exit=show)
    elif show in PovertyStatus.values:
        statuses = statuses.filter(status=show)
    page = Paginator(statuses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "poverty_fund/status_list.html",
        {
            "unit": unit,
            "year": year,
            "coverage": selectors.coverage(unit=unit, year=year),
            "trend": selectors.poverty_trend(unit=unit),
            "page": page,
            "show": show,
            "statuses": [
                *PovertyStatus.choices,
                *PovertyExit.choices[1:],
                ("hardship", _("Hoàn cảnh đặc biệt khó khăn")),
            ],
            "has_orgs": request.user.member_organizations.exists(),
            "crumbs": unit_selectors.crumbs(unit),
        },
    )


@login_required
def status_edit(request, household_pk):
    household = selectors.household_get_for_user(user=request.user, pk=household_pk, write=True)
    year = _year(request)
    standard = selectors.standard_in_force(year=year)
    current = HouseholdStatus.objects.filter(household=household, year=year).first()
    initial = {"year": year, "basis": "survey"}
    if current:
        initial.update(
            basis=current.basis,
            income=current.income_per_person_month,
            deprivations=current.deprivations,
            status=current.status,
            decision_number=current.decision_number,
            decision_date=current.decision_date,
            surveyed_on=current.surveyed_on,
            is_hardship=current.is_hardship,
            supporter_kind=current.supporter_kind,
            supporter_org=current.supporter_org_id,
            supporter_name=current.supporter_name,
            note=current.note,
        )
    form = forms.StatusForm(
        request.POST or None, household=household, standard=standard, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_status_record(household=household, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tình trạng của hộ."))
            return redirect("residential_areas:household_detail", pk=household.pk)
    return form_page(
        request,
        title=_("Tình trạng nghèo năm %(year)s: %(name)s")
        % {"year": year, "name": household.head_name},
        form=form,
        back=None,
        crumbs=unit_selectors.crumbs(household.area),
    )


# -- Great Unity houses ----------------------------------------------------------------------


@login_required
def house_list(request, unit_pk):
    unit = scope.unit_get_for_user(request.user, unit_pk)
    houses = selectors.houses_in(unit=unit).order_by("-year", "household__head_name")
    page = Paginator(houses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "poverty_fund/house_list.html",
        {"unit": unit, "page": page, "crumbs": unit_selectors.crumbs(unit)},
    )


@login_required
def house_create(request, household_pk):
    household = selectors.household_get_for_user(user=request.user, pk=household_pk)
    scope.ensure_can_act(request.user, household.area, FUND_ROLES)
    form = forms.HouseForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            house = services.house_create(household=household, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("poverty_fund:house_detail", pk=house.pk)
    return form_page(
        request,
        title=_("Nhà Đại đoàn kết cho hộ %(name)s") % {"name": household.head_name},
        form=form,
        back=None,
        crumbs=unit_selectors.crumbs(household.area),
    )


@login_required
def house_detail(request, pk):
    house = selectors.house_get_for_user(user=request.user, pk=pk)
    can_act = scope.can_act(request.user, house.household.area, FUND_ROLES)
    support_form = forms.HouseSupportForm(prefix="support")
    photo_form = forms.HousePhotoForm(prefix="photo")
    advance_form = forms.HouseAdvanceForm(prefix="advance")
    if request.method == "POST":
        scope.ensure_can_act(request.user, house.household.area, FUND_ROLES)
        action = request.POST.get("action")
        try:
            if action == "support":
                support_form = forms.HouseSupportForm(request.POST, prefix="support")
                if support_form.is_valid():
                    data = support_form.cleaned_data
                    services.house_support_add(
                        house=house,
                        source=data["source"],
                        amount=data["amount"] or 0,
                        labour_days=data["labour_days"] or 0,
                        note=data["note"],
                    )
                    return redirect("poverty_fund:house_detail", pk=house.pk)
            elif action == "photo":
                photo_form = forms.HousePhotoForm(request.POST, request.FILES, prefix="photo")
                if photo_form.is_valid():
                    services.house_photo_add(house=house, **photo_form.cleaned_data)
                    return redirect("poverty_fund:house_detail", pk=house.pk)
            elif action == "advance":
                advance_form = forms.HouseAdvanceForm(request.POST, prefix="advance")
                if advance_form.is_valid():
                    services.house_advance(house=house, on=advance_form.cleaned_data["on"])
                    return redirect("poverty_fund:house_detail", pk=house.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    supports = house.supports.all()
    return render(
        request,
        "poverty_fund/house_detail.html",
        {
            "house": house,
            "supports": supports,
            "support_total": sum(s.amount for s in supports),
            "photos": house.photos.all(),
            "disbursements": house.disbursements.select_related("fund"),
            "can_act": can_act,
            "support_form": support_form,
            "photo_form": photo_form,
            "advance_form": advance_form,
            "next_status": services.HOUSE_NEXT.get(house.status),
            "crumbs": unit_selectors.crumbs(house.household.area),
        },
    )
