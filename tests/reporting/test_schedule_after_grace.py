"""The scheduled annual compile waits for the end of the period's grace days (data, not a fixed
date), compiles once, which opens the board's draft of the report, and tells the movement
board. The 2026 demo period: due 30/11,
5 grace days, so the last day a unit may send is 5/12 and the draft is made on 6/12."""

import datetime
import zoneinfo

import pytest
import time_machine

from reporting import schedules, tasks
from reporting.models import (
    DraftStatus,
    Notification,
    OutboxEmail,
    ReportDraft,
    ReportKind,
    ReportRun,
    RunStatus,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def beat(day, month=12, year=2026):
    """The beat's 00:30 run on that day, its compile run as the worker would (on commit)."""
    moment = datetime.datetime(year, month, day, 0, 30, tzinfo=HANOI)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def board_email(cast):
    user = cast["movement_board"]
    user.email = "phongtrao@example.vn"
    user.save(update_fields=["email"])
    return user


def test_nothing_before_the_grace_days_end_then_one_draft_and_one_notice(
    cast, results, board_email, django_capture_on_commit_callbacks
):
    for day in (1, 4, 5):  # 5/12 is the last grace day: units may still send that day
        with beat(day), django_capture_on_commit_callbacks(execute=True):
            assert tasks.annual_province_report.delay().get() is None
    assert not ReportRun.objects.exists() and not Notification.objects.exists()

    with beat(6), django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.annual_province_report.delay().get()
    run = ReportRun.objects.get(pk=run_id)
    assert (run.kind, run.unit, run.year, run.is_draft, run.requested_by) == (
        ReportKind.ANNUAL_PROVINCE,
        cast.province,
        2026,
        False,
        None,
    )
    assert run.status == RunStatus.DONE, run.error
    # the compile opened the board's draft of the report: to write, nothing signed yet
    assert [d.status for d in ReportDraft.objects.filter(run=run)] == [DraftStatus.DRAFT]
    notice = Notification.objects.get()
    assert notice.user == board_email
    assert notice.title == "Dự thảo báo cáo kết quả năm 2026 của tỉnh đã được lập"
    assert "đã hết ngày 05/12/2026" in notice.body
    assert "2/2 đơn vị đã nộp (1 báo cáo đã được tiếp nhận" in notice.body
    assert notice.url == f"/bao-cao/{run.pk}/"
    assert OutboxEmail.objects.get().recipient == "phongtrao@example.vn"

    # the beat wakes again the next days (and twice the same day): still one draft, one notice
    for day in (6, 7, 31):
        with beat(day), django_capture_on_commit_callbacks(execute=True):
            assert tasks.annual_province_report.delay().get() is None
    assert ReportRun.objects.count() == 1 and Notification.objects.count() == 1


def test_the_grace_days_are_read_from_the_period(cast, results, periods):
    period = periods[2026]
    period.grace_days = 10  # to 10/12
    period.save()
    with beat(10):
        assert schedules.annual_draft_after_grace() is None
    with beat(11):
        run = schedules.annual_draft_after_grace()
    assert run is not None and not run.is_draft and run.year == 2026


def test_grace_days_past_new_year_compile_in_january(cast, results, periods):
    period = periods[2026]
    period.grace_days = 33  # 30/11 + 33 days = 2/1/2027
    period.save()
    for day, month, year in ((31, 12, 2026), (2, 1, 2027)):
        with beat(day, month, year):
            assert schedules.annual_draft_after_grace() is None
    with beat(3, 1, 2027):
        run = schedules.annual_draft_after_grace()
    assert run is not None and run.year == 2026
    with beat(4, 1, 2027):
        assert schedules.annual_draft_after_grace() is None


def test_a_report_the_board_made_before_the_end_does_not_count_one_made_after_does(
    cast, results, board_email
):
    from reporting import services

    def board_draft():
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            year=2026,
            by=board_email,
            draft=False,
            enqueue=False,
        )
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)

    with beat(3):
        board_draft()  # while units may still send: not the year's draft
    with beat(6):
        made = schedules.annual_draft_after_grace()
    assert made is not None and made.requested_by is None
    ReportRun.objects.filter(pk=made.pk).update(status=RunStatus.FAILED)
    assert Notification.objects.count() == 1

    ReportRun.objects.filter(pk=made.pk).delete()
    with beat(7):
        board_draft()  # the board compiled it itself after the grace days: nothing to add
        assert schedules.annual_draft_after_grace() is None


def test_the_old_1_december_schedule_is_replaced(db):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    old = CrontabSchedule.objects.create(
        minute="30", hour="0", day_of_month="1", month_of_year="12", day_of_week="*"
    )
    PeriodicTask.objects.create(
        name="Báo cáo năm của tỉnh (01/12 lúc 00:30)",
        task="reporting.annual_province_report",
        crontab=old,
    )
    schedules.schedules_ensure()
    rows = PeriodicTask.objects.filter(task="reporting.annual_province_report")
    assert [(r.crontab.day_of_month, r.crontab.month_of_year) for r in rows] == [("*", "12,1")]
