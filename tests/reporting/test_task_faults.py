"""The compile task under faults: temporary database errors are retried a bounded number of
times, anything else (and the soft time limit) fails the run with its reason and no files."""

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.core.files.storage import default_storage
from django.db import OperationalError

from reporting import services, tasks
from reporting.models import ReportKind, ReportRun, RunStatus


@pytest.fixture
def queued(cast, results):
    return ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, first_year=2026, year=2026
    )


def _flaky(monkeypatch, failures: int):
    real = services.build_snapshot
    calls = {"n": 0}

    def build(**kwargs):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "build_snapshot", build)
    return calls


def test_a_temporary_database_error_is_retried_and_the_run_completes(queued, monkeypatch):
    calls = _flaky(monkeypatch, failures=2)
    with pytest.raises(Retry):
        tasks.compile_report.apply(args=[queued.pk], throw=True)  # first try fails, retry queued
    queued.refresh_from_db()
    assert queued.status == RunStatus.RUNNING  # waiting for its retry, not failed
    # the retries, as the worker would run them
    tasks.compile_report.apply(args=[queued.pk], retries=1, throw=False)
    tasks.compile_report.apply(args=[queued.pk], retries=2, throw=True)
    queued.refresh_from_db()
    assert queued.status == RunStatus.DONE and calls["n"] == 3 and queued.attempt == 3


def test_retries_are_bounded_then_the_run_fails_with_its_reason(queued, monkeypatch):
    _flaky(monkeypatch, failures=99)
    result = tasks.compile_report.apply(
        args=[queued.pk], retries=tasks.MAX_RETRIES, throw=True
    ).get()
    queued.refresh_from_db()
    assert result == RunStatus.FAILED == queued.status
    assert "server closed the connection" in queued.error


def test_the_soft_time_limit_fails_the_run_and_leaves_no_files(queued, monkeypatch):
    def slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "render_report_xlsx", slow)
    tasks.compile_report.apply(args=[queued.pk], throw=True)
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED
    assert queued.error == services.TIME_LIMIT
    assert not default_storage.exists(f"reports/{queued.pk}")


def test_a_deleted_run_is_not_an_error_for_the_worker(db):
    assert tasks.compile_report.apply(args=[987654], throw=True).get() == "missing"


def test_a_run_whose_worker_died_is_failed_by_the_sweep_and_a_live_one_is_not(cast, results):
    import datetime

    from django.utils import timezone

    def run(status, minutes_ago, attempt=1, **extra):
        return ReportRun.objects.create(
            **extra,
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            first_year=2026,
            year=2026,
            status=status,
            attempt=attempt,
            started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        )

    # past the hard time limit: the limit stopped it, running it again would hit it again
    lost = run(RunStatus.RUNNING, minutes_ago=tasks.COMPILE_HARD_LIMIT / 60 + 6)
    working = run(RunStatus.RUNNING, minutes_ago=3, heartbeat_at=timezone.now())
    done = run(RunStatus.DONE, minutes_ago=120, checksum="0" * 64)
    assert tasks.sweep_stuck_runs.apply(throw=True).get() == 1
    for r in (lost, working, done):
        r.refresh_from_db()
    assert lost.status == RunStatus.FAILED and lost.error == services.STUCK
    assert lost.finished_at is not None
    assert working.status == RunStatus.RUNNING
    assert done.status == RunStatus.DONE
    # a second sweep finds nothing more
    assert services.stuck_runs_sweep() == 0
