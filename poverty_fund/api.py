"""API of the Fund for the Poor: scoped like the pages, money as integers (whole đồng).

Writes go through the same services as the pages; posted entries are never updated or
deleted: `POST .../{id}/reverse/` posts a reversal entry.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BigIntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.filters import SubtreeFilterSet
from residential_areas.models import Household

from . import selectors, services
from .models import (
    Channel,
    Disbursement,
    Donation,
    DonorKind,
    Drive,
    Fund,
    House,
    HouseholdStatus,
    PovertyStandard,
    Purpose,
    Transfer,
)

router = SimpleRouter()


def _service(call):
    """Run a service; its Django ValidationError becomes a 400 with the same messages."""
    try:
        return call()
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(exc.message_dict) from None
        raise ValidationError({"non_field_errors": exc.messages}) from None


class UnitFilter(SubtreeFilterSet):
    unit_path_field = "unit__path"


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

    class Meta:
        model = HouseholdStatus
        fields = [
            "id",
            "household",
            "year",
            "status",
            "status_display",
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
        fields = ["year", "status", "household"]

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
            HouseholdStatus.objects.select_related("supporter_org"),
            self.request.user,
            "household__area",
        ).order_by("-year", "pk")


# -- funds -----------------------------------------------------------------------------------


class FundSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
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
            "unit_name",
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


# -- entries ---------------------------------------------------------------------------------


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, post; never update or delete. Reversal is an action."""

    model = None
    unit_field = "fund__unit"
    input_serializer_class = None

    def get_queryset(self):
        return scope.filter_by_scope(
            self.model.objects.all(), self.request.user, self.unit_field
        ).order_by("-date", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return self.input_serializer_class
        if self.action == "reverse":
            return ReverseSerializer
        return self.serializer_class

    def create(self, request, *args, **kwargs):
        data = self.input_serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        entry = _service(lambda: self.post_entry(dict(data.validated_data)))
        return Response(self.serializer_class(entry).data, status=status.HTTP_201_CREATED)

    def _fund(self, pk) -> Fund:
        return selectors.fund_get_for_user(user=self.request.user, pk=pk, write=True)

    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        entry = selectors.entry_get_for_user(user=request.user, model=self.model, pk=pk, write=True)
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        back = _service(
            lambda: services.entry_reverse(
                entry=entry, reason=data.validated_data["reason"], by=request.user
            )
        )
        return Response(self.serializer_class(back).data, status=status.HTTP_201_CREATED)


class DonationSerializer(serializers.ModelSerializer):
    receipt = serializers.CharField(source="receipt_label", read_only=True)

    class Meta:
        model = Donation
        fields = [
            "id",
            "fund",
            "receipt_year",
            "receipt_number",
            "receipt",
            "donor_name",
            "donor_kind",
            "is_anonymous",
            "amount",
            "date",
            "channel",
            "bank_reference",
            "in_kind_description",
            "drive",
            "note",
            "reverses",
            "reason",
            "posted_at",
        ]
        read_only_fields = fields


class DonationInputSerializer(serializers.Serializer):
    fund = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    donor_name = serializers.CharField(max_length=200)
    donor_kind = serializers.ChoiceField(choices=DonorKind.choices)
    donor_address = serializers.CharField(max_length=255, required=False, default="")
    is_anonymous = serializers.BooleanField(required=False, default=False)
    channel = serializers.ChoiceField(choices=Channel.choices)
    bank_reference = serializers.CharField(max_length=100, required=False, default="")
    in_kind_description = serializers.CharField(max_length=255, required=False, default="")
    drive = serializers.ChoiceField(choices=Drive.choices)
    note = serializers.CharField(max_length=255, required=False, default="")


class DonationFilter(UnitFilter):
    unit_path_field = "fund__unit__path"

    class Meta:
        model = Donation
        fields = ["fund", "receipt_year", "drive", "donor_kind", "channel"]


@extend_schema_view(
    list=extend_schema(summary="Các khoản ủng hộ (phiếu thu) trong phạm vi"),
    retrieve=extend_schema(summary="Một khoản ủng hộ"),
    create=extend_schema(
        summary="Ghi nhận một khoản ủng hộ (cấp số phiếu thu liên tục)",
        responses={201: DonationSerializer, 400: OpenApiResponse(description="Dữ liệu sai")},
    ),
    reverse=extend_schema(
        summary="Lập bút toán đảo", responses={201: DonationSerializer, 400: OpenApiResponse()}
    ),
)
class DonationViewSet(EntryViewSet):
    model = Donation
    serializer_class = DonationSerializer
    input_serializer_class = DonationInputSerializer
    filterset_class = DonationFilter
    queryset = Donation.objects.none()

    def post_entry(self, data):
        fund = self._fund(data.pop("fund"))
        return services.donation_create(fund=fund, by=self.request.user, **data)


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = [
            "id",
            "fund",
            "purpose",
            "household",
            "beneficiary",
            "house",
            "amount",
            "date",
            "decision_number",
            "approved_by",
            "note",
            "reverses",
            "reason",
            "posted_at",
        ]
        read_only_fields = fields


class DisbursementInputSerializer(serializers.Serializer):
    fund = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    household = serializers.IntegerField(required=False, allow_null=True, default=None)
    house = serializers.IntegerField(required=False, allow_null=True, default=None)
    beneficiary = serializers.CharField(max_length=255, required=False, default="")
    decision_number = serializers.CharField(max_length=60)
    approved_by = serializers.CharField(max_length=120)
    note = serializers.CharField(max_length=255, required=False, default="")


class DisbursementFilter(UnitFilter):
    unit_path_field = "fund__unit__path"

    class Meta:
        model = Disbursement
        fields = ["fund", "purpose", "household"]


@extend_schema_view(
    list=extend_schema(summary="Các khoản chi trong phạm vi"),
    retrieve=extend_schema(summary="Một khoản chi"),
    create=extend_schema(
        summary="Chi hỗ trợ (không vượt số dư quỹ)",
        responses={201: DisbursementSerializer, 400: OpenApiResponse(description="Dữ liệu sai")},
    ),
    reverse=extend_schema(
        summary="Lập bút toán đảo",
        responses={201: DisbursementSerializer, 400: OpenApiResponse()},
    ),
)
class DisbursementViewSet(EntryViewSet):
    model = Disbursement
    serializer_class = DisbursementSerializer
    input_serializer_class = DisbursementInputSerializer
    filterset_class = DisbursementFilter
    queryset = Disbursement.objects.none()

    def post_entry(self, data):
        fund = self._fund(data.pop("fund"))
        household_id, house_id = data.pop("household"), data.pop("house")
        household = house = None
        if household_id:
            household = scope.get_in_scope(
                Household.objects.select_related("area"),
                self.request.user,
                unit_field="area",
                pk=household_id,
            )
        if house_id:
            house = selectors.house_get_for_user(user=self.request.user, pk=house_id)
        return services.disbursement_create(
            fund=fund, household=household, house=house, by=self.request.user, **data
        )


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transfer
        fields = [
            "id",
            "from_fund",
            "to_fund",
            "amount",
            "date",
            "decision_number",
            "note",
            "reverses",
            "reason",
            "posted_at",
        ]
        read_only_fields = fields


class TransferInputSerializer(serializers.Serializer):
    from_fund = serializers.IntegerField()
    to_fund = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    decision_number = serializers.CharField(max_length=60)
    note = serializers.CharField(max_length=255, required=False, default="")


class TransferFilter(django_filters.FilterSet):
    fund = django_filters.NumberFilter(method="filter_fund", label="Quỹ (chuyển hoặc nhận)")

    class Meta:
        model = Transfer
        fields = ["from_fund", "to_fund"]

    def filter_fund(self, qs, name, value):
        return qs.filter(Q(from_fund=value) | Q(to_fund=value))


@extend_schema_view(
    list=extend_schema(summary="Điều chuyển giữa các quỹ (quỹ chuyển hoặc nhận trong phạm vi)"),
    retrieve=extend_schema(summary="Một điều chuyển"),
    create=extend_schema(
        summary="Điều chuyển sang quỹ khác cấp (ghi cả hai phía)",
        responses={201: TransferSerializer, 400: OpenApiResponse(description="Dữ liệu sai")},
    ),
    reverse=extend_schema(
        summary="Lập bút toán đảo", responses={201: TransferSerializer, 400: OpenApiResponse()}
    ),
)
class TransferViewSet(EntryViewSet):
    model = Transfer
    serializer_class = TransferSerializer
    input_serializer_class = TransferInputSerializer
    filterset_class = TransferFilter
    queryset = Transfer.objects.none()

    def get_queryset(self):
        user = self.request.user
        return (
            Transfer.objects.filter(
                scope.scope_q(user, "from_fund__unit") | scope.scope_q(user, "to_fund__unit")
            )
            .distinct()
            .order_by("-date", "-pk")
        )

    def post_entry(self, data):
        from_fund = self._fund(data.pop("from_fund"))
        to_fund = Fund.objects.select_related("unit").filter(pk=data.pop("to_fund")).first()
        if to_fund is None:
            raise ValidationError({"to_fund": ["Không tìm thấy quỹ nhận."]})
        return services.transfer_create(
            from_fund=from_fund, to_fund=to_fund, by=self.request.user, **data
        )


# -- houses ----------------------------------------------------------------------------------


class HouseSerializer(serializers.ModelSerializer):
    support_total = serializers.IntegerField(read_only=True)
    supports = serializers.SerializerMethodField()

    class Meta:
        model = House
        fields = [
            "id",
            "household",
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
        qs = scope.filter_by_scope(House.objects.all(), self.request.user, "household__area")
        return (
            qs.prefetch_related("supports")
            .annotate(
                support_total=Coalesce(
                    Sum("supports__amount"), Value(0), output_field=BigIntegerField()
                )
            )
            .order_by("-year", "pk")
        )


router.register("poverty-standards", PovertyStandardViewSet, basename="poverty-standard")
router.register("household-status", HouseholdStatusViewSet, basename="household-status")
router.register("funds", FundViewSet, basename="fund")
router.register("donations", DonationViewSet, basename="donation")
router.register("disbursements", DisbursementViewSet, basename="disbursement")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("houses", HouseViewSet, basename="house")
