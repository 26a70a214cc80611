"""Celery tasks of reporting: thin wrappers over services, taking ids.

The compile task acknowledges late and is rejected (so redelivered) when its worker dies; the
service makes a redelivery harmless (a finished run is left alone, a taken-over run overwrites
its own files). Only temporary database faults are retried, a bounded number of times.
"""

import logging

from celery import shared_task

from . import outbox, schedules, services
from .models import ReportRun

logger = logging.getLogger(__name__)

COMPILE_SOFT_LIMIT = services.COMPILE_SOFT_LIMIT
COMPILE_HARD_LIMIT = services.COMPILE_HARD_LIMIT
MAX_RETRIES = 3


@shared_task(
    bind=True,
    name=services.COMPILE_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=COMPILE_SOFT_LIMIT,
    time_limit=COMPILE_HARD_LIMIT,
    max_retries=MAX_RETRIES,
)
def compile_report(self, run_id: int) -> str:
    from core.replica import replica_reads  # reads from the replica when one is configured

    try:
        with replica_reads():
            run = services.report_run_compile(run_id=run_id)
    except ReportRun.DoesNotExist:
        logger.warning("report run %s no longer exists: nothing to compile", run_id)
        return "missing"
    except services.TEMPORARY_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            run = services.report_run_fail(
                run_id=run_id, reason=services.FAILED_REASON.format(error=exc)
            )
            return run.status
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc
    return run.status


@shared_task(name="reporting.sweep_stuck_runs", soft_time_limit=60, time_limit=90)
def sweep_stuck_runs() -> int:
    return services.stuck_runs_sweep()


# daily in December and January: compiles (a draft) once, the day after the grace days end
@shared_task(name="reporting.annual_province_report", soft_time_limit=120, time_limit=180)
def annual_province_report() -> int | None:
    run = schedules.annual_draft_after_grace()
    return run.pk if run else None


@shared_task(name="reporting.nightly_draft_report", soft_time_limit=120, time_limit=180)
def nightly_draft_report() -> int | None:
    run = services.scheduled_province_report(draft=True)
    return run.pk if run else None


def _send_soon() -> None:
    """The reminders' e-mails are in the outbox: send them now rather than at the next beat."""
    from kombu.exceptions import OperationalError as BrokerError

    try:
        send_outbox.delay()
    except BrokerError:  # the beat's next run sends them
        logger.exception("could not queue the outbox; the next scheduled run sends it")


@shared_task(name="reporting.due_reminders", soft_time_limit=300, time_limit=360)
def due_reminders() -> int:
    sent = services.due_reminders_send()
    _send_soon()
    return sent


@shared_task(name="reporting.overdue_list", soft_time_limit=300, time_limit=360)
def overdue_list() -> int:
    sent = services.overdue_list_send()
    _send_soon()
    return sent


@shared_task(name="reporting.title_reminder", soft_time_limit=300, time_limit=360)
def title_reminder() -> int:
    sent = services.title_reminder_send()
    _send_soon()
    return sent


# each message has its own retries and waits (reporting.outbox); the task itself is not retried
@shared_task(name="reporting.send_outbox", soft_time_limit=540, time_limit=600)
def send_outbox() -> int:
    return outbox.outbox_send_due()
