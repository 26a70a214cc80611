"""The board's side: comments per indicator, return (with a reason, comments and a window to
correct), accept; the province admin's reopen. Each decision tells the unit (signals)."""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role

from ..models import Submission, SubmissionEvent, SubmissionStatus, ValueType
from ..numbers import input_text
from ..rules import indicator_label
from ..signals import submission_decided
from .common import (
    COMMENT_LOCKED,
    COMMENT_TOO_LONG,
    CORRECTION_DAYS,
    DEFAULT_CORRECTION_DAYS,
    REOPEN_NEEDS_REASON,
    REPORTER_ROLES,
    RETURN_NEEDS_REASON,
    REVIEWER_ROLES,
    WRONG_STATE,
    deadline_for,
    ensure_reviewer,
    event_add,
)

logger = logging.getLogger(__name__)


def _locked_for_review(submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.ACCEPTED:
        # checked before the role: the answer is the same for everyone who may see it
        scope.ensure_can_act(by, submission.unit, REVIEWER_ROLES)
        raise PermissionDenied(_(COMMENT_LOCKED))
    ensure_reviewer(submission=submission, by=by)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    return submission


def _apply_comments(submission: Submission, comments: dict | None) -> list:
    """Write the comments given (others stay); returns the rows that now carry one."""
    rows = list(submission.values.select_related("indicator__content_area"))
    too_long = {}
    for row in rows:
        if comments is None or row.indicator.code not in comments:
            continue
        comment = (comments[row.indicator.code] or "").strip()
        if len(comment) > 500:
            too_long[row.indicator.code] = _(COMMENT_TOO_LONG).format(name=row.indicator.name)
            continue
        if comment != row.reviewer_comment:
            row.reviewer_comment = comment
            row.save(update_fields=["reviewer_comment"])
    if too_long:
        raise ValidationError(too_long)
    return [row for row in rows if row.reviewer_comment]


def _correction_until(days, today) -> datetime.date:
    try:
        days = int(DEFAULT_CORRECTION_DAYS if days in (None, "") else days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 60:
        raise ValidationError({"correction_days": _(CORRECTION_DAYS)})
    return (today or timezone.localdate()) + datetime.timedelta(days=days)


def _reporters(submission: Submission):
    users = get_user_model().objects.filter(is_active=True)
    if submission.organization_id:
        return list(users.filter(member_organizations=submission.organization_id).order_by("pk"))
    return list(
        users.filter(unit_roles__unit=submission.unit_id, unit_roles__role__in=REPORTER_ROLES)
        .distinct()
        .order_by("pk")
    )


def _notify(submission: Submission, event: SubmissionEvent, title: str, body: str) -> None:
    try:
        with transaction.atomic():
            submission_decided.send(
                sender=Submission,
                submission=submission,
                action=event.action,
                by=event.by,
                key=f"submission:{submission.pk}:{event.pk}",
                title=title,
                body=body,
                url=reverse("campaign:submission_detail", args=[submission.pk]),
                recipients=_reporters(submission),
            )
    except Exception:  # noqa: BLE001 - a notice that cannot be written must not undo a decision
        logger.exception("the notices of submission %s could not be written", submission.pk)


def _snapshot(submission: Submission) -> dict:
    snapshot = {}
    for row in submission.values.select_related("indicator"):
        if row.indicator.value_type == ValueType.TEXT:
            snapshot[row.indicator.code] = row.text_value
        else:
            snapshot[row.indicator.code] = input_text(row.value)
    return snapshot


def _what(submission: Submission) -> dict:
    return {"y": submission.period.year, "who": submission.reporter_name}


@transaction.atomic
def submission_comment(*, submission: Submission, by, comments: dict) -> Submission:
    """The board's comments on indicators while it reviews; a locked report takes none."""
    submission = _locked_for_review(submission, by)
    _apply_comments(submission, comments)
    submission.version += 1  # the row is locked (select_for_update)
    submission.save(update_fields=["version", "updated_at"])
    return submission


@transaction.atomic
def submission_return(
    *,
    submission: Submission,
    by,
    reason: str,
    comments: dict | None = None,
    correction_days: int | None = DEFAULT_CORRECTION_DAYS,
    today: datetime.date | None = None,
) -> Submission:
    """Back to the unit with a reason and comments, and a window to correct and resubmit."""
    submission = _locked_for_review(submission, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _(RETURN_NEEDS_REASON)})
    until = _correction_until(correction_days, today)
    commented = _apply_comments(submission, comments)
    submission.status = SubmissionStatus.RETURNED
    submission.correction_until = until
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    event = event_add(
        submission,
        SubmissionEvent.Action.RETURNED,
        by,
        reason.strip(),
        snapshot=_snapshot(submission),
    )
    # the window never shortens the period's own deadline
    until = deadline_for(submission=submission)
    title = _(
        "Báo cáo kết quả năm %(y)s của %(who)s bị trả lại: sửa và nộp lại trước hết ngày %(d)s"
    ) % {**_what(submission), "d": until.strftime("%d/%m/%Y")}
    lines = [_("Lý do: %(r)s") % {"r": reason.strip()}]
    lines += [f"- {indicator_label(r.indicator)}: {r.reviewer_comment}" for r in commented]
    _notify(submission, event, title, "\n".join(lines))
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_reviewer(submission=submission, by=by)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.correction_until = None
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    event = event_add(submission, SubmissionEvent.Action.ACCEPTED, by)
    title = _("Báo cáo kết quả năm %(y)s của %(who)s đã được tiếp nhận") % _what(submission)
    _notify(submission, event, title, _("Số liệu đã được khóa."))
    return submission


@transaction.atomic
def submission_reopen(
    *,
    submission: Submission,
    by,
    reason: str,
    correction_days: int | None = DEFAULT_CORRECTION_DAYS,
    today: datetime.date | None = None,
) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    scope.ensure_can_act(by, submission.unit, [Role.PROVINCE_ADMIN])
    if submission.status != SubmissionStatus.ACCEPTED:
        raise ValidationError(_(WRONG_STATE).format(status=submission.get_status_display()))
    if not (reason or "").strip():
        raise ValidationError({"reason": _(REOPEN_NEEDS_REASON)})
    until = _correction_until(correction_days, today)
    submission.status = SubmissionStatus.RETURNED
    submission.accepted_at = None
    submission.correction_until = until
    submission.version += 1  # the row is locked (select_for_update)
    submission.save()
    submission.refresh_from_db()
    event = event_add(
        submission,
        SubmissionEvent.Action.REOPENED,
        by,
        reason.strip(),
        snapshot=_snapshot(submission),
    )
    title = _("Báo cáo kết quả năm %(y)s của %(who)s được mở lại để sửa, hạn nộp lại %(d)s") % {
        **_what(submission),
        "d": until.strftime("%d/%m/%Y"),
    }
    _notify(submission, event, title, _("Lý do: %(r)s") % {"r": reason.strip()})
    return submission
