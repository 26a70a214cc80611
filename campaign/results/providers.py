"""Prefill providers that campaign itself knows: the population figures of the subtree."""

from django.db.models import Sum

from residential_areas.models import UnitStatistic

from .prefill import PrefillValue, register


@register
def population(unit, year):
    totals = UnitStatistic.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        households=Sum("households"), population=Sum("population")
    )
    source = f"Số liệu dân cư năm {year} của các khu dân cư trực thuộc"
    return {
        "households_total": PrefillValue(totals["households"] or 0, source),
        "population_total": PrefillValue(totals["population"] or 0, source),
    }
