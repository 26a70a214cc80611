"""The Great Unity festival's money (Ngày hội Đại đoàn kết, 18/11) entering the fund's book: a
page that says what will be posted, where, and that a posted receipt is final, then posts it.

The festival lives in `campaign`, below this app: its page shows this one through the panel
registered in `apps.py` (panels.festival_panel), which links here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import scope
from campaign.activities.selectors import festival_get_for_user
from residential_areas import selectors as unit_selectors

from .. import selectors, services
from ..selectors import FUND_ROLES


@login_required
def festival_money(request, festival_pk):
    # 404 outside the festival's scope; 403 for a role that may not post to the fund
    festival = festival_get_for_user(user=request.user, pk=festival_pk)
    fund = selectors.festival_fund(festival)
    if not scope.can_act(request.user, fund.unit if fund else festival.area, FUND_ROLES):
        raise PermissionDenied(scope.READ_ONLY)
    refusal = []
    if request.method == "POST":
        try:
            donation = services.festival_money_post(festival=festival, by=request.user)
        except ValidationError as exc:
            refusal = exc.messages
        else:
            messages.success(
                request,
                _("Đã chuyển tiền ngày hội vào %(fund)s: phiếu thu số %(receipt)s.")
                % {"fund": donation.fund.name, "receipt": donation.receipt_label},
            )
            return redirect("activities:festival_detail", pk=festival.pk)
    else:
        try:
            services.festival_money_check(festival=festival)
        except ValidationError as exc:
            refusal = exc.messages
    return render(
        request,
        "poverty_fund/festival_money.html",
        {
            "festival": festival,
            "fund": fund,
            "receipt": selectors.festival_receipt(festival),
            "refusal": refusal,
            "crumbs": unit_selectors.crumbs(festival.area),
        },
    )
