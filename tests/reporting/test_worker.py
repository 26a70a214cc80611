"""A real Celery worker on real Redis: the report compiles end to end, a worker killed in the
middle leaves the run completed exactly once after a restart, a lost broker message and a
killed worker's silent run are found by the sweep and compiled again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reporting import services
from reporting.models import ReportKind, ReportRun, RunStatus
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def redis_broker():
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("this test needs Redis (set REDIS_URL)")
    import redis

    from portal.celery import app

    try:
        redis.Redis.from_url(app.conf.broker_url).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis at {app.conf.broker_url} does not answer: {exc}")
    app.conf.task_always_eager = False  # the autouse eager fixture restores it afterwards
    app.control.purge()
    return app


def _wait_for(predicate, timeout: float, what: str):
    """Bounded polling while a real worker does its work."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _files(run: ReportRun) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(run.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_report_compiles_on_a_real_worker(cast, results, redis_broker):
    from celery.contrib.testing.worker import start_worker

    with start_worker(redis_broker, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            year=2026,
            by=cast["movement_board"],
        )
        _wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(),
            120,
            "the worker to finish the run",
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100 and run.attempt == 1
    assert _files(run) == [
        f"bao-cao-annual_province-2026-{run.pk}.{ext}" for ext in ("pdf", "xlsx")
    ]
    assert run.snapshot["years"][0]["completeness"]["counts"]["accepted"] == 1


def _worker(env: dict, log: Path, app: str = "tests.reporting.worker_app") -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            app,
            "worker",
            "--pool=prefork",
            "-c",
            "1",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL takes the pool child too
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_worker_killed_mid_task_completes_the_run_exactly_once(
    postgres, cast, results, redis_broker, tmp_path
):
    db = connection.settings_dict
    pause = tmp_path / "pause"
    pause.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_TASK_ALWAYS_EAGER": "False",
    }
    log = tmp_path / "worker.log"
    first = _worker({**env, services.PAUSE_ENV: str(pause)}, log)
    second = None
    try:
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            year=2026,
            by=cast["movement_board"],
        )
        _wait_for(lambda: (pause / f"reached-{run.pk}").exists(), 90, "the task to reach the pause")
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING and run.attempt == 1
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert _files(run) == []  # killed before anything was written

        second = _worker(env, log)
        _wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(),
            120,
            "the restarted worker to finish the run:\n" + log.read_text(errors="replace")[-3000:],
        )
    finally:
        for proc in (first, second):
            if proc is not None:
                _stop(proc)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.attempt == 2  # taken by the killed worker, then once more by the new one
    assert _files(run) == [
        f"bao-cao-annual_province-2026-{run.pk}.{ext}" for ext in ("pdf", "xlsx")
    ]
    assert ReportRun.objects.count() == 1


def test_a_run_whose_broker_message_was_lost_is_queued_again_and_compiled(
    cast, results, redis_broker
):
    import datetime

    from celery.contrib.testing.worker import start_worker
    from django.utils import timezone

    run = services.report_run_create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026, by=cast["movement_board"]
    )
    redis_broker.control.purge()  # the broker lost the message
    later = timezone.now() + datetime.timedelta(minutes=settings.REPORT_QUEUED_LIMIT_MINUTES + 1)
    with start_worker(redis_broker, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert services.stuck_runs_sweep(now=later) == 1
        _wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(),
            120,
            "the worker to compile the run queued again",
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert (run.requeues, run.attempt) == (1, 1)


def test_a_killed_worker_is_found_by_its_silent_heartbeat_within_minutes(
    postgres, cast, results, redis_broker, tmp_path
):
    import datetime

    from django.utils import timezone

    db = connection.settings_dict
    pause = tmp_path / "pause"
    pause.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "REPORT_HEARTBEAT_SECONDS": "1",
    }
    log = tmp_path / "worker.log"
    # the portal's own app: the killed worker's message comes back only after 30 minutes, so
    # what compiles the run below is the sweep's doing
    first = _worker({**env, services.PAUSE_ENV: str(pause)}, log, app="portal")
    second = None
    try:
        run = services.report_run_create(
            kind=ReportKind.ANNUAL_PROVINCE,
            unit=cast.province,
            year=2026,
            by=cast["movement_board"],
        )
        _wait_for(lambda: (pause / f"reached-{run.pk}").exists(), 90, "the task to reach the pause")
        run.refresh_from_db()
        beat = run.heartbeat_at
        # a long step (here the pause) goes on beating: the sweep leaves a live run alone
        _wait_for(lambda: ReportRun.objects.get(pk=run.pk).heartbeat_at > beat, 30, "a heartbeat")
        assert services.stuck_runs_sweep() == 0
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)

        # a few minutes later, not 21 to 31: the sweep finds the silent run and queues it again
        stale = settings.REPORT_HEARTBEAT_STALE_MINUTES
        later = timezone.now() + datetime.timedelta(minutes=stale + 1)
        assert stale + 1 < services.COMPILE_HARD_LIMIT / 60
        assert services.stuck_runs_sweep(now=later) == 1
        run.refresh_from_db()
        assert (run.status, run.requeues) == (RunStatus.QUEUED, 1)

        second = _worker(env, log, app="portal")
        _wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(),
            120,
            "the new worker to finish the run:\n" + log.read_text(errors="replace")[-3000:],
        )
    finally:
        for proc in (first, second):
            if proc is not None:
                _stop(proc)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.attempt == 2
    assert _files(run) == [
        f"bao-cao-annual_province-2026-{run.pk}.{ext}" for ext in ("pdf", "xlsx")
    ]
