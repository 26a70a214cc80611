"""The campaign's demo, run by seed_demo: the five content areas and the province's member
organizations that both halves use, then the yearly results and the activities."""

from django.db import transaction

from accounts.models import Role, UnitRole
from residential_areas.models import AdministrativeUnit

from .activities import demo as activities_demo
from .models.base import ContentArea, MemberOrganization, MemberOrganizationKind
from .results import demo as results_demo

CONTENT_AREAS = [
    (
        1,
        "Đoàn kết tham gia phát triển kinh tế, giảm nghèo bền vững, nâng cao đời sống, khuyến "
        "khích làm giàu chính đáng",
        "Phát triển kinh tế, giảm nghèo",
    ),
    (
        2,
        "Đoàn kết xây dựng đời sống văn hóa, chăm lo giáo dục, phát triển nguồn nhân lực, chăm "
        "sóc sức khỏe nhân dân; xây dựng gia đình văn hóa; đền ơn đáp nghĩa, tương thân tương ái",
        "Đời sống văn hóa, giáo dục, y tế",
    ),
    (
        3,
        "Đoàn kết tham gia bảo vệ môi trường, ứng phó với biến đổi khí hậu, xây dựng cảnh quan "
        "sáng, xanh, sạch, đẹp",
        "Môi trường, biến đổi khí hậu",
    ),
    (
        4,
        "Đoàn kết chấp hành pháp luật, bảo đảm trật tự an toàn xã hội",
        "Pháp luật, trật tự an toàn xã hội",
    ),
    (
        5,
        "Đoàn kết, phát huy dân chủ, tích cực tham gia giám sát và phản biện xã hội, xây dựng "
        "hệ thống chính trị cơ sở trong sạch vững mạnh",
        "Dân chủ, giám sát, phản biện",
    ),
]

PROVINCE_ORGS = [
    (MemberOrganizationKind.FARMERS, "Hội Nông dân tỉnh Hà Tĩnh"),
    (MemberOrganizationKind.WOMEN, "Hội Liên hiệp Phụ nữ tỉnh Hà Tĩnh"),
    (MemberOrganizationKind.YOUTH, "Tỉnh đoàn Hà Tĩnh"),
    (MemberOrganizationKind.VETERANS, "Hội Cựu chiến binh tỉnh Hà Tĩnh"),
    (MemberOrganizationKind.LABOUR, "Liên đoàn Lao động tỉnh Hà Tĩnh"),
    (MemberOrganizationKind.ELDERLY, "Hội Người cao tuổi tỉnh Hà Tĩnh"),
]


@transaction.atomic
def seed_base() -> bool:
    created = False
    for number, title, short in CONTENT_AREAS:
        _obj, new = ContentArea.objects.get_or_create(
            number=number, defaults={"title": title, "short_title": short}
        )
        created |= new
    province = AdministrativeUnit.objects.filter(code="42", parent__isnull=True).first()
    if province:
        for kind, name in PROVINCE_ORGS:
            org, new = MemberOrganization.objects.get_or_create(
                unit=province, name=name, defaults={"kind": kind}
            )
            created |= new
            if new and kind == MemberOrganizationKind.FARMERS:
                # the demo member_org user acts for the province Farmers' Union
                for role in UnitRole.objects.filter(role=Role.MEMBER_ORG, unit=province):
                    org.users.add(role.user)
    return created


def seed(stdout=None) -> bool:
    created = seed_base()
    created |= results_demo.seed(stdout=stdout)
    created |= bool(activities_demo.seed(stdout=stdout))
    from .outcomes import demo as outcomes_demo  # statuses, model areas: after the tree

    created |= outcomes_demo.seed(stdout=stdout)
    return created
