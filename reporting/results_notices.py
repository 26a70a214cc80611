"""The yearly results' decisions (campaign.results.signals.submission_decided), told to the
unit in the portal and by e-mail. Connected from ReportingConfig.ready()."""

from .emails import _queue
from .services import notification_create


def queue_submission_decision(*, notification, title: str, body: str, url: str):
    return _queue(
        "submission_decision",
        notification=notification,
        context={"title": title, "body": body, "url": url},
    )


def submission_decided(sender, *, key, title, body, url, recipients, **kwargs):
    for user in recipients:
        notification_create(
            user=user,
            key=key,
            title=title,
            body=body,
            url=url,
            email=lambda notification: queue_submission_decision(
                notification=notification, title=title, body=body, url=url
            ),
        )
