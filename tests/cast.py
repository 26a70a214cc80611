"""The fixed cast used by every test: a small Hà Tĩnh with its history.

Tỉnh Hà Tĩnh (42)
├── Huyện Đức Thọ (until 30/6/2025)            district      <- user "district"
│   └── Xã Đức Lạc (until 30/6/2025, -> Xã Đức Thọ)
│       └── Thôn Lạc Thiện (-> Thôn Lạc Thiện of Xã Đức Thọ)
├── Huyện Cẩm Xuyên (until 30/6/2025)          other district <- user "other_district"
│   └── Xã Cẩm Bình (until 30/6/2025, -> Xã Cẩm Xuyên)
│       └── Thôn Bình Minh
├── Xã Đức Thọ (from 1/7/2025)                 commune        <- user "commune"
│   └── Thôn Lạc Thiện                          area           <- user "residential"
│       └── households: Nguyễn Văn An, Trần Thị Bình
└── Xã Cẩm Xuyên (from 1/7/2025)               other commune  <- user "other_commune"
    └── Thôn Bình Minh
        └── household: Lê Văn Cường
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from accounts.models import Role, UnitRole
from residential_areas import services
from residential_areas.models import AdministrativeUnit, Household, UnitStatistic

PASSWORD = "Kiem-tra-2026!"
OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)


@dataclass
class Cast:
    province: AdministrativeUnit
    district: AdministrativeUnit
    other_district: AdministrativeUnit
    old_commune: AdministrativeUnit
    other_old_commune: AdministrativeUnit
    old_area: AdministrativeUnit
    other_old_area: AdministrativeUnit
    commune: AdministrativeUnit
    other_commune: AdministrativeUnit
    area: AdministrativeUnit
    other_area: AdministrativeUnit
    households: list[Household]
    other_household: Household
    users: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.users[name]


def _unit(code, name, kind, level, parent, area_type="rural", **kw):
    return services.unit_create(
        code=code, name=name, kind=kind, level=level, parent=parent, area_type=area_type, **kw
    )


def make_user(username, role=None, unit=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username, **extra
    )
    if role:
        UnitRole.objects.create(user=user, unit=unit, role=role)
    return user


def build_cast() -> Cast:
    p = _unit("42", "Tỉnh Hà Tĩnh", "tinh", "province", None)
    d1 = _unit("440", "Huyện Đức Thọ", "huyen", "district", p, valid_to=OLD_END)
    d2 = _unit("446", "Huyện Cẩm Xuyên", "huyen", "district", p, valid_to=OLD_END)
    c1 = _unit("18100", "Xã Đức Lạc", "xa", "commune", d1, valid_to=OLD_END)
    c2 = _unit("18400", "Xã Cẩm Bình", "xa", "commune", d2, valid_to=OLD_END)
    a1_old = _unit("18100-01", "Thôn Lạc Thiện", "thon", "area", c1, valid_to=OLD_END)
    a2_old = _unit("18400-01", "Thôn Bình Minh", "thon", "area", c2, valid_to=OLD_END)
    n1 = _unit("18101", "Xã Đức Thọ", "xa", "commune", p, valid_from=NEW_START)
    n2 = _unit("18401", "Xã Cẩm Xuyên", "xa", "commune", p, valid_from=NEW_START)
    a1 = _unit("18101-001", "Thôn Lạc Thiện", "thon", "area", n1, valid_from=NEW_START)
    a2 = _unit("18401-001", "Thôn Bình Minh", "thon", "area", n2, valid_from=NEW_START)
    for old, new in ((c1, n1), (c2, n2), (a1_old, a1), (a2_old, a2)):
        old.successor = new
        old.save(update_fields=["successor"])
    for unit, year, households in (
        (a1_old, 2024, 100),
        (a2_old, 2024, 80),
        (a1, 2026, 110),
        (a2, 2026, 90),
    ):
        UnitStatistic.objects.create(
            unit=unit, year=year, households=households, population=households * 4
        )
    h1 = services.household_create(area=a1, code="H001", head_name="Nguyễn Văn An", members=4)
    h2 = services.household_create(area=a1, code="H002", head_name="Trần Thị Bình", members=3)
    h3 = services.household_create(area=a2, code="H001", head_name="Lê Văn Cường", members=5)
    cast = Cast(p, d1, d2, c1, c2, a1_old, a2_old, n1, n2, a1, a2, [h1, h2], h3)
    cast.users = {
        "province_admin": make_user("qt", Role.PROVINCE_ADMIN, p, is_staff=True),
        "movement_board": make_user("pt", Role.MOVEMENT_BOARD, p),
        "viewer": make_user("xem", Role.VIEWER, p),
        "district": make_user("huyen1", Role.DISTRICT_COMMITTEE, d1),
        "other_district": make_user("huyen2", Role.DISTRICT_COMMITTEE, d2),
        "commune": make_user("xa1", Role.COMMUNE_COMMITTEE, n1),
        "other_commune": make_user("xa2", Role.COMMUNE_COMMITTEE, n2),
        "residential": make_user("kdc1", Role.RESIDENTIAL_BOARD, a1),
        "member_org": make_user("hnd", Role.MEMBER_ORG, p),
        "nobody": make_user("khongvaitro"),
    }
    return cast
