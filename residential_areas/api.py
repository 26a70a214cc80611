import datetime

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.filters import SubtreeFilterSet

from . import selectors
from .models import AdministrativeUnit, AreaType, Household, UnitKind, UnitLevel


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "area_type",
            "parent",
            "path",
            "valid_from",
            "valid_to",
            "successor",
        ]
        read_only_fields = fields


class UnitFilter(django_filters.FilterSet):
    parent = django_filters.NumberFilter(field_name="parent_id")
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices)
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    area_type = django_filters.ChoiceFilter(choices=AreaType.choices)
    q = django_filters.CharFilter(method="filter_q", label="Tìm kiếm (không phân biệt dấu)")
    as_of = django_filters.DateFilter(
        method="filter_as_of", label="Cây đơn vị tại ngày (YYYY-MM-DD)"
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["parent", "level", "kind", "area_type"]

    def filter_q(self, qs, name, value):
        return selectors.units_search(qs=qs, q=value)

    def filter_as_of(self, qs, name, value: datetime.date):
        return qs.as_of(value)


@extend_schema_view(
    list=extend_schema(summary="Danh sách đơn vị hành chính trong phạm vi"),
    retrieve=extend_schema(summary="Một đơn vị hành chính"),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    queryset = AdministrativeUnit.objects.none()

    def get_queryset(self):
        return scope.visible_units(self.request.user).order_by("path")


class HouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = [
            "id",
            "area",
            "code",
            "head_name",
            "head_birth_year",
            "address",
            "members",
            "is_active",
        ]
        read_only_fields = fields


class HouseholdFilter(SubtreeFilterSet):
    unit_path_field = "area__path"
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên chủ hộ hoặc mã hộ")

    class Meta:
        model = Household
        fields = ["area"]

    def filter_q(self, qs, name, value):
        return selectors.households_search(qs=qs, q=value)


@extend_schema_view(
    list=extend_schema(summary="Danh sách hộ gia đình trong phạm vi"),
    retrieve=extend_schema(summary="Một hộ gia đình"),
)
class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    queryset = Household.objects.none()

    def get_queryset(self):
        return scope.filter_by_scope(Household.objects.all(), self.request.user, "area").order_by(
            "pk"
        )


router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("households", HouseholdViewSet, basename="household")
