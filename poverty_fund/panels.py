"""Panels on other apps' pages: the household (poverty history, support received) and the
Great Unity festival (money the fund collected on the day)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts import scope

from .lineage import Lineage
from .models import Disbursement, Donation, House, HouseholdStatus
from .selectors import (
    FUND_ROLES,
    SIGNED,
    STATUS_ROLES,
    festival_fund,
    festival_receipt,
)
from .services import festival_money_check


def poverty_panel(household, user):
    # the household page already checked scope; ask again so the panel never leaks by itself
    if not scope.can_see(user, household.area):
        return None
    statuses = list(
        HouseholdStatus.objects.filter(household=household)
        .select_related("supporter_org", "standard")
        .order_by("-year")
    )
    # the commune of each year: across the merger of 1/7/2025, 2024 under the old one
    tree = Lineage()
    for status in statuses:
        day = status.surveyed_on or datetime.date(status.year, 12, 31)
        commune = tree.commune_on(household.area, day)
        status.commune = commune if commune is not None and commune.is_valid_on(day) else None
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
    """The festival page (18/11): what the commune's fund collected on the day, and the
    festival's own money: posted to the fund (with its receipt), or the way to post it."""
    area = festival.area
    if not scope.can_see(user, area):
        return None
    fund = festival_fund(festival)
    if fund is None and festival.money_raised <= 0:
        return None
    context = {
        "fund": fund,
        "day": festival.held_on,
        "festival": festival,
        "receipt": festival_receipt(festival),
        "refusal": [],
        "can_act": scope.can_act(user, fund.unit if fund else area, FUND_ROLES),
        # the receipt's PDF opens within the fund's scope only (a residential board's is below)
        "can_see_fund": fund is not None and scope.can_see(user, fund.unit),
    }
    if fund is not None:
        donations = Donation.objects.filter(fund=fund, date=festival.held_on)
        totals = donations.aggregate(
            total=Coalesce(Sum(SIGNED), Value(0), output_field=BigIntegerField()),
            count=Count("pk", filter=Q(reverses__isnull=True)),
        )
        context.update(
            total=totals["total"],
            count=totals["count"],
            batches=list(fund.batches.filter(date=festival.held_on).order_by("pk")),
        )
    if context["receipt"] is None and festival.money_raised > 0 and context["can_act"]:
        try:
            festival_money_check(festival=festival)
        except ValidationError as exc:
            context["refusal"] = exc.messages
    return {
        "title": _("Quỹ Vì người nghèo trong ngày hội"),
        "template": "poverty_fund/festival_panel.html",
        "context": context,
        "order": 50,
    }
