"""Panels on other apps' pages: the household (poverty history, support received) and the
Great Unity festival (money the fund collected on the day)."""

from django.db.models import BigIntegerField, Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts import scope

from .models import Disbursement, Donation, Fund, House, HouseholdStatus
from .selectors import FUND_ROLES, SIGNED, STATUS_ROLES


def poverty_panel(household, user):
    # the household page already checked scope; ask again so the panel never leaks by itself
    if not scope.can_see(user, household.area):
        return None
    statuses = list(
        HouseholdStatus.objects.filter(household=household)
        .select_related("supporter_org", "standard")
        .order_by("-year")
    )
    disbursements = list(
        Disbursement.objects.filter(household=household)
        .select_related("fund", "reverses")
        .order_by("-date", "-pk")
    )
    houses = list(
        House.objects.filter(household=household).prefetch_related("supports").order_by("-year")
    )
    return {
        "title": _("Hộ nghèo và hỗ trợ đã nhận"),
        "template": "poverty_fund/household_panel.html",
        "context": {
            "household": household,
            "statuses": statuses,
            "disbursements": disbursements,
            "houses": houses,
            "can_edit_status": scope.can_act(user, household.area, STATUS_ROLES),
            "can_act_fund": scope.can_act(user, household.area, FUND_ROLES),
        },
        "order": 50,
    }


def festival_panel(festival, user):
    """The festival page (18/11): what the commune's fund collected on the day."""
    area = festival.area
    if not scope.can_see(user, area):
        return None
    fund = (
        Fund.objects.filter(unit_id__in=area.ancestor_ids)
        .select_related("unit")
        .order_by("-unit__path")
        .first()
    )
    if fund is None:
        return None
    donations = Donation.objects.filter(fund=fund, date=festival.held_on)
    totals = donations.aggregate(
        total=Coalesce(Sum(SIGNED), Value(0), output_field=BigIntegerField()),
        count=Count("pk", filter=Q(reverses__isnull=True)),
    )
    return {
        "title": _("Quỹ Vì người nghèo trong ngày hội"),
        "template": "poverty_fund/festival_panel.html",
        "context": {
            "fund": fund,
            "day": festival.held_on,
            "total": totals["total"],
            "count": totals["count"],
            "batches": list(fund.batches.filter(date=festival.held_on).order_by("pk")),
            "can_act": scope.can_act(user, fund.unit, FUND_ROLES),
        },
        "order": 50,
    }
