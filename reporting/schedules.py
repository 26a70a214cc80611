"""All periodic jobs of reporting, in one place, as django-celery-beat rows (editable in the
admin). `schedules_ensure()` creates the missing ones and never overwrites an edited one.

Also the annual province report's timing, which is data: the beat wakes it every day of
December and January, and it compiles only once the grace days of the year's reporting period
are over (`annual_draft_after_grace`)."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from campaign.models import ReportingPeriod, Submission, SubmissionStatus
from residential_areas.models import AdministrativeUnit

from . import results_notices, services, timeliness
from .models import ReportKind, ReportRun

logger = logging.getLogger(__name__)

# (name shown in the admin, task, crontab fields, description)
SCHEDULES = [
    # every day of December and January at 00:30; compiles once, on the first day after the
    # grace days of that year's period (its data), a draft the movement board finishes
    (
        "Dự thảo báo cáo năm của tỉnh sau thời gian gia hạn (hằng ngày tháng 12, 1; 00:30)",
        "reporting.annual_province_report",
        {"minute": "30", "hour": "0", "day_of_month": "*", "month_of_year": "12,1"},
        "Lập dự thảo báo cáo kết quả năm của tỉnh một lần, ngày đầu tiên sau khi hết thời gian "
        "gia hạn nộp của kỳ báo cáo, và thông báo cho Ban Phong trào.",
    ),
    # every night of November at 01:00: a draft that also counts submissions not yet accepted
    (
        "Bản nháp báo cáo năm (hằng đêm tháng 11, 01:00)",
        "reporting.nightly_draft_report",
        {"minute": "0", "hour": "1", "day_of_month": "*", "month_of_year": "11"},
        "Bản nháp báo cáo năm của tỉnh, tính cả báo cáo đã nộp chưa tiếp nhận.",
    ),
    # every day at 07:00; sends only 15, 7 and 1 days before the period's due date (data)
    (
        "Nhắc hạn nộp báo cáo (15, 7, 1 ngày trước hạn; 07:00)",
        "reporting.due_reminders",
        {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*"},
        "Nhắc các đơn vị chưa nộp báo cáo kết quả năm (thư điện tử và thông báo trên Cổng).",
    ),
    # 01/12 08:00: the movement board gets the list of units that have not submitted
    (
        "Danh sách đơn vị chưa nộp (01/12 lúc 08:00)",
        "reporting.overdue_list",
        {"minute": "0", "hour": "8", "day_of_month": "1", "month_of_year": "12"},
        "Gửi Ban Phong trào danh sách đơn vị chưa nộp báo cáo sau hạn 30/11.",
    ),
    # 15/11 07:30: the title vote (bình xét) closes on 25/11
    (
        "Nhắc hạn bình xét danh hiệu (15/11 lúc 07:30)",
        "reporting.title_reminder",
        {"minute": "30", "hour": "7", "day_of_month": "15", "month_of_year": "11"},
        "Nhắc Ủy ban MTTQ cấp xã và Ban Công tác Mặt trận: bình xét danh hiệu kết thúc 25/11.",
    ),
    # every 10 minutes: runs whose broker message was lost or whose worker died are queued
    # again (a bounded number of times, then marked failed) instead of waiting for ever
    (
        "Dọn báo cáo bị treo (10 phút một lần)",
        "reporting.sweep_stuck_runs",
        {"minute": "*/10", "hour": "*", "day_of_month": "*", "month_of_year": "*"},
        "Xếp lại hàng đợi (hoặc đánh dấu không thành công) các lần lập báo cáo không còn máy "
        "chủ nào xử lý.",
    ),
    # every 5 minutes: e-mails still in the outbox (a failed one waits longer after each try)
    (
        "Gửi thư điện tử đang chờ (5 phút một lần)",
        "reporting.send_outbox",
        {"minute": "*/5", "hour": "*", "day_of_month": "*", "month_of_year": "*"},
        "Gửi các thư điện tử nhắc việc còn chờ; thư lỗi được gửi lại sau, tối đa 5 lần.",
    ),
]


# schedules replaced by another (same task, new timing): removed where they still exist
RETIRED = [
    # compiled the final report at 00:30 on 1/12, before the grace days ended
    ("Báo cáo năm của tỉnh (01/12 lúc 00:30)", "reporting.annual_province_report"),
]


@transaction.atomic
def schedules_ensure() -> int:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, task in RETIRED:
        PeriodicTask.objects.filter(name=name, task=task).delete()
    created = 0
    for name, task, cron, description in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _new = CrontabSchedule.objects.get_or_create(
            day_of_week="*", timezone=settings.TIME_ZONE, **cron
        )
        PeriodicTask.objects.create(
            name=name, task=task, crontab=crontab, description=description, enabled=True
        )
        created += 1
    return created


# -- the annual province report, after the grace days -----------------------------------------

DRAFT_READY = "Dự thảo báo cáo kết quả năm {year} của tỉnh đã được lập"
DRAFT_READY_BODY = (
    "Thời gian gia hạn nộp báo cáo năm {year} đã hết ngày {until}. Dự thảo tổng hợp số liệu "
    "của {sent}/{expected} đơn vị đã nộp ({accepted} báo cáo đã được tiếp nhận; {missing} đơn "
    "vị chưa nộp, {returned} đơn vị bị trả lại chưa nộp lại). Ban Phong trào kiểm tra, hoàn "
    "thiện các phần nội dung trước khi ban hành."
)


def _period_after_grace(today: datetime.date) -> ReportingPeriod | None:
    """The period whose grace days ended before today: this year's, or in January last
    year's (grace days may run past 31/12)."""
    for year in (today.year, today.year - 1):
        period = ReportingPeriod.objects.filter(year=year).first()
        if period is not None and period.grace_until < today:
            return period
    return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def annual_draft_after_grace(*, today: datetime.date | None = None) -> ReportRun | None:
    """Once the grace days of the year's period are over (the day after its last grace day),
    compile the province's annual report and tell the movement board; only once a year: the
    days after find it made and do nothing (so does the first day when the board compiled it
    itself after the grace days). Returns the new run, or None.

    The run counts the accepted returns (not a nightly preview, `is_draft`), so that its
    compile opens the board's draft of the report (`drafts.report_draft_for_run`): numbers
    filled, text sections to write, nothing signed or issued until the board finalizes it."""
    today = today or timezone.localdate()
    period = _period_after_grace(today)
    root = services.province_root()
    if period is None or root is None:
        return None
    if today.year != period.year and today.month != 1:
        return None  # a period long past: its report was compiled in its own December
    with transaction.atomic():
        # the province's row lock makes "is it made yet?" and the making one step (two beats)
        list(AdministrativeUnit.objects.select_for_update().filter(pk=root.pk).values("pk"))
        made = ReportRun.objects.filter(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=root,
            year=period.year,
            is_draft=False,
            created_at__gte=_day_start(period.grace_until + datetime.timedelta(days=1)),
        )
        if made.exists():
            return None
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE, unit=root, year=period.year, by=None, draft=False
        )
        _tell_the_board(run=run, period=period, root=root)
    return run


def _tell_the_board(*, run: ReportRun, period: ReportingPeriod, root) -> int:
    states = timeliness.timeliness_for(period)
    counts = timeliness.timeliness_counts(states)
    accepted = Submission.objects.filter(
        period=period,
        organization__isnull=True,
        unit__in=list(states),
        status=SubmissionStatus.ACCEPTED,
    ).count()
    title = _(DRAFT_READY).format(year=period.year)
    body = _(DRAFT_READY_BODY).format(
        year=period.year,
        until=period.grace_until.strftime("%d/%m/%Y"),
        sent=sum(counts[s] for s in timeliness.Timeliness.SENT),
        expected=len(states),
        accepted=accepted,
        missing=counts[timeliness.Timeliness.MISSING],
        returned=counts[timeliness.Timeliness.RETURNED],
    )
    url = reverse("reporting:detail", args=[run.pk])
    board = (
        get_user_model()
        .objects.filter(is_active=True, unit_roles__role=Role.MOVEMENT_BOARD, unit_roles__unit=root)
        .distinct()
        .order_by("pk")
    )
    told = 0
    for user in board:
        if services.notification_create(
            user=user,
            key=f"annual-draft:{period.year}",
            title=title,
            body=body,
            url=url,
            email=lambda notification: results_notices.queue_submission_decision(
                notification=notification, title=title, body=body, url=url
            ),
        ):
            told += 1
    if not told:
        logger.warning("no movement board user to tell of the %s draft report", period.year)
    return told
