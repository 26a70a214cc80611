"""Demo activities for Xã Đức Thọ (from 1/7/2025) and the province: member organizations of the
commune and their assignments, yearly themes and plans, outreach and training, pilot models,
the 18/11 festivals, village conventions and budget plans. Invented but plausible;
deterministic; written through the services so the rules hold. Runs once: a second run sees the
festivals of Xã Đức Thọ and changes nothing."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from residential_areas.models import AdministrativeUnit, UnitLevel

from ..models.base import ContentArea, MemberOrganization, MemberOrganizationKind
from . import services
from .models import Festival

D = datetime.date

COMMUNE_ORGS = [
    (
        MemberOrganizationKind.FARMERS,
        "Hội Nông dân xã Đức Thọ",
        1,
        "Phát triển kinh tế hộ, hợp tác xã",
    ),
    (
        MemberOrganizationKind.WOMEN,
        "Hội Liên hiệp Phụ nữ xã Đức Thọ",
        2,
        "Xây dựng gia đình văn hóa",
    ),
    (
        MemberOrganizationKind.YOUTH,
        "Đoàn Thanh niên xã Đức Thọ",
        3,
        "Đường thanh niên xanh - sạch - đẹp",
    ),
    (
        MemberOrganizationKind.VETERANS,
        "Hội Cựu chiến binh xã Đức Thọ",
        4,
        "Giữ gìn an ninh trật tự thôn xóm",
    ),
    (MemberOrganizationKind.ELDERLY, "Hội Người cao tuổi xã Đức Thọ", 2, "Khuyến học, khuyến tài"),
]

PROVINCE_PLANS = [
    (2025, "Năm dân vận chính quyền, đoàn kết xây dựng nông thôn mới kiểu mẫu", "02/KH-MTTQ-BTT"),
    (2026, "Năm đoàn kết xây dựng khu dân cư văn hóa, chuyển đổi số cộng đồng", "01/KH-MTTQ-BTT"),
]

ACTIVITY_TITLES = {
    "outreach": [
        "Tuyên truyền Cuộc vận động tại nhà văn hóa thôn",
        "Tuyên truyền phân loại rác thải tại nguồn",
        "Tuyên truyền phòng chống ma túy, tệ nạn xã hội",
    ],
    "training": [
        "Tập huấn nghiệp vụ cho Ban Công tác Mặt trận khu dân cư",
        "Tập huấn kỹ thuật chăn nuôi an toàn sinh học",
    ],
    "seminar": ["Tọa đàm xây dựng gia đình hạnh phúc"],
    "contest": ["Hội thi Khu dân cư văn hóa tiêu biểu"],
    "supervision": ["Giám sát thực hiện quy chế dân chủ ở cơ sở"],
}


def _admin():
    User = get_user_model()
    return (
        User.objects.filter(username="tinh.quantri").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


@transaction.atomic
def seed(stdout=None) -> bool:
    commune = (
        AdministrativeUnit.objects.filter(
            name="Xã Đức Thọ", level=UnitLevel.COMMUNE, valid_to__isnull=True
        )
        .order_by("path")
        .first()
    )
    province = AdministrativeUnit.objects.filter(code="42", parent__isnull=True).first()
    admin = _admin()
    areas_by_number = {a.number: a for a in ContentArea.objects.all()}
    if not (commune and province and admin and all(n in areas_by_number for n in range(1, 6))):
        return False
    areas = list(commune.children.filter(level=UnitLevel.AREA).order_by("path")[:8])
    if not areas or Festival.objects.filter(area__in=areas).exists():
        return False
    rng = random.Random(6)

    orgs = []
    for kind, name, area_number, task in COMMUNE_ORGS:
        org = MemberOrganization.objects.filter(unit=commune, name=name).first()
        if org is None:
            org = services.member_org_create(by=admin, unit=commune, kind=kind, name=name)
        orgs.append(org)
        services.assignment_create(
            by=admin,
            unit=commune,
            year=2026,
            organization=org,
            content_area=areas_by_number[area_number],
            task=task,
        )
    farmers_province = MemberOrganization.objects.filter(
        unit=province, kind=MemberOrganizationKind.FARMERS
    ).first()

    for year, theme, number in PROVINCE_PLANS:
        services.plan_create(
            by=admin,
            unit=province,
            year=year,
            theme=theme,
            document_number=number,
            issued_on=D(year - 1, 12, 20),
            summary="Triển khai đồng bộ 5 nội dung của Cuộc vận động; gắn với phong trào thi đua.",
            targets=[
                {
                    "content_area": areas_by_number[2],
                    "description": "Tỷ lệ hộ đạt danh hiệu “Gia đình văn hóa”",
                    "target_value": 92,
                    "unit_of_measure": "%",
                },
                {
                    "content_area": areas_by_number[1],
                    "description": "Số nhà Đại đoàn kết xây mới, sửa chữa",
                    "target_value": 500,
                    "unit_of_measure": "nhà",
                },
            ],
        )
    services.plan_create(
        by=admin,
        unit=commune,
        year=2026,
        theme="Đoàn kết xây dựng xã nông thôn mới nâng cao",
        document_number="03/KH-MTTQ",
        issued_on=D(2026, 1, 8),
    )

    for month in range(1, 12):
        kind = rng.choice(["outreach", "outreach", "training", "seminar", "contest", "supervision"])
        unit = rng.choice([commune, *areas])
        org = rng.choice([None, None, *orgs, farmers_province])
        services.activity_create(
            by=admin,
            unit=unit,
            date=D(2026, month, rng.randint(1, 28)),
            kind=kind,
            title=rng.choice(ACTIVITY_TITLES[kind]),
            organization=org,
            sessions=rng.randint(1, 4),
            participants=rng.randint(25, 180),
            content_areas=[areas_by_number[rng.randint(1, 5)]],
        )

    for name, kind, number, unit, start in (
        ("Khu dân cư kiểu mẫu", "pilot", 2, areas[0], D(2025, 8, 1)),
        ("Tuyến đường hoa tự quản", "self_managed", 3, areas[-1], D(2025, 9, 15)),
        ("Tổ hòa giải tự quản", "self_managed", 4, commune, D(2025, 10, 1)),
    ):
        model = services.pilot_model_create(
            by=admin,
            unit=unit,
            name=name,
            kind=kind,
            content_area=areas_by_number[number],
            started_on=start,
            status="active",
        )
        services.pilot_model_evaluate(pilot_model=model, by=admin, year=2025, rating="good")

    for i, area in enumerate(areas):
        households = rng.randint(90, 260)
        for year in (2025, 2026):
            if year == 2026 and i == len(areas) - 1 > 0:
                continue  # one area has not held this year's festival yet
            services.festival_create(
                by=admin,
                area=area,
                year=year,
                held_on=D(year, 11, rng.randint(12, 18)),
                participants=households * 2 + rng.randint(0, 60),
                activities="Báo cáo kết quả năm; văn nghệ; thể thao; bữa cơm đoàn kết",
                self_review="Hoàn thành các chỉ tiêu của Cuộc vận động năm %s." % year,
                praised_households=rng.randint(3, 12),
                praised_people=rng.randint(1, 5),
                money_raised=rng.randint(5, 40) * 1_000_000,
            )
        convention = services.convention_create(
            by=admin,
            area=area,
            title=f"Hương ước {area.name}",
            decision_number=f"{100 + i}/QĐ-UBND",
            approved_on=D(2025, 9, 1 + i),
            approved_by="UBND xã Đức Thọ",
        )
        if i == 0:
            services.convention_revise(
                convention=convention,
                by=admin,
                decision_number="215/QĐ-UBND",
                approved_on=D(2026, 6, 10),
                summary="Bổ sung quy định phân loại rác thải tại nguồn và tổ chức việc cưới.",
            )

    plan = services.budget_create(
        by=admin,
        unit=commune,
        year=2026,
        notes="Kinh phí thực hiện Cuộc vận động năm 2026",
        lines=[
            {"category": "outreach", "planned": 15_000_000, "spent": 12_400_000},
            {"category": "training", "planned": 20_000_000, "spent": 18_000_000},
            {"category": "commendation", "planned": 10_000_000, "spent": 9_500_000},
            {
                "category": "festival",
                "planned": 40_000_000,
                "spent": 43_000_000,
                "note": "Thêm 3 khu dân cư tổ chức điểm",
            },
        ],
    )
    services.budget_submit(plan=plan, by=admin)
    services.budget_approve(plan=plan, by=admin, note="Đồng ý")
    services.budget_create(
        by=admin,
        unit=areas[0],
        year=2026,
        lines=[{"category": "festival", "planned": 5_000_000, "spent": 4_800_000}],
    )
    if stdout:
        stdout.write("Hoạt động mẫu: Xã Đức Thọ (ngày hội, hương ước, mô hình, kinh phí).")
    return True
