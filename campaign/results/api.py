import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.api import unit_brief
from residential_areas.filters import UnitFilterSet

from ..models.base import ContentArea
from . import services
from .models import (
    Indicator,
    IndicatorSet,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    SubmissionValue,
)

router = SimpleRouter()


class ContentAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContentArea
        fields = ["id", "number", "title", "short_title", "kind"]


class IndicatorSerializer(serializers.ModelSerializer):
    content_area = serializers.IntegerField(source="content_area.number")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "previous_code",
            "name",
            "content_area",
            "unit_of_measure",
            "value_type",
            "aggregation",
            "numerator_code",
            "denominator_code",
            "part_of_code",
            "applies_to",
            "required",
            "min_value",
            "max_value",
        ]


class IndicatorSetSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = IndicatorSet
        fields = ["id", "year", "name", "status", "change_factor", "published_at", "indicators"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "year",
            "indicator_set",
            "reporting_level",
            "tree_date",
            "member_orgs_report",
            "opens_on",
            "due_on",
            "grace_days",
        ]


class SubmissionValueSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="indicator.code")

    class Meta:
        model = SubmissionValue
        fields = [
            "code",
            "value",
            "text_value",
            "prefilled_value",
            "invalid_input",
            "source",
            "note",
            "reviewer_comment",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year")
    unit = unit_brief(help_text="Đơn vị báo cáo")
    values = SubmissionValueSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "year",
            "unit",
            "organization",
            "status",
            "version",
            "is_late",
            "submitted_at",
            "accepted_at",
            "correction_until",
            "results",
            "highlights",
            "difficulties",
            "proposals",
            "values",
        ]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CommentsSerializer(serializers.Serializer):
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        help_text="Ý kiến theo chỉ tiêu: mã chỉ tiêu -> ý kiến (chuỗi rỗng để xóa).",
    )


class ReturnSerializer(ReasonSerializer):
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500), required=False
    )
    correction_days = serializers.IntegerField(
        min_value=1,
        max_value=60,
        default=services.DEFAULT_CORRECTION_DAYS,
        help_text="Số ngày đơn vị được sửa và nộp lại, kể cả khi đã quá hạn nộp.",
    )


class ReopenSerializer(ReasonSerializer):
    correction_days = serializers.IntegerField(
        min_value=1, max_value=60, default=services.DEFAULT_CORRECTION_DAYS
    )


class ValuesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True, max_length=2000)
    )
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500), required=False
    )


class SubmissionFilter(UnitFilterSet):
    """`unit` / `unit_code`: the unit's own submissions (not its subtree's)."""

    year = django_filters.NumberFilter(field_name="period__year", label="Năm báo cáo")
    status = django_filters.ChoiceFilter(
        choices=SubmissionStatus.choices, label="Trạng thái báo cáo"
    )

    class Meta:
        model = Submission
        fields = ["year", "status"]


@extend_schema_view(
    list=extend_schema(summary="Các nội dung của Cuộc vận động"),
    retrieve=extend_schema(summary="Một nội dung của Cuộc vận động"),
)
class ContentAreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContentAreaSerializer
    queryset = ContentArea.objects.all()
    pagination_class = None


@extend_schema_view(
    list=extend_schema(summary="Bộ chỉ tiêu theo năm"),
    retrieve=extend_schema(summary="Một bộ chỉ tiêu và các chỉ tiêu của nó"),
)
class IndicatorSetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSetSerializer
    queryset = IndicatorSet.objects.prefetch_related("indicators__content_area").order_by(
        "-year", "pk"
    )
    filterset_fields = ["year", "status"]


@extend_schema_view(
    list=extend_schema(summary="Kỳ báo cáo theo năm"),
    retrieve=extend_schema(summary="Một kỳ báo cáo"),
)
class ReportingPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportingPeriodSerializer
    queryset = ReportingPeriod.objects.order_by("-year")
    filterset_fields = ["year"]


ERRORS = {
    400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
    403: OpenApiResponse(description="Không có quyền hoặc báo cáo đã khóa"),
    404: OpenApiResponse(description="Không tìm thấy trong phạm vi"),
}
CONFLICT = {
    409: OpenApiResponse(
        description="Có người khác đã lưu báo cáo sau phiên bản gửi lên: không ghi gì; "
        "trả về giá trị hiện tại của những chỉ tiêu gửi lên"
    )
}


class ConflictError(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def _call(fn, **kwargs):
    """Run a service and turn its errors into API errors with the same Vietnamese messages."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from None
    except services.Conflict as exc:
        current = {
            v.indicator.code: v
            for v in exc.submission.values.select_related("indicator")
            if v.indicator.code in (kwargs.get("values") or {})
        }
        error = ConflictError()
        error.detail = {
            "detail": exc.messages,
            "version": exc.submission.version,
            "values": SubmissionValueSerializer(current.values(), many=True).data,
        }
        raise error from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(
                {
                    "detail": exc.messages,
                    "values": {k: v[0].message for k, v in exc.error_dict.items()},
                }
            ) from None
        raise exceptions.ValidationError({"detail": exc.messages}) from None


@extend_schema_view(
    list=extend_schema(summary="Báo cáo kết quả năm trong phạm vi"),
    retrieve=extend_schema(summary="Một báo cáo kết quả năm và các giá trị chỉ tiêu"),
)
class SubmissionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    queryset = Submission.objects.none()

    def get_queryset(self):
        qs = Submission.objects.select_related("period", "unit").prefetch_related(
            "values__indicator"
        )
        return scope.filter_by_scope(qs, self.request.user).order_by(
            "period__year", "unit__path", "pk"
        )

    def _done(self, submission):
        submission = self.get_queryset().get(pk=submission.pk)
        return Response(SubmissionSerializer(submission).data)

    @extend_schema(
        request=None, responses={200: SubmissionSerializer, **ERRORS}, summary="Nộp báo cáo"
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(
            _call(services.submission_submit, submission=self.get_object(), by=request.user)
        )

    @extend_schema(
        request=ReturnSerializer,
        responses={200: SubmissionSerializer, **ERRORS},
        summary="Trả lại báo cáo",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            _call(
                services.submission_return,
                submission=self.get_object(),
                by=request.user,
                reason=data.validated_data["reason"],
                comments=data.validated_data.get("comments"),
                correction_days=data.validated_data["correction_days"],
            )
        )

    @extend_schema(
        request=CommentsSerializer,
        responses={200: SubmissionSerializer, **ERRORS},
        summary="Ghi ý kiến theo chỉ tiêu (khi đang xem xét)",
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        data = CommentsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            _call(
                services.submission_comment,
                submission=self.get_object(),
                by=request.user,
                comments=data.validated_data["comments"],
            )
        )

    @extend_schema(
        request=None, responses={200: SubmissionSerializer, **ERRORS}, summary="Tiếp nhận báo cáo"
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(
            _call(services.submission_accept, submission=self.get_object(), by=request.user)
        )

    @extend_schema(
        request=ReopenSerializer,
        responses={200: SubmissionSerializer, **ERRORS},
        summary="Mở lại báo cáo đã tiếp nhận",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            _call(
                services.submission_reopen,
                submission=self.get_object(),
                by=request.user,
                reason=data.validated_data["reason"],
                correction_days=data.validated_data["correction_days"],
            )
        )

    @extend_schema(
        request=ValuesSerializer,
        responses={200: SubmissionSerializer, **ERRORS, **CONFLICT},
        summary="Lưu giá trị chỉ tiêu",
    )
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        data = ValuesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(
            _call(
                services.submission_save,
                submission=self.get_object(),
                by=request.user,
                values=data.validated_data["values"],
                notes=data.validated_data.get("notes"),
                version=data.validated_data["version"],
            )
        )


router.register("content-areas", ContentAreaViewSet, basename="content-area")
router.register("indicator-sets", IndicatorSetViewSet, basename="indicator-set")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
router.register("submissions", SubmissionViewSet, basename="submission")
