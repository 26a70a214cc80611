"""The Fund for the Poor: standards, household status by year, funds, entries, houses.

Entries (donations, disbursements, transfers) are posted once and never change: a correction
is a reversal entry linked to the original. Balances are derived from entries, never stored.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

POSTED_IS_FINAL = _("Bút toán đã ghi sổ không được sửa hoặc xóa; hãy lập bút toán đảo.")
# the Fund for the Poor dates from 2000: no book of it holds an earlier day (no year 0001)
FIRST_DAY = datetime.date(2000, 1, 1)


def _from_first_day(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(date__gte=FIRST_DAY), name=name)


class PovertyStandard(models.Model):
    """A multidimensional poverty standard in force for a span of years (e.g. ND 07/2021)."""

    name = models.CharField(_("tên chuẩn nghèo"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"), unique=True)
    last_year = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    income_line_rural = models.BigIntegerField(_("chuẩn thu nhập nông thôn (đ/người/tháng)"))
    income_line_urban = models.BigIntegerField(_("chuẩn thu nhập thành thị (đ/người/tháng)"))
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


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    LEFT_POVERTY = "left_poverty", _("Thoát nghèo trong năm")
    HARD = "hard", _("Hoàn cảnh đặc biệt khó khăn")
    NOT_POOR = "not_poor", _("Không thuộc diện nghèo")


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
    def has_supporter(self) -> bool:
        return bool(self.supporter_kind)

    @property
    def supporter_display(self) -> str:
        if self.supporter_kind == SupporterKind.MEMBER_ORG and self.supporter_org_id:
            return str(self.supporter_org)
        return self.supporter_name


class Fund(models.Model):
    """The "Vì người nghèo" fund of one unit (province, district until 6/2025, commune)."""

    unit = models.OneToOneField(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="poverty_fund",
    )
    name = models.CharField(_("tên quỹ"), max_length=200)
    is_published = models.BooleanField(_("công khai trên trang công khai"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quỹ Vì người nghèo")
        verbose_name_plural = _("quỹ Vì người nghèo")
        ordering = ["unit__path"]

    def __str__(self):
        return self.name


class PostedEntry(models.Model):
    """Common columns of the three kinds of posted entries."""

    amount = models.BigIntegerField(_("số tiền (đồng)"))
    date = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    reason = models.CharField(_("lý do đảo"), max_length=255, blank=True)
    posted_at = models.DateTimeField(auto_now_add=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # posted entries never change: the database refuses too (trigger on PostgreSQL)
        if not self._state.adding:
            raise ValidationError(POSTED_IS_FINAL)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(POSTED_IS_FINAL)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversal")


class DonorKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANIZATION = "organization", _("Cơ quan, tổ chức")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    EXPATRIATE = "expatriate", _("Người quê hương xa quê")


class Channel(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    BANK = "bank", _("Chuyển khoản")
    IN_KIND = "in_kind", _("Hiện vật (quy ra tiền)")


class Drive(models.TextChoices):
    PEAK_MONTH = "peak_month", _("Tháng cao điểm Vì người nghèo (17/10-18/11)")
    TET = "tet", _("Tết Vì người nghèo")
    DISASTER = "disaster", _("Kêu gọi ủng hộ thiên tai")
    OTHER = "other", _("Khác")


class DonationBatch(models.Model):
    """A collection event entered at once: what was counted must match what was entered."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("đợt thu"), max_length=200)
    date = models.DateField(_("ngày"))
    expected_count = models.PositiveIntegerField(_("số phiếu dự kiến"))
    expected_total = models.BigIntegerField(_("tổng tiền dự kiến"))
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt thu")
        verbose_name_plural = _("đợt thu")
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_total__gt=0) & Q(expected_count__gt=0),
                name="batch_totals_positive",
            ),
            _from_first_day("batch_date_from_2000"),
        ]

    def __str__(self):
        return self.name


class Donation(PostedEntry):
    """Money (or goods valued in money) received, with a receipt gapless per fund and year."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="donations"
    )
    receipt_year = models.PositiveSmallIntegerField(_("năm phiếu thu"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("số phiếu thu"), null=True, blank=True)
    donor_name = models.CharField(_("người/đơn vị ủng hộ"), max_length=200)
    donor_kind = models.CharField(_("loại nhà hảo tâm"), max_length=20, choices=DonorKind.choices)
    donor_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_anonymous = models.BooleanField(_("đề nghị không công khai tên"), default=False)
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)
    bank_reference = models.CharField(_("mã giao dịch chuyển khoản"), max_length=100, blank=True)
    in_kind_description = models.CharField(_("hiện vật"), max_length=255, blank=True)
    drive = models.CharField(_("đợt vận động"), max_length=20, choices=Drive.choices)
    batch = models.ForeignKey(
        DonationBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    search_name = models.CharField(max_length=200, default="", blank=True, db_index=True)
    # the one-time token of the form, or the API's Idempotency-Key, it was posted with: the same
    # request sent twice (a double click, a client's retry) finds this donation instead of
    # posting another; a default in the database, so bulk loads that name no such column work
    request_key = models.CharField(max_length=100, blank=True, default="", db_default="")
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("đảo bút toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )

    class Meta:
        verbose_name = _("khoản ủng hộ")
        verbose_name_plural = _("khoản ủng hộ")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.UniqueConstraint(
                fields=["fund", "receipt_year", "receipt_number"], name="receipt_unique_per_year"
            ),
            # an original has a receipt, a reversal has none
            models.CheckConstraint(
                condition=(
                    Q(reverses__isnull=True)
                    & Q(receipt_number__gt=0)
                    & Q(receipt_year__isnull=False)
                )
                | (
                    Q(reverses__isnull=False)
                    & Q(receipt_number__isnull=True)
                    & Q(receipt_year__isnull=True)
                ),
                name="donation_receipt_only_on_originals",
            ),
            models.CheckConstraint(
                condition=~Q(channel="bank") | ~Q(bank_reference="") | Q(reverses__isnull=False),
                name="donation_bank_has_reference",
            ),
            models.CheckConstraint(
                condition=~Q(reverses=F("pk")), name="donation_not_own_reversal"
            ),
            models.UniqueConstraint(
                fields=["posted_by", "request_key"],
                condition=~Q(request_key=""),
                name="donation_once_per_request",
                violation_error_message=_("Yêu cầu này đã được ghi một lần."),
            ),
            _from_first_day("donation_date_from_2000"),
        ]

    def __str__(self):
        if self.is_reversal:
            return _("Đảo khoản ủng hộ #%(pk)s") % {"pk": self.reverses_id}
        return _("Phiếu thu số %(n)s/%(y)s") % {"n": self.receipt_number, "y": self.receipt_year}

    @property
    def receipt_label(self) -> str:
        if self.receipt_number is None:
            return ""
        return f"{self.receipt_number:05d}/{self.receipt_year}/PT"

    @property
    def public_donor(self) -> str:
        return str(_("Nhà hảo tâm (ẩn danh)")) if self.is_anonymous else self.donor_name


class Purpose(models.TextChoices):
    HOUSE_NEW = "house_new", _("Xây mới nhà Đại đoàn kết")
    HOUSE_REPAIR = "house_repair", _("Sửa chữa nhà Đại đoàn kết")
    LIVELIHOOD = "livelihood", _("Hỗ trợ sản xuất, sinh kế")
    SCHOOLING = "schooling", _("Hỗ trợ học tập")
    HEALTH = "health", _("Y tế, bảo hiểm y tế")
    TET = "tet", _("Quà Tết")
    RELIEF = "relief", _("Cứu trợ, đột xuất")
    OTHER = "other", _("Khác")


class Disbursement(PostedEntry):
    """Money paid out against a decision, to a household or a purpose."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="disbursements"
    )
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ được hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_disbursements",
    )
    beneficiary = models.CharField(_("đối tượng/nội dung chi"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    approved_by = models.CharField(_("người phê duyệt"), max_length=120)
    house = models.ForeignKey(
        "House",
        verbose_name=_("nhà Đại đoàn kết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("đảo bút toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(reverses=F("pk")), name="disbursement_not_own_reversal"
            ),
            _from_first_day("disbursement_date_from_2000"),
        ]

    def __str__(self):
        return _("Khoản chi #%(pk)s") % {"pk": self.pk}


class Transfer(PostedEntry):
    """Money moved between funds of different levels: one row, both sides at once."""

    from_fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ chuyển"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ nhận"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("đảo bút toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )

    class Meta:
        verbose_name = _("điều chuyển giữa các quỹ")
        verbose_name_plural = _("điều chuyển giữa các quỹ")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(
                condition=~Q(from_fund=F("to_fund")), name="transfer_between_two_funds"
            ),
            models.CheckConstraint(
                condition=~Q(reverses=F("pk")), name="transfer_not_own_reversal"
            ),
            _from_first_day("transfer_date_from_2000"),
        ]

    def __str__(self):
        return _("Điều chuyển #%(pk)s") % {"pk": self.pk}


class HouseKind(models.TextChoices):
    NEW = "new", _("Xây mới")
    REPAIR = "repair", _("Sửa chữa")


class HouseStatus(models.TextChoices):
    APPROVED = "approved", _("Đã phê duyệt")
    BUILDING = "building", _("Đang thi công")
    HANDED_OVER = "handed_over", _("Đã bàn giao")


class SupportNorm(models.Model):
    """The programme's default support per house by year (Hà Tĩnh 2025: 70 / 30 million)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=10, choices=HouseKind.choices)
    amount = models.BigIntegerField(_("mức hỗ trợ (đồng)"))
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức hỗ trợ nhà Đại đoàn kết")
        verbose_name_plural = _("mức hỗ trợ nhà Đại đoàn kết")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_norm_per_year_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="norm_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class House(models.Model):
    """A Great Unity house built or repaired for a household."""

    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        on_delete=models.PROTECT,
        related_name="unity_houses",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=HouseKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=HouseStatus.choices, default=HouseStatus.APPROVED
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"))
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    default_support = models.BigIntegerField(_("mức hỗ trợ theo định mức"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhà Đại đoàn kết")
        verbose_name_plural = _("nhà Đại đoàn kết")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="handed_over") | Q(handed_over_on__isnull=False),
                name="house_handed_over_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="building") | Q(started_on__isnull=False),
                name="house_building_has_start",
            ),
            models.CheckConstraint(
                condition=Q(default_support__gte=0), name="house_default_support_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} - {self.household}"


class SupportSource(models.TextChoices):
    FUND_PROVINCE = "fund_province", _("Quỹ Vì người nghèo cấp tỉnh")
    FUND_DISTRICT = "fund_district", _("Quỹ Vì người nghèo cấp huyện")
    FUND_COMMUNE = "fund_commune", _("Quỹ Vì người nghèo cấp xã")
    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    FAMILY = "family", _("Gia đình, dòng họ")
    COMMUNITY = "community", _("Cộng đồng (ngày công lao động)")
    OTHER = "other", _("Nguồn khác")


class HouseSupport(models.Model):
    """One source of support for a house: money in đồng and/or community labour days."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="supports")
    source = models.CharField(_("nguồn"), max_length=20, choices=SupportSource.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"), default=0)
    labour_days = models.PositiveIntegerField(_("ngày công"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn hỗ trợ nhà")
        verbose_name_plural = _("nguồn hỗ trợ nhà")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & (Q(amount__gt=0) | Q(labour_days__gt=0)),
                name="house_support_not_empty",
            ),
        ]

    def __str__(self):
        return self.get_source_display()


class HousePhoto(models.Model):
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="houses/%Y/")
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=HouseStatus.choices)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh nhà Đại đoàn kết")
        verbose_name_plural = _("ảnh nhà Đại đoàn kết")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.caption or str(self.house)
