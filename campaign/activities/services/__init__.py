"""Writes for member organizations, assignments, plans, activities, pilot models, festivals,
conventions and budgets, one module a subject; the package offers them all, so callers write
`services.festival_create(...)`.

Each function takes keyword arguments, checks who acts (`by`) with the access rules of
activities/selectors.py, validates, and writes in one transaction. Bad input raises
ValidationError with one of the messages below and saves nothing.
"""

from ._common import (
    DATE_OUTSIDE_YEAR,
    NEGATIVE,
    NOT_AN_AREA,
    ORG_NOT_ABOVE,
    ORG_NOT_YOURS,
    UNIT_NOT_VALID_ON,
    YEAR_RANGE,
)
from .activities import (
    activity_attach,
    activity_create,
    activity_delete,
    activity_update,
    attachment_delete,
)
from .budgets import (
    BUDGET_EMPTY,
    BUDGET_EXISTS,
    BUDGET_NOT_SUBMITTED,
    OVERSPEND_NEEDS_NOTE,
    RETURN_NEEDS_NOTE,
    budget_approve,
    budget_create,
    budget_return,
    budget_submit,
    budget_update,
)
from .conventions import (
    REPLACES_OTHER_AREA,
    REVISION_BEFORE_PREVIOUS,
    convention_create,
    convention_revise,
    convention_update,
)
from .festivals import FESTIVAL_EXISTS, FESTIVAL_FIELDS, festival_create, festival_update
from .organizations import (
    USER_NOT_MEMBER_ORG,
    assignment_create,
    assignment_delete,
    assignment_update,
    member_org_create,
    member_org_update,
)
from .pilots import (
    ENDED_BEFORE_START,
    pilot_model_create,
    pilot_model_evaluate,
    pilot_model_replicate,
    pilot_model_update,
)
from .plans import PLAN_EXISTS, plan_create, plan_update

__all__ = [
    "BUDGET_EMPTY",
    "BUDGET_EXISTS",
    "BUDGET_NOT_SUBMITTED",
    "DATE_OUTSIDE_YEAR",
    "ENDED_BEFORE_START",
    "FESTIVAL_EXISTS",
    "FESTIVAL_FIELDS",
    "NEGATIVE",
    "NOT_AN_AREA",
    "ORG_NOT_ABOVE",
    "ORG_NOT_YOURS",
    "OVERSPEND_NEEDS_NOTE",
    "PLAN_EXISTS",
    "REPLACES_OTHER_AREA",
    "RETURN_NEEDS_NOTE",
    "REVISION_BEFORE_PREVIOUS",
    "UNIT_NOT_VALID_ON",
    "USER_NOT_MEMBER_ORG",
    "YEAR_RANGE",
    "activity_attach",
    "activity_create",
    "activity_delete",
    "activity_update",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "attachment_delete",
    "budget_approve",
    "budget_create",
    "budget_return",
    "budget_submit",
    "budget_update",
    "convention_create",
    "convention_revise",
    "convention_update",
    "festival_create",
    "festival_update",
    "member_org_create",
    "member_org_update",
    "pilot_model_create",
    "pilot_model_evaluate",
    "pilot_model_replicate",
    "pilot_model_update",
    "plan_create",
    "plan_update",
]
