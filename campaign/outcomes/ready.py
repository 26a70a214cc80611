"""Hooks of the outcomes part of campaign, called from CampaignConfig.ready(): the menu entry,
the yearly form's prefill of the statuses and model areas, and the cached parts' versions."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

NAV_ENTRY = (
    _("Nông thôn mới, đô thị văn minh"),
    "outcomes:index",
    "outcomes",
    frozenset(
        {
            Role.PROVINCE_ADMIN,
            Role.MOVEMENT_BOARD,
            Role.DISTRICT_COMMITTEE,
            Role.COMMUNE_COMMITTEE,
            Role.VIEWER,
        }
    ),
)


def outcomes_prefill(unit, year):
    """The communes at each level and the model areas and gardens under the reporting unit, at
    the end of the year, from the decisions recorded on the portal."""
    from ..results.prefill import PrefillValue
    from .selectors import status_totals_for

    totals = status_totals_for(unit, year)
    source = _("Quyết định công nhận ghi trên Cổng (đến 31/12/%(y)s)") % {"y": year}
    return {code: PrefillValue(value, str(source)) for code, value in totals.items()}


def ready() -> None:
    from core.navigation import add_entry

    from ..results.prefill import register

    register(outcomes_prefill)
    add_entry(NAV_ENTRY)
