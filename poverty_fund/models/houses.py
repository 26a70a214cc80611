"""Great Unity houses (nhà Đại đoàn kết): the yearly support norms, the houses, their sources
of support and their photos."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
