"""What every write of the yearly results checks: who may edit, until when, and the messages."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role

from ..models import Submission, SubmissionEvent, SubmissionStatus

LOCKED_ACCEPTED = (
    "Báo cáo đã được tiếp nhận nên đã khóa. Chỉ Ban Thường trực tỉnh được mở lại (kèm lý do)."
)
LOCKED_SUBMITTED = "Báo cáo đã nộp, đang chờ Ban Phong trào xem xét: không sửa được nữa."
LOCKED_DEADLINE = "Đã quá hạn nộp báo cáo năm {year} (hạn {due}, gia hạn đến {until}). Liên hệ Ban Thường trực tỉnh để được gia hạn."
LOCKED_CORRECTION = (
    "Đã hết hạn sửa báo cáo bị trả lại ({until}). Liên hệ Ban Phong trào để được trả lại "
    "với hạn sửa mới."
)
NOT_YOUR_UNIT = "Bạn không phải đơn vị báo cáo này nên không sửa được báo cáo."
NOT_OPEN_YET = "Kỳ báo cáo năm {year} chưa mở (mở từ {opens})."
CONFLICT = "Báo cáo vừa được người khác lưu sau khi bạn mở trang. Hãy tải lại trang để xem bản mới nhất rồi nhập lại thay đổi của bạn."
SELF_REVIEW = (
    "Bạn đã nộp báo cáo này nên không tự tiếp nhận hay trả lại được: một cán bộ khác của "
    "Ban Phong trào cần xem xét."
)
RETURN_NEEDS_REASON = "Cần nêu lý do trả lại báo cáo."
REOPEN_NEEDS_REASON = "Cần nêu lý do mở lại báo cáo đã tiếp nhận."
WRONG_STATE = "Không thể thực hiện thao tác này khi báo cáo đang ở trạng thái “{status}”."
COMMENT_LOCKED = "Báo cáo đã được tiếp nhận và khóa: không ghi thêm ý kiến được."
COMMENT_TOO_LONG = "Ý kiến về “{name}” dài quá 500 ký tự."
CORRECTION_DAYS = "Số ngày để đơn vị sửa phải từ 1 đến 60."
HAS_ERRORS = "Báo cáo còn lỗi, chưa nộp được: {errors}"
WARNINGS_NEED_NOTES = "Các chỉ tiêu sau có cảnh báo, cần ghi giải trình trước khi nộp: {codes}"
NOT_REPORTING_UNIT = "Đơn vị {unit} không phải đơn vị báo cáo của năm {year}."
YEAR_EXISTS = "Năm {year} đã có kỳ báo cáo."
SET_NOT_PUBLISHED = (
    "Bộ chỉ tiêu của năm {year} chưa được ban hành nên các đơn vị chưa lập báo cáo được."
)
ORGS_DO_NOT_REPORT = "Năm {year} các tổ chức thành viên không báo cáo riêng."
SET_FROZEN = "Bộ chỉ tiêu đã ban hành thì không sửa được; hãy tạo bộ chỉ tiêu mới."

REPORTER_ROLES = (Role.DISTRICT_COMMITTEE, Role.COMMUNE_COMMITTEE)
REVIEWER_ROLES = (Role.MOVEMENT_BOARD, Role.PROVINCE_ADMIN)
DEFAULT_CORRECTION_DAYS = 7


class Conflict(ValidationError):
    """Someone saved the submission since the editor loaded it: nothing was written."""

    def __init__(self, submission: Submission):
        super().__init__(_(CONFLICT), code="conflict")
        self.submission = submission


class SelfReview(PermissionDenied):
    """One user holding a reporting role and the board's: its own report needs another eye."""


def deadline_for(*, submission: Submission) -> datetime.date:
    """The last day the unit may edit and submit: the period's (with its grace days), a
    province extension for the unit, or the correction window of a return."""
    extension = submission.period.extensions.filter(unit=submission.unit).first()
    until = submission.period.grace_until
    if extension:
        until = max(until, extension.until)
    if submission.status == SubmissionStatus.RETURNED and submission.correction_until:
        until = max(until, submission.correction_until)
    return until


def is_reporter(*, user, submission: Submission) -> bool:
    """The reporting unit's own committee (or the organization's own users) may edit."""
    if submission.organization_id:
        return (
            scope.has_role(user, Role.MEMBER_ORG)
            and submission.organization.users.filter(pk=user.pk).exists()
        )
    return submission.unit_id in scope.unit_ids_with_role(user, *REPORTER_ROLES)


def ensure_editable(*, submission: Submission, by, today: datetime.date | None = None) -> None:
    """Raise PermissionDenied with the reason (in Vietnamese) when `by` may not change it."""
    today = today or timezone.localdate()
    if submission.status == SubmissionStatus.ACCEPTED:
        raise PermissionDenied(_(LOCKED_ACCEPTED))
    if submission.status == SubmissionStatus.SUBMITTED:
        raise PermissionDenied(_(LOCKED_SUBMITTED))
    if not is_reporter(user=by, submission=submission):
        raise PermissionDenied(_(NOT_YOUR_UNIT))
    period = submission.period
    if today < period.opens_on:
        raise PermissionDenied(
            _(NOT_OPEN_YET).format(year=period.year, opens=period.opens_on.strftime("%d/%m/%Y"))
        )
    until = deadline_for(submission=submission)
    if today > until:
        if submission.status == SubmissionStatus.RETURNED and submission.correction_until:
            raise PermissionDenied(_(LOCKED_CORRECTION).format(until=until.strftime("%d/%m/%Y")))
        raise PermissionDenied(
            _(LOCKED_DEADLINE).format(
                year=period.year,
                due=period.due_on.strftime("%d/%m/%Y"),
                until=until.strftime("%d/%m/%Y"),
            )
        )


def last_submitter_id(submission: Submission) -> int | None:
    event = (
        submission.events.filter(action=SubmissionEvent.Action.SUBMITTED).order_by("-at", "-pk")
    ).first()
    return event.by_id if event else None


def ensure_reviewer(*, submission: Submission, by) -> None:
    """The board in scope may decide, never on a report the same user submitted."""
    scope.ensure_can_act(by, submission.unit, REVIEWER_ROLES)
    if last_submitter_id(submission) == by.pk:
        raise SelfReview(_(SELF_REVIEW))


def event_add(submission, action, by, reason="", snapshot=None) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        by=by,
        at=timezone.now(),
        reason=reason,
        snapshot=snapshot or {},
    )
