"""Cultural titles ("Gia đình văn hóa"; "Khu dân cư văn hóa", from 2024 "Thôn, tổ dân phố văn
hóa"; from 2024 "Xã, phường, thị trấn tiêu biểu") and commendations.

The yearly cycle: registration (đăng ký), the evaluation meeting (bình xét, one evaluation per
household or area), the list posted for comments, the decision (công nhận) that turns passed
evaluations into recognitions. Criteria sets are data with a legal basis and a first year, frozen
once used (a change is a new version). Streaks and certificates are derived, never typed in.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .titles import title_name

POSTING_DAYS = 10  # the list is posted 10 days for comments before the decision


class TitleKind(models.TextChoices):
    # the labels are the first names; `recognition.titles.title_name(kind, year)` names a
    # title as the law of a year does ("Thôn, tổ dân phố văn hóa" from 2024)
    FAMILY = "family", _("Gia đình văn hóa")
    AREA = "area", _("Khu dân cư văn hóa")
    COMMUNE = "commune", _("Xã, phường, thị trấn tiêu biểu")


class PassRule(models.TextChoices):
    SCORE = "score", _("Chấm điểm (thang 100 điểm)")
    ALL_MET = "all_met", _("Đạt tất cả nhóm tiêu chí")


class GroupKind(models.TextChoices):
    SCORED = "scored", _("Chấm điểm")
    CONDITION = "condition", _("Đạt / không đạt")
    EXCLUSION = "exclusion", _("Trường hợp loại trừ")


class CommuneCategory(models.TextChoices):
    """Which pass mark applies to a meeting under a score rule (Nghị định 122/2018)."""

    GENERAL = "general", _("Thông thường")
    URBAN_CENTRAL = "urban_central", _("Quận, thị xã thuộc thành phố trực thuộc Trung ương")
    DISADVANTAGED = "disadvantaged", _("Xã miền núi, hải đảo, đặc biệt khó khăn")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Đạt, đề nghị công nhận")
    FAILED = "failed", _("Không đạt")


# a set's rule parameters (with their bases): what a new version copies, what the API shows
RULE_PARAMETERS = (
    "pass_mark",
    "pass_mark_urban",
    "pass_mark_disadvantaged",
    "standard_floor_pct",
    "attendance_min_pct",
    "attendance_basis",
    "agreement_min_pct",
    "agreement_basis",
    "certificate_after_years",
    "certificate_basis",
    "vote_deadline_month",
    "vote_deadline_day",
    "vote_deadline_inclusive",
    "vote_deadline_basis",
)


class CriteriaSet(models.Model):
    """The criteria of one title kind in force from `first_year` until the next set."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    rule = models.CharField(_("cách xét"), max_length=10, choices=PassRule.choices)
    pass_mark = models.PositiveSmallIntegerField(_("điểm đạt"), null=True, blank=True)
    pass_mark_urban = models.PositiveSmallIntegerField(
        _("điểm đạt (quận, thị xã thuộc TP trực thuộc TW)"), null=True, blank=True
    )
    pass_mark_disadvantaged = models.PositiveSmallIntegerField(
        _("điểm đạt (xã khó khăn, hộ nghèo, cận nghèo)"), null=True, blank=True
    )
    # every standard must reach this share of its own maximum, besides the total (Nghị định
    # 122/2018 Điều 5 k.2: 50%); empty: no floor
    standard_floor_pct = models.PositiveSmallIntegerField(
        _("mỗi tiêu chuẩn đạt tối thiểu (% điểm tối đa của tiêu chuẩn)"), null=True, blank=True
    )
    # each parameter below is applied only when set, and then cites its basis
    attendance_min_pct = models.PositiveSmallIntegerField(
        _("tỷ lệ tham dự tối thiểu (%)"), null=True, blank=True
    )
    attendance_basis = models.CharField(_("căn cứ tỷ lệ tham dự"), max_length=300, blank=True)
    agreement_min_pct = models.PositiveSmallIntegerField(
        _("tỷ lệ đồng ý tối thiểu (%)"), null=True, blank=True
    )
    agreement_basis = models.CharField(_("căn cứ tỷ lệ đồng ý"), max_length=300, blank=True)
    certificate_after_years = models.PositiveSmallIntegerField(
        _("số năm liên tục để được tặng giấy khen"), null=True, blank=True
    )
    certificate_basis = models.CharField(_("căn cứ tặng giấy khen"), max_length=300, blank=True)
    # the vote ends by this day of the year: inclusive = the day itself is still on time
    vote_deadline_month = models.PositiveSmallIntegerField(
        _("hạn bình xét: tháng"), null=True, blank=True
    )
    vote_deadline_day = models.PositiveSmallIntegerField(
        _("hạn bình xét: ngày"), null=True, blank=True
    )
    vote_deadline_inclusive = models.BooleanField(_("được họp đúng ngày hạn"), default=False)
    vote_deadline_basis = models.CharField(_("căn cứ hạn bình xét"), max_length=300, blank=True)
    # a new version of a set already used: it judges the meetings recorded from this day on;
    # meetings recorded before keep the version they were judged by
    effective_from = models.DateField(_("áp dụng cho cuộc họp ghi từ ngày"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["kind", "-first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_year", "version"], name="one_criteria_set_version_per_year"
            ),
            models.CheckConstraint(
                condition=Q(attendance_min_pct__lte=100) & Q(agreement_min_pct__lte=100),
                name="criteria_set_pct_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(rule="score") | Q(pass_mark__isnull=False),
                name="criteria_set_score_has_pass_mark",
            ),
            models.CheckConstraint(
                condition=Q(standard_floor_pct__isnull=True) | Q(standard_floor_pct__lte=100),
                name="criteria_set_floor_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.first_year})"

    @property
    def vote_deadline(self) -> datetime.date | None:
        """The deadline of the vote in the set's first year (shown as dd/mm)."""
        if not (self.vote_deadline_month and self.vote_deadline_day):
            return None
        return datetime.date(self.first_year, self.vote_deadline_month, self.vote_deadline_day)

    @property
    def is_frozen(self) -> bool:
        # used by an evaluation: the set is now part of the record, a change is a new version
        return self.meetings.exists()


class CriteriaGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    kind = models.CharField(_("loại"), max_length=10, choices=GroupKind.choices)
    title = models.CharField(_("nhóm tiêu chí"), max_length=300)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteria_group_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="scored") | Q(max_points__gt=0),
                name="scored_group_has_max_points",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class AuthorityRule(models.Model):
    """Who decides a title, by period: the deciding authority is data, not code."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    level = models.CharField(_("cấp quyết định"), max_length=10)  # residential_areas UnitLevel
    title = models.CharField(_("chức danh"), max_length=120)  # e.g. "Chủ tịch UBND"
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thẩm quyền công nhận")
        verbose_name_plural = _("thẩm quyền công nhận")
        ordering = ["kind", "valid_from"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.level})"


class Registration(models.Model):
    """Đăng ký: a household (or a residential area) registers for the title of a year."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    # the residential area: the household's area, or the registering area itself
    area = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("khu dân cư"),
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký danh hiệu")
        verbose_name_plural = _("đăng ký danh hiệu")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                condition=Q(kind="family"),
                name="one_family_registration_per_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="area"),
                name="one_area_registration_per_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="commune"),
                name="one_commune_registration_per_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="family", household__isnull=False)
                | Q(kind__in=["area", "commune"], household__isnull=True),
                name="registration_subject_matches_kind_3",
            ),
        ]

    def __str__(self):
        return f"{title_name(self.kind, self.year)} {self.year}: {self.household or self.area}"


class Decision(models.Model):
    """Quyết định công nhận: the act that turns passed evaluations into recognitions."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị quyết định"),
        on_delete=models.PROTECT,
        related_name="title_decisions",
    )
    authority = models.CharField(_("người quyết định"), max_length=200)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-year", "unit__path", "signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number", "year"], name="decision_number_unique_in_unit_year"
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class EvaluationMeeting(models.Model):
    """Bình xét: the meeting that evaluates the households of an area (or the areas of a
    commune) for one year, and the posting of its list for comments."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    # who holds the meeting: the residential area (family titles), the commune (area titles),
    # the level above the communes (commune titles: the district, from 1/7/2025 the province)
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị bình xét"),
        on_delete=models.PROTECT,
        related_name="title_meetings",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField(_("ngày họp"))
    invited = models.PositiveIntegerField(_("số được mời"))
    attending = models.PositiveIntegerField(_("số tham dự"))
    category = models.CharField(
        _("địa bàn"),
        max_length=20,
        choices=CommuneCategory.choices,
        default=CommuneCategory.GENERAL,
    )
    posted_on = models.DateField(_("ngày niêm yết"), null=True, blank=True)
    objections = models.TextField(_("ý kiến, kiến nghị khi niêm yết"), blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp bình xét")
        verbose_name_plural = _("cuộc họp bình xét")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "year"], name="one_meeting_per_year"),
            models.CheckConstraint(
                condition=Q(attending__lte=models.F("invited")),
                name="meeting_attending_not_above_invited",
            ),
            models.CheckConstraint(condition=Q(invited__gt=0), name="meeting_has_invited"),
        ]

    def __str__(self):
        return f"{title_name(self.kind, self.year)} {self.year} - {self.unit}"

    @property
    def attendance_pct(self) -> float:
        return round(100 * self.attending / self.invited, 1) if self.invited else 0.0

    @property
    def is_valid(self) -> bool:
        # no quorum in the set (none cited for it): the meeting is not judged by attendance
        minimum = self.criteria_set.attendance_min_pct
        return minimum is None or self.attending * 100 >= self.invited * minimum

    @property
    def posted_until(self) -> datetime.date | None:
        return self.posted_on + datetime.timedelta(days=POSTING_DAYS) if self.posted_on else None

    @property
    def is_locked(self) -> bool:
        return self.decision_id is not None


class TitleEvaluation(models.Model):
    """The outcome of one household (or residential area) at a meeting."""

    meeting = models.ForeignKey(
        EvaluationMeeting, on_delete=models.PROTECT, related_name="evaluations"
    )
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
    )
    # the residential area: the household's, or the evaluated area (a commune, commune title)
    area = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("khu dân cư"),
        on_delete=models.PROTECT,
        related_name="title_evaluations",
    )
    # {group number: points (scored) or true/false (condition met / exclusion applies)}
    results = models.JSONField(_("kết quả theo nhóm tiêu chí"), default=dict)
    score = models.PositiveSmallIntegerField(_("tổng điểm"), null=True, blank=True)
    is_poor = models.BooleanField(_("hộ nghèo, cận nghèo"), default=False)
    votes_for = models.PositiveIntegerField(_("số phiếu đồng ý"))
    meets_criteria = models.BooleanField(_("đạt tiêu chí"))
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # the history is read by an evaluation's id (its own index) only: no index on the columns
    # that point elsewhere, three fewer to write per imported row
    history = HistoricalRecords(no_db_index=["meeting", "household", "area"])

    class Meta:
        verbose_name = _("kết quả bình xét")
        verbose_name_plural = _("kết quả bình xét")
        ordering = ["meeting", "area__path", "household__head_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "household"],
                condition=Q(household__isnull=False),
                name="one_evaluation_per_household_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "area"],
                condition=Q(household__isnull=True),
                name="one_evaluation_per_area_meeting",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="evaluation_score_max_100"
            ),
        ]

    def __str__(self):
        return str(self.household or self.area)

    @property
    def subject(self):
        return self.household or self.area


class Recognition(models.Model):
    """Công nhận: a household or residential area holds the title for a year."""

    kind = models.CharField(_("danh hiệu"), max_length=10, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_recognitions",
    )
    area = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("khu dân cư"),
        on_delete=models.PROTECT,
        related_name="title_recognitions",
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recognitions")
    evaluation = models.OneToOneField(
        TitleEvaluation, on_delete=models.PROTECT, related_name="recognition"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("công nhận danh hiệu")
        verbose_name_plural = _("công nhận danh hiệu")
        ordering = ["-year", "area__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                condition=Q(kind="family"),
                name="one_family_recognition_per_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="area"),
                name="one_area_recognition_per_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="commune"),
                name="one_commune_recognition_per_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="family", household__isnull=False)
                | Q(kind__in=["area", "commune"], household__isnull=True),
                name="recognition_subject_matches_kind_3",
            ),
        ]
        indexes = [  # (year, area, kind): a year's titles by unit from the index alone
            models.Index(fields=["kind", "year"], name="recognition_kind_year"),
            models.Index(fields=["year", "area", "kind"], name="recognition_year_area_kind"),
        ]

    def __str__(self):
        return f"{title_name(self.kind, self.year)} {self.year}: {self.household or self.area}"


class SubjectType(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    HOUSEHOLD = "household", _("Hộ gia đình")
    COLLECTIVE = "collective", _("Tập thể")


class CommendationLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class CommendationForm(models.TextChoices):
    CERTIFICATE_HIGH = "bang_khen", _("Bằng khen")
    CERTIFICATE = "giay_khen", _("Giấy khen")
    PRAISE = "bieu_duong", _("Biểu dương")


class Occasion(models.TextChoices):
    FESTIVAL = "festival", _("Ngày hội Đại đoàn kết toàn dân tộc (18/11)")
    INTERIM = "so_ket", _("Sơ kết")
    FINAL = "tong_ket", _("Tổng kết")
    YEARLY = "yearly", _("Tổng kết năm")
    OTHER = "other", _("Khác")


class Commendation(models.Model):
    """Biểu dương, khen thưởng of a person, a household or a collective."""

    subject_type = models.CharField(_("đối tượng"), max_length=12, choices=SubjectType.choices)
    # the unit whose records hold it (the household's area, the collective's unit, the person's
    # unit): scope goes through it
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    collective_name = models.CharField(_("tên tập thể"), max_length=200, blank=True)
    member_organization = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức thành viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    level = models.CharField(_("cấp khen"), max_length=10, choices=CommendationLevel.choices)
    form = models.CharField(_("hình thức"), max_length=12, choices=CommendationForm.choices)
    reason = models.TextField(_("thành tích"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    occasion = models.CharField(_("dịp"), max_length=10, choices=Occasion.choices)
    content_areas = models.ManyToManyField(
        "campaign.ContentArea", verbose_name=_("nội dung Cuộc vận động"), blank=True
    )
    # a certificate for years of the title in a row: the streak count restarts after it
    title_kind = models.CharField(
        _("khen danh hiệu nhiều năm liền"),
        max_length=10,
        choices=TitleKind.choices,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[content_areas])

    class Meta:
        verbose_name = _("biểu dương, khen thưởng")
        verbose_name_plural = _("biểu dương, khen thưởng")
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_type="household", household__isnull=False)
                | (~Q(subject_type="household") & Q(household__isnull=True)),
                name="commendation_household_matches_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} - {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.subject_type == SubjectType.HOUSEHOLD and self.household_id:
            return self.household.head_name
        if self.subject_type == SubjectType.PERSON:
            return self.person_name
        return self.collective_name or (
            self.member_organization.name if self.member_organization_id else str(self.unit)
        )
