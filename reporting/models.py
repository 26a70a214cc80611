"""Report runs, in-portal notifications and the e-mail outbox.

A run is one compilation of one report: what was asked (kind, unit, years), how far it got
(status, progress), what came out (the data snapshot, its checksum, the PDF and XLSX files).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# an issued report is checked against its run for years: the run is never deleted
ISSUED_KEPT = "Báo cáo đã phát hành được lưu để kiểm tra văn bản, không được xóa."


class ReportKind(models.TextChoices):
    ANNUAL_PROVINCE = "annual_province", _("Báo cáo kết quả năm của tỉnh")
    ANNUAL_UNIT = "annual_unit", _("Báo cáo kết quả năm của đơn vị")
    INTERIM_REVIEW = "interim_review", _("Sơ kết 3 năm")
    FINAL_REVIEW = "final_review", _("Tổng kết 5 năm")
    FUND_STATEMENT = "fund_statement", _("Báo cáo Quỹ “Vì người nghèo”")
    COMPLETENESS = "completeness", _("Báo cáo tình hình nộp báo cáo")


# how many years each kind covers, ending with the run's year
KIND_YEARS = {
    ReportKind.ANNUAL_PROVINCE: 1,
    ReportKind.ANNUAL_UNIT: 1,
    ReportKind.INTERIM_REVIEW: 3,
    ReportKind.FINAL_REVIEW: 5,
    ReportKind.FUND_STATEMENT: 1,
    ReportKind.COMPLETENESS: 1,
}


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ReportRun(models.Model):
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="report_runs",
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    year = models.PositiveSmallIntegerField(_("năm"))
    # a nightly draft also counts submissions not yet accepted
    is_draft = models.BooleanField(_("bản nháp"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    stage = models.CharField(_("bước"), max_length=200, blank=True)
    error = models.TextField(_("lý do lỗi"), blank=True)
    # bumped each time a worker takes the run: only the holder of the latest attempt may finish it
    attempt = models.PositiveIntegerField(default=0)
    # when the run was last put on the queue, and how many times the sweep put it back there
    # (its message was lost, or its worker died)
    queued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), null=True, blank=True)
    requeues = models.PositiveSmallIntegerField(_("số lần xếp lại hàng đợi"), default=0)
    # written by the compiling worker at each step and by a timer in between: a running run
    # whose heartbeat has stopped has lost its worker
    heartbeat_at = models.DateTimeField(_("tín hiệu xử lý gần nhất"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày yêu cầu"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), max_length=255, blank=True)
    xlsx = models.FileField(_("tệp Excel"), max_length=255, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    snapshot = models.JSONField(_("số liệu tổng hợp"), null=True, blank=True)
    checksum = models.CharField(_("mã kiểm tra"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("lượt lập báo cáo")
        verbose_name_plural = _("lượt lập báo cáo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=models.F("first_year")), name="report_run_years_ordered"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_max"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(checksum=""), name="report_run_done_has_checksum"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.years_label} - {self.unit}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.year + 1))

    @property
    def years_label(self) -> str:
        if self.first_year == self.year:
            return str(self.year)
        return f"{self.first_year} - {self.year}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def is_issued(self) -> bool:
        return self.status == RunStatus.DONE and not self.is_draft

    def delete(self, *args, **kwargs):
        # the last guard behind the read-only admin: a deleted run would make its genuine
        # files fail verification
        if self.is_issued:
            raise models.ProtectedError(_(ISSUED_KEPT), {self})
        return super().delete(*args, **kwargs)

    @property
    def file_stem(self) -> str:
        """Deterministic file names: a redelivered run overwrites, never adds, its files."""
        return (
            f"reports/{self.pk}/bao-cao-{self.kind}-{self.years_label.replace(' ', '')}-{self.pk}"
        )


class Notification(models.Model):
    """A message shown in the portal (reminders, overdue lists) next to the e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # what the notice is about, so that a job run twice the same day sends it once
    key = models.CharField(max_length=120)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]

    def __str__(self):
        return self.title


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Không gửi được")


class OutboxEmail(models.Model):
    """One e-mail to send, written in the same transaction as its notice: an SMTP error delays
    it (reporting.outbox retries with a growing wait) but neither loses it nor stops the
    others, and a notice is mailed at most once."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email", verbose_name=_("thông báo")
    )
    recipient = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    html = models.TextField(_("nội dung HTML"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi lần gửi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư điện tử chờ gửi")
        verbose_name_plural = _("thư điện tử chờ gửi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"


# -- the report as a draft the board finishes (drafts.py writes these) -----------------------

# the kinds compiled into a draft with text sections the board writes
DRAFT_KINDS = frozenset(
    {ReportKind.ANNUAL_PROVINCE, ReportKind.INTERIM_REVIEW, ReportKind.FINAL_REVIEW}
)
FINAL_KEPT = "Báo cáo đã hoàn thành và ký không được sửa; hãy lập bản đính chính."


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    FINAL = "final", _("Đã hoàn thành và ký")


class ReportDraft(models.Model):
    """One edition of a report: the numbers of a run and the text the board writes around them.

    A draft is edited in the browser (`version` counts the saves, so that a second officer's
    stale save is refused, not applied); "Hoàn thành và ký" freezes it with its PDF and
    checksum. A finalized edition is never rewritten: a correction is a new edition that says
    which one it replaces. Every save is kept in the history."""

    run = models.ForeignKey(
        ReportRun,
        verbose_name=_("lượt lập số liệu"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    unit = models.ForeignKey(
        "residential_areas.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="report_drafts",
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    edition = models.PositiveSmallIntegerField(_("lần ban hành"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock: bumped by every save
    # the five parts of an MTTQ report the board writes (the numbers come from the run)
    direction = models.TextField(_("I. Công tác chỉ đạo, triển khai thực hiện"), blank=True)
    results = models.TextField(_("II. Nhận xét kết quả so với kế hoạch và năm trước"), blank=True)
    strengths = models.TextField(_("III.1. Ưu điểm"), blank=True)
    shortcomings = models.TextField(_("III.2. Hạn chế và nguyên nhân"), blank=True)
    lessons = models.TextField(_("III.3. Bài học kinh nghiệm"), blank=True)
    next_tasks = models.TextField(_("IV. Phương hướng, nhiệm vụ"), blank=True)
    recommendations = models.TextField(_("V. Kiến nghị, đề xuất"), blank=True)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="BC-MTTQ-BTT")
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=120, default="TM. BAN THƯỜNG TRỰC"
    )
    pdf = models.FileField(_("tệp PDF đã ký"), max_length=255, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    checksum = models.CharField(_("mã kiểm tra"), max_length=64, blank=True, db_index=True)
    finalized_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
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
        verbose_name = _("báo cáo (dự thảo và bản ký)")
        verbose_name_plural = _("báo cáo (dự thảo và bản ký)")
        ordering = ["-year", "-edition", "-pk"]
        constraints = [
            # one draft open at a time per report
            models.UniqueConstraint(
                fields=["kind", "unit", "year"],
                condition=Q(status="draft"),
                name="one_open_draft_per_report",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & ~Q(checksum="")),
                name="final_report_has_number_and_checksum",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} - {self.unit} (lần {self.edition})"

    def save(self, *args, **kwargs):
        # the last guard behind the services and the read-only admin: a signed report stays
        # as it was signed
        if self.pk and ReportDraft.objects.filter(pk=self.pk, status=DraftStatus.FINAL).exists():
            raise models.ProtectedError(_(FINAL_KEPT), {self})
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_final:
            raise models.ProtectedError(_(FINAL_KEPT), {self})
        return super().delete(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.status == DraftStatus.FINAL

    @property
    def number_label(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else f"     /{self.symbol}"
