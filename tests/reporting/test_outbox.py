"""Reminder e-mails go through an outbox written with their notice: an SMTP error on one
message neither stops the others nor loses it (it is retried with a growing wait), and a
message that keeps failing is marked failed after a bounded number of attempts.

The SMTP server is a real one (aiosmtpd) in a thread: it lies outside the project."""

import datetime
import socket
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from reporting import outbox, tasks
from reporting.models import MailStatus, Notification, OutboxEmail

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
RECIPIENTS = ["kdc1@example.vn", "xa1@example.vn", "xa2@example.vn"]


class Server:
    """Refuses with 451 (try again later) every message to an address in `refuse`, and the
    first `failures` messages whoever they are for; accepts the rest."""

    def __init__(self, failures=0, refuse=()):
        self.failures = failures
        self.refuse = set(refuse)
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0 or set(envelope.rcpt_tos) & self.refuse:
            self.failures = max(0, self.failures - 1)
            return "451 4.3.0 Temporary failure, try again later"
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    handler = Server()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()


@pytest.fixture
def with_emails(cast):
    for name, email in (
        ("commune", "xa1@example.vn"),
        ("other_commune", "xa2@example.vn"),
        ("residential", "kdc1@example.vn"),
    ):
        cast[name].email = email
        cast[name].save(update_fields=["email"])


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


NOV_15 = datetime.datetime(2026, 11, 15, 7, 30, tzinfo=HANOI)


def test_an_smtp_error_on_the_first_message_does_not_stop_or_lose_the_others(
    cast, with_emails, smtp
):
    smtp.failures = 1
    with at(NOV_15):
        assert tasks.title_reminder.delay().get() == 3
    # every notice is recorded with its e-mail; only the refused one is still to send
    assert Notification.objects.count() == 3 == OutboxEmail.objects.count()
    assert sorted(smtp.received) == ["kdc1@example.vn", "xa2@example.vn"]
    waiting = OutboxEmail.objects.get(status=MailStatus.PENDING)
    assert waiting.recipient == "xa1@example.vn"  # the first one, refused
    assert waiting.attempts == 1 and "451" in waiting.last_error
    assert waiting.next_attempt_at > NOV_15

    with at(NOV_15 + datetime.timedelta(seconds=30)):
        assert outbox.outbox_send_due() == 0  # its wait is not over
    with at(waiting.next_attempt_at):
        assert tasks.send_outbox.delay().get() == 1
    assert sorted(smtp.received) == RECIPIENTS
    waiting.refresh_from_db()
    assert waiting.status == MailStatus.SENT and waiting.sent_at is not None

    # the beat runs the reminder and the sender again: nothing is sent twice
    with at(NOV_15 + datetime.timedelta(hours=2)):
        assert tasks.title_reminder.delay().get() == 0
        assert tasks.send_outbox.delay().get() == 0
    assert sorted(smtp.received) == RECIPIENTS


def test_a_message_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    cast, with_emails, smtp
):
    smtp.refuse = {"xa2@example.vn"}
    with at(NOV_15):
        tasks.title_reminder.delay()
    row = OutboxEmail.objects.get(recipient="xa2@example.vn")
    waits = []
    while row.status == MailStatus.PENDING:
        assert row.attempts < outbox.MAX_ATTEMPTS
        waits.append(row.next_attempt_at)
        with at(row.next_attempt_at):
            outbox.outbox_send_due()
        row.refresh_from_db()
    assert row.status == MailStatus.FAILED and row.attempts == outbox.MAX_ATTEMPTS
    assert waits == sorted(waits)  # each wait ends later than the one before
    gaps = [b - a for a, b in zip(waits, waits[1:], strict=False)]
    assert gaps == sorted(gaps)  # and grows
    with at(row.next_attempt_at + datetime.timedelta(days=1)):
        assert outbox.outbox_send_due() == 0
    row.refresh_from_db()
    assert row.attempts == outbox.MAX_ATTEMPTS
    assert sorted(smtp.received) == ["kdc1@example.vn", "xa1@example.vn"]


def test_a_notice_and_its_email_are_written_together_once(cast, with_emails, smtp):
    from reporting import services

    for _ in range(2):
        with at(NOV_15):
            services.title_reminder_send()
    assert OutboxEmail.objects.count() == 3
    row = OutboxEmail.objects.select_related("notification").get(recipient="xa1@example.vn")
    assert row.notification.user == cast["commune"]
    assert "25/11/2026" in row.subject and "25/11/2026" in row.body and "<" in row.html
    assert row.status == MailStatus.PENDING and timezone.is_aware(row.next_attempt_at)
    assert smtp.received == []  # the service only writes; the task sends


def test_no_reminder_on_25_november_and_the_titles_carry_the_name_of_their_year(
    cast, with_emails, smtp
):
    from reporting import services

    # Nghị định 86/2023: the vote must end before 25/11; on 25/11 a reminder is already late
    with at(datetime.datetime(2026, 11, 25, 7, 30, tzinfo=HANOI)):
        assert services.title_reminder_send() == 0
    with at(datetime.datetime(2026, 11, 24, 7, 30, tzinfo=HANOI)):
        assert services.title_reminder_send() == 3
    row = OutboxEmail.objects.get(recipient="xa1@example.vn")
    assert "trước ngày 25/11/2026" in row.subject
    # from 2024 the area title is "Thôn, tổ dân phố văn hóa"
    assert "Thôn, tổ dân phố văn hóa" in row.body and "Khu dân cư văn hóa" not in row.body
