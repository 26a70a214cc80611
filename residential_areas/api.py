import datetime

import django_filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.filters import DATE_HELP, DayFilter, SubtreeFilterSet

from . import selectors
from .models import AdministrativeUnit, AreaType, Household, UnitKind, UnitLevel


# a unit as the lists show it beside their rows: enough to name it without a second call (a
# comment, not a docstring: the docstring would be the component's English description)
class UnitBriefSerializer(serializers.ModelSerializer):
    level = serializers.CharField(
        source="get_level_display", help_text="Cấp đơn vị (Cấp tỉnh, Cấp huyện, Cấp xã, Khu dân cư)"
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Mã số đơn vị trong cổng"},
            "code": {"help_text": "Mã đơn vị hành chính chính thức"},
        }


class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit read as {id, code, name, level} and written as its id. Select the unit with the
    row (select_related) so a list stays one query."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return UnitBriefSerializer(value).data


class UnitFieldScheme(OpenApiSerializerFieldExtension):
    target_class = UnitField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(UnitBriefSerializer, direction).ref
        return build_basic_type(OpenApiTypes.INT)


def unit_brief(**kwargs) -> UnitBriefSerializer:
    """The nested unit of a read-only row."""
    return UnitBriefSerializer(read_only=True, **kwargs)


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
    parent = django_filters.NumberFilter(
        field_name="parent_id", label="Mã số (id) đơn vị cấp trên: chỉ các đơn vị trực thuộc"
    )
    code = django_filters.CharFilter(
        max_length=20, label="Mã đơn vị hành chính chính thức (đúng từng ký tự)"
    )
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label="Cấp đơn vị")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label="Loại đơn vị")
    area_type = django_filters.ChoiceFilter(choices=AreaType.choices, label="Khu vực")
    q = django_filters.CharFilter(
        method="filter_q", label="Tìm theo tên hoặc mã (không phân biệt dấu, chữ hoa/thường)"
    )
    as_of = DayFilter(
        method="filter_as_of",
        label=f"Cây đơn vị tại ngày ({DATE_HELP}): chỉ các đơn vị còn hiệu lực ngày đó",
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["parent", "code", "level", "kind", "area_type"]

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
    area = unit_brief(help_text="Khu dân cư của hộ")

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
    area = django_filters.NumberFilter(label="Mã số (id) khu dân cư: chỉ các hộ của khu đó")
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
        qs = Household.objects.select_related("area")
        return scope.filter_by_scope(qs, self.request.user, "area").order_by("pk")


router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("households", HouseholdViewSet, basename="household")
