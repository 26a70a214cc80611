"""Every write of reporting: starting, compiling, finishing and failing report runs; reminders.

A run is compiled at most once to completion. A worker takes it with a status transition done
under select_for_update (and bumps `attempt`); the files are written under the same row lock,
at names that depend only on the run, just before the run is marked done. So a redelivered
task finds the run done and stops, and a run taken over after a crash overwrites, never adds,
its files.

No run is lost: identical requests share the run still in progress; the compile stamps a
heartbeat on the run at each step and from a timer in between; and the sweep queues again a
queued run no worker took (its broker message was lost) and a running run whose heartbeat
stopped (its worker died), a bounded number of times, then fails it with its reason.
"""

import datetime
import hashlib
import logging
import os
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import PROVINCE_ROLES, Role
from campaign.models import ReportingPeriod, Submission, SubmissionStatus
from campaign.results.selectors import expected_units
from residential_areas.models import AdministrativeUnit, UnitLevel

from . import emails
from .drafts_phases import phase_years
from .models import Notification, ReportKind, ReportRun, RunStatus
from .render import render_report_pdf, render_report_xlsx
from .selectors import build_snapshot, checksum_of

logger = logging.getLogger(__name__)

# the compile task's name and limits (tasks.py applies them; the sweep below reads the hard one)
COMPILE_TASK = "reporting.compile_report"
COMPILE_SOFT_LIMIT = 15 * 60
COMPILE_HARD_LIMIT = COMPILE_SOFT_LIMIT + 60

NO_PERIOD = "Chưa có kỳ báo cáo năm {year} nên chưa lập được báo cáo này. Ban Thường trực tỉnh cần tạo kỳ báo cáo năm {year} trước."
BAD_KIND = "Loại báo cáo không hợp lệ."
BAD_YEAR = "Năm báo cáo không hợp lệ."
PROVINCE_ONLY = "Báo cáo năm của tỉnh chỉ lập cho đơn vị cấp tỉnh."
FAILED_REASON = "Lập báo cáo không thành công: {error}"
NOT_QUEUED = "Không đưa được báo cáo vào hàng đợi xử lý ({error}). Hãy thử lập lại sau."
TIME_LIMIT = "Lập báo cáo không thành công: quá thời gian cho phép."
STUCK = (
    "Lập báo cáo không thành công: tiến trình xử lý đã dừng giữa chừng (quá thời gian hoặc máy "
    "chủ khởi động lại). Hãy lập lại báo cáo."
)
NEVER_TAKEN = (
    "Lập báo cáo không thành công: báo cáo đã chờ quá lâu mà không máy chủ xử lý nào nhận "
    "(hàng đợi bị gián đoạn). Hãy lập lại báo cáo."
)
REQUEUED = "Đang chờ xử lý lại"
# an attempt that ran past the compile task's hard time limit was stopped by it: running it
# again would only hit the limit again
STUCK_MARGIN = datetime.timedelta(minutes=1)
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)

# temporary faults (the database went away for a moment): the task retries a few times
TEMPORARY_ERRORS = (OperationalError, InterfaceError)

REPORTER_ROLES = (Role.DISTRICT_COMMITTEE, Role.COMMUNE_COMMITTEE)
# who may start which report: the province's own reports belong to the province's staff,
# every unit may compile its own (and its subtree's) reports
PROVINCE_KINDS = frozenset({ReportKind.ANNUAL_PROVINCE})
UNIT_REPORT_ROLES = frozenset(PROVINCE_ROLES | set(REPORTER_ROLES))

# reminders: days before the due date (the due date itself is data, in ReportingPeriod)
REMINDER_DAYS = (15, 7, 1)
# Nghị định 86/2023: the local vote on the cultural titles ends before 25/11
TITLE_VOTE_CLOSES = (11, 25)

# test-only: a directory where the compile announces it has reached the pause point and
# waits for a release file (lets a test kill the worker mid-task)
PAUSE_ENV = "REPORTING_TEST_PAUSE_DIR"
PAUSE_MAX_SECONDS = 120


def roles_for_kind(kind: str) -> frozenset:
    return frozenset(PROVINCE_ROLES) if kind in PROVINCE_KINDS else UNIT_REPORT_ROLES


def ensure_can_start(*, user, kind: str, unit: AdministrativeUnit) -> None:
    """404 outside scope, 403 when the user may only read (or the kind is not its to run)."""
    scope.ensure_can_act(user, unit, roles_for_kind(kind))


@transaction.atomic
def report_run_create(
    *,
    kind: str,
    unit: AdministrativeUnit,
    year: int,
    by=None,
    draft: bool = False,
    enqueue: bool = True,
) -> ReportRun:
    """Queue a run; the compile task starts once the run is committed (unless the caller
    compiles it itself: `enqueue=False`, the management command)."""
    if kind not in ReportKind.values:
        raise ValidationError(_(BAD_KIND))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(_(BAD_YEAR)) from None
    if not 2000 <= year <= 2100:
        raise ValidationError(_(BAD_YEAR))
    if by is not None:
        ensure_can_start(user=by, kind=kind, unit=unit)
    if kind in PROVINCE_KINDS and unit.level != UnitLevel.PROVINCE:
        raise ValidationError(_(PROVINCE_ONLY))
    first_year, year = phase_years(kind=kind, year=year)  # a review follows its phase
    periods = ReportingPeriod.objects.filter(year__range=(first_year, year))
    if kind != ReportKind.FUND_STATEMENT and not periods.exists():
        raise ValidationError(_(NO_PERIOD).format(year=year))
    # the same report asked again while a run of it is in progress (a double click, two
    # officers, the nightly job) shares that run. The unit's row lock makes the look and the
    # insert one step; NO KEY UPDATE leaves the unit free for rows that refer to it.
    list(AdministrativeUnit.objects.select_for_update(no_key=True).filter(pk=unit.pk).values("pk"))
    active = ReportRun.objects.filter(
        kind=kind, unit=unit, year=year, is_draft=draft, status__in=ACTIVE
    ).first()
    if active is not None:
        return active
    run = ReportRun.objects.create(
        kind=kind,
        unit=unit,
        first_year=first_year,
        year=year,
        is_draft=draft,
        requested_by=by,
        stage=_("Đang chờ xử lý"),
        queued_at=timezone.now(),
    )
    if enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from celery import current_app
    from kombu.exceptions import OperationalError as BrokerError

    try:
        # the task is looked up by its name: the tasks module calls this one, not the reverse
        current_app.tasks[COMPILE_TASK].delay(run_id)
    except BrokerError as exc:  # the broker is down: say so on the run instead of a 500
        logger.exception("could not queue report run %s", run_id)
        report_run_fail(run_id=run_id, reason=_(NOT_QUEUED).format(error=exc))


def report_run_again(*, run: ReportRun, by) -> ReportRun:
    return report_run_create(kind=run.kind, unit=run.unit, year=run.year, by=by, draft=run.is_draft)


# -- compiling --------------------------------------------------------------------------------


def _take(run_id: int) -> ReportRun | None:
    """Move the run to running (a new attempt), or None when it has already finished."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("unit").get(pk=run_id)
        if run.is_finished:
            return None
        run.status = RunStatus.RUNNING
        run.attempt += 1
        run.started_at = run.heartbeat_at = timezone.now()
        run.progress = 5
        run.stage = _("Bắt đầu lập báo cáo")
        run.error = ""
        run.save(
            update_fields=[
                "status",
                "attempt",
                "started_at",
                "heartbeat_at",
                "progress",
                "stage",
                "error",
            ]
        )
        return run


def _progress(run_id: int, attempt: int, pct: int, stage: str) -> None:
    ReportRun.objects.filter(pk=run_id, attempt=attempt, status=RunStatus.RUNNING).update(
        progress=min(pct, 99), stage=stage, heartbeat_at=timezone.now()
    )


def _beat(run_id: int, attempt: int) -> None:
    ReportRun.objects.filter(pk=run_id, attempt=attempt, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


@contextmanager
def _heartbeat(run_id: int, attempt: int):
    """While a long step runs (the snapshot's queries, WeasyPrint), a thread stamps the run
    every REPORT_HEARTBEAT_SECONDS on its own connection, so the sweep tells a slow compile
    from a dead worker. It dies with the worker, which is the point."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
                _beat(run_id, attempt)
        except Exception:  # noqa: BLE001 - the compile goes on; at worst the sweep retakes it
            logger.exception("heartbeat of report run %s stopped", run_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"report-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def _file_names(run: ReportRun) -> tuple[str, str]:
    return f"{run.file_stem}.pdf", f"{run.file_stem}.xlsx"


def _discard_files(run: ReportRun) -> None:
    for name in _file_names(run):
        if default_storage.exists(name):
            default_storage.delete(name)


def _write(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)  # a crashed earlier attempt: overwrite, never add
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # someone else wrote it in between: refuse to leave two copies
        default_storage.delete(saved)
        raise OSError(f"report file {name} appeared twice")
    return saved


def _pause_for_tests(run: ReportRun) -> None:
    directory = os.environ.get(PAUSE_ENV)
    if not directory:
        return
    folder = Path(directory)
    (folder / f"reached-{run.pk}").write_text(str(run.attempt))
    deadline = time.monotonic() + PAUSE_MAX_SECONDS
    while not (folder / f"release-{run.pk}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)


@contextmanager
def _consistent_read():
    """On PostgreSQL every query of the snapshot sees the database as of one moment, so a unit
    saving its submission meanwhile cannot make the tables disagree. Yields True when so."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield False
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield True


def _finish(*, run_id: int, attempt: int, snapshot: dict, checksum: str, pdf: bytes, xlsx: bytes):
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.attempt != attempt or run.status != RunStatus.RUNNING:
            return run  # another attempt took the run over: its result stands
        pdf_name, xlsx_name = _file_names(run)
        try:
            run.pdf.name = _write(pdf_name, pdf)
            run.xlsx.name = _write(xlsx_name, xlsx)
            run.snapshot = snapshot
            run.checksum = checksum
            run.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            run.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
            run.status = RunStatus.DONE
            run.progress = 100
            run.stage = _("Hoàn thành")
            run.finished_at = timezone.now()
            run.save()
        except Exception:
            _discard_files(run)
            raise
        return run


def report_run_fail(*, run_id: int, reason: str, attempt: int | None = None) -> ReportRun:
    """Mark the run failed with its reason and remove whatever files an attempt left."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE or (attempt is not None and run.attempt != attempt):
            return run
        _discard_files(run)
        run.pdf.name = ""
        run.xlsx.name = ""
        run.status = RunStatus.FAILED
        run.error = reason[:2000]
        run.stage = _("Lỗi")
        run.finished_at = timezone.now()
        run.save()
        return run


def _lost_q(now: datetime.datetime) -> Q:
    """Runs nothing will finish: queued longer than REPORT_QUEUED_LIMIT_MINUTES (no worker got
    the message), or running with a heartbeat silent for REPORT_HEARTBEAT_STALE_MINUTES (the
    worker was killed: out of memory, a restart, the hard time limit)."""
    queued = now - datetime.timedelta(minutes=settings.REPORT_QUEUED_LIMIT_MINUTES)
    silent = now - datetime.timedelta(minutes=settings.REPORT_HEARTBEAT_STALE_MINUTES)
    return Q(status=RunStatus.QUEUED) & (
        Q(queued_at__lt=queued) | Q(queued_at__isnull=True, created_at__lt=queued)
    ) | Q(status=RunStatus.RUNNING) & (
        Q(heartbeat_at__lt=silent) | Q(heartbeat_at__isnull=True, started_at__lt=silent)
    )


def _requeue_or_fail(*, run_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        # looked at again under the lock: a worker may have taken or finished it meanwhile
        run = ReportRun.objects.select_for_update().filter(_lost_q(now), pk=run_id).first()
        if run is None:
            return False
        hit_limit = run.status == RunStatus.RUNNING and run.started_at < (
            now - datetime.timedelta(seconds=COMPILE_HARD_LIMIT) - STUCK_MARGIN
        )
        if run.requeues >= settings.REPORT_MAX_REQUEUES or hit_limit:
            reason = STUCK if run.status == RunStatus.RUNNING else NEVER_TAKEN
            report_run_fail(run_id=run.pk, reason=_(reason))
            return True
        # back to the queue; a dead attempt that woke up could no longer finish (not running)
        run.status = RunStatus.QUEUED
        run.queued_at = now
        run.requeues += 1
        run.stage = _(REQUEUED)
        run.save(update_fields=["status", "queued_at", "requeues", "stage"])
        transaction.on_commit(lambda: _enqueue(run_id))
        return True


def stuck_runs_sweep(*, now: datetime.datetime | None = None) -> int:
    """Every 10 minutes (beat): queue again the runs nothing will finish, or fail them with
    their reason after REPORT_MAX_REQUEUES tries. Returns how many it handled."""
    now = now or timezone.now()
    lost = ReportRun.objects.filter(_lost_q(now)).order_by("pk").values_list("pk", flat=True)
    handled = sum(_requeue_or_fail(run_id=run_id, now=now) for run_id in lost)
    if handled:
        logger.warning("%s report run(s) had lost their message or worker", handled)
    return handled


def report_run_compile(*, run_id: int) -> ReportRun:
    """Compile the snapshot, render the PDF and the XLSX, store them; idempotent."""
    from celery.exceptions import SoftTimeLimitExceeded

    run = _take(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    attempt = run.attempt

    def progress(pct, stage):
        _progress(run_id, attempt, pct, stage)

    try:
        with _heartbeat(run_id, attempt):
            return _compile(run, progress)
    except TEMPORARY_ERRORS:
        raise  # the task retries; the next attempt takes the run over
    except SoftTimeLimitExceeded:
        return report_run_fail(run_id=run_id, reason=_(TIME_LIMIT), attempt=attempt)
    except ValidationError as exc:
        return report_run_fail(run_id=run_id, reason=" ".join(exc.messages), attempt=attempt)
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        return report_run_fail(
            run_id=run_id, reason=_(FAILED_REASON).format(error=exc), attempt=attempt
        )


def _compile(run: ReportRun, progress) -> ReportRun:
    if run.kind != ReportKind.FUND_STATEMENT and not (
        ReportingPeriod.objects.filter(year__range=(run.first_year, run.year)).exists()
    ):
        raise ValidationError(_(NO_PERIOD).format(year=run.year))
    progress(10, _("Tổng hợp số liệu"))
    with _consistent_read() as consistent:
        # inside a read-only transaction the progress row cannot be written (the heartbeat
        # thread, on its own connection, still beats)
        snapshot = build_snapshot(run=run, progress=None if consistent else progress)
    progress(60, _("Đã tổng hợp số liệu"))
    run.checksum = checksum_of(snapshot)
    _pause_for_tests(run)
    progress(70, _("Tạo tệp PDF"))
    pdf = render_report_pdf(run=run, snapshot=snapshot, issued_on=timezone.localdate())
    progress(88, _("Tạo tệp Excel"))
    xlsx = render_report_xlsx(run=run, snapshot=snapshot)
    progress(95, _("Lưu tệp"))
    done = _finish(
        run_id=run.pk,
        attempt=run.attempt,
        snapshot=snapshot,
        checksum=run.checksum,
        pdf=pdf,
        xlsx=xlsx,
    )
    from . import drafts  # the board's draft of the report takes these numbers

    drafts.report_draft_for_run(run=done)
    return done


def province_root() -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.filter(parent__isnull=True, level=UnitLevel.PROVINCE)
        .order_by("pk")
        .first()
    )


def scheduled_province_report(
    *, today: datetime.date | None = None, draft: bool
) -> ReportRun | None:
    """The beat's annual province report (final on 01/12, drafts each night of November)."""
    today = today or timezone.localdate()
    root = province_root()
    if root is None or not ReportingPeriod.objects.filter(year=today.year).exists():
        logger.warning("no province or no reporting period for %s: no scheduled report", today.year)
        return None
    if draft:
        # one draft a night: keep only the newest, with its files
        for old in ReportRun.objects.filter(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=root,
            year=today.year,
            is_draft=True,
            status__in=[RunStatus.DONE, RunStatus.FAILED],
        ):
            _discard_files(old)
            old.delete()
    return report_run_create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=root, year=today.year, by=None, draft=draft
    )


# -- notifications and reminders --------------------------------------------------------------


def notification_create(
    *, user, key: str, title: str, body: str = "", url: str = "", email=None
) -> Notification | None:
    """Create the notice once per (user, key); None when it already existed. `email(notification=)`
    queues its e-mail in the same transaction: both are written, or neither."""
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user=user, key=key, defaults={"title": title[:200], "body": body, "url": url}
        )
        if not created:
            return None
        if email is not None and user.email:
            email(notification=notification)
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def units_not_submitted(*, period: ReportingPeriod) -> QuerySet[AdministrativeUnit]:
    """Expected units without a submission that was sent (missing or still a draft)."""
    sent = Submission.objects.filter(
        period=period, organization__isnull=True, unit=OuterRef("pk"), submitted_at__isnull=False
    ).exclude(status=SubmissionStatus.DRAFT)
    return expected_units(period=period).exclude(Exists(sent)).order_by("path")


def _users_with(roles, units) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            is_active=True, unit_roles__role__in=list(roles), unit_roles__unit__in=units
        )
        .distinct()
        .order_by("pk")
    )


def due_reminders_send(*, today: datetime.date | None = None) -> int:
    """15, 7 and 1 days before the due date: remind the units that have not submitted."""
    today = today or timezone.localdate()
    period = ReportingPeriod.objects.filter(year=today.year).first()
    if period is None:
        return 0
    days_left = (period.due_on - today).days
    if days_left not in REMINDER_DAYS:
        return 0
    url = reverse("campaign:index")
    sent = 0
    for unit in units_not_submitted(period=period):
        for user in _users_with(REPORTER_ROLES, [unit]):
            title = _("Còn %(d)s ngày đến hạn nộp báo cáo kết quả năm %(y)s") % {
                "d": days_left,
                "y": period.year,
            }
            body = _("%(unit)s chưa nộp báo cáo kết quả năm %(y)s; hạn nộp %(due)s.") % {
                "unit": unit.name,
                "y": period.year,
                "due": period.due_on.strftime("%d/%m/%Y"),
            }
            key = f"due:{period.year}:{days_left}:{unit.pk}"
            email = partial(
                emails.queue_due_reminder, unit=unit, period=period, days_left=days_left
            )
            if notification_create(
                user=user, key=key, title=title, body=body, url=url, email=email
            ):
                sent += 1
    return sent


def overdue_list_send(*, today: datetime.date | None = None) -> int:
    """The day after the due date: the movement board gets the list of units still missing."""
    today = today or timezone.localdate()
    period = ReportingPeriod.objects.filter(year=today.year, due_on__lt=today).first()
    if period is None:
        return 0
    units = list(units_not_submitted(period=period))
    root = province_root()
    if root is None:
        return 0
    url = reverse("campaign:completeness")
    sent = 0
    for user in _users_with([Role.MOVEMENT_BOARD], [root]):
        title = _("%(n)s đơn vị chưa nộp báo cáo kết quả năm %(y)s") % {
            "n": len(units),
            "y": period.year,
        }
        body = ", ".join(u.name for u in units) or _("Tất cả các đơn vị đã nộp.")
        email = partial(emails.queue_overdue_list, period=period, units=units)
        key = f"overdue:{period.year}"
        if notification_create(user=user, key=key, title=title, body=body, url=url, email=email):
            sent += 1
    return sent


def title_reminder_send(*, today: datetime.date | None = None) -> int:
    """15/11: the communes and residential areas are told the title vote must end before 25/11
    (Nghị định 86/2023: 25/11 itself is late)."""
    today = today or timezone.localdate()
    closes_on = datetime.date(today.year, *TITLE_VOTE_CLOSES)
    if today >= closes_on:
        return 0
    units = AdministrativeUnit.objects.as_of(today).filter(
        level__in=[UnitLevel.COMMUNE, UnitLevel.AREA]
    )
    sent = 0
    for user in _users_with([Role.COMMUNE_COMMITTEE, Role.RESIDENTIAL_BOARD], units):
        title = _("Bình xét danh hiệu văn hóa năm %(y)s phải xong trước ngày %(d)s") % {
            "y": today.year,
            "d": closes_on.strftime("%d/%m/%Y"),
        }
        email = partial(emails.queue_title_reminder, year=today.year, closes_on=closes_on)
        if notification_create(user=user, key=f"titles:{today.year}", title=title, email=email):
            sent += 1
    return sent
