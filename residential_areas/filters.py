"""The API filter every scoped list shares: a unit's subtree."""

import django_filters

from .models import AdministrativeUnit


class SubtreeFilterSet(django_filters.FilterSet):
    """`?unit=<id>`: rows whose unit lies in that unit's subtree. The scope rule has already
    narrowed the queryset, so a unit outside scope simply yields nothing."""

    unit_path_field = "unit__path"  # the path to the row's AdministrativeUnit.path
    unit = django_filters.NumberFilter(method="filter_unit", label="Đơn vị (cả cây con)")

    def filter_unit(self, qs, name, value):
        unit = AdministrativeUnit.objects.filter(pk=value).first()
        if unit is None:
            return qs.none()
        return qs.filter(**{f"{self.unit_path_field}__startswith": unit.path})
