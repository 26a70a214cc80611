"""Demo data of the titles: the criteria sets, the deciding authorities, and three years of
evaluations and decisions for a few residential areas of one commune and its predecessors.

Real: the legal bases, the criteria groups and the 45/30/25 and 20/20/20/30/10 splits, the pass
marks (family 85/90/60, area 80/90/60), the floor of 50% of each standard, the 60% quorum and
agreement, the certificate after 3 (family) and 5 (area) consecutive years under Nghị định
122/2018; under Nghị định 86/2023 the three standards, the exclusions of Điều 6 k.4 and the vote
before 25/11, with no quorum, vote share or certificate (none cited); the third title from 2024.
Not confirmed against a text, kept as data: the wording of the commune title's criteria and its
deciding authority (district chair to 30/6/2025, provincial chair from 1/7/2025).
Invented: every score, vote, decision number and date. Deterministic and idempotent. Units are
read by their validity dates, never by name: 2024 records go to the units of 2024.
"""

import datetime
import math
import random

from django.db import transaction

from campaign.models import ContentArea
from residential_areas.models import AdministrativeUnit, Household, UnitLevel

from . import selectors
from .models import (
    AuthorityRule,
    Commendation,
    CommendationForm,
    CommendationLevel,
    CriteriaSet,
    EvaluationMeeting,
    GroupKind,
    Occasion,
    PassRule,
    SubjectType,
    TitleKind,
)
from .services import commendations, criteria, decisions, meetings, registrations

ND122 = "Nghị định 122/2018/NĐ-CP ngày 17/9/2018 của Chính phủ"
ND122_SPLIT = f"{ND122}; Quyết định 18/2019/QĐ-UBND của UBND tỉnh Hà Tĩnh"
ND86 = "Nghị định 86/2023/NĐ-CP ngày 07/12/2023 của Chính phủ"
LAW_2022 = "Luật Thi đua, khen thưởng năm 2022"
ND122_RULES = {
    "standard_floor_pct": 50,
    "attendance_min_pct": 60,
    "attendance_basis": ND122,
    "agreement_min_pct": 60,
    "agreement_basis": ND122,
    "certificate_basis": ND122,
}
ND86_RULES = {
    "vote_deadline_month": 11,
    "vote_deadline_day": 25,
    "vote_deadline_inclusive": False,
    "vote_deadline_basis": "Nghị định 86/2023/NĐ-CP",
    "notes": "Nghị định 86/2023 không quy định tỷ lệ tham dự, tỷ lệ đồng ý hay số năm liên tục "
    "để tặng giấy khen: các tham số này để trống (không áp dụng) cho đến khi có văn bản quy định. "
    "Chi tiết của tỉnh: Quyết định 19/2024/QĐ-UBND ngày 30/8/2024 (chưa đối chiếu văn bản).",
}


def _excluded(what: str) -> dict:
    return {"kind": GroupKind.EXCLUSION, "title": f"Có thành viên {what}"}


FINED = "bị xử phạt vi phạm hành chính về"
FAMILY_EXCLUSIONS = [
    _excluded("bị truy cứu trách nhiệm hình sự"),
    _excluded("không hoàn thành nghĩa vụ quân sự hoặc nghĩa vụ nộp thuế"),
    _excluded(f"{FINED} tảo hôn hoặc tổ chức tảo hôn"),
    _excluded(f"{FINED} vi phạm chế độ hôn nhân và ly hôn, chế độ hôn nhân một vợ một chồng"),
    _excluded(f"{FINED} trật tự công cộng"),
    _excluded(f"{FINED} cờ bạc"),
    _excluded(f"{FINED} tệ nạn xã hội"),
    _excluded(f"{FINED} phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    _excluded(f"{FINED} phòng, chống bạo lực gia đình"),
]


CRITERIA_SETS = [
    {
        "kind": TitleKind.FAMILY,
        "name": "Tiêu chuẩn “Gia đình văn hóa” (thang điểm 100)",
        "legal_basis": ND122_SPLIT,
        "first_year": 2018,
        "rule": PassRule.SCORE,
        "pass_mark": 85,
        "pass_mark_urban": 90,
        "pass_mark_disadvantaged": 60,
        "certificate_after_years": 3,
        **ND122_RULES,
        "groups": [
            {
                "kind": GroupKind.SCORED,
                "max_points": 45,
                "title": "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà "
                "nước; tích cực tham gia các phong trào thi đua của địa phương",
            },
            {
                "kind": GroupKind.SCORED,
                "max_points": 30,
                "title": "Gia đình hòa thuận, hạnh phúc, tiến bộ; tương trợ giúp đỡ mọi người "
                "trong cộng đồng",
            },
            {
                "kind": GroupKind.SCORED,
                "max_points": 25,
                "title": "Tổ chức lao động, sản xuất, kinh doanh, công tác, học tập đạt năng "
                "suất, chất lượng, hiệu quả",
            },
        ],
    },
    {
        "kind": TitleKind.AREA,
        "name": "Tiêu chuẩn “Khu dân cư văn hóa” (thang điểm 100)",
        "legal_basis": ND122_SPLIT,
        "first_year": 2018,
        "rule": PassRule.SCORE,
        "pass_mark": 80,
        "pass_mark_urban": 90,
        "pass_mark_disadvantaged": 60,
        "certificate_after_years": 5,
        **ND122_RULES,
        "groups": [
            {
                "kind": GroupKind.SCORED,
                "max_points": 20,
                "title": "Đời sống kinh tế ổn định và từng bước phát triển",
            },
            {
                "kind": GroupKind.SCORED,
                "max_points": 20,
                "title": "Đời sống văn hóa, tinh thần lành mạnh, phong phú",
            },
            {"kind": GroupKind.SCORED, "max_points": 20, "title": "Môi trường cảnh quan sạch đẹp"},
            {
                "kind": GroupKind.SCORED,
                "max_points": 30,
                "title": "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
            },
            {
                "kind": GroupKind.SCORED,
                "max_points": 10,
                "title": "Có tinh thần đoàn kết, tương trợ giúp đỡ lẫn nhau trong cộng đồng",
            },
        ],
    },
    {
        "kind": TitleKind.FAMILY,
        "name": "Tiêu chí “Gia đình văn hóa” (từ năm 2024)",
        "legal_basis": ND86,
        "first_year": 2024,
        "rule": PassRule.ALL_MET,
        **ND86_RULES,
        "groups": [
            {
                "kind": GroupKind.CONDITION,
                "title": "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà "
                "nước; thực hiện nếp sống văn minh, phong tục tập quán tốt đẹp",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Tích cực tham gia các phong trào thi đua, hoạt động của cộng đồng",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Gia đình no ấm, tiến bộ, hạnh phúc, văn minh",
            },
            # Nghị định 86/2023 Điều 6 k.4: any of these excludes the household
            *FAMILY_EXCLUSIONS,
        ],
    },
    {
        "kind": TitleKind.AREA,
        "name": "Tiêu chí “Thôn, tổ dân phố văn hóa” (từ năm 2024)",
        "legal_basis": ND86,
        "first_year": 2024,
        "rule": PassRule.ALL_MET,
        **ND86_RULES,
        "groups": [
            {
                "kind": GroupKind.CONDITION,
                "title": "Đời sống kinh tế ổn định và từng bước phát triển",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Đời sống văn hóa, tinh thần lành mạnh, phong phú",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Môi trường cảnh quan sáng, xanh, sạch, đẹp",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Chấp hành pháp luật, bảo đảm an ninh, trật tự",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Đoàn kết, tương trợ, giúp đỡ lẫn nhau trong cộng đồng",
            },
        ],
    },
    {
        "kind": TitleKind.COMMUNE,
        "name": "Tiêu chí “Xã, phường, thị trấn tiêu biểu” (từ năm 2024)",
        "legal_basis": f"{LAW_2022}; {ND86}",
        "first_year": 2024,
        "rule": PassRule.ALL_MET,
        "notes": "Cấp trên của xã thẩm định và công nhận. Nội dung các tiêu chuẩn tóm tắt theo "
        "Nghị định 86/2023, cần đối chiếu văn bản. Không có tỷ lệ tham dự, tỷ lệ đồng ý hay hạn "
        "bình xét được quy định cho danh hiệu này.",
        "groups": [
            {
                "kind": GroupKind.CONDITION,
                "title": "Đời sống kinh tế ổn định và phát triển",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Đời sống văn hóa, tinh thần lành mạnh, phong phú; nếp sống văn minh",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Môi trường cảnh quan sáng, xanh, sạch, đẹp",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Chấp hành tốt chủ trương, chính sách, pháp luật; bảo đảm quốc phòng, "
                "an ninh, trật tự an toàn xã hội",
            },
            {
                "kind": GroupKind.CONDITION,
                "title": "Hệ thống chính trị cơ sở trong sạch, vững mạnh; phát huy dân chủ ở cơ sở",
            },
        ],
    },
]

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DISTRICT_DAY = REFORM_DAY - datetime.timedelta(1)
AUTHORITIES = [
    (TitleKind.FAMILY, UnitLevel.COMMUNE, "Chủ tịch UBND", None, None),
    (TitleKind.AREA, UnitLevel.DISTRICT, "Chủ tịch UBND", None, LAST_DISTRICT_DAY),
    (TitleKind.AREA, UnitLevel.COMMUNE, "Chủ tịch UBND", REFORM_DAY, None),
    # not confirmed against a text: the level above the commune, which is the province once
    # the district level is gone
    (TitleKind.COMMUNE, UnitLevel.DISTRICT, "Chủ tịch UBND", None, LAST_DISTRICT_DAY),
    (TitleKind.COMMUNE, UnitLevel.PROVINCE, "Chủ tịch UBND", REFORM_DAY, None),
]

DEMO_AREAS = 4
DEMO_YEARS = (2024, 2025, 2026)
DEMO_COMMUNES = 12  # communes evaluated for the commune title, a year


def seed_rules() -> bool:
    """The criteria sets and authorities: what the portal needs to run at all."""
    created = False
    for spec in CRITERIA_SETS:
        if not CriteriaSet.objects.filter(
            kind=spec["kind"], first_year=spec["first_year"]
        ).exists():
            criteria.criteria_set_create(**spec)
            created = True
    for kind, level, title, valid_from, valid_to in AUTHORITIES:
        _rule, new = AuthorityRule.objects.get_or_create(
            kind=kind,
            level=level,
            valid_from=valid_from,
            valid_to=valid_to,
            defaults={"title": title},
        )
        created |= new
    return created


def _results(criteria_set, rng, good: bool) -> dict:
    results = {}
    for group in criteria_set.groups.all():
        if group.kind == GroupKind.SCORED:
            low = int(group.max_points * (0.85 if good else 0.6))
            results[group.number] = rng.randint(low, group.max_points)
        elif group.kind == GroupKind.CONDITION:
            results[group.number] = good or rng.random() < 0.5
        else:
            results[group.number] = False
    return results


def _valid_on(on: datetime.date):
    return AdministrativeUnit.objects.as_of(on)


def _demo_areas() -> list[list[AdministrativeUnit]]:
    """Today's residential areas the demo evaluates, by commune: every commune still in force
    whose areas have households (by its place in the tree), up to DEMO_AREAS of its areas."""
    area_ids = Household.objects.filter(is_active=True).values("area_id")
    areas = AdministrativeUnit.objects.filter(
        level=UnitLevel.AREA, valid_to__isnull=True, pk__in=area_ids
    ).order_by("path")
    by_commune: dict[int, list] = {}
    for area in areas:
        chosen = by_commune.setdefault(area.parent_id, [])
        if len(chosen) < DEMO_AREAS:
            chosen.append(area)
    return list(by_commune.values())


def _in_force(area: AdministrativeUnit, on: datetime.date) -> AdministrativeUnit | None:
    """The area itself if it existed on `on`, else the predecessor that did (its households
    moved from there to it at the merger)."""
    if area.is_valid_on(on):
        return area
    return _valid_on(on).filter(successor=area, level=UnitLevel.AREA).order_by("path").first()


def _decider(kind: str, unit: AdministrativeUnit, on: datetime.date) -> AdministrativeUnit | None:
    """The unit whose chair decides `kind` on `on`: `unit` or the ancestor at the level the
    authority rule of that day names."""
    rule = decisions.authority_rule_for(kind=kind, on=on)
    while unit is not None and rule is not None:
        if unit.level == rule.level:
            return unit if unit.is_valid_on(on) else None
        unit = unit.parent
    return None


def _decide(kind, unit, year, meeting_list, rng, signed_on, low, high):
    decider = _decider(kind, unit, signed_on)
    if decider is not None and meeting_list:
        decisions.decision_create(
            kind=kind,
            unit=decider,
            year=year,
            number=f"{rng.randint(low, high)}/QĐ-UBND",
            signed_on=signed_on,
            meetings=meeting_list,
        )


def seed_cycle(areas: list[AdministrativeUnit], year: int, rng: random.Random) -> bool:
    """Family and area titles of a year for the demo's areas, each on the unit in force on
    the meeting's date (the predecessor area and commune before 1/7/2025)."""
    held = datetime.date(year, 11, 3)
    units = [u for u in (_in_force(a, held) for a in areas) if u is not None]
    units = [u for u in units if u.is_valid_on(datetime.date(year, 11, 24))]
    if not units or EvaluationMeeting.objects.filter(unit__in=units, year=year).exists():
        return False
    by_commune: dict[int, list] = {}
    for area, unit in zip(areas, units, strict=False):
        households = list(Household.objects.filter(area=area, is_active=True).order_by("pk"))
        if not households:
            continue
        if unit == area:
            registrations.registrations_create_for_area(
                area=area, year=year, registered_on=datetime.date(year, 1, 15)
            )
        invited = len(households)
        attending = math.ceil(invited * rng.uniform(0.7, 0.95))
        meeting = meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=unit,
            year=year,
            held_on=datetime.date(year, 11, rng.randint(3, 10)),
            invited=invited,
            attending=attending,
        )
        rows = []
        for household in households:
            # households keep their standing from year to year, as villages do
            good = (household.pk * 7 + len(household.head_name)) % 10 < 8
            rows.append(
                {
                    "household": household,
                    "results": _results(meeting.criteria_set, rng, good),
                    "votes_for": int(attending * rng.uniform(0.75, 1.0))
                    if good
                    else int(attending * rng.uniform(0.3, 0.7)),
                    "is_poor": rng.random() < 0.05,
                }
            )
        meetings.evaluations_record(meeting=meeting, rows=rows)
        meetings.meeting_post(meeting=meeting, posted_on=datetime.date(year, 11, 11))
        by_commune.setdefault(unit.parent_id, []).append(meeting)
    for commune_id, family_meetings in by_commune.items():
        commune = AdministrativeUnit.objects.get(pk=commune_id)
        signed = datetime.date(year, 11, 24)
        _decide(TitleKind.FAMILY, commune, year, family_meetings, rng, signed, 100, 400)
        # the commune evaluates its residential areas too; the decision is the district
        # chair's before 1/7/2025, the commune chair's after
        on = datetime.date(year, 11, 12)
        meeting = meetings.meeting_create(
            kind=TitleKind.AREA, unit=commune, year=year, held_on=on, invited=25, attending=21
        )
        areas_then = _valid_on(on).filter(parent=commune, level=UnitLevel.AREA).order_by("path")
        meetings.evaluations_record(
            meeting=meeting,
            rows=[
                {
                    "area": area,
                    "results": _results(meeting.criteria_set, rng, i % 5 != 4),
                    "votes_for": 19 if i % 5 != 4 else 9,
                }
                for i, area in enumerate(areas_then)
            ],
        )
        meetings.meeting_post(meeting=meeting, posted_on=datetime.date(year, 11, 13))
        _decide(TitleKind.AREA, commune, year, [meeting], rng, signed, 401, 600)
    return True


def seed_commune_title(demo_communes: list, year: int, rng: random.Random) -> bool:
    """ "Xã, phường, thị trấn tiêu biểu": the level above the communes (the district, from
    1/7/2025 the province) evaluates up to DEMO_COMMUNES of them, the demo's among them, and
    its chair decides."""
    on = datetime.date(year, 11, 15)
    signed = datetime.date(year, 11, 30)
    by_holder: dict = {}
    for commune in demo_communes:
        current = (
            commune
            if commune.is_valid_on(on)
            else _valid_on(on).filter(successor=commune).order_by("path").first()
        )
        holder = _decider(TitleKind.COMMUNE, current, signed) if current else None
        if holder is not None:
            by_holder.setdefault(holder, []).append(current)
    created = False
    for holder, ours in by_holder.items():
        if EvaluationMeeting.objects.filter(
            kind=TitleKind.COMMUNE, unit=holder, year=year
        ).exists():
            continue
        others = (
            _valid_on(on)
            .filter(path__startswith=holder.path, level=UnitLevel.COMMUNE)
            .exclude(pk__in=[c.pk for c in ours])
            .order_by("path")[: max(DEMO_COMMUNES - len(ours), 0)]
        )
        communes = ours + list(others)
        meeting = meetings.meeting_create(
            kind=TitleKind.COMMUNE, unit=holder, year=year, held_on=on, invited=15, attending=13
        )
        meetings.evaluations_record(
            meeting=meeting,
            rows=[
                {
                    "area": unit,
                    "results": _results(meeting.criteria_set, rng, unit in ours or i % 3 != 2),
                    "votes_for": 11,
                }
                for i, unit in enumerate(communes)
            ],
        )
        meetings.meeting_post(meeting=meeting, posted_on=datetime.date(year, 11, 16))
        _decide(TitleKind.COMMUNE, holder, year, [meeting], rng, signed, 601, 800)
        created = True
    return created


def seed_commendations(commune: AdministrativeUnit) -> bool:
    if Commendation.objects.filter(unit__path__startswith=commune.path).exists():
        return False
    eligible, _cs = selectors.certificate_eligible(unit=commune, year=2026, kind=TitleKind.FAMILY)
    for recognition in list(eligible[:2]):
        commendations.commendation_create(
            subject_type=SubjectType.HOUSEHOLD,
            household=recognition.household,
            unit=recognition.area,
            level=CommendationLevel.COMMUNE,
            form=CommendationForm.CERTIFICATE,
            reason="Đạt danh hiệu “Gia đình văn hóa” 3 năm liền (2024-2026)",
            decision_number="512/QĐ-UBND",
            decided_on=datetime.date(2026, 11, 26),
            year=2026,
            occasion=Occasion.YEARLY,
            title_kind=TitleKind.FAMILY,
        )
    area = (
        AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.AREA)
        .order_by("path")
        .first()
    )
    if area is not None:
        commendations.commendation_create(
            subject_type=SubjectType.COLLECTIVE,
            unit=area,
            collective_name=f"Ban Công tác Mặt trận {area.name}",
            level=CommendationLevel.COMMUNE,
            form=CommendationForm.PRAISE,
            reason="Tổ chức tốt Ngày hội Đại đoàn kết toàn dân tộc năm 2026",
            year=2026,
            occasion=Occasion.FESTIVAL,
            content_areas=list(ContentArea.objects.filter(number__in=[2, 5])),
        )
    return True


@transaction.atomic
def seed(stdout=None) -> bool:
    created = seed_rules()
    by_commune = _demo_areas()
    rng = random.Random(86)
    for year in DEMO_YEARS:
        for areas in by_commune:
            created |= seed_cycle(areas, year, rng)
    communes = [areas[0].parent for areas in by_commune]
    for year in DEMO_YEARS:
        created |= seed_commune_title(communes, year, rng)
    for commune in communes:
        created |= seed_commendations(commune)
    if created and stdout:
        names = ", ".join(c.name for c in communes)
        stdout.write(
            "Danh hiệu văn hóa: 5 bộ tiêu chí (Nghị định 122/2018, Nghị định 86/2023) và kết quả "
            f"bình xét, công nhận {DEMO_YEARS[0]}-{DEMO_YEARS[-1]}"
            + (f" tại {names} và các đơn vị trước sáp nhập." if communes else ".")
        )
    return created
