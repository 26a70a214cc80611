"""No lost report: a queued run whose broker message was lost is queued again, a run whose
worker died is found by its silent heartbeat within minutes, and identical requests made while
one is in progress share that run instead of compiling twice."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.models import ReportKind, ReportRun, RunStatus
from tests.conftest import verify_otp

PROVINCE_2026 = {"kind": ReportKind.ANNUAL_PROVINCE, "year": 2026}


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@pytest.fixture
def lost(cast, results):
    """A run committed and queued whose message no worker ever got: the test transaction never
    commits, so the on-commit enqueue does not happen, exactly as if the broker lost it."""
    return services.report_run_create(
        **PROVINCE_2026, unit=cast.province, by=cast["movement_board"]
    )


def test_a_queued_run_nobody_took_is_queued_again_by_the_sweep_and_compiles(
    lost, django_capture_on_commit_callbacks
):
    limit = settings.REPORT_QUEUED_LIMIT_MINUTES
    assert services.stuck_runs_sweep(now=timezone.now() + minutes(limit - 1)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # this time the message arrives
        assert services.stuck_runs_sweep(now=timezone.now() + minutes(limit + 1)) == 1
    lost.refresh_from_db()
    assert lost.status == RunStatus.DONE, lost.error
    assert lost.requeues == 1 and lost.attempt == 1


def test_a_run_that_is_never_taken_is_failed_after_a_bounded_number_of_requeues(lost):
    step = minutes(settings.REPORT_QUEUED_LIMIT_MINUTES + 1)
    now = timezone.now()
    for n in range(1, settings.REPORT_MAX_REQUEUES + 1):
        now += step
        assert services.stuck_runs_sweep(now=now) == 1  # queued again, and lost again
        lost.refresh_from_db()
        assert (lost.status, lost.requeues) == (RunStatus.QUEUED, n)
    now += step
    assert services.stuck_runs_sweep(now=now) == 1
    lost.refresh_from_db()
    assert lost.status == RunStatus.FAILED
    assert lost.error == services.NEVER_TAKEN and "Hãy lập lại" in lost.error
    assert services.stuck_runs_sweep(now=now + step) == 0


def _running(cast, *, year, started_ago, beat_ago):
    now = timezone.now()
    return ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE,
        unit=cast.province,
        first_year=year,
        year=year,
        status=RunStatus.RUNNING,
        attempt=1,
        started_at=now - started_ago,
        heartbeat_at=None if beat_ago is None else now - beat_ago,
    )


def test_a_run_whose_heartbeat_stopped_is_taken_again_within_minutes(
    cast, results, django_capture_on_commit_callbacks
):
    stale = settings.REPORT_HEARTBEAT_STALE_MINUTES
    # the worker was killed a few minutes into the compile: its heartbeat stopped
    dead = _running(cast, year=2026, started_ago=minutes(stale + 2), beat_ago=minutes(stale + 1))
    # a long compile whose timer still beats
    alive = _running(cast, year=2025, started_ago=minutes(stale + 2), beat_ago=minutes(0.2))
    assert stale + 2 < services.COMPILE_HARD_LIMIT / 60  # long before the old 21-minute cutoff
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stuck_runs_sweep() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == RunStatus.DONE, dead.error
    assert dead.attempt == 2 and dead.requeues == 1  # the dead attempt, then the new one
    assert alive.status == RunStatus.RUNNING and alive.attempt == 1


def test_a_run_whose_worker_keeps_dying_is_failed_with_its_reason(cast, results):
    stale = minutes(settings.REPORT_HEARTBEAT_STALE_MINUTES + 1)
    dead = _running(cast, year=2026, started_ago=stale, beat_ago=stale)
    dead.requeues = settings.REPORT_MAX_REQUEUES
    dead.save(update_fields=["requeues"])
    assert services.stuck_runs_sweep() == 1
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and dead.error == services.STUCK


def test_each_step_of_the_compile_writes_the_heartbeat(cast, results, compile_run, monkeypatch):
    seen = []
    real = services.render_report_pdf

    def render(**kwargs):
        seen.append(ReportRun.objects.values_list("heartbeat_at", flat=True).get())
        return real(**kwargs)

    monkeypatch.setattr(services, "render_report_pdf", render)
    before = timezone.now()
    run = compile_run(**PROVINCE_2026, unit=cast.province)
    assert run.status == RunStatus.DONE
    assert seen[0] is not None and seen[0] >= before


# -- identical requests -----------------------------------------------------------------------


def test_the_same_report_requested_twice_while_the_first_waits_is_one_run(
    cast, results, client_for
):
    board = client_for("movement_board")
    data = {**PROVINCE_2026, "unit": cast.province.pk}
    first = board.post(reverse("reporting:start"), data)  # queued, not yet taken by a worker
    second = board.post(reverse("reporting:start"), data)
    run = ReportRun.objects.get()
    assert first.url == second.url == reverse("reporting:detail", args=[run.pk])
    # a draft of the same report is another report
    services.report_run_create(**PROVINCE_2026, unit=cast.province, draft=True)
    assert ReportRun.objects.count() == 2


def test_once_the_first_run_has_finished_the_same_request_compiles_again(
    cast, results, compile_run
):
    first = compile_run(**PROVINCE_2026, unit=cast.province)
    second = compile_run(**PROVINCE_2026, unit=cast.province)
    assert first.pk != second.pk and second.status == RunStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_the_same_moment_share_one_run(postgres, cast, results):
    from portal.celery import app

    app.conf.task_always_eager = False  # the message waits in the broker: the run stays queued
    user = cast["movement_board"]
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(user)
        verify_otp(client, user)
        clients.append(client)
    barrier = threading.Barrier(2)
    responses = [None, None]
    data = {**PROVINCE_2026, "unit": cast.province.pk}

    def request(i):
        try:
            barrier.wait(timeout=30)
            responses[i] = clients[i].post(reverse("reporting:start"), data)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        app.control.purge()
    run = ReportRun.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {reverse("reporting:detail", args=[run.pk])}
