"""Village conventions: the first approval, what describes them, and each approved amendment."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ...uploads import prepare_file
from ..models import ConventionRevision, ConventionStatus, VillageConvention
from ._common import apply_fields, check_area, ensure_front

REVISION_BEFORE_PREVIOUS = "Ngày phê duyệt sửa đổi phải sau lần phê duyệt trước (%(date)s)."
REPLACES_OTHER_AREA = "Chỉ thay thế được hương ước, quy ước của cùng khu dân cư."


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
    ensure_front(by, area)
    check_area("area", area)
    if replaces is not None and replaces.area_id != area.pk:
        raise ValidationError({"replaces": _(REPLACES_OTHER_AREA)})
    file = prepare_file(file) if file else None
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
    ensure_front(by, convention.area)
    apply_fields(convention, fields, {"title", "kind", "approved_by", "status"})
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
    ensure_front(by, convention.area)
    convention = VillageConvention.objects.select_for_update().get(pk=convention.pk)
    last = convention.revisions.order_by("-number").first()
    if last and approved_on <= last.approved_on:
        raise ValidationError(
            {
                "approved_on": _(REVISION_BEFORE_PREVIOUS)
                % {"date": last.approved_on.strftime("%d/%m/%Y")}
            }
        )
    file = prepare_file(file) if file else None
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
