"""The yearly theme and plan of a unit, with its targets per content area."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...uploads import prepare_file
from ..models import PlanTarget, YearlyPlan
from ._common import DATE_OUTSIDE_YEAR, apply_fields, check_year, ensure_front, sync_children

PLAN_EXISTS = "Đơn vị này đã có kế hoạch năm %(year)s."


def _plan_checks(plan: YearlyPlan) -> None:
    check_year(plan.year)
    if YearlyPlan.objects.filter(unit=plan.unit, year=plan.year).exclude(pk=plan.pk).exists():
        raise ValidationError({"year": _(PLAN_EXISTS) % {"year": plan.year}})
    # a plan for year N is often issued late in year N-1
    if plan.issued_on and plan.issued_on.year not in (plan.year - 1, plan.year):
        raise ValidationError({"issued_on": _(DATE_OUTSIDE_YEAR) % {"year": plan.year}})


@transaction.atomic
def plan_create(
    *,
    by,
    unit,
    year: int,
    theme: str,
    document_number="",
    issued_on=None,
    summary="",
    document=None,
    targets: list[dict] | None = None,
) -> YearlyPlan:
    ensure_front(by, unit)
    plan = YearlyPlan(
        unit=unit,
        year=year,
        theme=theme,
        document_number=document_number,
        issued_on=issued_on,
        summary=summary,
    )
    _plan_checks(plan)
    if document:
        plan.document = prepare_file(document)
    plan.full_clean()
    plan.save()
    sync_children(
        manager=plan.targets, model=PlanTarget, parent_field="plan", parent=plan, rows=targets or []
    )
    return plan


@transaction.atomic
def plan_update(*, plan: YearlyPlan, by, targets: list[dict] | None = None, **fields) -> YearlyPlan:
    ensure_front(by, plan.unit)
    document = fields.pop("document", None)
    apply_fields(plan, fields, {"year", "theme", "document_number", "issued_on", "summary"})
    _plan_checks(plan)
    if document:
        plan.document = prepare_file(document)
    plan.full_clean()
    plan.save()
    if targets is not None:
        sync_children(
            manager=plan.targets, model=PlanTarget, parent_field="plan", parent=plan, rows=targets
        )
    return plan
