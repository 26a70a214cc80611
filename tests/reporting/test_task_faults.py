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
