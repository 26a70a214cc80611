"""Prefill providers for the yearly results form: fund, houses and poor households."""

from django.db.models import BigIntegerField, Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from campaign.results.prefill import PrefillValue

from .models import Disbursement, Donation, House, HouseKind, HouseStatus
from .selectors import SIGNED, coverage


def _net(model, unit, year) -> int:
    return model.objects.filter(fund__unit__path__startswith=unit.path, date__year=year).aggregate(
        t=Coalesce(Sum(SIGNED), Value(0), output_field=BigIntegerField())
    )["t"]


def fund_figures(unit, year):
    """Money raised and spent by the funds of the subtree, houses handed over, poor households
    and the share of them with a supporter, households that left poverty and near-poverty
    (apart); a handful of aggregate queries whatever the size."""
    fund_source = f"Sổ quỹ Vì người nghèo năm {year} của các quỹ trực thuộc"
    houses = House.objects.filter(
        household__area__path__startswith=unit.path,
        status=HouseStatus.HANDED_OVER,
        handed_over_on__year=year,
    ).aggregate(
        new=Count("pk", filter=Q(kind=HouseKind.NEW)),
        repair=Count("pk", filter=Q(kind=HouseKind.REPAIR)),
    )
    house_source = f"Nhà Đại đoàn kết bàn giao trong năm {year}"
    cov = coverage(unit=unit, year=year)
    status_source = f"Danh sách hộ nghèo, cận nghèo năm {year}"
    return {
        "fund_raised": PrefillValue(_net(Donation, unit, year), fund_source),
        "fund_spent": PrefillValue(_net(Disbursement, unit, year), fund_source),
        "houses_built": PrefillValue(houses["new"], house_source),
        "houses_repaired": PrefillValue(houses["repair"], house_source),
        "poor_households": PrefillValue(cov["poor"], status_source),
        "near_poor_households": PrefillValue(cov["near_poor"], status_source),
        "poor_households_with_supporter_pct": PrefillValue(cov["supported_pct"], status_source),
        # leaving poverty and leaving near-poverty are two figures, never one sum
        "households_left_poverty": PrefillValue(cov["left"], status_source),
        "households_left_near_poverty": PrefillValue(cov["left_near_poor"], status_source),
        "hardship_households": PrefillValue(cov["hard"], status_source),
    }
