import datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import fold


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố")
    TOWN = "thi_xa", _("Thị xã")
    DISTRICT = "huyen", _("Huyện")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    VILLAGE = "thon", _("Thôn")
    HAMLET = "xom", _("Xóm")
    QUARTER = "to_dan_pho", _("Tổ dân phố")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    AREA = "area", _("Khu dân cư")


class AreaType(models.TextChoices):
    RURAL = "rural", _("Nông thôn")
    URBAN = "urban", _("Đô thị")


class AdministrativeUnitQuerySet(models.QuerySet):
    def as_of(self, on: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def under(self, unit, *, include_self=True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class AdministrativeUnit(models.Model):
    """One node of the administrative tree: province, district, commune or residential area.

    The tree changes over time (merges, the removal of the district level on 1/7/2025): a unit
    is valid from `valid_from` to `valid_to` and, once closed, points at its `successor`.
    `path` is the chain of ids from the root ("1/14/230/"), so a subtree is one indexed
    prefix scan.
    """

    code = models.CharField(_("mã đơn vị"), max_length=20, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices, db_index=True)
    area_type = models.CharField(
        _("khu vực"), max_length=10, choices=AreaType.choices, default=AreaType.RURAL
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)
    history = HistoricalRecords()

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        # PostgreSQL only (migration 0002): a name search reads the matching rows, not all
        indexes = [
            GinIndex(fields=["search_name"], name="unit_name_trgm", opclasses=["gin_trgm_ops"])
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="unit_not_own_successor"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # the folded name is a derived index column, kept in step with the name
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def ancestors(self):
        ids = self.ancestor_ids
        units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=ids)}
        return [units[i] for i in ids if i in units]

    def is_valid_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        return self.is_valid_on(timezone.localdate())

    def is_descendant_of(self, other: "AdministrativeUnit") -> bool:
        return self.path.startswith(other.path)


class UnitStatistic(models.Model):
    """Yearly figures of one unit (rows, not columns: a new figure is a new year)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="statistics"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    households = models.PositiveIntegerField(_("số hộ"), default=0)
    population = models.PositiveIntegerField(_("số nhân khẩu"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu dân cư theo năm")
        verbose_name_plural = _("số liệu dân cư theo năm")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_statistic_per_unit_year"),
            models.CheckConstraint(
                condition=Q(population__gte=models.F("households")),
                name="statistic_population_not_below_households",
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"


class Household(models.Model):
    """A household of a residential area. Personal data: visible only within scope."""

    area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("khu dân cư"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    code = models.CharField(_("mã hộ"), max_length=30, db_index=True)
    head_name = models.CharField(_("chủ hộ"), max_length=120)
    head_birth_year = models.PositiveSmallIntegerField(_("năm sinh chủ hộ"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    members = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=1)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang sinh sống"), default=True)
    search_name = models.CharField(max_length=120, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["area_id", "head_name", "pk"]
        # PostgreSQL only (migration 0002): a name search reads the matching rows, not all
        indexes = [
            GinIndex(fields=["search_name"], name="household_name_trgm", opclasses=["gin_trgm_ops"])
        ]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="household_code_unique_in_area"),
            models.CheckConstraint(condition=Q(members__gte=1), name="household_has_members"),
        ]

    def __str__(self):
        return f"{self.head_name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.head_name)
        super().save(*args, **kwargs)
