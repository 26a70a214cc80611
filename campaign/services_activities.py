"""Writes for activities, plans, pilot models, festivals, conventions and budgets.

Each function takes keyword arguments, checks who acts (`by`) with the access rules of
selectors_activities, validates, and writes in one transaction. Bad input raises
ValidationError with one of the messages below and saves nothing.
"""

import datetime
import os
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scope
from accounts.models import Role, UnitRole
from residential_areas.models import AdministrativeUnit, UnitLevel

from . import selectors_activities as sel
from .models import (
    Activity,
    ActivityAttachment,
    Assignment,
    BudgetLine,
    BudgetPlan,
    BudgetStatus,
    ConventionRevision,
    ConventionStatus,
    Festival,
    MemberOrganization,
    PilotModel,
    PilotModelEvaluation,
    PilotModelReplication,
    PlanTarget,
    VillageConvention,
    YearlyPlan,
)

FILE_TOO_LARGE = "Tệp quá lớn: tối đa %(max)s MB."
FILE_NOT_ALLOWED = "Chỉ nhận tệp PDF hoặc ảnh (JPG, PNG, GIF, WEBP); tệp này không phải như vậy."
FILE_EMPTY = "Tệp rỗng."
NOT_AN_AREA = "Ngày hội Đại đoàn kết và hương ước chỉ ghi cho khu dân cư (thôn, xóm, tổ dân phố)."
DATE_OUTSIDE_YEAR = "Ngày phải nằm trong năm %(year)s."
UNIT_NOT_VALID_ON = "Đơn vị %(unit)s không còn hiệu lực vào ngày %(date)s."
NEGATIVE = "Số liệu không được âm."
FESTIVAL_EXISTS = "Khu dân cư này đã có Ngày hội Đại đoàn kết năm %(year)s."
PLAN_EXISTS = "Đơn vị này đã có kế hoạch năm %(year)s."
BUDGET_EXISTS = "Đơn vị này đã có kế hoạch kinh phí năm %(year)s."
ORG_NOT_ABOVE = "Tổ chức thành viên phải thuộc đơn vị này hoặc đơn vị cấp trên của nó."
ORG_NOT_YOURS = "Bạn chỉ được ghi hoạt động do tổ chức của mình chủ trì."
OVERSPEND_NEEDS_NOTE = "Khoản chi vượt dự toán phải có giải trình."
BUDGET_EMPTY = "Kế hoạch kinh phí chưa có dòng nào."
BUDGET_NOT_SUBMITTED = "Chỉ xem xét được kế hoạch kinh phí đã gửi."
RETURN_NEEDS_NOTE = "Khi trả lại cần ghi rõ lý do."
REVISION_BEFORE_PREVIOUS = "Ngày phê duyệt sửa đổi phải sau lần phê duyệt trước (%(date)s)."
REPLACES_OTHER_AREA = "Chỉ thay thế được hương ước, quy ước của cùng khu dân cư."
ENDED_BEFORE_START = "Ngày dừng phải sau ngày bắt đầu."
YEAR_RANGE = "Năm không hợp lệ."
USER_NOT_MEMBER_ORG = (
    "Người dùng %(users)s chưa có vai trò tổ chức thành viên tại đơn vị này hoặc cấp trên."
)

# content sniffing: the first bytes of each accepted kind and the extension it is stored with
SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
]


# --- attachments -------------------------------------------------------------------------------


def attachment_check(file) -> str:
    """Validate an uploaded file by its size and content; return the extension to store it with.

    The name a browser sends proves nothing: only the bytes decide whether it is a PDF or an
    image, and the stored name gets the extension of what it really is."""
    size = getattr(file, "size", None) or 0
    if size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _(FILE_TOO_LARGE) % {"max": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head:
        raise ValidationError(_(FILE_EMPTY), code="empty")
    for signature, ext in SIGNATURES:
        if head.startswith(signature):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    raise ValidationError(_(FILE_NOT_ALLOWED), code="not_allowed")


def _safe_name(name: str, ext: str) -> str:
    base = os.path.splitext(os.path.basename(name or "tep"))[0]
    base = re.sub(r"[^\w\-. ]+", "", base).strip()[:80] or "tep"
    return base + ext


def _prepare_file(file):
    if not file:
        return file
    ext = attachment_check(file)
    file.name = _safe_name(file.name, ext)
    return file


# --- shared checks ---------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _(YEAR_RANGE)})


def _check_date_in_year(field: str, on: datetime.date, year: int) -> None:
    if on is None or on.year != year:
        raise ValidationError({field: _(DATE_OUTSIDE_YEAR) % {"year": year}})


def _check_valid_on(field: str, unit: AdministrativeUnit, on: datetime.date) -> None:
    if on is not None and not unit.is_valid_on(on):
        raise ValidationError(
            {field: _(UNIT_NOT_VALID_ON) % {"unit": unit.name, "date": on.strftime("%d/%m/%Y")}}
        )


def _check_not_negative(**values) -> None:
    errors = {
        name: _(NEGATIVE) for name, value in values.items() if value is not None and value < 0
    }
    if errors:
        raise ValidationError(errors)


def _check_area(field: str, unit: AdministrativeUnit) -> None:
    if unit.level != UnitLevel.AREA:
        raise ValidationError({field: _(NOT_AN_AREA)})


def _check_org_above(organization, unit) -> None:
    if organization is not None and not unit.path.startswith(organization.unit.path):
        raise ValidationError({"organization": _(ORG_NOT_ABOVE)})


def _ensure_front(by, unit) -> None:
    scope.ensure_can_act(by, unit, sel.FRONT_ROLES)


def _ensure_org_owned(by, unit, organization) -> None:
    """Member organizations record only what they organized; the Front records anything."""
    if not scope.can_see(by, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    if sel.is_front(by, unit):
        return
    if organization is None or not organization.users.filter(pk=by.pk).exists():
        if scope.can_act(by, unit):
            raise ValidationError({"organization": _(ORG_NOT_YOURS)})
        raise PermissionDenied(_(scope.READ_ONLY))
    sel.ensure_can_edit_org_owned(by, unit, organization)


def _apply(obj, fields: dict, allowed: set[str]) -> None:
    for key, value in fields.items():
        if key not in allowed:
            raise TypeError(f"unexpected field {key}")
        setattr(obj, key, value)


def _sync_children(*, manager, model, parent_field: str, parent, rows: list[dict]) -> None:
    """Make the children of `parent` equal `rows`: rows with an id update that child, rows
    without create one, children missing from rows are deleted (history keeps them)."""
    existing = {obj.pk: obj for obj in manager.all()}
    keep = set()
    for row in rows:
        row = dict(row)
        pk = row.pop("id", None)
        obj = existing.get(pk) if pk else None
        if obj is None:
            obj = model(**{parent_field: parent})
        for key, value in row.items():
            setattr(obj, key, value)
        obj.full_clean(exclude=[parent_field])
        obj.save()
        keep.add(obj.pk)
    for pk, obj in existing.items():
        if pk not in keep:
            obj.delete()


# --- member organizations and assignments ----------------------------------------------------


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
    _ensure_front(by, unit)
    org = MemberOrganization(unit=unit, kind=kind, name=name.strip(), is_active=is_active)
    org.full_clean()
    org.save()
    _set_org_users(org, users)
    return org


@transaction.atomic
def member_org_update(*, org: MemberOrganization, by, users=None, **fields) -> MemberOrganization:
    _ensure_front(by, org.unit)
    _apply(org, fields, {"kind", "name", "is_active"})
    org.full_clean()
    org.save()
    _set_org_users(org, users)
    return org


@transaction.atomic
def assignment_create(
    *, by, unit, year: int, organization, task: str, content_area=None, notes=""
) -> Assignment:
    _ensure_front(by, unit)
    _check_year(year)
    _check_org_above(organization, unit)
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
    _ensure_front(by, assignment.unit)
    _apply(assignment, fields, {"year", "organization", "content_area", "task", "notes"})
    _check_year(assignment.year)
    _check_org_above(assignment.organization, assignment.unit)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment, by) -> None:
    _ensure_front(by, assignment.unit)
    assignment.delete()


# --- yearly theme and plan -----------------------------------------------------------------


def _plan_checks(plan: YearlyPlan) -> None:
    _check_year(plan.year)
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
    _ensure_front(by, unit)
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
        plan.document = _prepare_file(document)
    plan.full_clean()
    plan.save()
    _sync_children(
        manager=plan.targets, model=PlanTarget, parent_field="plan", parent=plan, rows=targets or []
    )
    return plan


@transaction.atomic
def plan_update(*, plan: YearlyPlan, by, targets: list[dict] | None = None, **fields) -> YearlyPlan:
    _ensure_front(by, plan.unit)
    document = fields.pop("document", None)
    _apply(plan, fields, {"year", "theme", "document_number", "issued_on", "summary"})
    _plan_checks(plan)
    if document:
        plan.document = _prepare_file(document)
    plan.full_clean()
    plan.save()
    if targets is not None:
        _sync_children(
            manager=plan.targets, model=PlanTarget, parent_field="plan", parent=plan, rows=targets
        )
    return plan


# --- activities ------------------------------------------------------------------------------


def _activity_checks(activity: Activity) -> None:
    _check_not_negative(participants=activity.participants, sessions=activity.sessions)
    if activity.sessions is not None and activity.sessions < 1:
        raise ValidationError({"sessions": _(NEGATIVE)})
    _check_valid_on("date", activity.unit, activity.date)
    _check_org_above(activity.organization, activity.unit)


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
    _ensure_org_owned(by, unit, organization)
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
    files = [_prepare_file(f) for f in attachments if f]
    activity.save()
    activity.content_areas.set(content_areas)
    for f in files:
        ActivityAttachment.objects.create(activity=activity, file=f, name=f.name, uploaded_by=by)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, content_areas=None, **fields) -> Activity:
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    _apply(
        activity,
        fields,
        {"date", "kind", "title", "organization", "sessions", "participants", "notes"},
    )
    # a member organization may not hand its activity over to another organization
    _ensure_org_owned(by, activity.unit, activity.organization)
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
    file = _prepare_file(file)
    return ActivityAttachment.objects.create(
        activity=activity, file=file, name=file.name, uploaded_by=by
    )


@transaction.atomic
def attachment_delete(*, attachment: ActivityAttachment, by) -> None:
    activity = attachment.activity
    sel.ensure_can_edit_org_owned(by, activity.unit, activity.organization)
    attachment.delete()


# --- pilot models ----------------------------------------------------------------------------


def _pilot_checks(model: PilotModel) -> None:
    if model.ended_on and model.started_on and model.ended_on < model.started_on:
        raise ValidationError({"ended_on": _(ENDED_BEFORE_START)})
    _check_org_above(model.organization, model.unit)


@transaction.atomic
def pilot_model_create(*, by, unit, organization=None, **fields) -> PilotModel:
    _ensure_org_owned(by, unit, organization)
    model = PilotModel(unit=unit, organization=organization)
    _apply(
        model,
        fields,
        {"name", "kind", "content_area", "started_on", "ended_on", "status", "description"},
    )
    _pilot_checks(model)
    model.full_clean()
    model.save()
    return model


@transaction.atomic
def pilot_model_update(*, pilot_model: PilotModel, by, **fields) -> PilotModel:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    _apply(
        pilot_model,
        fields,
        {
            "name",
            "kind",
            "content_area",
            "organization",
            "started_on",
            "ended_on",
            "status",
            "description",
        },
    )
    _ensure_org_owned(by, pilot_model.unit, pilot_model.organization)
    _pilot_checks(pilot_model)
    pilot_model.full_clean()
    pilot_model.save()
    return pilot_model


@transaction.atomic
def pilot_model_evaluate(
    *, pilot_model: PilotModel, by, year: int, rating: str, notes=""
) -> PilotModelEvaluation:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    _check_year(year)
    evaluation = PilotModelEvaluation.objects.filter(pilot_model=pilot_model, year=year).first()
    evaluation = evaluation or PilotModelEvaluation(pilot_model=pilot_model, year=year)
    evaluation.rating = rating
    evaluation.notes = notes
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def pilot_model_replicate(
    *, pilot_model: PilotModel, by, unit, year: int, notes=""
) -> PilotModelReplication:
    sel.ensure_can_edit_org_owned(by, pilot_model.unit, pilot_model.organization)
    if not scope.can_see(by, unit):
        raise Http404(scope.NOT_IN_SCOPE)
    _check_year(year)
    replication = PilotModelReplication.objects.filter(pilot_model=pilot_model, unit=unit).first()
    replication = replication or PilotModelReplication(pilot_model=pilot_model, unit=unit)
    replication.year = year
    replication.notes = notes
    replication.full_clean()
    replication.save()
    return replication


# --- festivals -------------------------------------------------------------------------------

FESTIVAL_FIELDS = {
    "year",
    "held_on",
    "participants",
    "activities",
    "self_review",
    "praised_households",
    "praised_people",
    "money_raised",
    "notes",
}


def _festival_checks(festival: Festival) -> None:
    _check_area("area", festival.area)
    _check_year(festival.year)
    _check_date_in_year("held_on", festival.held_on, festival.year)
    _check_valid_on("held_on", festival.area, festival.held_on)
    _check_not_negative(
        participants=festival.participants,
        praised_households=festival.praised_households,
        praised_people=festival.praised_people,
        money_raised=festival.money_raised,
    )
    taken = Festival.objects.filter(area=festival.area, year=festival.year)
    if taken.exclude(pk=festival.pk).exists():
        raise ValidationError({"year": _(FESTIVAL_EXISTS) % {"year": festival.year}})


@transaction.atomic
def festival_create(*, by, area, **fields) -> Festival:
    _ensure_front(by, area)
    festival = Festival(area=area)
    _apply(festival, fields, FESTIVAL_FIELDS)
    _festival_checks(festival)
    festival.full_clean()
    festival.save()
    return festival


@transaction.atomic
def festival_update(*, festival: Festival, by, **fields) -> Festival:
    _ensure_front(by, festival.area)
    _apply(festival, fields, FESTIVAL_FIELDS)
    _festival_checks(festival)
    festival.full_clean()
    festival.save()
    return festival


# --- village conventions ---------------------------------------------------------------------


@transaction.atomic
def convention_create(
    *,
    by,
    area,
    title: str,
    decision_number: str,
    approved_on: datetime.date,
    kind="huong_uoc",
    approved_by="",
    file=None,
    summary="",
    replaces: VillageConvention | None = None,
) -> VillageConvention:
    """Record a convention with its first approval; it may replace an older one of the area."""
    _ensure_front(by, area)
    _check_area("area", area)
    if replaces is not None and replaces.area_id != area.pk:
        raise ValidationError({"replaces": _(REPLACES_OTHER_AREA)})
    file = _prepare_file(file) if file else None
    convention = VillageConvention(
        area=area,
        kind=kind,
        title=title,
        decision_number=decision_number,
        approved_on=approved_on,
        approved_by=approved_by,
        status=ConventionStatus.IN_FORCE,
    )
    convention.full_clean(exclude=["file"])
    convention.save()
    revision = ConventionRevision.objects.create(
        convention=convention,
        number=1,
        decision_number=decision_number,
        approved_on=approved_on,
        summary=summary,
        file=file or "",
        created_by=by,
    )
    if revision.file:
        convention.file = revision.file.name
        convention.save(update_fields=["file"])
    if replaces is not None:
        replaces.status = ConventionStatus.REPLACED
        replaces.replaced_by = convention
        replaces.save(update_fields=["status", "replaced_by"])
    return convention


@transaction.atomic
def convention_update(*, convention: VillageConvention, by, **fields) -> VillageConvention:
    """Change what describes the convention (title, kind, approving body, status); a new
    approved text goes through convention_revise so the history keeps each version."""
    _ensure_front(by, convention.area)
    _apply(convention, fields, {"title", "kind", "approved_by", "status"})
    convention.full_clean()
    convention.save()
    return convention


@transaction.atomic
def convention_revise(
    *,
    convention: VillageConvention,
    by,
    decision_number: str,
    approved_on: datetime.date,
    summary: str = "",
    file=None,
) -> ConventionRevision:
    """An amendment was approved: record it and make it the convention's current text."""
    _ensure_front(by, convention.area)
    convention = VillageConvention.objects.select_for_update().get(pk=convention.pk)
    last = convention.revisions.order_by("-number").first()
    if last and approved_on <= last.approved_on:
        raise ValidationError(
            {
                "approved_on": _(REVISION_BEFORE_PREVIOUS)
                % {"date": last.approved_on.strftime("%d/%m/%Y")}
            }
        )
    file = _prepare_file(file) if file else None
    number = (convention.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = ConventionRevision(
        convention=convention,
        number=number,
        decision_number=decision_number,
        approved_on=approved_on,
        summary=summary,
        file=file or "",
        created_by=by,
    )
    revision.full_clean(exclude=["file"])
    revision.save()
    convention.decision_number = decision_number
    convention.approved_on = approved_on
    convention.status = ConventionStatus.IN_FORCE
    update = ["decision_number", "approved_on", "status"]
    if revision.file:
        convention.file = revision.file.name
        update.append("file")
    convention.save(update_fields=update)
    return revision


# --- budget plans ----------------------------------------------------------------------------


def _budget_lines_check(lines: list[dict]) -> None:
    for i, line in enumerate(lines):
        planned, spent = line.get("planned") or 0, line.get("spent") or 0
        if planned < 0 or spent < 0:
            raise ValidationError(_(NEGATIVE), code=f"line-{i}")
        if spent > planned and not (line.get("note") or "").strip():
            raise ValidationError(_(OVERSPEND_NEEDS_NOTE), code=f"line-{i}")


@transaction.atomic
def budget_create(*, by, unit, year: int, notes="", lines: list[dict] = ()) -> BudgetPlan:
    _ensure_front(by, unit)
    _check_year(year)
    if BudgetPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _(BUDGET_EXISTS) % {"year": year}})
    _budget_lines_check(list(lines))
    plan = BudgetPlan(unit=unit, year=year, notes=notes)
    plan.full_clean()
    plan.save()
    _sync_children(
        manager=plan.lines, model=BudgetLine, parent_field="plan", parent=plan, rows=list(lines)
    )
    return plan


@transaction.atomic
def budget_update(*, plan: BudgetPlan, by, notes=None, lines: list[dict] | None = None):
    _ensure_front(by, plan.unit)
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise PermissionDenied(_(sel.BUDGET_LOCKED))
    if notes is not None:
        plan.notes = notes
        plan.save(update_fields=["notes"])
    if lines is not None:
        _budget_lines_check(lines)
        _sync_children(
            manager=plan.lines, model=BudgetLine, parent_field="plan", parent=plan, rows=lines
        )
    return plan


@transaction.atomic
def budget_submit(*, plan: BudgetPlan, by) -> BudgetPlan:
    _ensure_front(by, plan.unit)
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
