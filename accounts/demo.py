"""One demo user per role (two province admins), printed on the first run of seed_demo."""

from django.contrib.auth import get_user_model
from django.db import transaction

from residential_areas.models import AdministrativeUnit, UnitLevel

from .models import Role, UnitRole

DEMO_PASSWORD = "MatTran@2026"

# username, full name, role, how to find the unit. Two province admins: a lockout or a lost
# phone of one leaves the other to unlock it.
DEMO_USERS = [
    ("tinh.quantri", "Nguyễn Văn Quản", Role.PROVINCE_ADMIN, {"code": "42"}),
    ("tinh.quantri2", "Đinh Thị Hà", Role.PROVINCE_ADMIN, {"code": "42"}),
    ("tinh.phongtrao", "Trần Thị Phong", Role.MOVEMENT_BOARD, {"code": "42"}),
    ("huyen.ductho", "Lê Đình Thọ", Role.DISTRICT_COMMITTEE, {"name": "Huyện Đức Thọ"}),
    ("huyen.camxuyen", "Phạm Văn Xuyên", Role.DISTRICT_COMMITTEE, {"name": "Huyện Cẩm Xuyên"}),
    (
        "xa.ductho",
        "Hoàng Thị Đức",
        Role.COMMUNE_COMMITTEE,
        {"name": "Xã Đức Thọ", "valid_to__isnull": True},
    ),
    (
        "khudancu.ductho",
        "Võ Văn Khu",
        Role.RESIDENTIAL_BOARD,
        {"parent__name": "Xã Đức Thọ", "parent__valid_to__isnull": True, "level": UnitLevel.AREA},
    ),
    ("hoinongdan.tinh", "Đặng Văn Nông", Role.MEMBER_ORG, {"code": "42"}),
    ("lanhdao.tinh", "Bùi Quang Lãnh", Role.VIEWER, {"code": "42"}),
]


@transaction.atomic
def seed(stdout=None) -> bool:
    User = get_user_model()
    created = []
    for username, full_name, role, lookup in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        unit = AdministrativeUnit.objects.filter(**lookup).order_by("path").first()
        if unit is None:
            continue
        # the full name in its own order, in first_name; last_name stays empty (migration 0004)
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=full_name,
            email=f"{username}@mttq.hatinh.local",
            is_staff=role == Role.PROVINCE_ADMIN,
            is_superuser=role == Role.PROVINCE_ADMIN,
        )
        UnitRole.objects.create(user=user, unit=unit, role=role)
        created.append((username, role, unit))
    if created and stdout:
        stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % DEMO_PASSWORD)
        for username, role, unit in created:
            stdout.write(f"  {username:<18} {Role(role).label} - {unit.name}")
    return bool(created)
