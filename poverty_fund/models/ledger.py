"""The fund's book: funds, and the entries posted to them (donations, disbursements, transfers).

Entries are posted once and never change: a correction is a reversal entry linked to the
original. Balances are derived from entries, never stored.
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


class Fund(models.Model):
    """The "Vì người nghèo" fund of one unit (province, district until 6/2025, commune); closed
    (`closed_on`) by a closing transfer when its unit is dissolved (services/closing.py)."""

    unit = models.OneToOneField(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="poverty_fund",
    )
    name = models.CharField(_("tên quỹ"), max_length=200)
    is_published = models.BooleanField(_("công khai trên trang công khai"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_on = models.DateField(_("ngày đóng quỹ"), null=True, blank=True)
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
    FESTIVAL = "festival", _("Ngày hội Đại đoàn kết toàn dân tộc")
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


class TransferKind(models.TextChoices):
    TRANSFER = "transfer", _("Điều chuyển giữa các cấp")
    CLOSING = "closing", _("Kết chuyển khi giải thể đơn vị")


class Transfer(PostedEntry):
    """Money moved between funds of different levels: one row, both sides at once. A closing
    transfer (`kind` "closing") is the one exception to the levels and the branch: a dissolved
    unit's whole balance, on its last day, to the fund of the unit that succeeded it."""

    from_fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ chuyển"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ nhận"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    kind = models.CharField(
        _("loại điều chuyển"),
        max_length=10,
        choices=TransferKind.choices,
        default=TransferKind.TRANSFER,
        db_default=TransferKind.TRANSFER,
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
            # a fund is closed once: a second closing transfer of it cannot be written
            models.UniqueConstraint(
                fields=["from_fund"],
                condition=Q(kind="closing", reverses__isnull=True),
                name="one_closing_transfer_per_fund",
            ),
        ]

    def __str__(self):
        return _("Điều chuyển #%(pk)s") % {"pk": self.pk}

    @property
    def is_closing(self) -> bool:
        return self.kind == TransferKind.CLOSING
