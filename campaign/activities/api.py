"""API for member organizations, assignments, plans, activities, pilot models, festivals,
conventions and budget plans: scoped like the pages, filterable by unit (its subtree) and year.

Activities can also be recorded through the API (a phone app's quick entry), through the same
service and access rule as the page."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from accounts import scope
from residential_areas.api import UnitField, unit_brief
from residential_areas.filters import SubtreeFilterSet, unit_by_code
from residential_areas.models import AdministrativeUnit

from ..models.base import ContentArea, MemberOrganization
from ..results.api import router
from . import selectors as sel
from . import services
from .models import (
    Activity,
    ActivityKind,
    Assignment,
    BudgetLine,
    BudgetPlan,
    ConventionRevision,
    Festival,
    PilotModel,
    PilotModelEvaluation,
    PilotModelReplication,
    PlanTarget,
    VillageConvention,
    YearlyPlan,
)

# --- serializers -----------------------------------------------------------------------------


class MemberOrganizationSerializer(serializers.ModelSerializer):
    unit = unit_brief()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MemberOrganization
        fields = ["id", "unit", "kind", "kind_display", "name", "is_active"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    unit = unit_brief()

    class Meta:
        model = Assignment
        fields = ["id", "unit", "year", "organization", "content_area", "task", "notes"]
        read_only_fields = fields


class PlanTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["id", "content_area", "description", "target_value", "unit_of_measure"]
        read_only_fields = fields


class YearlyPlanSerializer(serializers.ModelSerializer):
    unit = unit_brief()
    targets = PlanTargetSerializer(many=True, read_only=True)

    class Meta:
        model = YearlyPlan
        fields = [
            "id",
            "unit",
            "year",
            "theme",
            "document_number",
            "issued_on",
            "summary",
            "document",
            "targets",
        ]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = UnitField(
        queryset=AdministrativeUnit.objects.all(),
        required=False,
        help_text="Đơn vị tổ chức hoạt động: khi ghi, mã số (id) đơn vị, hoặc dùng unit_code",
    )
    unit_code = serializers.CharField(
        write_only=True,
        required=False,
        max_length=20,
        help_text="Thay cho unit: mã đơn vị hành chính chính thức; chọn đơn vị mang mã đó vào "
        "ngày của hoạt động (date)",
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=MemberOrganization.objects.all(), allow_null=True, required=False
    )
    content_areas = serializers.PrimaryKeyRelatedField(
        queryset=ContentArea.objects.all(), many=True, required=False
    )
    sessions = serializers.IntegerField(min_value=1, default=1)
    participants = serializers.IntegerField(min_value=0, default=0)

    class Meta:
        model = Activity
        fields = [
            "id",
            "unit",
            "unit_code",
            "date",
            "kind",
            "kind_display",
            "title",
            "content_areas",
            "organization",
            "sessions",
            "participants",
            "notes",
        ]

    def validate(self, attrs):
        code = attrs.pop("unit_code", None)
        if code and attrs.get("unit") is not None:
            raise ValidationError({"unit_code": [UNIT_AND_CODE]})
        if code:
            unit = unit_by_code(code, attrs.get("date"))
            if unit is None:
                raise ValidationError({"unit_code": [NO_UNIT_WITH_CODE.format(code=code)]})
            attrs["unit"] = unit
        if attrs.get("unit") is None:
            raise ValidationError({"unit": [UNIT_MISSING]})
        return attrs


UNIT_AND_CODE = "Chỉ gửi một trong hai trường unit hoặc unit_code."
UNIT_MISSING = "Thiếu đơn vị: gửi unit (mã số đơn vị) hoặc unit_code (mã đơn vị)."
NO_UNIT_WITH_CODE = "Không có đơn vị mang mã “{code}” vào ngày của hoạt động."


class PilotModelEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PilotModelEvaluation
        fields = ["year", "rating", "notes"]
        read_only_fields = fields


class PilotModelReplicationSerializer(serializers.ModelSerializer):
    unit = unit_brief()

    class Meta:
        model = PilotModelReplication
        fields = ["unit", "year", "notes"]
        read_only_fields = fields


class PilotModelSerializer(serializers.ModelSerializer):
    unit = unit_brief()
    evaluations = PilotModelEvaluationSerializer(many=True, read_only=True)
    replications = PilotModelReplicationSerializer(many=True, read_only=True)

    class Meta:
        model = PilotModel
        fields = [
            "id",
            "unit",
            "name",
            "kind",
            "content_area",
            "organization",
            "started_on",
            "ended_on",
            "status",
            "description",
            "evaluations",
            "replications",
        ]
        read_only_fields = fields


class FestivalSerializer(serializers.ModelSerializer):
    area = unit_brief(help_text="Khu dân cư")

    class Meta:
        model = Festival
        fields = [
            "id",
            "area",
            "year",
            "held_on",
            "participants",
            "activities",
            "self_review",
            "praised_households",
            "praised_people",
            "money_raised",
            "notes",
        ]
        read_only_fields = fields


class ConventionRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConventionRevision
        fields = ["number", "decision_number", "approved_on", "summary", "file"]
        read_only_fields = fields


class VillageConventionSerializer(serializers.ModelSerializer):
    area = unit_brief(help_text="Khu dân cư")
    revisions = ConventionRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = VillageConvention
        fields = [
            "id",
            "area",
            "kind",
            "title",
            "decision_number",
            "approved_on",
            "approved_by",
            "status",
            "file",
            "replaced_by",
            "revisions",
        ]
        read_only_fields = fields


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "category", "description", "planned", "spent", "note"]
        read_only_fields = fields


class BudgetPlanSerializer(serializers.ModelSerializer):
    unit = unit_brief()
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetPlan
        fields = [
            "id",
            "unit",
            "year",
            "status",
            "notes",
            "submitted_at",
            "reviewed_at",
            "review_note",
            "lines",
        ]
        read_only_fields = fields


# --- filters ---------------------------------------------------------------------------------


def _filterset(model_, field="unit", year_field="year", extra=()):
    attrs = {"unit_path_field": f"{field}__path"}
    if year_field:
        attrs["year"] = django_filters.NumberFilter(field_name=year_field, label="Năm")
    attrs["Meta"] = type("Meta", (), {"model": model_, "fields": list(extra)})
    return type(f"{model_.__name__}Filter", (SubtreeFilterSet,), attrs)


class ActivityFilter(SubtreeFilterSet):
    year = django_filters.NumberFilter(field_name="date__year", label="Năm")
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)

    class Meta:
        model = Activity
        fields = ["kind", "organization"]


# --- viewsets --------------------------------------------------------------------------------


def _scoped(model_, serializer, filterset, field="unit", related=(), prefetch=(), summary=""):
    class ViewSet(viewsets.ReadOnlyModelViewSet):
        serializer_class = serializer
        filterset_class = filterset
        queryset = model_.objects.none()

        def get_queryset(self):
            qs = model_.objects.select_related(field, *related).prefetch_related(*prefetch)
            return scope.filter_by_scope(qs, self.request.user, field).order_by("pk")

    ViewSet.__name__ = ViewSet.__qualname__ = f"{model_.__name__}ViewSet"
    return extend_schema_view(
        list=extend_schema(summary=f"Danh sách {summary} trong phạm vi"),
        retrieve=extend_schema(summary=f"Một {summary}"),
    )(ViewSet)


MemberOrganizationViewSet = _scoped(
    MemberOrganization,
    MemberOrganizationSerializer,
    _filterset(MemberOrganization, year_field=None, extra=["kind"]),
    summary="tổ chức thành viên",
)
AssignmentViewSet = _scoped(
    Assignment,
    AssignmentSerializer,
    _filterset(Assignment, extra=["organization"]),
    summary="phân công",
)
YearlyPlanViewSet = _scoped(
    YearlyPlan,
    YearlyPlanSerializer,
    _filterset(YearlyPlan),
    prefetch=["targets"],
    summary="chủ đề, kế hoạch năm",
)
PilotModelViewSet = _scoped(
    PilotModel,
    PilotModelSerializer,
    _filterset(PilotModel, year_field="started_on__year", extra=["status", "kind"]),
    prefetch=["evaluations", "replications__unit"],
    summary="mô hình điểm",
)
FestivalViewSet = _scoped(
    Festival, FestivalSerializer, _filterset(Festival, "area"), "area", summary="Ngày hội"
)
VillageConventionViewSet = _scoped(
    VillageConvention,
    VillageConventionSerializer,
    _filterset(VillageConvention, "area", year_field="approved_on__year", extra=["status"]),
    "area",
    prefetch=["revisions"],
    summary="hương ước, quy ước",
)
BudgetPlanViewSet = _scoped(
    BudgetPlan,
    BudgetPlanSerializer,
    _filterset(BudgetPlan, extra=["status"]),
    prefetch=["lines"],
    summary="kế hoạch kinh phí",
)


@extend_schema_view(
    list=extend_schema(summary="Danh sách hoạt động trong phạm vi"),
    retrieve=extend_schema(summary="Một hoạt động"),
    create=extend_schema(summary="Ghi nhận một hoạt động (nhập nhanh)"),
    destroy=extend_schema(
        summary="Xóa một hoạt động (chuyển vào mục Đã xóa, khôi phục được trên trang)"
    ),
)
class ActivityViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    queryset = Activity.objects.none()

    def get_queryset(self):
        return sel.activities_list(user=self.request.user).order_by("pk")

    def perform_destroy(self, instance):
        # the same rule and service as the page: only into the trash, never out of the database
        activity = sel.activity_get_for_user(user=self.request.user, pk=instance.pk, write=True)
        try:
            services.activity_delete(activity=activity, by=self.request.user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.activity_create(by=self.request.user, **data)
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from None


router.register("member-organizations", MemberOrganizationViewSet, basename="member-organization")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("plans", YearlyPlanViewSet, basename="plan")
router.register("activities", ActivityViewSet, basename="activity")
router.register("pilot-models", PilotModelViewSet, basename="pilot-model")
router.register("festivals", FestivalViewSet, basename="festival")
router.register("conventions", VillageConventionViewSet, basename="convention")
router.register("budget-plans", BudgetPlanViewSet, basename="budget-plan")
