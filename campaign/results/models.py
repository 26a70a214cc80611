"""Yearly results: indicators, indicator sets, reporting periods, submissions and their review."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "CampaignPhase",
    "IndicatorSet",
    "IndicatorSetStatus",
    "Indicator",
    "ValueType",
    "Aggregation",
    "AppliesTo",
    "ReportingPeriod",
    "PeriodExtension",
    "Submission",
    "SubmissionStatus",
    "SubmissionValue",
    "SubmissionEvent",
]


class CampaignPhase(models.Model):
    name = models.CharField(_("giai đoạn"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        verbose_name = _("giai đoạn Cuộc vận động")
        verbose_name_plural = _("giai đoạn Cuộc vận động")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="phase_years_ordered"
            )
        ]

    def __str__(self):
        return self.name


class IndicatorSetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")


class IndicatorSet(models.Model):
    """The indicators of one year. Published sets are frozen: a change is a new set."""

    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên bộ chỉ tiêu"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=IndicatorSetStatus.choices, default="draft"
    )
    # warning when a value changes by more than this factor from last year
    change_factor = models.DecimalField(
        _("hệ số thay đổi cảnh báo"), max_digits=5, decimal_places=2, default=3
    )
    published_at = models.DateTimeField(_("ngày ban hành"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ chỉ tiêu")
        verbose_name_plural = _("bộ chỉ tiêu")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(status="published"), name="one_published_set_per_year"
            ),
            models.CheckConstraint(
                condition=Q(change_factor__gt=1), name="change_factor_above_one"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.status == IndicatorSetStatus.PUBLISHED


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ %")
    YES_NO = "yes_no", _("Có / Không")
    TEXT = "text", _("Văn bản")


class Aggregation(models.TextChoices):
    """How an indicator rolls up from the units to a district or the province, by meaning:
    counts add up; a rate is Σ part / Σ whole (RATIO names both, computed by the portal;
    WEIGHTED is a rate each unit types, weighted by the whole it names, which is the same
    Σ part / Σ whole); a yes/no is "N/M đơn vị" (COUNT_YES); an average only where an
    average is meant. MAX is kept for old sets: a yes/no may no longer use it."""

    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Bình quân")
    MAX = "max", _("Lớn nhất")
    RATIO = "ratio", _("Tỷ lệ của hai chỉ tiêu")
    WEIGHTED = "weighted", _("Tỷ lệ theo quy mô (Σ tỷ lệ × mẫu số / Σ mẫu số)")
    COUNT_YES = "count_yes", _("Số đơn vị có")


# the roll-ups whose terms name other indicators of the same set
NAMES_NUMERATOR = frozenset({"ratio"})
NAMES_DENOMINATOR = frozenset({"ratio", "weighted"})


class AppliesTo(models.TextChoices):
    BOTH = "both", _("Nông thôn và đô thị")
    RURAL = "rural", _("Nông thôn")
    URBAN = "urban", _("Đô thị")


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("mã chỉ tiêu"), max_length=60)
    # the code this indicator continues from an earlier set, so that years line up
    previous_code = models.SlugField(_("mã chỉ tiêu năm trước"), max_length=60, blank=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    content_area = models.ForeignKey(
        "campaign.ContentArea", on_delete=models.PROTECT, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    value_type = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueType.choices)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default="sum"
    )
    numerator_code = models.SlugField(_("tử số"), max_length=60, blank=True)
    denominator_code = models.SlugField(_("mẫu số"), max_length=60, blank=True)
    # hard rule: this value cannot exceed the value of that indicator (a part and its whole)
    part_of_code = models.SlugField(_("là một phần của"), max_length=60, blank=True)
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=10, choices=AppliesTo.choices, default="both"
    )
    required = models.BooleanField(_("bắt buộc"), default=False)
    min_value = models.DecimalField(
        _("giá trị hợp lý thấp nhất"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị hợp lý cao nhất"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["content_area__number", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="indicator_code_unique_in_set"
            ),
            models.CheckConstraint(
                condition=~Q(aggregation="ratio")
                | (~Q(numerator_code="") & ~Q(denominator_code="")),
                name="ratio_indicator_has_terms",
            ),
            models.CheckConstraint(
                condition=~Q(aggregation="weighted") | ~Q(denominator_code=""),
                name="weighted_indicator_has_denominator",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.value_type != ValueType.TEXT

    @property
    def is_computed(self) -> bool:
        return self.aggregation == Aggregation.RATIO


class ReportingPeriod(models.Model):
    """Who reports what for one year, and by when."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="periods"
    )
    reporting_level = models.CharField(
        _("cấp báo cáo"),
        max_length=10,
        choices=[("district", _("Cấp huyện")), ("commune", _("Cấp xã"))],
    )
    # the tree as it stood on this day decides which units are expected to report
    tree_date = models.DateField(_("cây đơn vị tại ngày"))
    member_orgs_report = models.BooleanField(_("tổ chức thành viên cũng báo cáo"), default=True)
    opens_on = models.DateField(_("ngày mở"))
    due_on = models.DateField(_("hạn nộp"))
    grace_days = models.PositiveSmallIntegerField(_("số ngày gia hạn chung"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opens_on")), name="period_dates_ordered"
            )
        ]

    def __str__(self):
        return f"Kỳ báo cáo năm {self.year}"

    @property
    def grace_until(self) -> datetime.date:
        return self.due_on + datetime.timedelta(days=self.grace_days)


class PeriodExtension(models.Model):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    until = models.DateField(_("gia hạn đến"))
    reason = models.CharField(_("lý do"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gia hạn báo cáo")
        verbose_name_plural = _("gia hạn báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_extension_per_unit_period")
        ]

    def __str__(self):
        return f"{self.unit} đến {self.until:%d/%m/%Y}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class Submission(models.Model):
    """One reporting unit's (or member organization's) results for one year."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    organization = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức thành viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default="draft",
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)  # optimistic lock: bumped by every save
    results = models.TextField(_("kết quả nổi bật"), blank=True)
    highlights = models.TextField(_("gương điển hình, mô hình hay"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    attachment = models.FileField(
        _("bản ký, đóng dấu (scan)"), upload_to="submissions/%Y/", blank=True
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    accepted_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    # a return (or a reopen) gives the unit until this day to correct and resubmit, past the
    # period's deadline if need be: nobody has to grant an extension for it
    correction_until = models.DateField(_("hạn sửa và nộp lại"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu gần nhất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo kết quả năm")
        verbose_name_plural = _("báo cáo kết quả năm")
        ordering = ["period__year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(organization__isnull=True),
                name="one_submission_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["period", "organization"],
                condition=Q(organization__isnull=False),
                name="one_submission_per_org_year",
            ),
        ]

    def __str__(self):
        who = self.organization or self.unit
        return f"{who} - {self.period.year}"

    @property
    def reporter_name(self) -> str:
        return self.organization.name if self.organization_id else self.unit.name

    @property
    def is_locked(self) -> bool:
        return self.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES[self.status]


# one colour per state, each with its own text (SubmissionStatus's labels)
STATUS_BADGES = {
    SubmissionStatus.DRAFT: "text-bg-secondary",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-danger",
    SubmissionStatus.ACCEPTED: "text-bg-success",
}


class SubmissionValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(
        _("giá trị"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    text_value = models.TextField(_("nội dung"), blank=True)
    prefilled_value = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    # what the unit last typed that could not be read as a number: kept (and flagged) so that
    # nothing typed is lost without a word; the next readable value clears it
    invalid_input = models.CharField(_("giá trị nhập chưa đọc được"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú, giải trình"), max_length=500, blank=True)
    reviewer_comment = models.CharField(_("ý kiến của Ban Phong trào"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="one_value_per_indicator"
            )
        ]

    def __str__(self):
        return (
            f"{self.indicator.code} = {self.value if self.value is not None else self.text_value}"
        )


class SubmissionEvent(models.Model):
    """The timeline of a submission: every transition, who, when, why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo báo cáo")
        SUBMITTED = "submitted", _("Nộp báo cáo")
        RETURNED = "returned", _("Trả lại")
        ACCEPTED = "accepted", _("Tiếp nhận")
        REOPENED = "reopened", _("Mở lại")
        IMPORTED = "imported", _("Nhập từ Excel")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # a return keeps the values as they were, so that the resubmission shows what changed
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
