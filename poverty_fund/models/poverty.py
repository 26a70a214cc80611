"""Poverty: the multidimensional standards by period and the status of households by year."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from residential_areas.models import AreaType


class PovertyStandard(models.Model):
    """A multidimensional poverty standard in force for a span of years (e.g. ND 07/2021)."""

    name = models.CharField(_("tên chuẩn nghèo"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"), unique=True)
    last_year = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    income_line_rural = models.BigIntegerField(_("chuẩn thu nhập nông thôn (đ/người/tháng)"))
    income_line_urban = models.BigIntegerField(_("chuẩn thu nhập thành thị (đ/người/tháng)"))
    # the upper bound of the middle living standard band (mức sống trung bình), where the
    # standard defines one (ND 07/2021 Điều 3 k.3); empty where it does not
    middle_line_rural = models.BigIntegerField(
        _("chuẩn mức sống trung bình nông thôn (đ/người/tháng)"), null=True, blank=True
    )
    middle_line_urban = models.BigIntegerField(
        _("chuẩn mức sống trung bình thành thị (đ/người/tháng)"), null=True, blank=True
    )
    poor_min_deprivations = models.PositiveSmallIntegerField(
        _("số chỉ số thiếu hụt tối thiểu của hộ nghèo"), default=3
    )
    # [{"code": "viec_lam", "label": "Việc làm"}, ...]: the deprivation indicators of the period
    indicators = models.JSONField(_("các chỉ số thiếu hụt"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chuẩn nghèo")
        verbose_name_plural = _("chuẩn nghèo")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(income_line_rural__gt=0) & Q(income_line_urban__gt=0),
                name="standard_income_lines_positive",
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="standard_years_ordered",
            ),
        ]

    def __str__(self):
        end = self.last_year or "…"
        return f"{self.name} ({self.first_year}-{end})"

    @property
    def indicator_codes(self) -> list[str]:
        return [i["code"] for i in self.indicators]

    def income_line(self, area_type: str) -> int:
        return self.income_line_urban if area_type == "urban" else self.income_line_rural

    def middle_line(self, area_type: str) -> int | None:
        return self.middle_line_urban if area_type == "urban" else self.middle_line_rural


class PovertyStatus(models.TextChoices):
    """The band a household is in for the year. Leaving poverty is a change between two
    years (`PovertyExit`), and hardship a flag (`HouseholdStatus.is_hardship`): neither is a
    band (migration 0006 moved the old "left_poverty" and "hard" values)."""

    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NOT_POOR = "not_poor", _("Không thuộc diện nghèo")


class PovertyExit(models.TextChoices):
    """What changed since the year before: poor to near-poor or not poor is leaving poverty;
    near-poor to not poor is leaving near-poverty, counted apart."""

    NONE = "", _("Không")
    LEFT_POVERTY = "left_poverty", _("Thoát nghèo")
    LEFT_NEAR_POVERTY = "left_near_poverty", _("Thoát cận nghèo")


# the line a survey is judged by follows the commune-level unit's type: the same two values
# (the decree's "khu vực nông thôn / thành thị"), so the same choices, named once in the API
AreaLine = AreaType


MIDDLE_BAND = _("Hộ có mức sống trung bình")


class StatusBasis(models.TextChoices):
    SURVEY = "survey", _("Theo kết quả rà soát (phân loại theo chuẩn)")
    DECISION = "decision", _("Theo quyết định của UBND xã")


class SupporterKind(models.TextChoices):
    NONE = "", _("Chưa có")
    MEMBER_ORG = "member_org", _("Tổ chức thành viên")
    UNIT = "unit", _("Cơ quan, đơn vị")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PERSON = "person", _("Cá nhân")


class HouseholdStatus(models.Model):
    """The poverty status of one household in one year, and who supports it."""

    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        on_delete=models.PROTECT,
        related_name="poverty_statuses",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("tình trạng"), max_length=20, choices=PovertyStatus.choices)
    exit = models.CharField(
        _("thoát nghèo trong năm"),
        max_length=20,
        choices=PovertyExit.choices,
        blank=True,
        default="",
        db_default="",
    )
    is_hardship = models.BooleanField(
        _("hoàn cảnh đặc biệt khó khăn"), default=False, db_default=False
    )
    # the line a survey was judged by: the kind of the household's commune-level unit on the
    # survey date (xã: rural; phường, thị trấn: urban)
    area_line = models.CharField(
        _("chuẩn áp dụng"), max_length=10, choices=AreaLine.choices, blank=True, default=""
    )
    surveyed_on = models.DateField(_("ngày rà soát"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=10, choices=StatusBasis.choices)
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    income_per_person_month = models.BigIntegerField(
        _("thu nhập bình quân (đ/người/tháng)"), null=True, blank=True
    )
    deprivations = models.JSONField(_("chỉ số thiếu hụt"), default=list, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    supporter_kind = models.CharField(
        _("loại đơn vị hỗ trợ"), max_length=20, choices=SupporterKind.choices, blank=True
    )
    supporter_org = models.ForeignKey(
        "campaign.MemberOrganization",
        verbose_name=_("tổ chức thành viên hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supported_households",
    )
    supporter_name = models.CharField(_("tên đơn vị/cá nhân hỗ trợ"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tình trạng nghèo của hộ")
        verbose_name_plural = _("tình trạng nghèo của hộ")
        ordering = ["-year", "household_id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="one_status_per_year"),
            models.CheckConstraint(
                condition=Q(income_per_person_month__isnull=True)
                | Q(income_per_person_month__gte=0),
                name="status_income_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(basis="decision") | ~Q(decision_number=""),
                name="status_decision_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(supporter_kind="member_org") | Q(supporter_org__isnull=False),
                name="status_member_org_supporter_named",
            ),
        ]

    def __str__(self):
        return f"{self.household} {self.year}: {self.get_status_display()}"

    @property
    def band_display(self) -> str:
        """The status, or the middle living standard band where the standard defines it."""
        if self.is_middle:
            return str(MIDDLE_BAND)
        return self.get_status_display()

    @property
    def is_middle(self) -> bool:
        # a band of surveys only: a decision records no line and no income to place it by
        if self.status != PovertyStatus.NOT_POOR or self.income_per_person_month is None:
            return False
        if not self.area_line:
            return False
        line = self.standard.middle_line(self.area_line) if self.standard_id else None
        return line is not None and self.income_per_person_month <= line

    @property
    def has_supporter(self) -> bool:
        return bool(self.supporter_kind)

    @property
    def supporter_display(self) -> str:
        if self.supporter_kind == SupporterKind.MEMBER_ORG and self.supporter_org_id:
            return str(self.supporter_org)
        return self.supporter_name
