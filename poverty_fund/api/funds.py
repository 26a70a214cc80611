"""Standards, household status, funds with their balances, and Great Unity houses: read-only."""

import django_filters
from django.db.models import BigIntegerField, Sum, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from accounts import scope
from residential_areas.api import unit_brief

from .. import selectors
from ..models import Fund, House, HouseholdStatus, PovertyStandard
from ._common import UnitFilter

# -- standards and household status ---------------------------------------------------------


class PovertyStandardSerializer(serializers.ModelSerializer):
    class Meta:
        model = PovertyStandard
        fields = [
            "id",
            "name",
            "legal_basis",
            "first_year",
            "last_year",
            "income_line_rural",
            "income_line_urban",
            "middle_line_rural",
            "middle_line_urban",
            "poor_min_deprivations",
            "indicators",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Chuẩn nghèo theo giai đoạn"),
    retrieve=extend_schema(summary="Một chuẩn nghèo"),
)
class PovertyStandardViewSet(viewsets.ReadOnlyModelViewSet):
    # public norms of the state: the same for every user
    serializer_class = PovertyStandardSerializer
    queryset = PovertyStandard.objects.order_by("first_year")


class HouseholdStatusSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    supporter = serializers.CharField(source="supporter_display", read_only=True)
    area = unit_brief(source="household.area", help_text="Khu dân cư của hộ")

    class Meta:
        model = HouseholdStatus
        fields = [
            "id",
            "household",
            "area",
            "year",
            "status",
            "status_display",
            "exit",
            "is_hardship",
            "area_line",
            "surveyed_on",
            "basis",
            "standard",
            "income_per_person_month",
            "deprivations",
            "decision_number",
            "decision_date",
            "supporter_kind",
            "supporter_org",
            "supporter",
        ]
        read_only_fields = fields


class HouseholdStatusFilter(UnitFilter):
    unit_path_field = "household__area__path"
    # a strict choice: "null" or "unknown" are refused, not read as "no filter"
    without_supporter = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_without",
        label="Hộ nghèo chưa có đơn vị hỗ trợ",
    )

    class Meta:
        model = HouseholdStatus
        fields = ["year", "status", "exit", "is_hardship", "household"]

    def filter_without(self, qs, name, value):
        if value == "true":
            return qs.filter(status="poor", supporter_kind="")
        return qs


@extend_schema_view(
    list=extend_schema(summary="Tình trạng nghèo của hộ theo năm (trong phạm vi)"),
    retrieve=extend_schema(summary="Tình trạng nghèo của một hộ trong một năm"),
)
class HouseholdStatusViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HouseholdStatusSerializer
    filterset_class = HouseholdStatusFilter
    queryset = HouseholdStatus.objects.none()

    def get_queryset(self):
        return scope.filter_by_scope(
            HouseholdStatus.objects.select_related("supporter_org", "household__area"),
            self.request.user,
            "household__area",
        ).order_by("-year", "pk")


# -- funds -----------------------------------------------------------------------------------


class FundSerializer(serializers.ModelSerializer):
    unit = unit_brief(help_text="Đơn vị giữ quỹ")
    donated = serializers.IntegerField(read_only=True)
    spent = serializers.IntegerField(read_only=True)
    transferred_in = serializers.IntegerField(read_only=True)
    transferred_out = serializers.IntegerField(read_only=True)
    balance = serializers.IntegerField(read_only=True)

    class Meta:
        model = Fund
        fields = [
            "id",
            "unit",
            "name",
            "is_published",
            "donated",
            "spent",
            "transferred_in",
            "transferred_out",
            "balance",
        ]
        read_only_fields = fields


class FundFilter(UnitFilter):
    class Meta:
        model = Fund
        fields = ["unit"]


@extend_schema_view(
    list=extend_schema(summary="Các quỹ Vì người nghèo trong phạm vi, với số dư"),
    retrieve=extend_schema(summary="Một quỹ và số dư"),
)
class FundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundSerializer
    filterset_class = FundFilter
    queryset = Fund.objects.none()

    def get_queryset(self):
        qs = scope.filter_by_scope(Fund.objects.all(), self.request.user, "unit")
        return selectors.funds_with_balance(qs).order_by("unit__path")


# -- houses ----------------------------------------------------------------------------------


class HouseSerializer(serializers.ModelSerializer):
    support_total = serializers.IntegerField(read_only=True)
    area = unit_brief(source="household.area", help_text="Khu dân cư của hộ")
    supports = serializers.SerializerMethodField()

    class Meta:
        model = House
        fields = [
            "id",
            "household",
            "area",
            "kind",
            "year",
            "status",
            "decision_number",
            "approved_on",
            "started_on",
            "handed_over_on",
            "default_support",
            "support_total",
            "supports",
        ]
        read_only_fields = fields

    def get_supports(self, obj) -> list[dict]:
        return [
            {"source": s.source, "amount": s.amount, "labour_days": s.labour_days}
            for s in obj.supports.all()
        ]


class HouseFilter(UnitFilter):
    unit_path_field = "household__area__path"

    class Meta:
        model = House
        fields = ["year", "kind", "status", "household"]


@extend_schema_view(
    list=extend_schema(summary="Nhà Đại đoàn kết trong phạm vi"),
    retrieve=extend_schema(summary="Một nhà Đại đoàn kết và các nguồn hỗ trợ"),
)
class HouseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HouseSerializer
    filterset_class = HouseFilter
    queryset = House.objects.none()

    def get_queryset(self):
        qs = scope.filter_by_scope(
            House.objects.select_related("household__area"), self.request.user, "household__area"
        )
        return (
            qs.prefetch_related("supports")
            .annotate(
                support_total=Coalesce(
                    Sum("supports__amount"), Value(0), output_field=BigIntegerField()
                )
            )
            .order_by("-year", "pk")
        )
