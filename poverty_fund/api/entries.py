"""Donations, disbursements and transfers: list, read, post, reverse; never update or delete."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts import scope
from residential_areas.api import unit_brief
from residential_areas.models import Household

from .. import selectors, services
from ..models import (
    Channel,
    Disbursement,
    Donation,
    DonorKind,
    Drive,
    Fund,
    Purpose,
    Transfer,
)
from ._common import UnitFilter, run_service

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_INVALID = "Idempotency-Key phải có từ 1 đến 100 ký tự."
IDEMPOTENCY_KEY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    {"type": "string", "minLength": 1, "maxLength": 100},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Khóa do máy khách tự sinh cho mỗi khoản ủng hộ (ví dụ một UUID), tối đa 100 ký tự. "
        "Khi gửi lại đúng yêu cầu đó với cùng khóa (cùng người dùng), chẳng hạn vì mất kết nối "
        "trước khi nhận trả lời, máy chủ không ghi thêm mà trả về khoản đã ghi (mã 200). "
        "Cùng khóa với một khoản khác (quỹ, số tiền, ngày hoặc người ủng hộ khác) bị từ chối "
        "(mã 400)."
    ),
)


REVERSE_REFUSED = OpenApiResponse(
    description="Không lập được bút toán đảo: thiếu lý do, bút toán đã được đảo, hoặc là một bút "
    "toán đảo"
)


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Sổ quỹ: xem, đọc và ghi nhận; bút toán đã ghi không sửa, không xóa được mà được hủy bằng
    một bút toán đảo (POST .../{id}/reverse/)."""

    # List, read, post; never update or delete; a reversal is an action. The docstring above is
    # the operations' description in docs/openapi.yaml, hence Vietnamese, and this contract a
    # comment: each ledger's viewset defines `post_entry(data) -> (entry, posted_now)`, the
    # service call that posts the validated input, and whether it was posted now (False when
    # an Idempotency-Key replays an earlier request).

    model = None
    unit_field = "fund__unit"
    input_serializer_class = None

    def get_queryset(self):
        return scope.filter_by_scope(
            self.model.objects.select_related(self.unit_field), self.request.user, self.unit_field
        ).order_by("-date", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return self.input_serializer_class
        if self.action == "reverse":
            return ReverseSerializer
        return self.serializer_class

    def _shown(self, entry) -> dict:
        return self.serializer_class(entry, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        data = self.input_serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        entry, created = run_service(lambda: self.post_entry(dict(data.validated_data)))
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self._shown(entry), status=code)

    def _fund(self, pk) -> Fund:
        return selectors.fund_get_for_user(user=self.request.user, pk=pk, write=True)

    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        entry = selectors.entry_get_for_user(user=request.user, model=self.model, pk=pk, write=True)
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        back = run_service(
            lambda: services.entry_reverse(
                entry=entry, reason=data.validated_data["reason"], by=request.user
            )
        )
        return Response(self._shown(back), status=status.HTTP_201_CREATED)


class DonationSerializer(serializers.ModelSerializer):
    receipt = serializers.CharField(source="receipt_label", read_only=True)
    unit = unit_brief(source="fund.unit", help_text="Đơn vị giữ quỹ")

    class Meta:
        model = Donation
        fields = [
            "id",
            "fund",
            "unit",
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

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if obj.is_anonymous:
            # an anonymous donor's name is for the fund's keepers: others read the public label
            data["donor_name"] = selectors.donor_shown(obj, keeper=self._keeper(obj.fund))
        return data

    def _keeper(self, fund) -> bool:
        request = self.context.get("request")
        if request is None:
            return False
        keepers = self.context.setdefault("keepers", {})
        if fund.pk not in keepers:
            keepers[fund.pk] = selectors.keeps_books_of(user=request.user, fund=fund)
        return keepers[fund.pk]


class DonationInputSerializer(serializers.Serializer):
    fund = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    donor_name = serializers.CharField(max_length=200)
    donor_kind = serializers.ChoiceField(choices=DonorKind.choices)
    donor_address = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    is_anonymous = serializers.BooleanField(required=False, default=False)
    channel = serializers.ChoiceField(choices=Channel.choices)
    bank_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    in_kind_description = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    drive = serializers.ChoiceField(choices=Drive.choices)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    confirm_duplicate_reference = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Mã giao dịch chuyển khoản đã có trong quỹ thường là cùng một khoản nhập hai lần, nên "
            "bị từ chối (mã 400, thông báo ở trường bank_reference). Gửi true khi đã kiểm tra đó "
            "đúng là một khoản khác."
        ),
    )


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
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: DonationSerializer,
            200: OpenApiResponse(
                DonationSerializer,
                description="Yêu cầu đã được ghi trước đó với cùng Idempotency-Key: khoản đó",
            ),
            400: OpenApiResponse(description="Dữ liệu sai"),
        },
    ),
    reverse=extend_schema(
        summary="Lập bút toán đảo", responses={201: DonationSerializer, 400: REVERSE_REFUSED}
    ),
)
class DonationViewSet(EntryViewSet):
    model = Donation
    serializer_class = DonationSerializer
    input_serializer_class = DonationInputSerializer
    filterset_class = DonationFilter
    queryset = Donation.objects.none()

    def get_queryset(self):
        # the fund's unit decides who reads an anonymous donor's name
        return super().get_queryset().select_related("fund__unit")

    def _request_key(self) -> str:
        key = self.request.headers.get(IDEMPOTENCY_HEADER)
        if key is None:
            return ""
        if not 1 <= len(key) <= 100:
            raise ValidationError({IDEMPOTENCY_HEADER: [IDEMPOTENCY_KEY_INVALID]})
        return key

    def post_entry(self, data):
        key = self._request_key()
        fund = self._fund(data.pop("fund"))
        return services.donation_post(fund=fund, by=self.request.user, request_key=key, **data)


class DisbursementSerializer(serializers.ModelSerializer):
    unit = unit_brief(source="fund.unit", help_text="Đơn vị giữ quỹ")

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "fund",
            "unit",
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
    beneficiary = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    decision_number = serializers.CharField(max_length=60)
    approved_by = serializers.CharField(max_length=120)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


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
        responses={201: DisbursementSerializer, 400: REVERSE_REFUSED},
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
        entry = services.disbursement_create(
            fund=fund, household=household, house=house, by=self.request.user, **data
        )
        return entry, True


class TransferSerializer(serializers.ModelSerializer):
    from_unit = unit_brief(source="from_fund.unit", help_text="Đơn vị của quỹ chuyển")
    to_unit = unit_brief(source="to_fund.unit", help_text="Đơn vị của quỹ nhận")

    class Meta:
        model = Transfer
        fields = [
            "id",
            "from_fund",
            "from_unit",
            "to_fund",
            "to_unit",
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
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class TransferFilter(UnitFilter):
    """`unit` / `unit_code`: transfers whose sending or receiving fund lies in that subtree."""

    fund = django_filters.NumberFilter(method="filter_fund", label="Quỹ (chuyển hoặc nhận)")

    class Meta:
        model = Transfer
        fields = ["from_fund", "to_fund"]

    def filter_fund(self, qs, name, value):
        return qs.filter(Q(from_fund=value) | Q(to_fund=value))

    def filter_to_unit(self, qs, unit):
        if unit is None:
            return qs.none()
        return qs.filter(
            Q(from_fund__unit__path__startswith=unit.path)
            | Q(to_fund__unit__path__startswith=unit.path)
        )


@extend_schema_view(
    list=extend_schema(summary="Điều chuyển giữa các quỹ (quỹ chuyển hoặc nhận trong phạm vi)"),
    retrieve=extend_schema(summary="Một điều chuyển"),
    create=extend_schema(
        summary="Điều chuyển sang quỹ khác cấp (ghi cả hai phía)",
        responses={201: TransferSerializer, 400: OpenApiResponse(description="Dữ liệu sai")},
    ),
    reverse=extend_schema(
        summary="Lập bút toán đảo", responses={201: TransferSerializer, 400: REVERSE_REFUSED}
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
            .select_related("from_fund__unit", "to_fund__unit")
            .distinct()
            .order_by("-date", "-pk")
        )

    def post_entry(self, data):
        from_fund = self._fund(data.pop("from_fund"))
        to_fund = Fund.objects.select_related("unit").filter(pk=data.pop("to_fund")).first()
        if to_fund is None:
            raise ValidationError({"to_fund": ["Không tìm thấy quỹ nhận."]})
        entry = services.transfer_create(
            from_fund=from_fund, to_fund=to_fund, by=self.request.user, **data
        )
        return entry, True
