"""The household page panel: poverty history and support received."""

from django.utils.translation import gettext as _

from accounts import scope

from .models import Disbursement, House, HouseholdStatus
from .selectors import FUND_ROLES, STATUS_ROLES


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
