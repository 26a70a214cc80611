"""Budget plans: their lines, sent up, then approved or returned by the level above."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope

from .. import selectors as sel
from ..models import BudgetLine, BudgetPlan, BudgetStatus
from ._common import check_year, count_error, ensure_front, sync_children

BUDGET_EXISTS = "Đơn vị này đã có kế hoạch kinh phí năm %(year)s."
OVERSPEND_NEEDS_NOTE = "Khoản chi vượt dự toán phải có giải trình."
BUDGET_EMPTY = "Kế hoạch kinh phí chưa có dòng nào."
BUDGET_NOT_SUBMITTED = "Chỉ xem xét được kế hoạch kinh phí đã gửi."
RETURN_NEEDS_NOTE = "Khi trả lại cần ghi rõ lý do."


def _budget_lines_check(lines: list[dict]) -> None:
    for i, line in enumerate(lines):
        planned, spent = line.get("planned") or 0, line.get("spent") or 0
        for name, value in (("planned", planned), ("spent", spent)):
            if error := count_error(name, value):
                raise ValidationError(error, code=f"line-{i}")
        if spent > planned and not (line.get("note") or "").strip():
            raise ValidationError(_(OVERSPEND_NEEDS_NOTE), code=f"line-{i}")


@transaction.atomic
def budget_create(*, by, unit, year: int, notes="", lines: list[dict] = ()) -> BudgetPlan:
    ensure_front(by, unit)
    check_year(year)
    if BudgetPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _(BUDGET_EXISTS) % {"year": year}})
    _budget_lines_check(list(lines))
    plan = BudgetPlan(unit=unit, year=year, notes=notes)
    plan.full_clean()
    plan.save()
    sync_children(
        manager=plan.lines, model=BudgetLine, parent_field="plan", parent=plan, rows=list(lines)
    )
    return plan


@transaction.atomic
def budget_update(*, plan: BudgetPlan, by, notes=None, lines: list[dict] | None = None):
    ensure_front(by, plan.unit)
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise PermissionDenied(_(sel.BUDGET_LOCKED))
    if notes is not None:
        plan.notes = notes
        plan.save(update_fields=["notes"])
    if lines is not None:
        _budget_lines_check(lines)
        sync_children(
            manager=plan.lines, model=BudgetLine, parent_field="plan", parent=plan, rows=lines
        )
    return plan


@transaction.atomic
def budget_submit(*, plan: BudgetPlan, by) -> BudgetPlan:
    ensure_front(by, plan.unit)
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise PermissionDenied(_(sel.BUDGET_LOCKED))
    if not plan.lines.exists():
        raise ValidationError(_(BUDGET_EMPTY))
    plan.status = BudgetStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.save(update_fields=["status", "submitted_at", "submitted_by"])
    return plan


def _review(plan: BudgetPlan, by, status: str, note: str) -> BudgetPlan:
    plan = (
        BudgetPlan.objects.select_for_update(of=("self",))
        .select_related("unit__parent")
        .get(pk=plan.pk)
    )
    if not scope.can_see(by, plan.unit):
        raise Http404(scope.NOT_IN_SCOPE)
    if not sel.can_review_budget(by, plan):
        raise PermissionDenied(_(sel.NOT_LEVEL_ABOVE))
    if plan.status != BudgetStatus.SUBMITTED:
        raise ValidationError(_(BUDGET_NOT_SUBMITTED))
    plan.status = status
    plan.reviewed_at = timezone.now()
    plan.reviewed_by = by
    plan.review_note = note
    plan.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    return plan


@transaction.atomic
def budget_approve(*, plan: BudgetPlan, by, note: str = "") -> BudgetPlan:
    return _review(plan, by, BudgetStatus.APPROVED, note)


@transaction.atomic
def budget_return(*, plan: BudgetPlan, by, note: str) -> BudgetPlan:
    if not (note or "").strip():
        raise ValidationError({"note": _(RETURN_NEEDS_NOTE)})
    return _review(plan, by, BudgetStatus.RETURNED, note)
