"""Read-only API of the titles and commendations; every queryset goes through the scope rule.

Writes go through the pages (and so through the services): the decided record is locked and
the API offers no way around that.
"""

import django_filters
from django.db.models import Q
from django.utils.timezone import localdate
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from accounts import scope
from residential_areas.api import unit_brief
from residential_areas.filters import SubtreeFilterSet

from .models import (
    RULE_PARAMETERS,
    Commendation,
    CommendationForm,
    CriteriaGroup,
    CriteriaSet,
    Outcome,
    Recognition,
    TitleEvaluation,
    TitleKind,
)


class UnitSubtreeFilter(SubtreeFilterSet):
    """`unit`: rows whose unit lies in that unit's subtree (still within the user's scope)."""

    unit_path_field = "area__path"


class CriteriaGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriteriaGroup
        fields = ["number", "kind", "title", "description", "max_points"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    groups = CriteriaGroupSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "kind",
            "name",
            "legal_basis",
            "first_year",
            "version",
            "rule",
            *RULE_PARAMETERS,
            "effective_from",
            "notes",
            "groups",
        ]


class CriteriaSetFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TitleKind.choices)
    year = django_filters.NumberFilter(method="filter_year", label="Bộ tiêu chí áp dụng năm")

    class Meta:
        model = CriteriaSet
        fields = ["kind"]

    def filter_year(self, qs, name, value):
        ids = []
        for kind in TitleKind.values:
            # the version in force today for that year (a corrected version replaces the one
            # it corrects from its effective date)
            found = (
                qs.filter(kind=kind, first_year__lte=value)
                .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=localdate()))
                .order_by("-first_year", "-version")
                .first()
            )
            if found:
                ids.append(found.pk)
        return qs.filter(pk__in=ids)


@extend_schema_view(
    list=extend_schema(summary="Các bộ tiêu chí danh hiệu (theo căn cứ pháp lý và năm)"),
    retrieve=extend_schema(summary="Một bộ tiêu chí"),
)
class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    # criteria sets are province-wide rules, public to every signed-in user
    serializer_class = CriteriaSetSerializer
    filterset_class = CriteriaSetFilter
    queryset = CriteriaSet.objects.prefetch_related("groups").order_by("kind", "first_year")


class EvaluationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="meeting.kind", read_only=True)
    year = serializers.IntegerField(source="meeting.year", read_only=True)
    criteria_set = serializers.IntegerField(source="meeting.criteria_set_id", read_only=True)
    meeting_valid = serializers.BooleanField(source="meeting.is_valid", read_only=True)
    area = unit_brief(help_text="Khu dân cư")
    decided = serializers.SerializerMethodField()

    class Meta:
        model = TitleEvaluation
        fields = [
            "id",
            "kind",
            "year",
            "meeting",
            "criteria_set",
            "meeting_valid",
            "household",
            "area",
            "results",
            "score",
            "is_poor",
            "votes_for",
            "meets_criteria",
            "outcome",
            "decided",
        ]

    def get_decided(self, obj) -> bool:
        return obj.meeting.decision_id is not None


class EvaluationFilter(UnitSubtreeFilter):
    kind = django_filters.ChoiceFilter(field_name="meeting__kind", choices=TitleKind.choices)
    year = django_filters.NumberFilter(field_name="meeting__year")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)

    class Meta:
        model = TitleEvaluation
        fields = ["household", "area", "outcome"]


@extend_schema_view(
    list=extend_schema(summary="Kết quả bình xét trong phạm vi"),
    retrieve=extend_schema(summary="Một kết quả bình xét"),
)
class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    queryset = TitleEvaluation.objects.none()

    def get_queryset(self):
        qs = TitleEvaluation.objects.select_related("meeting", "meeting__criteria_set", "area")
        return scope.filter_by_scope(qs, self.request.user, "area").order_by("pk")


class RecognitionSerializer(serializers.ModelSerializer):
    decision_number = serializers.CharField(source="decision.number", read_only=True)
    signed_on = serializers.DateField(source="decision.signed_on", read_only=True)
    authority = serializers.CharField(source="decision.authority", read_only=True)
    area = unit_brief(help_text="Khu dân cư")

    class Meta:
        model = Recognition
        fields = [
            "id",
            "kind",
            "year",
            "household",
            "area",
            "decision",
            "decision_number",
            "signed_on",
            "authority",
        ]


class RecognitionFilter(UnitSubtreeFilter):
    kind = django_filters.ChoiceFilter(choices=TitleKind.choices)

    class Meta:
        model = Recognition
        fields = ["kind", "year", "household", "area"]


@extend_schema_view(
    list=extend_schema(summary="Công nhận danh hiệu trong phạm vi"),
    retrieve=extend_schema(summary="Một công nhận danh hiệu"),
)
class RecognitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RecognitionSerializer
    filterset_class = RecognitionFilter
    queryset = Recognition.objects.none()

    def get_queryset(self):
        qs = Recognition.objects.select_related("decision", "area")
        return scope.filter_by_scope(qs, self.request.user, "area").order_by("pk")


class CommendationSerializer(serializers.ModelSerializer):
    subject_name = serializers.CharField(read_only=True)
    unit = unit_brief(
        help_text="Đơn vị giữ hồ sơ: khu dân cư của hộ, đơn vị của tập thể hoặc người"
    )

    class Meta:
        model = Commendation
        fields = [
            "id",
            "subject_type",
            "subject_name",
            "unit",
            "household",
            "member_organization",
            "level",
            "form",
            "reason",
            "decision_number",
            "decided_on",
            "year",
            "occasion",
            "content_areas",
            "title_kind",
        ]


class CommendationFilter(UnitSubtreeFilter):
    unit_path_field = "unit__path"
    form = django_filters.ChoiceFilter(choices=CommendationForm.choices)
    kind = django_filters.ChoiceFilter(
        field_name="title_kind", choices=TitleKind.choices, label="Khen danh hiệu nhiều năm liền"
    )

    class Meta:
        model = Commendation
        fields = ["year", "subject_type", "level", "occasion", "household"]


@extend_schema_view(
    list=extend_schema(summary="Biểu dương, khen thưởng trong phạm vi"),
    retrieve=extend_schema(summary="Một khen thưởng"),
)
class CommendationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommendationSerializer
    filterset_class = CommendationFilter
    queryset = Commendation.objects.none()

    def get_queryset(self):
        qs = Commendation.objects.select_related("household", "member_organization", "unit")
        return (
            scope.filter_by_scope(qs, self.request.user, "unit")
            .prefetch_related("content_areas")
            .order_by("pk")
        )


router = SimpleRouter()
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("title-evaluations", EvaluationViewSet, basename="title-evaluation")
router.register("recognitions", RecognitionViewSet, basename="recognition")
router.register("commendations", CommendationViewSet, basename="commendation")
