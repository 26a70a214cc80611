"""One function per e-mail; each renders <name>_subject.txt, <name>.txt and <name>.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def _send(name: str, *, to: str, context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    subject = " ".join(render_to_string(f"reporting/email/{name}_subject.txt", context).split())
    text = render_to_string(f"reporting/email/{name}.txt", context)
    html = render_to_string(f"reporting/email/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_due_reminder(*, user, unit, period, days_left: int) -> None:
    _send(
        "due_reminder",
        to=user.email,
        context={"user": user, "unit": unit, "period": period, "days_left": days_left},
    )


def send_overdue_list(*, user, period, units) -> None:
    _send("overdue_list", to=user.email, context={"user": user, "period": period, "units": units})


def send_title_reminder(*, user, year: int, closes_on) -> None:
    _send(
        "title_reminder",
        to=user.email,
        context={"user": user, "year": year, "closes_on": closes_on},
    )
