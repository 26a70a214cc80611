"""The books: funds, donations, disbursements, transfers, reversals, receipts, statements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from core import fragments
from residential_areas import selectors as unit_selectors
from residential_areas.models import UnitLevel

from .. import exports, forms, selectors, services
from ..models import Disbursement, Donation, Fund, House, Transfer
from ..selectors import FUND_ROLES
from ._common import XLSX, file_response, form_errors, form_page, fund_url

ENTRY_MODELS = {"ung-ho": Donation, "chi": Disbursement, "dieu-chuyen": Transfer}


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


def _duplicate_reference(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("bank_reference", [])
    return any(e.code == "duplicate_reference" for e in errors)


@login_required
def donation_create(request, pk):
    fund = selectors.fund_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token")
        try:
            donation, created = services.donation_post(
                fund=fund, by=request.user, request_key=token, **data
            )
        except ValidationError as exc:
            if _duplicate_reference(exc):
                # a bank reference the fund already holds: shown, and asked to be confirmed
                form = forms.DonationForm(request.POST, ask_confirm=True)
                form.is_valid()
            form_errors(form, exc)
        else:
            if created:
                text = _("Đã ghi phiếu thu số %(label)s.")
            else:
                text = _(
                    "Biểu mẫu này đã được ghi: phiếu thu số %(label)s, không ghi thêm lần nữa."
                )
            messages.success(request, text % {"label": donation.receipt_label})
            return redirect("poverty_fund:fund_detail", pk=fund.pk)
    return form_page(
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
            form_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi %(n)s phiếu thu của đợt thu.") % {"n": batch.donations.count()}
            )
            return redirect("poverty_fund:fund_detail", pk=fund.pk)
    return form_page(
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
        unit=fund.unit,
        initial={"household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_create(fund=fund, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi khoản chi."))
            return redirect(f"{fund_url(fund)}?tab=chi")
    return form_page(
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
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi điều chuyển."))
            return redirect(f"{fund_url(fund)}?tab=dieu-chuyen")
    return form_page(
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
    return file_response(pdf, name, "application/pdf")


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
        shared=True,  # only read: shown, or written to the PDF or XLSX
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
        return file_response(exports.statement_xlsx(st, title), f"{stem}.xlsx", XLSX)
    if fmt == "pdf":
        return file_response(
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


def _fund_read(request, pk: int) -> Fund:
    """fund_get_for_user() for the statement, which only reads: the fund and its unit from the
    cache while the books and the tree stand (a saved fund bumps them), then the same scope
    check. The query was a seventh of the page's time."""

    def load() -> Fund | None:
        return Fund.objects.select_related("unit").filter(pk=pk).first()

    fund = fragments.cached("fund-row", load, kinds=("fund", "tree"), key=(pk,))
    if fund is None or not scope.can_see(request.user, fund.unit):
        raise Http404(scope.NOT_IN_SCOPE)
    return fund


@login_required
def fund_statement(request, pk):
    fund = _fund_read(request, pk)
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
