"""Member organizations (and who represents them) and their assignments."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, UnitRole

from ...models.base import MemberOrganization
from .. import selectors as sel
from ..models import Assignment
from ._common import apply_fields, check_org_above, check_year, ensure_front

ASSIGNMENT_YEAR_LOCKED = (
    "Báo cáo kết quả năm %(year)s của đơn vị đã được tiếp nhận và khóa: không xóa hay khôi phục "
    "phân công của năm này được."
)
ASSIGNMENT_ALREADY_DELETED = "Phân công này đã được xóa trước đó."
ASSIGNMENT_NOT_DELETED = "Phân công này chưa bị xóa, không cần khôi phục."
USER_NOT_MEMBER_ORG = (
    "Người dùng %(users)s chưa có vai trò tổ chức thành viên tại đơn vị này hoặc cấp trên."
)


def _set_org_users(org: MemberOrganization, users) -> None:
    """Representatives act for the organization, so each must hold a member_org role whose
    scope covers the organization's unit."""
    if users is None:
        return
    covering = UnitRole.objects.filter(role=Role.MEMBER_ORG, user=OuterRef("pk")).filter(
        unit__path__in=[org.unit.path[: i + 1] for i, c in enumerate(org.unit.path) if c == "/"]
    )
    users = list(users)
    ok = set(
        get_user_model()
        .objects.filter(pk__in=[u.pk for u in users])
        .filter(Exists(covering))
        .values_list("pk", flat=True)
    )
    bad = [u.get_username() for u in users if u.pk not in ok]
    if bad:
        raise ValidationError({"users": _(USER_NOT_MEMBER_ORG) % {"users": ", ".join(bad)}})
    org.users.set(users)


@transaction.atomic
def member_org_create(
    *, by, unit, kind: str, name: str, is_active=True, users=None
) -> MemberOrganization:
    ensure_front(by, unit)
    org = MemberOrganization(unit=unit, kind=kind, name=name.strip(), is_active=is_active)
    org.full_clean()
    org.save()
    _set_org_users(org, users)
    return org


@transaction.atomic
def member_org_update(*, org: MemberOrganization, by, users=None, **fields) -> MemberOrganization:
    ensure_front(by, org.unit)
    apply_fields(org, fields, {"kind", "name", "is_active"})
    org.full_clean()
    org.save()
    _set_org_users(org, users)
    return org


@transaction.atomic
def assignment_create(
    *, by, unit, year: int, organization, task: str, content_area=None, notes=""
) -> Assignment:
    ensure_front(by, unit)
    check_year(year)
    check_org_above(organization, unit)
    obj = Assignment(
        unit=unit,
        year=year,
        organization=organization,
        content_area=content_area,
        task=task,
        notes=notes,
    )
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def assignment_update(*, assignment: Assignment, by, **fields) -> Assignment:
    ensure_front(by, assignment.unit)
    apply_fields(assignment, fields, {"year", "organization", "content_area", "task", "notes"})
    check_year(assignment.year)
    check_org_above(assignment.organization, assignment.unit)
    assignment.full_clean()
    assignment.save()
    return assignment


def _check_year_open(assignment: Assignment) -> None:
    if sel.year_locked(assignment.unit, assignment.year):
        raise ValidationError(_(ASSIGNMENT_YEAR_LOCKED) % {"year": assignment.year})


@transaction.atomic
def assignment_delete(*, assignment: Assignment, by) -> Assignment:
    """Move the assignment to the trash, from which `assignment_restore` brings it back."""
    assignment = Assignment.all_objects.select_for_update().get(pk=assignment.pk)
    ensure_front(by, assignment.unit)
    if assignment.deleted_at is not None:
        raise ValidationError(_(ASSIGNMENT_ALREADY_DELETED))
    _check_year_open(assignment)
    assignment.deleted_at = timezone.now()
    assignment.deleted_by = by
    assignment._change_reason = "Xóa (chuyển vào mục Đã xóa)"
    assignment.save(update_fields=["deleted_at", "deleted_by"])
    return assignment


@transaction.atomic
def assignment_restore(*, assignment: Assignment, by) -> Assignment:
    assignment = Assignment.all_objects.select_for_update().get(pk=assignment.pk)
    ensure_front(by, assignment.unit)
    if assignment.deleted_at is None:
        raise ValidationError(_(ASSIGNMENT_NOT_DELETED))
    _check_year_open(assignment)
    assignment.deleted_at = None
    assignment.deleted_by = None
    assignment._change_reason = "Khôi phục từ mục Đã xóa"
    assignment.save(update_fields=["deleted_at", "deleted_by"])
    return assignment
