from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.models import AdministrativeUnit

from . import selectors, services
from .models import ReportKind, ReportRun

router = SimpleRouter()


class ReportRunSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "unit",
            "unit_name",
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
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


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
    filterset_fields = ["kind", "status", "year", "unit"]

    def get_queryset(self):
        return selectors.runs_for(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = ReportRunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            unit = AdministrativeUnit.objects.get(pk=data.validated_data["unit"])
        except AdministrativeUnit.DoesNotExist:
            raise exceptions.NotFound(scope.NOT_IN_SCOPE) from None
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
