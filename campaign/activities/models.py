"""How the campaign is carried out: assignments, plans, activities, pilot models, festivals,
village conventions and budgets (the seed, sections III and IV; issue 6).

Festivals and village conventions belong to residential areas (DESIGN.md puts them in
`residential_areas`); they live here for now so the two apps could grow at the same time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "ActivityKind",
    "InUseManager",
    "Assignment",
    "YearlyPlan",
    "PlanTarget",
    "Activity",
    "ActivityAttachment",
    "PilotModelKind",
    "PilotModelStatus",
    "PilotModel",
    "PilotModelEvaluation",
    "PilotModelReplication",
    "EvaluationRating",
    "Festival",
    "ConventionKind",
    "ConventionStatus",
    "VillageConvention",
    "ConventionRevision",
    "BudgetStatus",
    "BudgetCategory",
    "BudgetPlan",
    "BudgetLine",
]

UNIT = "residential_areas.AdministrativeUnit"
YEAR_OK = Q(year__gte=2000) & Q(year__lte=2100)


def plan_upload_to(instance, filename):
    return f"campaign/plans/{filename}"


def activity_upload_to(instance, filename):
    return f"campaign/activities/{filename}"


def convention_upload_to(instance, filename):
    return f"campaign/conventions/{filename}"


class InUseManager(models.Manager):
    """Rows in use: a deleted one (in the trash, see `deleted_at`) is in no list, count, report
    or prefill. The model's `all_objects` reaches the trash too."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def _deleted_by_only_when_deleted(name: str) -> models.CheckConstraint:
    # who deleted is known exactly when the row is deleted (the user may go later)
    return models.CheckConstraint(
        condition=Q(deleted_at__isnull=False) | Q(deleted_by__isnull=True), name=name
    )


class Assignment(models.Model):
    """Phân công: which member organization leads which content area or task, in a unit, a year."""

    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    organization = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức chủ trì"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    content_area = models.ForeignKey(
        "campaign.ContentArea",
        verbose_name=_("nội dung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    task = models.CharField(_("nhiệm vụ được phân công"), max_length=300)
    notes = models.TextField(_("ghi chú"), blank=True)
    deleted_at = models.DateTimeField(_("ngày xóa"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    all_objects = models.Manager()
    objects = InUseManager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["-year", "unit__path", "content_area__number", "pk"]
        # deleting moves it to the trash, like an activity (see Activity)
        default_manager_name = "objects"
        constraints = [
            models.CheckConstraint(condition=YEAR_OK, name="assignment_year_range"),
            _deleted_by_only_when_deleted("assignment_deleted_by_only_when_deleted"),
        ]

    def __str__(self):
        return f"{self.organization} - {self.task} ({self.year})"


class YearlyPlan(models.Model):
    """The year's theme and plan of one unit (each year the Front picks the year's theme)."""

    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="yearly_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    theme = models.CharField(_("chủ đề năm"), max_length=300)
    document_number = models.CharField(_("số ký hiệu kế hoạch"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.TextField(_("nội dung chính"), blank=True)
    document = models.FileField(
        _("văn bản kế hoạch"), upload_to=plan_upload_to, blank=True, max_length=255
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chủ đề và kế hoạch năm")
        verbose_name_plural = _("chủ đề và kế hoạch năm")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_plan_per_unit_year"),
            models.CheckConstraint(condition=YEAR_OK, name="plan_year_range"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.theme}"


class PlanTarget(models.Model):
    """One target of a yearly plan, e.g. "95% hộ đạt Gia đình văn hóa"."""

    plan = models.ForeignKey(YearlyPlan, on_delete=models.CASCADE, related_name="targets")
    content_area = models.ForeignKey(
        "campaign.ContentArea",
        verbose_name=_("nội dung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    description = models.CharField(_("chỉ tiêu"), max_length=300)
    target_value = models.DecimalField(
        _("giá trị chỉ tiêu"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["plan", "content_area__number", "pk"]

    def __str__(self):
        return self.description


class ActivityKind(models.TextChoices):
    OUTREACH = "outreach", _("Tuyên truyền")
    TRAINING = "training", _("Tập huấn")
    SEMINAR = "seminar", _("Tọa đàm")
    CONTEST = "contest", _("Hội thi")
    SUPERVISION = "supervision", _("Kiểm tra, giám sát")


class Activity(models.Model):
    """One outreach, training, seminar, contest or supervision held in a unit.

    `sessions` lets one entry record a series (e.g. 5 buổi tuyên truyền at the village halls);
    `organization` is empty when the Front itself organized it. Deleting only moves it to the
    trash (`deleted_at`, `deleted_by`), from which it can be restored.
    """

    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("nội dung hoạt động"), max_length=300)
    content_areas = models.ManyToManyField(
        "campaign.ContentArea", verbose_name=_("thuộc nội dung"), blank=True
    )
    organization = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức thành viên chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Để trống nếu do Ủy ban MTTQ tổ chức."),
    )
    sessions = models.PositiveIntegerField(_("số buổi/cuộc"), default=1)
    participants = models.PositiveIntegerField(_("số người tham gia"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("ngày xóa"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[content_areas])

    all_objects = models.Manager()
    objects = InUseManager()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-date", "-pk"]
        # every reader that says Activity.objects, the reverse relations (unit.activities), the
        # admin and the API see only activities in use; the trash reads Activity.all_objects
        default_manager_name = "objects"
        indexes = [models.Index(fields=["date", "kind"], name="activity_date_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(sessions__gte=1), name="activity_sessions_positive"),
            _deleted_by_only_when_deleted("activity_deleted_by_only_when_deleted"),
            models.CheckConstraint(
                condition=Q(participants__gte=0), name="activity_participants_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def organizer_name(self) -> str:
        return self.organization.name if self.organization_id else str(_("Ủy ban MTTQ"))


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=activity_upload_to, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("ngày xóa"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    all_objects = models.Manager()
    objects = InUseManager()

    class Meta:
        verbose_name = _("tệp đính kèm hoạt động")
        verbose_name_plural = _("tệp đính kèm hoạt động")
        ordering = ["pk"]
        # a deleted file is neither listed nor served, and can be restored (see Activity)
        default_manager_name = "objects"
        constraints = [_deleted_by_only_when_deleted("attachment_deleted_by_only_when_deleted")]

    def __str__(self):
        return self.name


class PilotModelKind(models.TextChoices):
    PILOT = "pilot", _("Mô hình điểm")
    SELF_MANAGED = "self_managed", _("Mô hình tự quản")


class PilotModelStatus(models.TextChoices):
    BUILDING = "building", _("Đang xây dựng")
    ACTIVE = "active", _("Đang hoạt động")
    STOPPED = "stopped", _("Đã dừng")


class PilotModel(models.Model):
    """Mô hình điểm / mô hình tự quản, with its yearly evaluations and replications."""

    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="pilot_models"
    )
    name = models.CharField(_("tên mô hình"), max_length=300)
    kind = models.CharField(
        _("loại mô hình"), max_length=20, choices=PilotModelKind.choices, default="pilot"
    )
    content_area = models.ForeignKey(
        "campaign.ContentArea", verbose_name=_("nội dung"), on_delete=models.PROTECT
    )
    organization = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức thành viên phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilot_models",
        help_text=_("Để trống nếu do Ủy ban MTTQ chỉ đạo."),
    )
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày dừng"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=PilotModelStatus.choices, default="active"
    )
    description = models.TextField(_("mô tả"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mô hình điểm")
        verbose_name_plural = _("mô hình điểm")
        ordering = ["unit__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pilot_model_dates_ordered",
            )
        ]

    def __str__(self):
        return self.name


class EvaluationRating(models.TextChoices):
    EXCELLENT = "excellent", _("Tốt")
    GOOD = "good", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class PilotModelEvaluation(models.Model):
    pilot_model = models.ForeignKey(
        PilotModel, on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=20, choices=EvaluationRating.choices)
    notes = models.TextField(_("nhận xét"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá mô hình hằng năm")
        verbose_name_plural = _("đánh giá mô hình hằng năm")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot_model", "year"], name="one_evaluation_per_model_year"
            ),
            models.CheckConstraint(condition=YEAR_OK, name="evaluation_year_range"),
        ]

    def __str__(self):
        return f"{self.pilot_model} {self.year}"


class PilotModelReplication(models.Model):
    """Nhân rộng: another unit took the model up."""

    pilot_model = models.ForeignKey(
        PilotModel, on_delete=models.CASCADE, related_name="replications"
    )
    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị nhân rộng"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    notes = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhân rộng mô hình")
        verbose_name_plural = _("nhân rộng mô hình")
        ordering = ["year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot_model", "unit"], name="one_replication_per_model_unit"
            ),
            models.CheckConstraint(condition=YEAR_OK, name="replication_year_range"),
        ]

    def __str__(self):
        return f"{self.pilot_model} -> {self.unit}"


class Festival(models.Model):
    """Ngày hội Đại đoàn kết toàn dân tộc (18/11) held in one residential area in one year."""

    area = models.ForeignKey(
        UNIT, verbose_name=_("khu dân cư"), on_delete=models.PROTECT, related_name="festivals"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày tổ chức"))
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    activities = models.TextField(_("các hoạt động"), blank=True)
    self_review = models.TextField(_("tự đánh giá kết quả năm"), blank=True)
    praised_households = models.PositiveIntegerField(_("số hộ được biểu dương"), default=0)
    praised_people = models.PositiveIntegerField(_("số cá nhân được biểu dương"), default=0)
    money_raised = models.BigIntegerField(_("số tiền vận động (đồng)"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ngày hội Đại đoàn kết")
        verbose_name_plural = _("Ngày hội Đại đoàn kết")
        ordering = ["-year", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_festival_per_area_year"),
            models.CheckConstraint(condition=YEAR_OK, name="festival_year_range"),
            models.CheckConstraint(
                condition=Q(money_raised__gte=0), name="festival_money_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}"


class ConventionKind(models.TextChoices):
    HUONG_UOC = "huong_uoc", _("Hương ước")
    QUY_UOC = "quy_uoc", _("Quy ước")


class ConventionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Đang có hiệu lực")
    UNDER_REVISION = "under_revision", _("Đang sửa đổi, bổ sung")
    REPLACED = "replaced", _("Đã được thay thế")


class VillageConvention(models.Model):
    """Hương ước / quy ước of a residential area. Its current approval and file mirror the
    latest revision; every approval (the first one included) is a ConventionRevision."""

    area = models.ForeignKey(
        UNIT, verbose_name=_("khu dân cư"), on_delete=models.PROTECT, related_name="conventions"
    )
    kind = models.CharField(
        _("loại"), max_length=20, choices=ConventionKind.choices, default="huong_uoc"
    )
    title = models.CharField(_("tên hương ước, quy ước"), max_length=300)
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=60)
    approved_on = models.DateField(_("ngày phê duyệt"))
    approved_by = models.CharField(_("cơ quan phê duyệt"), max_length=200, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=ConventionStatus.choices, default="in_force"
    )
    file = models.FileField(
        _("tệp văn bản"), upload_to=convention_upload_to, blank=True, max_length=255
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hương ước, quy ước")
        verbose_name_plural = _("hương ước, quy ước")
        ordering = ["area__path", "-approved_on"]

    def __str__(self):
        return self.title


class ConventionRevision(models.Model):
    """One approval of a convention: the first one and each amendment (sửa đổi, bổ sung)."""

    convention = models.ForeignKey(
        VillageConvention, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("lần"))
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=60)
    approved_on = models.DateField(_("ngày phê duyệt"))
    summary = models.TextField(_("nội dung sửa đổi, bổ sung"), blank=True)
    file = models.FileField(
        _("tệp văn bản"), upload_to=convention_upload_to, blank=True, max_length=255
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần phê duyệt hương ước")
        verbose_name_plural = _("lịch sử sửa đổi hương ước")
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"], name="convention_revision_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.convention} ({self.number})"


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi cấp trên")
    APPROVED = "approved", _("Đã phê duyệt")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")


class BudgetCategory(models.TextChoices):
    OUTREACH = "outreach", _("Tuyên truyền")
    TRAINING = "training", _("Tập huấn")
    COMMENDATION = "commendation", _("Khen thưởng, biểu dương")
    FESTIVAL = "festival", _("Ngày hội Đại đoàn kết")
    OTHER = "other", _("Khác")


class BudgetPlan(models.Model):
    """Kế hoạch kinh phí of a unit for a year, submitted to and approved by the level above."""

    unit = models.ForeignKey(
        UNIT, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="budget_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=BudgetStatus.choices, default="draft"
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ngày xem xét"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("ý kiến cấp trên"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch kinh phí")
        verbose_name_plural = _("kế hoạch kinh phí")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_budget_per_unit_year"),
            models.CheckConstraint(condition=YEAR_OK, name="budget_year_range"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (BudgetStatus.DRAFT, BudgetStatus.RETURNED)


class BudgetLine(models.Model):
    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("khoản mục"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    planned = models.BigIntegerField(_("dự toán (đồng)"), default=0)
    spent = models.BigIntegerField(_("đã chi (đồng)"), default=0)
    note = models.CharField(_("giải trình"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="budget_spent_not_negative"),
            # spending above plan must be explained
            models.CheckConstraint(
                condition=Q(spent__lte=models.F("planned")) | ~Q(note=""),
                name="budget_overspend_explained",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.planned}"
