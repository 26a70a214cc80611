"""One function per e-mail; each renders <name>_subject.txt, <name>.txt and <name>.html into the
outbox, next to the notice it belongs to (reporting.outbox sends it)."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Notification, OutboxEmail


def _queue(name: str, *, notification: Notification, context: dict) -> OutboxEmail:
    user = notification.user
    context = {**context, "user": user, "site_url": settings.SITE_URL.rstrip("/")}
    subject = " ".join(render_to_string(f"reporting/email/{name}_subject.txt", context).split())
    return OutboxEmail.objects.create(
        notification=notification,
        recipient=user.email,
        subject=subject[:300],
        body=render_to_string(f"reporting/email/{name}.txt", context),
        html=render_to_string(f"reporting/email/{name}.html", context),
    )


def queue_due_reminder(*, notification: Notification, unit, period, days_left: int):
    return _queue(
        "due_reminder",
        notification=notification,
        context={"unit": unit, "period": period, "days_left": days_left},
    )


def queue_overdue_list(*, notification: Notification, period, units):
    return _queue(
        "overdue_list", notification=notification, context={"period": period, "units": units}
    )


def queue_title_reminder(*, notification: Notification, year: int, closes_on):
    return _queue(
        "title_reminder",
        notification=notification,
        context={"year": year, "closes_on": closes_on},
    )
