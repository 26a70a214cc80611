"""The decision (công nhận): recognizing what the meetings passed, under the authority of the day."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from residential_areas.models import AdministrativeUnit, UnitLevel

from ..models import AuthorityRule, Decision, EvaluationMeeting, Outcome, Recognition
from ..titles import title_name
from ._common import fail
from .meetings import check_unit_valid_on

NO_AUTHORITY = _("Chưa có quy định thẩm quyền công nhận “{kind}” tại ngày {on}.")
WRONG_AUTHORITY_LEVEL = _("Ngày {on}, danh hiệu “{kind}” do {title} cấp {level} công nhận.")
NO_VALID_MEETING = _("Năm {year} chưa có cuộc họp bình xét hợp lệ để công nhận.")
MEETING_INVALID = _("Cuộc họp bình xét tại {unit} không hợp lệ: số tham dự {pct}% dưới mức {min}%.")
MEETING_NOT_POSTED = _("Danh sách bình xét tại {unit} chưa được niêm yết.")
POSTING_NOT_OVER = _("Danh sách tại {unit} niêm yết đến ngày {until}; chưa thể công nhận trước đó.")
MEETING_ALREADY_DECIDED = _("Cuộc họp bình xét tại {unit} đã có quyết định công nhận.")
MEETING_OTHER_DECISION = _(
    "Cuộc họp bình xét tại {unit} không thuộc đơn vị, năm hoặc danh hiệu này."
)
DECISION_NUMBER_TAKEN = _("Số quyết định {number} đã được dùng trong năm {year}.")
DECISION_BEFORE_MEETING = _("Ngày ký quyết định phải sau ngày họp bình xét.")


def authority_rule_for(*, kind: str, on: datetime.date) -> AuthorityRule | None:
    return (
        AuthorityRule.objects.filter(kind=kind)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def decision_create(
    *,
    kind: str,
    unit: AdministrativeUnit,
    year: int,
    number: str,
    signed_on: datetime.date,
    meetings: list[EvaluationMeeting],
    by=None,
) -> Decision:
    """Công nhận: recognize every passed evaluation of the given meetings, then lock them."""
    check_unit_valid_on(unit, signed_on, _("quyết định công nhận"))
    rule = authority_rule_for(kind=kind, on=signed_on)
    if rule is None:
        fail(NO_AUTHORITY, kind=title_name(kind, year), on=f"{signed_on:%d/%m/%Y}")
    if unit.level != rule.level:
        fail(
            WRONG_AUTHORITY_LEVEL,
            on=f"{signed_on:%d/%m/%Y}",
            kind=title_name(kind, year),
            title=rule.title,
            level=UnitLevel(rule.level).label.lower().replace("cấp ", ""),
        )
    if not meetings:
        fail(NO_VALID_MEETING, year=year)
    if Decision.objects.filter(unit=unit, number=number, year=year).exists():
        fail(DECISION_NUMBER_TAKEN, number=number, year=year)
    locked = list(
        EvaluationMeeting.objects.select_for_update()
        .select_related("criteria_set", "unit")
        .filter(pk__in=[m.pk for m in meetings])
        .order_by("unit__path")
    )
    for meeting in locked:
        name = meeting.unit.name
        if (
            meeting.kind != kind
            or meeting.year != year
            or not meeting.unit.path.startswith(unit.path)
        ):
            fail(MEETING_OTHER_DECISION, unit=name)
        if meeting.decision_id is not None:
            fail(MEETING_ALREADY_DECIDED, unit=name)
        check_unit_valid_on(meeting.unit, meeting.held_on, _("cuộc họp bình xét"))
        if not meeting.is_valid:
            fail(
                MEETING_INVALID,
                unit=name,
                pct=meeting.attendance_pct,
                min=meeting.criteria_set.attendance_min_pct,
            )
        if meeting.posted_on is None:
            fail(MEETING_NOT_POSTED, unit=name)
        if signed_on < meeting.posted_until:
            fail(POSTING_NOT_OVER, unit=name, until=f"{meeting.posted_until:%d/%m/%Y}")
        if signed_on <= meeting.held_on:
            fail(DECISION_BEFORE_MEETING)
    decision = Decision.objects.create(
        kind=kind,
        year=year,
        unit=unit,
        authority=f"{rule.title} {unit.name}",
        number=number,
        signed_on=signed_on,
        created_by=by,
    )
    for meeting in locked:
        for evaluation in meeting.evaluations.filter(outcome=Outcome.PASSED):
            Recognition.objects.create(
                kind=kind,
                year=year,
                household=evaluation.household,
                area=evaluation.area,
                decision=decision,
                evaluation=evaluation,
            )
        meeting.decision = decision
        meeting.save(update_fields=["decision"])
    return decision
