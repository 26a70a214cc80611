"""Outcomes of the campaign, as decided by the authorities: the status of each commune-level
unit (nông thôn mới for a xã, đô thị văn minh for a phường or thị trấn) and the model
residential areas and gardens. Each row is one decision (number, date, issuing body) and keeps
its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["UnitStatus", "UnitStatusDecision", "ModelKind", "ModelRecognition"]

MODEL_CRITERIA_BASIS = "Quyết định số 33/2014/QĐ-UBND ngày 31/7/2014 của UBND tỉnh Hà Tĩnh"


class UnitStatus(models.TextChoices):
    """The levels a commune-level unit is recognised at. The three new-countryside levels are
    for a xã and are climbed in order; the civilized-urban standard is for a phường or thị
    trấn."""

    NTM = "ntm", _("Đạt chuẩn nông thôn mới")
    NTM_ADVANCED = "ntm_nang_cao", _("Đạt chuẩn nông thôn mới nâng cao")
    NTM_MODEL = "ntm_kieu_mau", _("Đạt chuẩn nông thôn mới kiểu mẫu")
    URBAN = "do_thi_van_minh", _("Đạt chuẩn đô thị văn minh")


class Decided(models.Model):
    """What every outcome row carries: the decision that made it, and who recorded it."""

    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class UnitStatusDecision(Decided):
    """One decision on a commune-level unit's status: it recognises a level (for `year`) or,
    with `withdraws`, takes a level back (and every level above it)."""

    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="status_decisions",
    )
    status = models.CharField(_("mức đạt chuẩn"), max_length=20, choices=UnitStatus.choices)
    year = models.PositiveSmallIntegerField(_("năm đạt chuẩn"))
    withdraws = models.BooleanField(_("quyết định thu hồi"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công nhận nông thôn mới, đô thị văn minh")
        verbose_name_plural = _("quyết định công nhận nông thôn mới, đô thị văn minh")
        ordering = ["unit__path", "decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "status", "decision_number"], name="one_status_decision_per_number"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000), name="status_decision_year_sane"),
        ]

    def __str__(self):
        verb = _("Thu hồi") if self.withdraws else _("Công nhận")
        return f"{verb} {self.get_status_display().lower()}: {self.unit} ({self.year})"


class ModelKind(models.TextChoices):
    MODEL_AREA = "khu_dan_cu_kieu_mau", _("Khu dân cư kiểu mẫu")
    MODEL_GARDEN = "vuon_mau", _("Vườn mẫu")


class ModelRecognition(Decided):
    """A model residential area or a model garden recognised by decision in `year`. Both
    belong to a residential area; a garden names its household or owner."""

    kind = models.CharField(_("loại"), max_length=20, choices=ModelKind.choices)
    area = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("khu dân cư"),
        on_delete=models.PROTECT,
        related_name="model_recognitions",
    )
    household = models.ForeignKey(
        "residential_areas.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên vườn, chủ hộ"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    basis = models.CharField(_("bộ tiêu chí"), max_length=200, default=MODEL_CRITERIA_BASIS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khu dân cư kiểu mẫu, vườn mẫu")
        verbose_name_plural = _("khu dân cư kiểu mẫu, vườn mẫu")
        ordering = ["area__path", "year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                condition=Q(kind="khu_dan_cu_kieu_mau"),
                name="one_model_area_recognition_per_year",
            ),
            models.UniqueConstraint(
                fields=["area", "year", "name"],
                condition=Q(kind="vuon_mau"),
                name="one_model_garden_name_per_area_year",
            ),
        ]

    def __str__(self):
        what = self.name or str(self.area)
        return f"{self.get_kind_display()}: {what} ({self.year})"
