"""Demo data of the titles: both criteria sets, the deciding authorities, and three years of
evaluations and decisions for a few residential areas of Xã Đức Thọ.

Real: the legal bases, the criteria groups and the 45/30/25 and 20/20/20/30/10 splits, the pass
marks 85/90/60, the 60% quorum and agreement, the certificate after 3 (family) and 5 (area)
consecutive years under Nghị định 122/2018, the authorities before and after 1/7/2025.
Invented: every score, vote, decision number and date. Deterministic and idempotent.
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
ND86 = (
    "Nghị định 86/2023/NĐ-CP ngày 07/12/2023 của Chính phủ; "
    "Quyết định 19/2024/QĐ-UBND của UBND tỉnh Hà Tĩnh"
)

CRITERIA_SETS = [
    {
        "kind": TitleKind.FAMILY,
        "name": "Tiêu chuẩn “Gia đình văn hóa” (thang điểm 100)",
        "legal_basis": ND122,
        "first_year": 2018,
        "rule": PassRule.SCORE,
        "pass_mark": 85,
        "pass_mark_urban": 90,
        "pass_mark_disadvantaged": 60,
        "certificate_after_years": 3,
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
        "legal_basis": ND122,
        "first_year": 2018,
        "rule": PassRule.SCORE,
        "pass_mark": 85,
        "pass_mark_urban": 90,
        "pass_mark_disadvantaged": 60,
        "certificate_after_years": 5,
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
        "certificate_after_years": 3,
        "notes": "Số năm liên tục để tặng giấy khen là tham số do tỉnh quy định.",
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
            {
                "kind": GroupKind.EXCLUSION,
                "title": "Có thành viên bị truy cứu trách nhiệm hình sự",
            },
            {
                "kind": GroupKind.EXCLUSION,
                "title": "Có thành viên trốn tránh nghĩa vụ quân sự hoặc trốn thuế",
            },
            {
                "kind": GroupKind.EXCLUSION,
                "title": "Có thành viên bị xử phạt vi phạm hành chính về tảo hôn, cờ bạc, "
                "trật tự công cộng",
            },
        ],
    },
    {
        "kind": TitleKind.AREA,
        "name": "Tiêu chí “Khu dân cư văn hóa” (từ năm 2024)",
        "legal_basis": ND86,
        "first_year": 2024,
        "rule": PassRule.ALL_MET,
        "certificate_after_years": 5,
        "notes": "Số năm liên tục để tặng giấy khen là tham số do tỉnh quy định.",
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
]

REFORM_DAY = datetime.date(2025, 7, 1)
AUTHORITIES = [
    (TitleKind.FAMILY, UnitLevel.COMMUNE, "Chủ tịch UBND", None, None),
    (TitleKind.AREA, UnitLevel.DISTRICT, "Chủ tịch UBND", None, REFORM_DAY - datetime.timedelta(1)),
    (TitleKind.AREA, UnitLevel.COMMUNE, "Chủ tịch UBND", REFORM_DAY, None),
]

DEMO_COMMUNE = "Xã Đức Thọ"
DEMO_AREAS = 4
DEMO_YEARS = (2024, 2025, 2026)


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


def seed_cycle(commune: AdministrativeUnit, year: int, rng: random.Random) -> bool:
    areas = list(
        AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.AREA).order_by("path")[
            :DEMO_AREAS
        ]
    )
    if not areas or EvaluationMeeting.objects.filter(unit__in=areas, year=year).exists():
        return False
    family_meetings = []
    for area in areas:
        households = list(Household.objects.filter(area=area, is_active=True).order_by("pk"))
        if not households:
            continue
        registrations.registrations_create_for_area(
            area=area, year=year, registered_on=datetime.date(year, 1, 15)
        )
        invited = len(households)
        attending = math.ceil(invited * rng.uniform(0.7, 0.95))
        meeting = meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=area,
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
        family_meetings.append(meeting)
    if family_meetings:
        decisions.decision_create(
            kind=TitleKind.FAMILY,
            unit=commune,
            year=year,
            number=f"{rng.randint(100, 400)}/QĐ-UBND",
            signed_on=datetime.date(year, 11, 24),
            meetings=family_meetings,
        )
    # the commune evaluates its residential areas too (decided by the commune chair after 7/2025)
    if year >= 2025:
        all_areas = list(
            AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.AREA).order_by("path")
        )
        meeting = meetings.meeting_create(
            kind=TitleKind.AREA,
            unit=commune,
            year=year,
            held_on=datetime.date(year, 11, 12),
            invited=25,
            attending=21,
        )
        meetings.evaluations_record(
            meeting=meeting,
            rows=[
                {
                    "area": area,
                    "results": _results(meeting.criteria_set, rng, i % 5 != 4),
                    "votes_for": 19 if i % 5 != 4 else 9,
                }
                for i, area in enumerate(all_areas)
            ],
        )
        meetings.meeting_post(meeting=meeting, posted_on=datetime.date(year, 11, 13))
        decisions.decision_create(
            kind=TitleKind.AREA,
            unit=commune,
            year=year,
            number=f"{rng.randint(401, 600)}/QĐ-UBND",
            signed_on=datetime.date(year, 11, 25),
            meetings=[meeting],
        )
    return True


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
    commune = (
        AdministrativeUnit.objects.filter(
            name=DEMO_COMMUNE, level=UnitLevel.COMMUNE, valid_to__isnull=True
        )
        .order_by("path")
        .first()
    )
    if commune is not None:
        rng = random.Random(86)
        for year in DEMO_YEARS:
            created |= seed_cycle(commune, year, rng)
        created |= seed_commendations(commune)
    if created and stdout:
        stdout.write(
            "Danh hiệu văn hóa: 4 bộ tiêu chí (Nghị định 122/2018, Nghị định 86/2023) và kết quả "
            f"bình xét, công nhận {DEMO_YEARS[0]}-{DEMO_YEARS[-1]} tại {DEMO_COMMUNE}."
        )
    return created
