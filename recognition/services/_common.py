"""What every services module of recognition shares."""

from django.core.exceptions import ValidationError


def fail(message, **kw):
    raise ValidationError(str(message).format(**kw))
