"""The portal's Celery app, for the test that kills a worker: kombu's Redis transport gives
the message of a dead worker back after its visibility timeout, one hour by default; here a
few seconds, so that the restarted worker gets it within the test."""

from portal.celery import app

app.conf.broker_transport_options = {
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
