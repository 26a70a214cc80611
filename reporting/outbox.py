"""Sending the e-mail outbox: each due message is sent on its own, under its own row lock, so
an SMTP error on one is recorded on that one (to try again after a growing wait) and the
others still go out. After MAX_ATTEMPTS failures a message is marked failed; the province
admin sees it in the admin's outbox list.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import MailStatus, OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# the wait after the 1st, 2nd, 3rd and later failed attempt
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
)
BATCH = 500


def _message(row: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.recipient]
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def outbox_send_one(*, row_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one due message; True when it went out. A row another sender holds is skipped."""
    from celery.exceptions import SoftTimeLimitExceeded

    now = now or timezone.now()
    with transaction.atomic():
        row = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=row_id, status=MailStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if row is None:
            return False
        row.attempts += 1
        try:
            _message(row).send()
        except SoftTimeLimitExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - any refusal of the server or the network
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = MailStatus.FAILED
                logger.error("e-mail %s to %s failed for good: %s", row.pk, row.recipient, exc)
            else:
                row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
            row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        row.status = MailStatus.SENT
        row.sent_at = timezone.now()
        row.save(update_fields=["attempts", "status", "sent_at"])
        return True


def outbox_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send every message whose time has come; returns how many went out."""
    now = now or timezone.now()
    due = OutboxEmail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH])
    return sum(outbox_send_one(row_id=pk, now=now) for pk in ids)
