"""Every write of the yearly results goes through here: one transaction each, and the lock
(accepted data, deadlines, other units' data) is checked here so pages, API, import and admin
cannot bypass it. By side: the unit's (editing), the board's (review), the province admin's
(years)."""

from ..rules import Check, submission_check
from .common import (
    CONFLICT,
    DEFAULT_CORRECTION_DAYS,
    LOCKED_ACCEPTED,
    LOCKED_DEADLINE,
    LOCKED_SUBMITTED,
    NOT_OPEN_YET,
    REPORTER_ROLES,
    REVIEWER_ROLES,
    SELF_REVIEW,
    Conflict,
    SelfReview,
    deadline_for,
    ensure_editable,
    is_reporter,
    last_submitter_id,
)
from .editing import (
    SaveResult,
    parse_values,
    submission_autosave,
    submission_open,
    submission_save,
    submission_submit,
)
from .review import submission_accept, submission_comment, submission_reopen, submission_return
from .years import (
    extension_grant,
    indicator_ensure_editable,
    indicator_set_publish,
    indicator_update,
    year_open,
)

__all__ = [
    "CONFLICT",
    "DEFAULT_CORRECTION_DAYS",
    "LOCKED_ACCEPTED",
    "LOCKED_DEADLINE",
    "LOCKED_SUBMITTED",
    "NOT_OPEN_YET",
    "REPORTER_ROLES",
    "REVIEWER_ROLES",
    "SELF_REVIEW",
    "Check",
    "Conflict",
    "SaveResult",
    "SelfReview",
    "deadline_for",
    "ensure_editable",
    "extension_grant",
    "indicator_ensure_editable",
    "indicator_set_publish",
    "indicator_update",
    "is_reporter",
    "last_submitter_id",
    "parse_values",
    "submission_accept",
    "submission_autosave",
    "submission_check",
    "submission_comment",
    "submission_open",
    "submission_reopen",
    "submission_return",
    "submission_save",
    "submission_submit",
    "year_open",
]
