"""The evaluation meeting (bình xét) and the evaluations it records.

An evaluation is locked once its meeting is decided (công nhận): every function that writes an
evaluation or its meeting refuses then, so the decided record cannot drift from the decision.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from core.bulk import insert_with_history
from core.text import thousands
from core.widgets import unit_validity
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from ..models import (
    CommuneCategory,
    CriteriaGroup,
    CriteriaSet,
    EvaluationMeeting,
    TitleEvaluation,
    TitleKind,
)
from ..titles import title_name
from ._common import fail
from .criteria import criteria_set_for
from .judging import judge

NO_CRITERIA_SET = _("Chưa có bộ tiêu chí “{kind}” áp dụng cho năm {year}.")

MEETING_UNIT_FAMILY = _("Bình xét “Gia đình văn hóa” do khu dân cư (thôn, tổ dân phố) tổ chức.")
MEETING_UNIT_AREA = _("Bình xét “{title}” do cấp xã tổ chức.")
MEETING_UNIT_COMMUNE = _(
    "Bình xét “{title}” do cấp trên của xã tổ chức (cấp huyện đến 30/6/2025, cấp tỉnh từ 1/7/2025)."
)
MEETING_EXISTS = _("Đơn vị này đã có cuộc họp bình xét năm {year}.")
MEETING_DATE_YEAR = _("Ngày họp phải thuộc năm {year}.")
# kept for callers that match it: the deadline is the set's, named in the messages below
MEETING_AFTER_DEADLINE = _("Cuộc họp bình xét phải tổ chức trước ngày 25/11.")
MEETING_NOT_BEFORE_DEADLINE = _(
    "Cuộc họp bình xét năm {year} phải kết thúc trước ngày {deadline} ({basis}); họp ngày {on} "
    "là quá hạn."
)
MEETING_AFTER_LAST_DAY = _(
    "Cuộc họp bình xét năm {year} phải kết thúc chậm nhất ngày {deadline} ({basis}); họp ngày "
    "{on} là quá hạn."
)
UNIT_NOT_VALID_ON = _(
    "{unit} chỉ tồn tại {validity}; không thể ghi {what} ngày {on} cho đơn vị này."
)
ATTENDING_ABOVE_INVITED = _("Số tham dự không được lớn hơn số được mời.")
INVITED_ZERO = _("Số được mời phải lớn hơn 0.")
ATTENDING_NEGATIVE = _("Số tham dự không được âm.")
INVITED_TOO_MANY = _("Số được mời quá lớn (tối đa {max}).")
# more than any meeting of households or delegates holds: above it, a slip of the keyboard
MAX_ATTENDANCE = 100_000
MEETING_LOCKED = _("Kết quả bình xét đã có quyết định công nhận, không thể thay đổi.")
VOTES_ABOVE_NEW_ATTENDANCE = _(
    "Đã có hộ được {votes} phiếu đồng ý, nhiều hơn số tham dự mới ({attending})."
)
POSTED_BEFORE_MEETING = _("Ngày niêm yết không được trước ngày họp bình xét.")

HOUSEHOLD_OTHER_AREA = _("Hộ {household} không thuộc khu dân cư {area}.")
HOUSEHOLD_INACTIVE = _("Hộ {household} không còn sinh sống tại khu dân cư.")
AREA_OTHER_COMMUNE = _("{area} không thuộc đơn vị {unit}.")
SUBJECT_MISSING = _("Phải chọn hộ gia đình hoặc khu dân cư được bình xét.")
DUPLICATE_ROW = _("trùng với một dòng trước đó.")

# rows per INSERT/UPDATE statement of a bulk write
BULK_BATCH = 1000


def check_unit_valid_on(unit: AdministrativeUnit, on: datetime.date, what) -> None:
    """A record belongs to a unit that exists on its date."""
    if not unit.is_valid_on(on):
        fail(
            UNIT_NOT_VALID_ON,
            unit=unit.name,
            validity=unit_validity(unit),
            what=what,
            on=f"{on:%d/%m/%Y}",
        )


def check_vote_deadline(*, criteria_set: CriteriaSet, year: int, held_on: datetime.date) -> None:
    """The set's deadline for the vote, if it has one (Nghị định 86/2023: before 25/11)."""
    month, day = criteria_set.vote_deadline_month, criteria_set.vote_deadline_day
    if not (month and day):
        return
    deadline = datetime.date(year, month, day)
    late = held_on > deadline if criteria_set.vote_deadline_inclusive else held_on >= deadline
    if late:
        fail(
            MEETING_AFTER_LAST_DAY
            if criteria_set.vote_deadline_inclusive
            else MEETING_NOT_BEFORE_DEADLINE,
            year=year,
            deadline=f"{deadline:%d/%m/%Y}",
            basis=criteria_set.vote_deadline_basis,
            on=f"{held_on:%d/%m/%Y}",
        )


def _check_meeting_fields(
    *,
    year: int,
    held_on: datetime.date,
    invited: int,
    attending: int,
    criteria_set: CriteriaSet | None = None,
    unit: AdministrativeUnit | None = None,
):
    if held_on.year != year:
        fail(MEETING_DATE_YEAR, year=year)
    if unit is not None:
        check_unit_valid_on(unit, held_on, _("cuộc họp bình xét"))
    if criteria_set is not None:
        check_vote_deadline(criteria_set=criteria_set, year=year, held_on=held_on)
    if invited <= 0:
        fail(INVITED_ZERO)
    if invited > MAX_ATTENDANCE:
        fail(INVITED_TOO_MANY, max=thousands(MAX_ATTENDANCE))
    if attending < 0:
        fail(ATTENDING_NEGATIVE)
    if attending > invited:
        fail(ATTENDING_ABOVE_INVITED)


def subject_area_ids(meeting: EvaluationMeeting) -> set[int]:
    """The areas whose households a family meeting evaluates: its own and, after a merger, the
    successors its households moved to (read once per meeting object; the first successor
    from the meeting's unit when it was read with it)."""
    ids = getattr(meeting, "_subject_area_ids", None)
    if ids is None:
        ids = {meeting.unit_id}
        if EvaluationMeeting.unit.is_cached(meeting):
            unit_id = meeting.unit.successor_id
        else:
            unit_id = _successor_of(meeting.unit_id)
        while unit_id is not None and unit_id not in ids:
            ids.add(unit_id)
            unit_id = _successor_of(unit_id)
        meeting._subject_area_ids = ids
    return ids


def _successor_of(unit_id: int) -> int | None:
    return (
        AdministrativeUnit.objects.filter(pk=unit_id).values_list("successor_id", flat=True).first()
    )


def _ensure_unlocked(meeting: EvaluationMeeting) -> EvaluationMeeting:
    # re-read under a row lock: a decision taken meanwhile must win
    # no ordering: its join would lock the unit's row too
    locked = EvaluationMeeting.objects.select_for_update().order_by().get(pk=meeting.pk)
    if locked.decision_id is not None:
        fail(MEETING_LOCKED)
    _keep_cached(meeting, locked)
    return locked


def _keep_cached(meeting: EvaluationMeeting, locked: EvaluationMeeting) -> None:
    # the caller's criteria set (with its groups read) and unit serve again: a set cannot
    # change once a meeting uses it, and the unit only names itself in messages
    for name in ("criteria_set", "unit"):
        descriptor = getattr(EvaluationMeeting, name)
        if descriptor.is_cached(meeting) and getattr(meeting, f"{name}_id") == getattr(
            locked, f"{name}_id"
        ):
            setattr(locked, name, getattr(meeting, name))


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    unit: AdministrativeUnit,
    year: int,
    held_on: datetime.date,
    invited: int,
    attending: int,
    category: str = CommuneCategory.GENERAL,
    by=None,
) -> EvaluationMeeting:
    if kind == TitleKind.FAMILY and unit.level != UnitLevel.AREA:
        fail(MEETING_UNIT_FAMILY)
    if kind == TitleKind.AREA and unit.level != UnitLevel.COMMUNE:
        fail(MEETING_UNIT_AREA, title=title_name(kind, year))
    if kind == TitleKind.COMMUNE and unit.level not in (UnitLevel.DISTRICT, UnitLevel.PROVINCE):
        fail(MEETING_UNIT_COMMUNE, title=title_name(kind, year))
    criteria_set = criteria_set_for(kind=kind, year=year)
    if criteria_set is None:
        fail(NO_CRITERIA_SET, kind=title_name(kind, year), year=year)
    _check_meeting_fields(
        year=year,
        held_on=held_on,
        invited=invited,
        attending=attending,
        criteria_set=criteria_set,
        unit=unit,
    )
    if EvaluationMeeting.objects.filter(kind=kind, unit=unit, year=year).exists():
        fail(MEETING_EXISTS, year=year)
    return EvaluationMeeting.objects.create(
        kind=kind,
        unit=unit,
        year=year,
        criteria_set=criteria_set,
        held_on=held_on,
        invited=invited,
        attending=attending,
        category=category,
        created_by=by,
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: EvaluationMeeting,
    held_on: datetime.date,
    invited: int,
    attending: int,
    category: str,
) -> EvaluationMeeting:
    meeting = _ensure_unlocked(meeting)
    _check_meeting_fields(
        year=meeting.year,
        held_on=held_on,
        invited=invited,
        attending=attending,
        criteria_set=meeting.criteria_set,
        unit=meeting.unit,
    )
    top = meeting.evaluations.order_by("-votes_for").values_list("votes_for", flat=True).first()
    if top is not None and top > attending:
        fail(VOTES_ABOVE_NEW_ATTENDANCE, votes=top, attending=attending)
    meeting.held_on, meeting.invited, meeting.attending = held_on, invited, attending
    meeting.category = category
    meeting.save(update_fields=["held_on", "invited", "attending", "category"])
    # the pass mark may depend on the category: re-judge what is recorded
    for evaluation in meeting.evaluations.select_related("household", "area"):
        judged = judge(
            meeting=meeting,
            results=evaluation.results,
            votes_for=evaluation.votes_for,
            is_poor=evaluation.is_poor,
        )
        for key, value in judged.items():
            setattr(evaluation, key, value)
        evaluation.save()
    return meeting


@transaction.atomic
def meeting_post(
    *, meeting: EvaluationMeeting, posted_on: datetime.date, objections: str = ""
) -> EvaluationMeeting:
    """Record that the list was posted for comments (10 days) and what came of it."""
    meeting = _ensure_unlocked(meeting)
    if posted_on < meeting.held_on:
        fail(POSTED_BEFORE_MEETING)
    meeting.posted_on = posted_on
    meeting.objections = objections
    meeting.save(update_fields=["posted_on", "objections"])
    return meeting


# --- evaluations ---------------------------------------------------------------------------


def _check_subject(
    *, meeting: EvaluationMeeting, household: Household | None, area: AdministrativeUnit | None
) -> int:
    """The id of the residential area the row is evaluated in, or ValidationError."""
    if meeting.kind == TitleKind.FAMILY:
        if household is None:
            fail(SUBJECT_MISSING)
        # a household of the area, or of its successor since a merger moved it there
        if household.area_id != meeting.unit_id and household.area_id not in subject_area_ids(
            meeting
        ):
            fail(HOUSEHOLD_OTHER_AREA, household=household, area=meeting.unit)
        if not household.is_active:
            fail(HOUSEHOLD_INACTIVE, household=household)
        return meeting.unit_id  # the area the household was evaluated in, without reading it
    if area is None or household is not None:
        fail(SUBJECT_MISSING)
    if meeting.kind == TitleKind.COMMUNE:
        inside = area.level == UnitLevel.COMMUNE and area.path.startswith(meeting.unit.path)
    else:
        inside = area.level == UnitLevel.AREA and area.parent_id == meeting.unit_id
    if not inside:
        fail(AREA_OTHER_COMMUNE, area=area, unit=meeting.unit)
    check_unit_valid_on(area, meeting.held_on, _("kết quả bình xét"))
    return area.pk


def _existing_evaluations(meeting: EvaluationMeeting) -> dict[tuple[str, int], TitleEvaluation]:
    """What the meeting already holds, keyed as `_subject_key` keys a row: one query."""
    return {
        ("h", e.household_id) if e.household_id else ("a", e.area_id): e
        for e in meeting.evaluations.order_by()  # no ordering: its joins cost, a dict needs none
    }


def _new_evaluation(**values) -> TitleEvaluation:
    """An unsaved evaluation from attribute values, built positionally in field order: the
    keyword path of Model.__init__ was the import's largest cost in Python. A field not given
    takes its default."""
    fields = TitleEvaluation._meta.concrete_fields
    args = [values.pop(f.attname) if f.attname in values else f.get_default() for f in fields]
    if values:
        raise TypeError(f"TitleEvaluation has no field {', '.join(values)}")
    return TitleEvaluation(*args)


def _subject_key(household: Household | None, area: AdministrativeUnit | None):
    return ("h", household.pk) if household else ("a", area.pk if area else None)


def _prepare(
    *,
    meeting: EvaluationMeeting,
    existing: TitleEvaluation | None,
    household: Household | None,
    area: AdministrativeUnit | None,
    results: dict,
    votes_for: int,
    is_poor: bool,
    note: str,
) -> tuple[TitleEvaluation, str]:
    """Check and judge one row without writing it.

    Returns (evaluation, "created"/"updated"/"unchanged"); the caller saves what is new or
    changed. Unchanged rows are not saved, so a re-import leaves no new history."""
    subject_area_id = _check_subject(meeting=meeting, household=household, area=area)
    judged = judge(meeting=meeting, results=results, votes_for=votes_for, is_poor=is_poor)
    judged["note"] = note or ""
    if existing is None:
        return _new_evaluation(
            meeting_id=meeting.pk,
            household_id=household.pk if household else None,
            area_id=subject_area_id,
            **judged,
        ), "created"
    if all(getattr(existing, key) == value for key, value in judged.items()):
        return existing, "unchanged"
    for key, value in judged.items():
        setattr(existing, key, value)
    return existing, "updated"


@transaction.atomic
def evaluation_record(
    *,
    meeting: EvaluationMeeting,
    results: dict,
    votes_for: int,
    household: Household | None = None,
    area: AdministrativeUnit | None = None,
    is_poor: bool = False,
    note: str = "",
) -> TitleEvaluation:
    meeting = _ensure_unlocked(meeting)
    lookup = {"household": household} if household is not None else {"area": area}
    existing = meeting.evaluations.filter(**lookup, household__isnull=household is None).first()
    evaluation, status = _prepare(
        meeting=meeting,
        existing=existing,
        household=household,
        area=area,
        results=results,
        votes_for=votes_for,
        is_poor=is_poor,
        note=note,
    )
    if status != "unchanged":
        evaluation.save()
    return evaluation


JUDGED_FIELDS = ["results", "score", "votes_for", "is_poor", "meets_criteria", "outcome", "note"]


@transaction.atomic
def evaluations_record(*, meeting: EvaluationMeeting, rows: list[dict]) -> dict[str, int]:
    """Record many evaluations at once, all or nothing.

    Each row: {"household" or "area", "results", "votes_for", "is_poor", "note", "label"}.
    Raises one ValidationError listing every bad row ("label: message"); saves nothing then.
    Returns {"created": n, "updated": n, "unchanged": n}.

    Every row is checked before anything is written, against the meeting's evaluations read
    once; then the new rows go in with their history rows in one statement a batch
    (core.bulk.insert_with_history, no model instances), the changed ones with one bulk update
    and theirs. The meeting's row lock (`_ensure_unlocked`) keeps a concurrent write of the
    same meeting, and a decision, out.
    """
    meeting = _ensure_unlocked(meeting)
    return _record(meeting, _existing_evaluations(meeting), rows)


@dataclass
class ImportContext:
    """What an import of one meeting's sheet reads, under the meeting's row lock."""

    meeting: EvaluationMeeting  # re-read under the lock
    households: dict  # code -> (pk, code, head_name, area_id, is_active) of the meeting's area
    existing: dict  # as _existing_evaluations


def import_context(meeting: EvaluationMeeting) -> ImportContext:
    """Inside a transaction: the meeting re-read under its row lock, its criteria groups (kept
    with its criteria set), the households of its area and its evaluations. On PostgreSQL one
    query: an import of many small files is as many round trips as queries."""
    if connection.vendor != "postgresql":
        locked = EvaluationMeeting.objects.select_for_update().order_by().get(pk=meeting.pk)
        _keep_cached(meeting, locked)
        households = Household.objects.filter(area_id__in=subject_area_ids(locked)).order_by()
        rows = households.values_list("pk", "code", "head_name", "area_id", "is_active")
        return ImportContext(locked, {r[1]: r for r in rows}, _existing_evaluations(locked))
    cs = meeting.criteria_set
    fields = EvaluationMeeting._meta.concrete_fields
    area_ids = sorted(subject_area_ids(meeting))
    with connection.cursor() as cursor:
        cursor.execute(_context_sql(), [area_ids, meeting.pk])
        found = cursor.fetchone()
    if found is None:
        raise EvaluationMeeting.DoesNotExist
    locked = EvaluationMeeting.from_db(connection.alias, [f.attname for f in fields], found[:-3])
    groups, households, evaluations = found[-3:]
    if getattr(cs, "_groups_by_number", None) is None and cs.pk == locked.criteria_set_id:
        cs._groups_by_number = {g.number: g for g in _from_json(CriteriaGroup, groups)}
    _keep_cached(meeting, locked)
    locked._subject_area_ids = set(area_ids)
    return ImportContext(
        locked,
        {row[1]: tuple(row) for row in households or ()},
        {
            ("h", e.household_id) if e.household_id else ("a", e.area_id): e
            for e in _from_json(TitleEvaluation, evaluations)
        },
    )


def _from_json(model, rows) -> list:
    """Instances from the arrays `_columns_json` built (every concrete field, in order; the
    models read so hold numbers, text, booleans and JSON, which JSON gives back as they are)."""
    names = [f.attname for f in model._meta.concrete_fields]
    return [model.from_db(connection.alias, names, row) for row in rows or ()]


def _columns_json(model, alias: str) -> str:
    quote = connection.ops.quote_name
    columns = (f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)
    return f"json_agg(json_build_array({', '.join(columns)}))"


def _context_sql() -> str:
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    meeting_columns = ", ".join(
        f"m.{quote(f.column)}" for f in EvaluationMeeting._meta.concrete_fields
    )
    household = [
        f"h.{column(Household, name)}" for name in ("id", "code", "head_name", "area", "is_active")
    ]
    return (
        f"SELECT {meeting_columns}, "
        f"(SELECT {_columns_json(CriteriaGroup, 'g')} FROM {table(CriteriaGroup)} g "
        f"WHERE g.{column(CriteriaGroup, 'criteria_set')} = m.{column(EvaluationMeeting, 'criteria_set')}), "
        f"(SELECT json_agg(json_build_array({', '.join(household)})) FROM {table(Household)} h "
        f"WHERE h.{column(Household, 'area')} = ANY(%s)), "
        f"(SELECT {_columns_json(TitleEvaluation, 'e')} FROM {table(TitleEvaluation)} e "
        f"WHERE e.{column(TitleEvaluation, 'meeting')} = m.{quote(EvaluationMeeting._meta.pk.column)}) "
        f"FROM {table(EvaluationMeeting)} m WHERE m.{quote(EvaluationMeeting._meta.pk.column)} = %s "
        "FOR UPDATE OF m"
    )


def record_in_context(context: ImportContext, rows: list[dict]) -> dict[str, int]:
    """`evaluations_record` inside the transaction that read `context` (no savepoint, no
    second reading): refused when the meeting is decided, then the same checks and writes."""
    if context.meeting.decision_id is not None:
        fail(MEETING_LOCKED)
    return _record(context.meeting, context.existing, rows)


def _record(meeting: EvaluationMeeting, existing: dict, rows: list[dict]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    to_create: list[dict] = []
    to_update: list[TitleEvaluation] = []
    errors: list[str] = []
    seen = set()
    for row in rows:
        household, area = row.get("household"), row.get("area")
        label = row.get("label") or str(household or area)
        key = _subject_key(household, area)
        if key in seen:
            errors.append(f"{label}: {DUPLICATE_ROW}")
            continue
        seen.add(key)
        try:
            subject_area_id = _check_subject(meeting=meeting, household=household, area=area)
            judged = judge(
                meeting=meeting,
                results=row.get("results") or {},
                votes_for=row.get("votes_for"),
                is_poor=bool(row.get("is_poor")),
            )
        except ValidationError as exc:
            errors.extend(f"{label}: {m}" for m in exc.messages)
            continue
        judged["note"] = row.get("note", "") or ""
        current = existing.get(key)
        if current is None:
            counts["created"] += 1
            judged["meeting_id"] = meeting.pk
            judged["household_id"] = household.pk if household else None
            judged["area_id"] = subject_area_id
            to_create.append(judged)
        elif all(getattr(current, k) == value for k, value in judged.items()):
            counts["unchanged"] += 1  # not written: a re-import leaves no new history
        else:
            for k, value in judged.items():
                setattr(current, k, value)
            counts["updated"] += 1
            to_update.append(current)
    if errors:
        raise ValidationError(errors)
    insert_with_history(TitleEvaluation, to_create)
    if to_update:  # simple-history builds its history manager even for no rows (~1 ms a file)
        bulk_update_with_history(to_update, TitleEvaluation, JUDGED_FIELDS, batch_size=BULK_BATCH)
    return counts
