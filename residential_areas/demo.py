"""The Hà Tĩnh demo tree.

Real: the province (code 42), the 13 district-level units with their kinds and GSO codes, the
numbers of commune-level units before (216: 182 xã, 21 phường, 13 thị trấn) and after 1/7/2025
(69: 60 xã, 9 phường), the nine 2025 phường names and most thị trấn names. Plausible but
invented: the other commune names and codes, the merge groups, every residential area, and the
household and population figures (drawn to add up to about 330,000 households and 1.32 million
people). Deterministic: the same tree on every machine.
"""

import datetime
import random

from django.db import transaction

from .models import AdministrativeUnit, AreaType, Household, UnitKind, UnitLevel, UnitStatistic
from .text import fold

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)

# (code, name, kind, prefix for invented commune names, [(kind, count)], [real names])
DISTRICTS = [
    (
        "436",
        "Thành phố Hà Tĩnh",
        UnitKind.CITY,
        "Thạch",
        [("phuong", 10), ("xa", 5)],
        [
            "Bắc Hà",
            "Nam Hà",
            "Trần Phú",
            "Tân Giang",
            "Hà Huy Tập",
            "Đại Nài",
            "Nguyễn Du",
            "Thạch Linh",
            "Thạch Quý",
            "Văn Yên",
            "Thạch Trung",
            "Thạch Hạ",
            "Đồng Môn",
            "Thạch Hưng",
            "Thạch Bình",
        ],
    ),
    (
        "437",
        "Thị xã Hồng Lĩnh",
        UnitKind.TOWN,
        "Đậu",
        [("phuong", 5), ("xa", 1)],
        ["Bắc Hồng", "Nam Hồng", "Trung Lương", "Đức Thuận", "Đậu Liêu", "Thuận Lộc"],
    ),
    (
        "449",
        "Thị xã Kỳ Anh",
        UnitKind.TOWN,
        "Kỳ",
        [("phuong", 6), ("xa", 5)],
        [
            "Hưng Trí",
            "Kỳ Trinh",
            "Kỳ Thịnh",
            "Kỳ Long",
            "Kỳ Liên",
            "Kỳ Phương",
            "Kỳ Ninh",
            "Kỳ Hà",
            "Kỳ Hoa",
            "Kỳ Nam",
            "Kỳ Lợi",
        ],
    ),
    ("440", "Huyện Đức Thọ", UnitKind.DISTRICT, "Đức", [("thi_tran", 1), ("xa", 15)], ["Đức Thọ"]),
    (
        "442",
        "Huyện Nghi Xuân",
        UnitKind.DISTRICT,
        "Xuân",
        [("thi_tran", 2), ("xa", 15)],
        ["Xuân An", "Tiên Điền"],
    ),
    ("443", "Huyện Can Lộc", UnitKind.DISTRICT, "Thượng", [("thi_tran", 1), ("xa", 18)], ["Nghèn"]),
    (
        "445",
        "Huyện Thạch Hà",
        UnitKind.DISTRICT,
        "Thạch",
        [("thi_tran", 1), ("xa", 21)],
        ["Thạch Hà"],
    ),
    (
        "446",
        "Huyện Cẩm Xuyên",
        UnitKind.DISTRICT,
        "Cẩm",
        [("thi_tran", 2), ("xa", 21)],
        ["Cẩm Xuyên", "Thiên Cầm"],
    ),
    ("447", "Huyện Kỳ Anh", UnitKind.DISTRICT, "Kỳ", [("thi_tran", 1), ("xa", 20)], ["Kỳ Đồng"]),
    (
        "439",
        "Huyện Hương Sơn",
        UnitKind.DISTRICT,
        "Sơn",
        [("thi_tran", 2), ("xa", 21)],
        ["Phố Châu", "Tây Sơn"],
    ),
    (
        "444",
        "Huyện Hương Khê",
        UnitKind.DISTRICT,
        "Hương",
        [("thi_tran", 1), ("xa", 20)],
        ["Hương Khê"],
    ),
    (
        "441",
        "Huyện Vũ Quang",
        UnitKind.DISTRICT,
        "Đức",
        [("thi_tran", 1), ("xa", 10)],
        ["Vũ Quang"],
    ),
    ("448", "Huyện Lộc Hà", UnitKind.DISTRICT, "Hộ", [("thi_tran", 1), ("xa", 10)], ["Lộc Hà"]),
]

# The 69 commune-level units of 1/7/2025, per old district: (kind, name), in order; each takes
# a consecutive group of that district's old communes.
NEW_COMMUNES = {
    "436": [
        ("phuong", "Thành Sen"),
        ("phuong", "Trần Phú"),
        ("phuong", "Hà Huy Tập"),
        ("xa", "Thạch Lạc"),
    ],
    "437": [("phuong", "Bắc Hồng Lĩnh"), ("phuong", "Nam Hồng Lĩnh")],
    "449": [
        ("phuong", "Vũng Áng"),
        ("phuong", "Sông Trí"),
        ("phuong", "Hải Ninh"),
        ("phuong", "Hoành Sơn"),
    ],
    "440": [("xa", n) for n in ["Đức Thọ", "Đức Đồng", "Đức Quang", "Đức Thịnh", "Đức Minh"]],
    "442": [
        ("xa", n) for n in ["Nghi Xuân", "Tiên Điền", "Cổ Đạm", "Đan Hải", "Xuân Lộc", "Xuân Hội"]
    ],
    "443": [
        ("xa", n) for n in ["Can Lộc", "Tùng Lộc", "Gia Hanh", "Trường Lưu", "Đồng Lộc", "Hồng Lộc"]
    ],
    "445": [
        ("xa", n)
        for n in [
            "Thạch Hà",
            "Toàn Lưu",
            "Việt Xuyên",
            "Đông Kinh",
            "Thạch Khê",
            "Đồng Tiến",
            "Thạch Xuân",
        ]
    ],
    "446": [
        ("xa", n)
        for n in [
            "Cẩm Xuyên",
            "Thiên Cầm",
            "Cẩm Bình",
            "Cẩm Hưng",
            "Cẩm Lạc",
            "Cẩm Trung",
            "Cẩm Duệ",
        ]
    ],
    "447": [("xa", n) for n in ["Kỳ Anh", "Kỳ Xuân", "Kỳ Khang", "Kỳ Văn", "Kỳ Lạc", "Kỳ Thượng"]],
    "439": [
        ("xa", n)
        for n in [
            "Hương Sơn",
            "Sơn Tây",
            "Sơn Kim 1",
            "Sơn Kim 2",
            "Sơn Giang",
            "Sơn Tiến",
            "Sơn Hồng",
            "Tứ Mỹ",
        ]
    ],
    "444": [
        ("xa", n)
        for n in ["Hương Khê", "Hương Phố", "Hương Đô", "Hà Linh", "Hương Bình", "Phúc Trạch"]
    ],
    "441": [("xa", n) for n in ["Vũ Quang", "Mai Hoa", "Thượng Đức", "Hương Minh"]],
    "448": [("xa", n) for n in ["Lộc Hà", "Mai Phụ", "Hộ Độ", "Thạch Kim"]],
}

SUFFIXES = [
    "An",
    "Bình",
    "Châu",
    "Đồng",
    "Hòa",
    "Hưng",
    "Lạc",
    "Lâm",
    "Lĩnh",
    "Long",
    "Minh",
    "Mỹ",
    "Ninh",
    "Phong",
    "Phú",
    "Quang",
    "Tân",
    "Thanh",
    "Thành",
    "Thịnh",
    "Thủy",
    "Tiến",
    "Trung",
    "Vĩnh",
    "Yên",
    "Bắc",
    "Nam",
    "Hải",
    "Hà",
    "Lộc",
    "Hội",
    "Trường",
    "Hợp",
    "Kim",
    "Văn",
    "Việt",
    "Lợi",
    "Xá",
    "Điền",
    "Giang",
    "Liên",
    "Sơn",
    "Tường",
    "Hạnh",
    "Khánh",
    "Lập",
]
VILLAGE_WORDS = [
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Tân Hòa",
    "Yên Bình",
    "Phú Lợi",
    "Hồng Hà",
    "Bình Minh",
    "Trung Tiến",
    "Tân Phúc",
    "Hòa Bình",
    "Đại Đồng",
    "Quyết Tiến",
    "Thanh Hà",
    "Đồng Văn",
    "Kim Sơn",
    "Vĩnh Thịnh",
    "Hưng Long",
    "Phúc Sơn",
    "An Lạc",
    "Mỹ Thành",
    "Khánh Yên",
    "Liên Hà",
    "Nam Sơn",
    "Bắc Sơn",
    "Tân Tiến",
    "Làng Chè",
    "Đồng Cần",
    "Trại Tiểu",
    "Xuân Thủy",
    "Minh Tân",
    "Hợp Tiến",
    "Tiền Phong",
    "Thống Nhất",
]
KIND_LABEL = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"}
URBAN_KINDS = {"phuong", "thi_tran"}
DEMO_YEARS_OLD = (2023, 2024)
DEMO_YEARS_NEW = (2025, 2026)


def _unit(code, name, kind, level, area_type, valid_from=None, valid_to=None):
    return AdministrativeUnit(
        code=code,
        name=name,
        kind=kind,
        level=level,
        area_type=area_type,
        valid_from=valid_from,
        valid_to=valid_to,
        search_name=fold(name),
    )


def _create(units, parents):
    """Bulk insert `units` under `parents` (same order) and set their materialized paths."""
    for unit, parent in zip(units, parents, strict=True):
        unit.parent = parent
    created = AdministrativeUnit.objects.bulk_create(units, batch_size=500)
    for unit, parent in zip(created, parents, strict=True):
        unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    AdministrativeUnit.objects.bulk_update(created, ["path"], batch_size=500)
    return created


def _old_commune_names(prefix, real, kinds, rng):
    names = list(real)
    used = set(names)
    total = sum(n for _k, n in kinds)
    pool = [s for s in SUFFIXES]
    rng.shuffle(pool)
    while len(names) < total:
        candidate = f"{prefix} {pool.pop()}"
        if candidate not in used:
            used.add(candidate)
            names.append(candidate)
    return names


def seed(stdout=None) -> bool:
    created = seed_tree(stdout)
    created |= seed_households(stdout)
    return created


@transaction.atomic
def seed_tree(stdout=None) -> bool:
    """Create the demo tree unless it is there. Returns True when something was created."""
    if AdministrativeUnit.objects.filter(code="42", level=UnitLevel.PROVINCE).exists():
        return False
    rng = random.Random(42)
    (province,) = _create(
        [_unit("42", "Tỉnh Hà Tĩnh", UnitKind.PROVINCE, UnitLevel.PROVINCE, AreaType.RURAL)], [None]
    )
    districts = _create(
        [
            _unit(
                code,
                name,
                kind,
                UnitLevel.DISTRICT,
                AreaType.URBAN if kind != UnitKind.DISTRICT else AreaType.RURAL,
                valid_to=LAST_OLD_DAY,
            )
            for code, name, kind, *_ in DISTRICTS
        ],
        [province] * len(DISTRICTS),
    )
    # old commune-level units, 216 of them
    old_units, old_parents = [], []
    code_seq = 18070
    for district, (_code, _name, _kind, prefix, kinds, real) in zip(
        districts, DISTRICTS, strict=True
    ):
        names = _old_commune_names(prefix, real, kinds, rng)
        i = 0
        for kind, count in kinds:
            for _ in range(count):
                area_type = AreaType.URBAN if kind in URBAN_KINDS else AreaType.RURAL
                old_units.append(
                    _unit(
                        str(code_seq),
                        f"{KIND_LABEL[kind]} {names[i]}",
                        kind,
                        UnitLevel.COMMUNE,
                        area_type,
                        valid_to=LAST_OLD_DAY,
                    )
                )
                old_parents.append(district)
                code_seq += 3
                i += 1
    old_communes = _create(old_units, old_parents)

    # new commune-level units: each takes a consecutive group of one old district's communes
    by_district = {}
    for commune in old_communes:
        by_district.setdefault(commune.parent_id, []).append(commune)
    new_units, groups = [], []
    for district, (dcode, *_rest) in zip(districts, DISTRICTS, strict=True):
        olds = by_district[district.pk]
        plan = NEW_COMMUNES[dcode]
        size, extra = divmod(len(olds), len(plan))
        start = 0
        for idx, (kind, name) in enumerate(plan):
            end = start + size + (1 if idx < extra else 0)
            group = olds[start:end]
            start = end
            area_type = AreaType.URBAN if kind in URBAN_KINDS else AreaType.RURAL
            # the new unit keeps the code of the first commune it absorbs (no overlap in time)
            new_units.append(
                _unit(
                    group[0].code,
                    f"{KIND_LABEL[kind]} {name}",
                    kind,
                    UnitLevel.COMMUNE,
                    area_type,
                    valid_from=REFORM_DAY,
                )
            )
            groups.append(group)
    new_communes = _create(new_units, [province] * len(new_units))
    successors = []
    for new, group in zip(new_communes, groups, strict=True):
        for old in group:
            old.successor = new
            successors.append(old)
    AdministrativeUnit.objects.bulk_update(successors, ["successor"], batch_size=500)

    # residential areas: 6-10 per old commune, carried over into the new commune
    old_areas, old_area_parents, carried = [], [], []
    for new, group in zip(new_communes, groups, strict=True):
        words = list(VILLAGE_WORDS)
        rng.shuffle(words)
        seq = 0
        for old in group:
            for j in range(rng.randint(6, 10)):
                seq += 1
                if old.area_type == AreaType.URBAN:
                    kind, old_name = UnitKind.QUARTER, f"Tổ dân phố {j + 1}"
                    new_name = f"Tổ dân phố {seq}"
                else:
                    kind = UnitKind.VILLAGE if rng.random() < 0.7 else UnitKind.HAMLET
                    label = "Thôn" if kind == UnitKind.VILLAGE else "Xóm"
                    word = words[(seq - 1) % len(words)]
                    suffix = "" if seq <= len(words) else f" {(seq - 1) // len(words) + 1}"
                    old_name = new_name = f"{label} {word}{suffix}"
                old_areas.append(
                    _unit(
                        f"{old.code}-{j + 1:02d}",
                        old_name,
                        kind,
                        UnitLevel.AREA,
                        old.area_type,
                        valid_to=LAST_OLD_DAY,
                    )
                )
                old_area_parents.append(old)
                carried.append((new, f"{new.code}-{seq:03d}", new_name, kind, old.area_type))
    old_area_rows = _create(old_areas, old_area_parents)
    new_area_rows = _create(
        [
            _unit(code, name, kind, UnitLevel.AREA, area_type, valid_from=REFORM_DAY)
            for _new, code, name, kind, area_type in carried
        ],
        [new for new, *_rest in carried],
    )
    for old, new in zip(old_area_rows, new_area_rows, strict=True):
        old.successor = new
    AdministrativeUnit.objects.bulk_update(old_area_rows, ["successor"], batch_size=500)

    # yearly household and population figures (about 330,000 households, 1.32 million people)
    stats = []
    target = 330_000 / len(new_area_rows)
    for old, new in zip(old_area_rows, new_area_rows, strict=True):
        households = max(40, int(rng.gauss(target, target * 0.3)))
        for year in DEMO_YEARS_OLD:
            h = int(households * (0.98 if year == 2023 else 0.99))
            stats.append(UnitStatistic(unit=old, year=year, households=h, population=int(h * 4.0)))
        for year in DEMO_YEARS_NEW:
            h = households if year == 2025 else int(households * 1.01)
            stats.append(UnitStatistic(unit=new, year=year, households=h, population=int(h * 4.0)))
    UnitStatistic.objects.bulk_create(stats, batch_size=1000)
    if stdout:
        stdout.write(
            f"Cây đơn vị Hà Tĩnh: {len(districts)} đơn vị cấp huyện, {len(old_communes)} xã cũ, "
            f"{len(new_communes)} xã/phường mới, {len(new_area_rows)} khu dân cư."
        )
    return True


FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Đinh",
    "Thái",
    "Đậu",
    "Đoàn",
]
MIDDLE = ["Văn", "Thị", "Đình", "Hữu", "Xuân", "Minh", "Quang", "Thanh", "Đức", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
# current communes whose areas get individual demo households (the demo users' communes)
HOUSEHOLD_COMMUNES = ("Xã Đức Thọ", "Phường Thành Sen")


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


@transaction.atomic
def seed_households(stdout=None) -> bool:
    if Household.objects.exists():
        return False
    rng = random.Random(7)
    areas = (
        AdministrativeUnit.objects.filter(
            level=UnitLevel.AREA,
            valid_to__isnull=True,
            parent__name__in=HOUSEHOLD_COMMUNES,
            parent__valid_to__isnull=True,
        )
        .select_related("parent")
        .order_by("path")
    )
    rows = []
    for area in areas:
        for i in range(rng.randint(18, 30)):
            name = person_name(rng)
            rows.append(
                Household(
                    area=area,
                    code=f"{area.code}-H{i + 1:03d}",
                    head_name=name,
                    head_birth_year=rng.randint(1945, 1995),
                    address=f"{area.name}, {area.parent.name}",
                    members=rng.randint(1, 7),
                    search_name=fold(name),
                )
            )
    Household.objects.bulk_create(rows, batch_size=1000)
    if stdout:
        stdout.write(f"Hộ gia đình mẫu: {len(rows)} hộ ở {len(areas)} khu dân cư.")
    return bool(rows)
