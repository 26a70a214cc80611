"""The household page panel: poverty history and support received."""

from django.utils.translation import gettext as _

from accounts import scope

from .models import Disbursement, House, HouseholdStatus


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
    if not (statuses or disbursements or houses):
        return None
    return {
        "title": _("Hộ nghèo và hỗ trợ đã nhận"),
        "template": "poverty_fund/household_panel.html",
        "context": {"statuses": statuses, "disbursements": disbursements, "houses": houses},
        "order": 50,
    }
