"""The province admin opens a reporting year: indicator set, period, extensions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import Role

from .. import selectors, services
from ..forms import ExtensionForm, IndicatorForm, YearOpenForm
from ..models import Indicator, IndicatorSet, ReportingPeriod

ADMIN_ONLY = "Chỉ Ban Thường trực tỉnh (quản trị) mở năm báo cáo và ban hành bộ chỉ tiêu."


def _require_admin(request):
    if not scope.has_role(request.user, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_(ADMIN_ONLY))


@login_required
def year_list(request):
    _require_admin(request)
    form = YearOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.year_open(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Đã mở năm báo cáo %(y)s (bộ chỉ tiêu dự thảo).") % {"y": period.year}
            )
            return redirect("campaign:indicator_set", pk=period.indicator_set_id)
    periods = ReportingPeriod.objects.select_related("indicator_set").order_by("-year")
    return render(request, "campaign/years.html", {"form": form, "periods": periods})


@login_required
def indicator_set(request, pk):
    _require_admin(request)
    iset = get_object_or_404(IndicatorSet, pk=pk)
    period = iset.periods.first()
    ext_form = None
    if period is not None:
        units = selectors.expected_units(period=period).order_by("path")
        ext_form = ExtensionForm(request.POST or None, units=units)
        if request.method == "POST" and ext_form.is_valid():
            try:
                services.extension_grant(by=request.user, period=period, **ext_form.cleaned_data)
            except ValidationError as exc:
                ext_form.add_error(None, exc)
            else:
                messages.success(request, _("Đã gia hạn báo cáo."))
                return redirect("campaign:indicator_set", pk=iset.pk)
    indicators = iset.indicators.select_related("content_area").order_by(
        "content_area__number", "order"
    )
    return render(
        request,
        "campaign/indicator_set.html",
        {
            "iset": iset,
            "period": period,
            "indicators": indicators,
            "ext_form": ext_form,
            "extensions": period.extensions.select_related("unit") if period else [],
        },
    )


@login_required
@require_POST
def indicator_set_publish(request, pk):
    _require_admin(request)
    iset = get_object_or_404(IndicatorSet, pk=pk)
    try:
        services.indicator_set_publish(indicator_set=iset, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ban hành bộ chỉ tiêu; các đơn vị có thể lập báo cáo."))
    return redirect("campaign:indicator_set", pk=iset.pk)


@login_required
def indicator_edit(request, pk):
    _require_admin(request)
    indicator = get_object_or_404(Indicator.objects.select_related("indicator_set"), pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator=indicator,
                by=request.user,
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("campaign:indicator_set", pk=indicator.indicator_set_id)
    return render(request, "campaign/indicator_form.html", {"form": form, "indicator": indicator})
