"""Activities (outreach, training, supervision...) and their attachments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...uploads import prepare_file
from .. import selectors as sel
from ..models import Activity, ActivityAttachment
from ._common import (
    NEGATIVE,
    apply_fields,
    check_not_negative,
    check_org_above,
    check_valid_on,
    ensure_org_owned,
)


def _activity_checks(activity: Activity) -> None:
    check_not_negative(participants=activity.participants, sessions=activity.sessions)
    if activity.sessions is not None and activity.sessions < 1:
        raise ValidationError({"sessions": _(NEGATIVE)})
    check_valid_on("date", activity.unit, activity.date)
    check_org_above(activity.organization, activity.unit)


@transaction.atomic
def activity_create(
    *,
    by,
    unit,
    date: datetime.date,
    kind: str,
    title: str,
    organization=None,
    content_areas=(),
    sessions: int = 1,
    participants: int = 0,
    notes: str = "",
    attachments=(),
) -> Activity:
    ensure_org_owned(by, unit, organization)
    activity = Activity(
        unit=unit,
        date=date,
        kind=kind,
        title=title,
        organization=organization,
        sessions=sessions,
        participants=participants,
        notes=notes,
        created_by=by,
    )
    _activity_checks(activity)
    activity.full_clean()
    files = [prepare_file(f) for f in attachments if f]
    activity.save()
    activity.content_areas.set(content_areas)
    for f in files:
        ActivityAttachment.objects.create(activity=activity, file=f, name=f.name, uploaded_by=by)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, content_areas=None, **fields) -> Activity:
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    apply_fields(
        activity,
        fields,
        {"date", "kind", "title", "organization", "sessions", "participants", "notes"},
    )
    # a member organization may not hand its activity over to another organization
    ensure_org_owned(by, activity.unit, activity.organization)
    _activity_checks(activity)
    activity.full_clean()
    activity.save()
    if content_areas is not None:
        activity.content_areas.set(content_areas)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    for attachment in activity.attachments.all():
        attachment.delete()
    activity.delete()


@transaction.atomic
def activity_attach(*, activity: Activity, by, file) -> ActivityAttachment:
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    file = prepare_file(file)
    return ActivityAttachment.objects.create(
        activity=activity, file=file, name=file.name, uploaded_by=by
    )


@transaction.atomic
def attachment_delete(*, attachment: ActivityAttachment, by) -> None:
    activity = attachment.activity
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    attachment.delete()
