import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.api import unit_brief
from residential_areas.filters import UnitFilterSet, unit_by_code
from residential_areas.models import AdministrativeUnit

from . import selectors, services
from .models import ReportKind, ReportRun, RunStatus

router = SimpleRouter()


class ReportRunSerializer(serializers.ModelSerializer):
    unit = unit_brief(help_text="Đơn vị của báo cáo")
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "unit",
            "first_year",
            "year",
            "is_draft",
            "status",
            "progress",
            "stage",
            "error",
            "checksum",
            "created_at",
            "started_at",
            "finished_at",
            "pdf_url",
            "xlsx_url",
        ]
        read_only_fields = fields

    def _url(self, run, fmt) -> str | None:
        if run.status != "done":
            return None
        path = reverse("reporting:download", args=[run.pk, fmt])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_pdf_url(self, run) -> str | None:
        return self._url(run, "pdf")

    def get_xlsx_url(self, run) -> str | None:
        return self._url(run, "xlsx")


class ReportRunCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    unit = serializers.IntegerField(
        required=False, help_text="Mã số (id) đơn vị của báo cáo; hoặc dùng unit_code"
    )
    unit_code = serializers.CharField(
        required=False,
        max_length=20,
        help_text="Thay cho unit: mã đơn vị hành chính chính thức, chọn đơn vị mang mã đó "
        "ngày 31/12 của năm báo cáo (hoặc hôm nay, với năm đang diễn ra)",
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)

    def validate(self, attrs):
        code = attrs.get("unit_code")
        if code and attrs.get("unit") is not None:
            raise serializers.ValidationError({"unit_code": [UNIT_AND_CODE]})
        if not code and attrs.get("unit") is None:
            raise serializers.ValidationError({"unit": [UNIT_MISSING]})
        return attrs

    def unit_object(self) -> AdministrativeUnit:
        data = self.validated_data
        if data.get("unit_code"):
            day = min(datetime.date(data["year"], 12, 31), timezone.localdate())
            unit = unit_by_code(data["unit_code"], day)
        else:
            unit = AdministrativeUnit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise exceptions.NotFound(scope.NOT_IN_SCOPE)
        return unit


UNIT_AND_CODE = "Chỉ gửi một trong hai trường unit hoặc unit_code."
UNIT_MISSING = "Thiếu đơn vị: gửi unit (mã số đơn vị) hoặc unit_code (mã đơn vị)."


class ReportRunFilter(UnitFilterSet):
    """`unit` / `unit_code`: the runs of that unit (not of its subtree)."""

    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label="Loại báo cáo")
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label="Trạng thái")
    year = django_filters.NumberFilter(label="Năm báo cáo")

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "year"]


@extend_schema_view(
    list=extend_schema(summary="Các lượt lập báo cáo trong phạm vi"),
    retrieve=extend_schema(
        summary="Một lượt lập báo cáo",
        responses={200: ReportRunSerializer, 404: OpenApiResponse(description="Ngoài phạm vi")},
    ),
    create=extend_schema(
        summary="Lập báo cáo (đưa vào hàng đợi)",
        request=ReportRunCreateSerializer,
        responses={
            201: ReportRunSerializer,
            400: OpenApiResponse(description="Dữ liệu không hợp lệ, chưa có kỳ báo cáo"),
            403: OpenApiResponse(description="Vai trò chỉ được xem"),
            404: OpenApiResponse(description="Đơn vị ngoài phạm vi"),
        },
    ),
)
class ReportRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilter

    def get_queryset(self):
        return selectors.runs_for(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = ReportRunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = data.unit_object()
        try:
            run = services.report_run_create(
                kind=data.validated_data["kind"],
                unit=unit,
                year=data.validated_data["year"],
                by=request.user,
            )
        except ValidationError as exc:
            raise exceptions.ValidationError({"detail": exc.messages}) from None
        run.refresh_from_db()
        out = ReportRunSerializer(run, context=self.get_serializer_context())
        return Response(out.data, status=201)


router.register("report-runs", ReportRunViewSet, basename="report-run")
