from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from core import fragments
from residential_areas import selectors as unit_selectors
from residential_areas.models import UnitLevel
from residential_areas.text import fold

from . import exports, forms, selectors, services
from .models import (
    Disbursement,
    Donation,
    Fund,
    House,
    HouseholdStatus,
    PovertyStatus,
    Transfer,
)
from .selectors import FUND_ROLES

ENTRY_MODELS = {"ung-ho": Donation, "chi": Disbursement, "dieu-chuyen": Transfer}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form, next to the field they name."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_page(request, *, title, form, back, crumbs=None, confirm="", multipart=False):
    return render(
        request,
        "poverty_fund/form.html",
        {
            "title": title,
            "form": form,
            "back": back,
            "crumbs": crumbs,
            "confirm": confirm,
            "multipart": multipart,
        },
    )


def fund_url(fund) -> str:
    return reverse("poverty_fund:fund_detail", args=[fund.pk])


# -- funds -----------------------------------------------------------------------------------


@login_required
def fund_list(request):
    funds = selectors.funds_with_balance(
        scope.filter_by_scope(Fund.objects.all(), request.user, "unit")
    ).order_by("unit__path")
    page = Paginator(funds, 50).get_page(request.GET.get("page"))
    units = (
        scope.visible_units(request.user)
        .filter(
            scope.scope_q(request.user, roles=FUND_ROLES & scope.roles_of(request.user)),
            level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE],
            poverty_fund__isnull=True,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
        .order_by("path")
    )
    form = forms.FundCreateForm(units=units) if units.exists() else None
    return render(request, "poverty_fund/fund_list.html", {"page": page, "form": form})


@login_required
@require_POST
def fund_create(request):
    units = scope.visible_units(request.user)
    form = forms.FundCreateForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đơn vị để lập quỹ."))
        return redirect("poverty_fund:fund_list")
    scope.ensure_can_act(request.user, form.cleaned_data["unit"], FUND_ROLES)
    try:
        fund = services.fund_create(unit=form.cleaned_data["unit"], name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("poverty_fund:fund_list")
    messages.success(request, _("Đã lập quỹ."))
    return redirect("poverty_fund:fund_detail", pk=fund.pk)


@login_required
def fund_detail(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk)
    fund_row = selectors.funds_with_balance(Fund.objects.filter(pk=fund.pk)).get()
    tab = request.GET.get("tab", "ung-ho")
    if tab == "chi":
        entries = fund.disbursements.select_related("household", "household__area")
    elif tab == "dieu-chuyen":
        entries = Transfer.objects.filter(Q(from_fund=fund) | Q(to_fund=fund)).select_related(
            "from_fund", "to_fund"
        )
    else:
        tab = "ung-ho"
        entries = fund.donations.all()
    entries = entries.select_related("reverses", "reversal").order_by("-date", "-pk")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "poverty_fund/fund_detail.html",
        {
            "fund": fund_row,
            "tab": tab,
            "page": page,
            "crumbs": unit_selectors.crumbs(fund.unit),
            "can_act": scope.can_act(request.user, fund.unit, FUND_ROLES),
            "reverse_form": forms.ReverseForm(),
            "year": timezone.localdate().year,
        },
    )


@login_required
def donation_create(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donation = services.donation_create(fund=fund, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi phiếu thu số %(label)s.") % {"label": donation.receipt_label},
            )
            return redirect("poverty_fund:fund_detail", pk=fund.pk)
    return _form_page(
        request,
        title=_("Ghi nhận ủng hộ"),
        form=form,
        back=fund,
        crumbs=unit_selectors.crumbs(fund.unit),
    )


@login_required
def batch_create(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = [
            {**row, "donor_kind": data["donor_kind"], "drive": data["drive"]}
            for row in data["lines"]
        ]
        try:
            batch = services.donation_batch_post(
                fund=fund,
                name=data["name"],
                date=data["date"],
                expected_count=data["expected_count"],
                expected_total=data["expected_total"],
                rows=rows,
                by=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi %(n)s phiếu thu của đợt thu.") % {"n": batch.donations.count()}
            )
            return redirect("poverty_fund:fund_detail", pk=fund.pk)
    return _form_page(
        request,
        title=_("Nhập theo đợt thu"),
        form=form,
        back=fund,
        crumbs=unit_selectors.crumbs(fund.unit),
        confirm=_("Ghi toàn bộ đợt thu vào sổ quỹ? Sau khi ghi sổ chỉ có thể lập bút toán đảo."),
    )


@login_required
def disbursement_create(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk, write=True)
    households = selectors.households_for_fund(fund=fund).order_by("head_name")
    houses = House.objects.filter(household__area__path__startswith=fund.unit.path)
    form = forms.DisbursementForm(
        request.POST or None,
        households=households,
        houses=houses.select_related("household"),
        initial={"household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_create(fund=fund, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi khoản chi."))
            return redirect(f"{fund_url(fund)}?tab=chi")
    return _form_page(
        request,
        title=_("Chi hỗ trợ"),
        form=form,
        back=fund,
        crumbs=unit_selectors.crumbs(fund.unit),
        confirm=_("Ghi khoản chi vào sổ quỹ?"),
    )


@login_required
def transfer_create(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.TransferForm(request.POST or None, from_fund=fund)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_create(from_fund=fund, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi điều chuyển."))
            return redirect(f"{fund_url(fund)}?tab=dieu-chuyen")
    return _form_page(
        request,
        title=_("Điều chuyển sang quỹ khác cấp"),
        form=form,
        back=fund,
        crumbs=unit_selectors.crumbs(fund.unit),
        confirm=_("Ghi điều chuyển vào sổ của cả hai quỹ?"),
    )


@login_required
@require_POST
def entry_reverse(request, kind, pk):
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    entry = selectors.entry_get_for_user(user=request.user, model=model, pk=pk, write=True)
    form = forms.ReverseForm(request.POST)
    fund = entry.from_fund if model is Transfer else entry.fund
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do đảo bút toán."))
    else:
        try:
            services.entry_reverse(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lập bút toán đảo."))
    return redirect(f"{fund_url(fund)}?tab={kind}")


@login_required
def receipt_pdf(request, pk):
    donation = selectors.entry_get_for_user(user=request.user, model=Donation, pk=pk)
    if donation.reverses_id:
        raise Http404
    pdf = exports.receipt_pdf(donation, request)
    name = f"phieu-thu-{donation.receipt_year}-{donation.receipt_number:05d}.pdf"
    return _file(pdf, name, "application/pdf")


# -- statements ------------------------------------------------------------------------------


def _statement_response(request, *, funds, unit, title, crumbs, fund_ids=None):
    period = forms.PeriodForm(request.GET or None)
    start, end = period.period()

    # sums only, no names: the same for everyone who sees the unit; cached with its table until
    # the next donation, spending line or transfer
    def compute():
        st = selectors.fund_statement(funds=funds, start=start, end=end)
        return st, render_to_string("poverty_fund/statement_table.html", {"st": st})

    st, table = fragments.cached(
        "fund-statement-with-table",  # a new name when the cached shape changes
        compute,
        kinds=("tree", "fund"),
        key=(
            unit.pk,
            fund_ids if fund_ids is not None else sorted(funds.values_list("pk", flat=True)),
            start,
            end,
        ),
    )
    fmt = request.GET.get("format")
    stem = f"sao-ke-quy-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        return _file(exports.statement_xlsx(st, title), f"{stem}.xlsx", XLSX)
    if fmt == "pdf":
        return _file(
            exports.statement_pdf(st, title, unit, request), f"{stem}.pdf", "application/pdf"
        )
    return render(
        request,
        "poverty_fund/statement.html",
        {
            "st": st,
            "table": mark_safe(table),  # noqa: S308 - our template's output
            "title": title,
            "period": period,
            "crumbs": crumbs,
            "query": request.GET,
        },
    )


@login_required
def fund_statement(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk)
    return _statement_response(
        request,
        funds=Fund.objects.filter(pk=fund.pk),
        fund_ids=[fund.pk],
        unit=fund.unit,
        title=_("Sao kê %(name)s") % {"name": fund.name},
        crumbs=unit_selectors.crumbs(fund.unit),
    )


@login_required
def unit_statement(request, unit_pk):
    unit = scope.unit_get_for_user(request.user, unit_pk)
    return _statement_response(
        request,
        funds=selectors.funds_under(unit=unit),
        unit=unit,
        title=_("Sao kê tổng hợp các quỹ Vì người nghèo thuộc %(name)s") % {"name": unit.name},
        crumbs=unit_selectors.crumbs(unit),
    )


# -- poor households -------------------------------------------------------------------------


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
    statuses = selectors.statuses_in(unit=unit, year=year).order_by(
        "household__area__path", "household__head_name"
    )
    show = request.GET.get("show", "")
    if show == "unsupported":
        statuses = statuses.filter(status=PovertyStatus.POOR, supporter_kind="")
    elif show == "mine":
        # a member organization's own list: the households it was assigned to support
        statuses = statuses.filter(supporter_org__users=request.user)
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
            "page": page,
            "show": show,
            "statuses": PovertyStatus.choices,
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
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tình trạng của hộ."))
            return redirect("residential_areas:household_detail", pk=household.pk)
    return _form_page(
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
            _form_errors(form, exc)
        else:
            return redirect("poverty_fund:house_detail", pk=house.pk)
    return _form_page(
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


# -- the public page (no login) --------------------------------------------------------------


def public_index(request):
    funds = Fund.objects.filter(is_published=True).select_related("unit").order_by("unit__path")
    q = request.GET.get("q", "").strip()
    if q:
        funds = funds.filter(unit__search_name__contains=fold(q))
    page = Paginator(funds, 100).get_page(request.GET.get("page"))
    return render(request, "poverty_fund/public_index.html", {"page": page, "q": q})


def public_fund(request, pk):
    fund = get_object_or_404(Fund.objects.select_related("unit"), pk=pk, is_published=True)
    period = forms.PeriodForm(request.GET or None)
    start, end = period.period()
    q = period.cleaned_data.get("q", "") if period.is_valid() else ""
    donations = selectors.public_donations(fund=fund, start=start, end=end, q=q)
    disbursements = selectors.public_disbursements(fund=fund, start=start, end=end, q=q)
    fmt = request.GET.get("format")
    stem = f"cong-khai-quy-{fund.unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        content = exports.public_xlsx(
            fund=fund, start=start, end=end, donations=donations, disbursements=disbursements
        )
        return _file(content, f"{stem}.xlsx", XLSX)
    if fmt == "pdf":
        content = exports.public_pdf(
            fund=fund,
            start=start,
            end=end,
            donations=donations,
            disbursements=disbursements,
            request=request,
        )
        return _file(content, f"{stem}.pdf", "application/pdf")
    st = selectors.fund_statement(funds=Fund.objects.filter(pk=fund.pk), start=start, end=end)
    donation_page = Paginator(donations, 100).get_page(request.GET.get("page"))
    spent_page = Paginator(disbursements, 100).get_page(request.GET.get("trang_chi"))
    spent = [(d, selectors.public_beneficiary(d)) for d in spent_page.object_list]
    return render(
        request,
        "poverty_fund/public_fund.html",
        {
            "fund": fund,
            "st": st,
            "period": period,
            "start": start,
            "end": end,
            "q": q,
            "page": donation_page,
            "spent": spent,
            "spent_page": spent_page,
            "query": request.GET,
        },
    )
