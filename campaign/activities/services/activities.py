"""Activities (outreach, training, supervision...) and their attachments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...uploads import prepare_file
from .. import selectors as sel
from ..models import Activity, ActivityAttachment
from ._common import (
    NEGATIVE,
    apply_fields,
    check_counts,
    check_org_above,
    check_valid_on,
    ensure_org_owned,
)

ACTIVITY_YEAR_LOCKED = (
    "Báo cáo kết quả năm %(year)s của đơn vị đã được tiếp nhận và khóa: không xóa hay khôi phục "
    "hoạt động của năm này được."
)
ALREADY_DELETED = "Hoạt động này đã được xóa trước đó."
NOT_DELETED = "Hoạt động này chưa bị xóa, không cần khôi phục."
FILE_ALREADY_DELETED = "Tệp này đã được xóa trước đó."
FILE_NOT_DELETED = "Tệp này chưa bị xóa, không cần khôi phục."


def _activity_checks(activity: Activity) -> None:
    check_counts(participants=activity.participants, sessions=activity.sessions)
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


def _check_year_open(activity: Activity) -> None:
    if sel.activity_year_locked(activity):
        raise ValidationError(_(ACTIVITY_YEAR_LOCKED) % {"year": activity.date.year})


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> Activity:
    """Move the activity to the trash: it leaves every list, count, report and prefill, keeps its
    attachments and content areas, and can be restored (`activity_restore`)."""
    activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    if activity.deleted_at is not None:
        raise ValidationError(_(ALREADY_DELETED))
    _check_year_open(activity)
    activity.deleted_at = timezone.now()
    activity.deleted_by = by
    activity._change_reason = "Xóa (chuyển vào mục Đã xóa)"
    activity.save(update_fields=["deleted_at", "deleted_by"])
    return activity


@transaction.atomic
def activity_restore(*, activity: Activity, by) -> Activity:
    """Bring a deleted activity back, for the same users who may delete it."""
    activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    if activity.deleted_at is None:
        raise ValidationError(_(NOT_DELETED))
    _check_year_open(activity)
    activity.deleted_at = None
    activity.deleted_by = None
    activity._change_reason = "Khôi phục từ mục Đã xóa"
    activity.save(update_fields=["deleted_at", "deleted_by"])
    return activity


@transaction.atomic
def activity_attach(*, activity: Activity, by, file) -> ActivityAttachment:
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    file = prepare_file(file)
    return ActivityAttachment.objects.create(
        activity=activity, file=file, name=file.name, uploaded_by=by
    )


@transaction.atomic
def attachment_delete(*, attachment: ActivityAttachment, by) -> ActivityAttachment:
    """Move the file to the trash: no longer listed or served, restorable from its activity's
    page (`attachment_restore`). The file stays on disk."""
    attachment = ActivityAttachment.all_objects.select_for_update().get(pk=attachment.pk)
    activity = attachment.activity
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    if attachment.deleted_at is not None:
        raise ValidationError(_(FILE_ALREADY_DELETED))
    _check_year_open(activity)
    attachment.deleted_at = timezone.now()
    attachment.deleted_by = by
    attachment._change_reason = "Xóa (chuyển vào mục Đã xóa)"
    attachment.save(update_fields=["deleted_at", "deleted_by"])
    return attachment


@transaction.atomic
def attachment_restore(*, attachment: ActivityAttachment, by) -> ActivityAttachment:
    attachment = ActivityAttachment.all_objects.select_for_update().get(pk=attachment.pk)
    activity = attachment.activity
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    if attachment.deleted_at is None:
        raise ValidationError(_(FILE_NOT_DELETED))
    _check_year_open(activity)
    attachment.deleted_at = None
    attachment.deleted_by = None
    attachment._change_reason = "Khôi phục từ mục Đã xóa"
    attachment.save(update_fields=["deleted_at", "deleted_by"])
    return attachment
