"""Every write of the titles and commendations: keyword-only, one transaction each.

An evaluation is locked once its meeting is decided (công nhận): every function that writes an
evaluation or its meeting refuses then, so the decided record cannot drift from the decision.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from core.bulk import create_with_history
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from .models import (
    VOTE_DEADLINE,
    AuthorityRule,
    Commendation,
    CommendationForm,
    CommuneCategory,
    CriteriaGroup,
    CriteriaSet,
    Decision,
    EvaluationMeeting,
    GroupKind,
    Outcome,
    PassRule,
    Recognition,
    Registration,
    SubjectType,
    TitleEvaluation,
    TitleKind,
)

NO_CRITERIA_SET = _("Chưa có bộ tiêu chí “{kind}” áp dụng cho năm {year}.")
CRITERIA_SET_FROZEN = _(
    "Bộ tiêu chí đã được dùng để bình xét nên không sửa được; hãy tạo phiên bản mới."
)
CRITERIA_SET_YEAR_TAKEN = _("Đã có bộ tiêu chí “{kind}” áp dụng từ năm {year}.")
SCORE_TOTAL_NOT_100 = _("Tổng điểm tối đa của các nhóm tiêu chí phải bằng 100 (hiện là {total}).")
SCORE_SET_NEEDS_PASS_MARK = _("Bộ tiêu chí chấm điểm phải có điểm đạt.")
ALL_MET_NO_SCORES = _("Bộ tiêu chí xét đạt/không đạt không có nhóm chấm điểm.")
NO_GROUPS = _("Bộ tiêu chí phải có ít nhất một nhóm tiêu chí.")
NEW_VERSION_YEAR = _("Phiên bản mới phải áp dụng từ sau năm {year}.")

MEETING_UNIT_FAMILY = _("Bình xét “Gia đình văn hóa” do khu dân cư (thôn, tổ dân phố) tổ chức.")
MEETING_UNIT_AREA = _("Bình xét “Khu dân cư văn hóa” do cấp xã tổ chức.")
MEETING_EXISTS = _("Đơn vị này đã có cuộc họp bình xét năm {year}.")
MEETING_DATE_YEAR = _("Ngày họp phải thuộc năm {year}.")
MEETING_AFTER_DEADLINE = _("Cuộc họp bình xét phải tổ chức trước ngày 25/11.")
ATTENDING_ABOVE_INVITED = _("Số tham dự không được lớn hơn số được mời.")
INVITED_ZERO = _("Số được mời phải lớn hơn 0.")
MEETING_LOCKED = _("Kết quả bình xét đã có quyết định công nhận, không thể thay đổi.")
VOTES_ABOVE_NEW_ATTENDANCE = _(
    "Đã có hộ được {votes} phiếu đồng ý, nhiều hơn số tham dự mới ({attending})."
)
POSTED_BEFORE_MEETING = _("Ngày niêm yết không được trước ngày họp bình xét.")

HOUSEHOLD_OTHER_AREA = _("Hộ {household} không thuộc khu dân cư {area}.")
HOUSEHOLD_INACTIVE = _("Hộ {household} không còn sinh sống tại khu dân cư.")
AREA_OTHER_COMMUNE = _("{area} không thuộc đơn vị {unit}.")
SUBJECT_MISSING = _("Phải chọn hộ gia đình hoặc khu dân cư được bình xét.")
SCORE_OUT_OF_RANGE = _("Điểm nhóm {group} phải từ 0 đến {max}.")
SCORE_MISSING = _("Thiếu điểm nhóm {group}.")
CRITERION_MISSING = _("Thiếu kết quả nhóm {group} (đạt / không đạt).")
UNKNOWN_GROUP = _("Bộ tiêu chí không có nhóm {group}.")
VOTES_ABOVE_ATTENDANCE = _("Số phiếu đồng ý ({votes}) lớn hơn số tham dự ({attending}).")
VOTES_NEGATIVE = _("Số phiếu đồng ý không được âm.")
DUPLICATE_ROW = _("trùng với một dòng trước đó.")

# rows per INSERT/UPDATE statement of a bulk write
BULK_BATCH = 1000

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

REGISTRATION_CLOSED = _("Năm {year} đã có quyết định công nhận, không thể đăng ký thêm.")
ALREADY_REGISTERED = _("Hộ {household} đã đăng ký năm {year}.")
NOT_AN_AREA = _("Chỉ khu dân cư (thôn, xóm, tổ dân phố) mới đăng ký danh hiệu này.")

COMMENDATION_NEEDS_PERSON = _("Phải ghi họ và tên người được khen.")
COMMENDATION_NEEDS_HOUSEHOLD = _("Phải chọn hộ gia đình được khen.")
COMMENDATION_NEEDS_COLLECTIVE = _("Phải ghi tên tập thể hoặc chọn tổ chức thành viên.")
COMMENDATION_TITLE_FORM = _("Khen danh hiệu nhiều năm liền phải là giấy khen hoặc bằng khen.")
COMMENDATION_TITLE_SUBJECT = _(
    "Khen “Gia đình văn hóa” nhiều năm liền dành cho hộ gia đình; "
    "“Khu dân cư văn hóa” dành cho tập thể khu dân cư."
)


def _fail(message, **kw):
    raise ValidationError(str(message).format(**kw))


# --- criteria sets -------------------------------------------------------------------------


def _check_groups(*, rule: str, groups: list[dict]) -> None:
    if not groups:
        _fail(NO_GROUPS)
    scored = [g for g in groups if g["kind"] == GroupKind.SCORED]
    if rule == PassRule.SCORE:
        total = sum(int(g.get("max_points") or 0) for g in scored)
        if total != 100:
            _fail(SCORE_TOTAL_NOT_100, total=total)
    elif scored:
        _fail(ALL_MET_NO_SCORES)


def _create_groups(criteria_set: CriteriaSet, groups: list[dict]) -> None:
    for number, g in enumerate(groups, start=1):
        CriteriaGroup.objects.create(
            criteria_set=criteria_set,
            number=g.get("number", number),
            kind=g["kind"],
            title=g["title"],
            description=g.get("description", ""),
            max_points=g.get("max_points") if g["kind"] == GroupKind.SCORED else None,
        )


@transaction.atomic
def criteria_set_create(
    *,
    kind: str,
    name: str,
    legal_basis: str,
    first_year: int,
    rule: str,
    groups: list[dict],
    pass_mark: int | None = None,
    pass_mark_urban: int | None = None,
    pass_mark_disadvantaged: int | None = None,
    attendance_min_pct: int = 60,
    agreement_min_pct: int = 60,
    certificate_after_years: int | None = None,
    notes: str = "",
    version: int = 1,
) -> CriteriaSet:
    if CriteriaSet.objects.filter(kind=kind, first_year=first_year).exists():
        _fail(CRITERIA_SET_YEAR_TAKEN, kind=TitleKind(kind).label, year=first_year)
    if rule == PassRule.SCORE and pass_mark is None:
        _fail(SCORE_SET_NEEDS_PASS_MARK)
    _check_groups(rule=rule, groups=groups)
    criteria_set = CriteriaSet(
        kind=kind,
        name=name,
        legal_basis=legal_basis,
        first_year=first_year,
        rule=rule,
        pass_mark=pass_mark,
        pass_mark_urban=pass_mark_urban,
        pass_mark_disadvantaged=pass_mark_disadvantaged,
        attendance_min_pct=attendance_min_pct,
        agreement_min_pct=agreement_min_pct,
        certificate_after_years=certificate_after_years,
        notes=notes,
        version=version,
    )
    criteria_set.full_clean()
    criteria_set.save()
    _create_groups(criteria_set, groups)
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *, criteria_set: CriteriaSet, groups: list[dict] | None = None, **fields
) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    # a set that has judged households is part of their record: change it by a new version
    if criteria_set.is_frozen:
        _fail(CRITERIA_SET_FROZEN)
    for key, value in fields.items():
        setattr(criteria_set, key, value)
    if criteria_set.rule == PassRule.SCORE and criteria_set.pass_mark is None:
        _fail(SCORE_SET_NEEDS_PASS_MARK)
    if groups is not None:
        _check_groups(rule=criteria_set.rule, groups=groups)
    criteria_set.full_clean()
    criteria_set.save()
    if groups is not None:
        criteria_set.groups.all().delete()
        _create_groups(criteria_set, groups)
    return criteria_set


@transaction.atomic
def criteria_set_new_version(
    *, source: CriteriaSet, first_year: int, name: str | None = None
) -> CriteriaSet:
    if first_year <= source.first_year:
        _fail(NEW_VERSION_YEAR, year=source.first_year)
    groups = [
        {
            "number": g.number,
            "kind": g.kind,
            "title": g.title,
            "description": g.description,
            "max_points": g.max_points,
        }
        for g in source.groups.order_by("number")
    ]
    return criteria_set_create(
        kind=source.kind,
        name=name or source.name,
        legal_basis=source.legal_basis,
        first_year=first_year,
        rule=source.rule,
        groups=groups,
        pass_mark=source.pass_mark,
        pass_mark_urban=source.pass_mark_urban,
        pass_mark_disadvantaged=source.pass_mark_disadvantaged,
        attendance_min_pct=source.attendance_min_pct,
        agreement_min_pct=source.agreement_min_pct,
        certificate_after_years=source.certificate_after_years,
        notes=source.notes,
        version=source.version + 1,
    )


def criteria_set_for(*, kind: str, year: int) -> CriteriaSet | None:
    """The set in force for a year: the latest one starting on or before it."""
    return (
        CriteriaSet.objects.filter(kind=kind, first_year__lte=year).order_by("-first_year").first()
    )


# --- registration --------------------------------------------------------------------------


def _decided(*, kind: str, unit: AdministrativeUnit, year: int) -> bool:
    return EvaluationMeeting.objects.filter(
        kind=kind, year=year, unit=unit, decision__isnull=False
    ).exists()


@transaction.atomic
def registration_create(
    *,
    year: int,
    registered_on: datetime.date,
    household: Household | None = None,
    area: AdministrativeUnit | None = None,
    by=None,
) -> Registration:
    if household is not None:
        kind, area = TitleKind.FAMILY, household.area
        meeting_unit = area
        if Registration.objects.filter(kind=kind, household=household, year=year).exists():
            _fail(ALREADY_REGISTERED, household=household, year=year)
    else:
        if area is None or area.level != UnitLevel.AREA:
            _fail(NOT_AN_AREA)
        kind, meeting_unit = TitleKind.AREA, area.parent
        existing = Registration.objects.filter(kind=kind, area=area, year=year).first()
        if existing:
            return existing
    if _decided(kind=kind, unit=meeting_unit, year=year):
        _fail(REGISTRATION_CLOSED, year=year)
    return Registration.objects.create(
        kind=kind,
        year=year,
        household=household,
        area=area,
        registered_on=registered_on,
        created_by=by,
    )


@transaction.atomic
def registrations_create_for_area(
    *, area: AdministrativeUnit, year: int, registered_on: datetime.date, by=None
) -> int:
    """Register every living household of the area not yet registered; returns how many."""
    if area.level != UnitLevel.AREA:
        _fail(NOT_AN_AREA)
    if _decided(kind=TitleKind.FAMILY, unit=area, year=year):
        _fail(REGISTRATION_CLOSED, year=year)
    missing = Household.objects.filter(area=area, is_active=True).exclude(
        title_registrations__year=year
    )
    count = 0
    for household in missing.order_by("pk"):
        Registration.objects.create(
            kind=TitleKind.FAMILY,
            year=year,
            household=household,
            area=area,
            registered_on=registered_on,
            created_by=by,
        )
        count += 1
    return count


# --- the evaluation meeting ----------------------------------------------------------------


def _check_meeting_fields(*, year: int, held_on: datetime.date, invited: int, attending: int):
    if held_on.year != year:
        _fail(MEETING_DATE_YEAR, year=year)
    if (held_on.month, held_on.day) > VOTE_DEADLINE:
        _fail(MEETING_AFTER_DEADLINE)
    if invited <= 0:
        _fail(INVITED_ZERO)
    if attending > invited:
        _fail(ATTENDING_ABOVE_INVITED)


def _ensure_unlocked(meeting: EvaluationMeeting) -> EvaluationMeeting:
    # re-read under a row lock: a decision taken meanwhile must win
    locked = EvaluationMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.decision_id is not None:
        _fail(MEETING_LOCKED)
    # the caller's criteria set (with its groups read) and unit serve again: a set cannot
    # change once a meeting uses it, and the unit only names itself in messages
    for name in ("criteria_set", "unit"):
        descriptor = getattr(EvaluationMeeting, name)
        if descriptor.is_cached(meeting) and getattr(meeting, f"{name}_id") == getattr(
            locked, f"{name}_id"
        ):
            setattr(locked, name, getattr(meeting, name))
    return locked


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
        _fail(MEETING_UNIT_FAMILY)
    if kind == TitleKind.AREA and unit.level != UnitLevel.COMMUNE:
        _fail(MEETING_UNIT_AREA)
    _check_meeting_fields(year=year, held_on=held_on, invited=invited, attending=attending)
    criteria_set = criteria_set_for(kind=kind, year=year)
    if criteria_set is None:
        _fail(NO_CRITERIA_SET, kind=TitleKind(kind).label, year=year)
    if EvaluationMeeting.objects.filter(kind=kind, unit=unit, year=year).exists():
        _fail(MEETING_EXISTS, year=year)
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
    _check_meeting_fields(year=meeting.year, held_on=held_on, invited=invited, attending=attending)
    top = meeting.evaluations.order_by("-votes_for").values_list("votes_for", flat=True).first()
    if top is not None and top > attending:
        _fail(VOTES_ABOVE_NEW_ATTENDANCE, votes=top, attending=attending)
    meeting.held_on, meeting.invited, meeting.attending = held_on, invited, attending
    meeting.category = category
    meeting.save(update_fields=["held_on", "invited", "attending", "category"])
    # the pass mark may depend on the category: re-judge what is recorded
    for evaluation in meeting.evaluations.select_related("household", "area"):
        judged = _judge(
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
        _fail(POSTED_BEFORE_MEETING)
    meeting.posted_on = posted_on
    meeting.objections = objections
    meeting.save(update_fields=["posted_on", "objections"])
    return meeting


# --- evaluations ---------------------------------------------------------------------------


def pass_mark_for(*, meeting: EvaluationMeeting, is_poor: bool) -> int | None:
    cs = meeting.criteria_set
    if cs.rule != PassRule.SCORE:
        return None
    if (is_poor or meeting.category == CommuneCategory.DISADVANTAGED) and (
        cs.pass_mark_disadvantaged is not None
    ):
        return cs.pass_mark_disadvantaged
    if meeting.category == CommuneCategory.URBAN_CENTRAL and cs.pass_mark_urban is not None:
        return cs.pass_mark_urban
    return cs.pass_mark


def groups_of(meeting: EvaluationMeeting) -> dict[int, CriteriaGroup]:
    """The meeting's criteria groups by number, read once per meeting object."""
    cs = meeting.criteria_set
    groups = getattr(cs, "_groups_by_number", None)
    if groups is None:
        groups = cs._groups_by_number = {g.number: g for g in cs.groups.all()}
    return groups


def _clean_results(*, meeting: EvaluationMeeting, results: dict) -> tuple[dict, int | None]:
    groups = groups_of(meeting)
    errors = []
    clean: dict[str, int | bool] = {}
    given = {}
    for key, value in (results or {}).items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            number = None
        if number not in groups:
            errors.append(str(UNKNOWN_GROUP).format(group=key))
            continue
        given[number] = value
    score = 0 if meeting.criteria_set.rule == PassRule.SCORE else None
    for number, group in sorted(groups.items()):
        value = given.get(number)
        if group.kind == GroupKind.SCORED:
            if value is None or value == "":
                errors.append(str(SCORE_MISSING).format(group=number))
                continue
            try:
                points = int(value)
            except (TypeError, ValueError):
                points = -1
            if isinstance(value, bool) or points < 0 or points > group.max_points:
                errors.append(str(SCORE_OUT_OF_RANGE).format(group=number, max=group.max_points))
                continue
            clean[str(number)] = points
            score += points
        elif group.kind == GroupKind.CONDITION:
            if not isinstance(value, bool):
                errors.append(str(CRITERION_MISSING).format(group=number))
                continue
            clean[str(number)] = value
        else:  # an exclusion that is not marked does not apply
            clean[str(number)] = bool(value)
    if errors:
        raise ValidationError(errors)
    return clean, score


def _judge(*, meeting: EvaluationMeeting, results: dict, votes_for: int, is_poor: bool) -> dict:
    clean, score = _clean_results(meeting=meeting, results=results)
    if votes_for is None or votes_for < 0:
        _fail(VOTES_NEGATIVE)
    if votes_for > meeting.attending:
        _fail(VOTES_ABOVE_ATTENDANCE, votes=votes_for, attending=meeting.attending)
    cs = meeting.criteria_set
    if cs.rule == PassRule.SCORE:
        meets = score >= pass_mark_for(meeting=meeting, is_poor=is_poor)
    else:
        groups = groups_of(meeting)
        meets = all(
            value if groups[int(key)].kind == GroupKind.CONDITION else not value
            for key, value in clean.items()
        )
    agreed = votes_for * 100 >= meeting.attending * cs.agreement_min_pct
    return {
        "results": clean,
        "score": score,
        "votes_for": votes_for,
        "is_poor": is_poor,
        "meets_criteria": meets,
        "outcome": Outcome.PASSED if meets and agreed else Outcome.FAILED,
    }


def _check_subject(
    *, meeting: EvaluationMeeting, household: Household | None, area: AdministrativeUnit | None
) -> AdministrativeUnit:
    if meeting.kind == TitleKind.FAMILY:
        if household is None:
            _fail(SUBJECT_MISSING)
        if household.area_id != meeting.unit_id:
            _fail(HOUSEHOLD_OTHER_AREA, household=household, area=meeting.unit)
        if not household.is_active:
            _fail(HOUSEHOLD_INACTIVE, household=household)
        return meeting.unit  # the household's area, without reading it again
    if area is None or household is not None:
        _fail(SUBJECT_MISSING)
    if area.level != UnitLevel.AREA or area.parent_id != meeting.unit_id:
        _fail(AREA_OTHER_COMMUNE, area=area, unit=meeting.unit)
    return area


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
    subject_area = _check_subject(meeting=meeting, household=household, area=area)
    judged = _judge(meeting=meeting, results=results, votes_for=votes_for, is_poor=is_poor)
    judged["note"] = note or ""
    if existing is None:
        return _new_evaluation(
            meeting_id=meeting.pk,
            household_id=household.pk if household else None,
            area_id=subject_area.pk,
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

    Every row is checked before anything is written; then the new rows go in with one
    bulk insert and the changed ones with one bulk update, each with its history rows. The
    meeting's row lock (`_ensure_unlocked`) keeps a concurrent write of the same meeting out.
    """
    meeting = _ensure_unlocked(meeting)
    existing = _existing_evaluations(meeting)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    to_create: list[TitleEvaluation] = []
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
            evaluation, status = _prepare(
                meeting=meeting,
                existing=existing.get(key),
                household=household,
                area=area,
                results=row.get("results") or {},
                votes_for=row.get("votes_for"),
                is_poor=bool(row.get("is_poor")),
                note=row.get("note", ""),
            )
        except ValidationError as exc:
            errors.extend(f"{label}: {m}" for m in exc.messages)
            continue
        counts[status] += 1
        if status == "created":
            to_create.append(evaluation)
        elif status == "updated":
            to_update.append(evaluation)
    if errors:
        raise ValidationError(errors)
    create_with_history(to_create, TitleEvaluation, batch_size=BULK_BATCH)
    bulk_update_with_history(to_update, TitleEvaluation, JUDGED_FIELDS, batch_size=BULK_BATCH)
    return counts


# --- the decision --------------------------------------------------------------------------


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
    rule = authority_rule_for(kind=kind, on=signed_on)
    if rule is None:
        _fail(NO_AUTHORITY, kind=TitleKind(kind).label, on=f"{signed_on:%d/%m/%Y}")
    if unit.level != rule.level:
        _fail(
            WRONG_AUTHORITY_LEVEL,
            on=f"{signed_on:%d/%m/%Y}",
            kind=TitleKind(kind).label,
            title=rule.title,
            level=UnitLevel(rule.level).label.lower().replace("cấp ", ""),
        )
    if not meetings:
        _fail(NO_VALID_MEETING, year=year)
    if Decision.objects.filter(unit=unit, number=number, year=year).exists():
        _fail(DECISION_NUMBER_TAKEN, number=number, year=year)
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
            _fail(MEETING_OTHER_DECISION, unit=name)
        if meeting.decision_id is not None:
            _fail(MEETING_ALREADY_DECIDED, unit=name)
        if not meeting.is_valid:
            _fail(
                MEETING_INVALID,
                unit=name,
                pct=meeting.attendance_pct,
                min=meeting.criteria_set.attendance_min_pct,
            )
        if meeting.posted_on is None:
            _fail(MEETING_NOT_POSTED, unit=name)
        if signed_on < meeting.posted_until:
            _fail(POSTING_NOT_OVER, unit=name, until=f"{meeting.posted_until:%d/%m/%Y}")
        if signed_on <= meeting.held_on:
            _fail(DECISION_BEFORE_MEETING)
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


# --- commendations -------------------------------------------------------------------------


@transaction.atomic
def commendation_create(
    *,
    subject_type: str,
    unit: AdministrativeUnit,
    level: str,
    form: str,
    reason: str,
    year: int,
    occasion: str,
    person_name: str = "",
    household: Household | None = None,
    collective_name: str = "",
    member_organization=None,
    decision_number: str = "",
    decided_on: datetime.date | None = None,
    content_areas=(),
    title_kind: str = "",
    by=None,
) -> Commendation:
    if subject_type == SubjectType.PERSON and not person_name.strip():
        _fail(COMMENDATION_NEEDS_PERSON)
    if subject_type == SubjectType.HOUSEHOLD:
        if household is None:
            _fail(COMMENDATION_NEEDS_HOUSEHOLD)
        unit = household.area
    else:
        household = None
    if subject_type == SubjectType.COLLECTIVE and not (
        collective_name.strip() or member_organization
    ):
        _fail(COMMENDATION_NEEDS_COLLECTIVE)
    if title_kind:
        if form not in (CommendationForm.CERTIFICATE, CommendationForm.CERTIFICATE_HIGH):
            _fail(COMMENDATION_TITLE_FORM)
        family_ok = title_kind == TitleKind.FAMILY and subject_type == SubjectType.HOUSEHOLD
        area_ok = (
            title_kind == TitleKind.AREA
            and subject_type == SubjectType.COLLECTIVE
            and unit.level == UnitLevel.AREA
        )
        if not (family_ok or area_ok):
            _fail(COMMENDATION_TITLE_SUBJECT)
    commendation = Commendation(
        subject_type=subject_type,
        unit=unit,
        person_name=person_name.strip() if subject_type == SubjectType.PERSON else "",
        household=household,
        collective_name=collective_name.strip(),
        member_organization=member_organization,
        level=level,
        form=form,
        reason=reason,
        decision_number=decision_number,
        decided_on=decided_on,
        year=year,
        occasion=occasion,
        title_kind=title_kind,
        created_by=by,
    )
    commendation.full_clean()
    commendation.save()
    if content_areas:
        commendation.content_areas.set(content_areas)
    return commendation
