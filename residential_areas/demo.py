"""The Hà Tĩnh demo tree, built from the facts in `data/ha_tinh_units.json`.

Real (sources in the data file and in README): the province, its 13 district-level units and
216 communes until 31/12/2024; the arrangement of 1/1/2025 (Nghị quyết 1283/NQ-UBTVQH15: Lộc
Hà into Thạch Hà, 12 district-level units, 209 communes, communes moved between districts,
merged, renamed or made phường and thị trấn); the 69 communes of 1/7/2025 (Nghị quyết
1665/NQ-UBTVQH15: 60 xã, 9 phường, directly under the province) with their official names,
codes and merger lists. Invented: every residential area (thôn, xóm, tổ dân phố) and every
household and population figure (about 330,000 households and 1.32 million people). A unit
whose name, kind or district changes gets a new row from the reform day and the old one
closes the day before, pointing at it; residential areas move with their commune and take
the kind and type of the commune they land in. Deterministic: the same tree on every machine.
"""

import datetime
import json
import random
from pathlib import Path

from django.db import transaction

from .models import AdministrativeUnit, AreaType, Household, UnitKind, UnitLevel, UnitStatistic
from .services import area_kind_for
from .text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "ha_tinh_units.json"
FIRST_REFORM_DAY = datetime.date(2025, 1, 1)  # Nghị quyết 1283/NQ-UBTVQH15
LAST_2024_DAY = datetime.date(2024, 12, 31)
REFORM_DAY = datetime.date(2025, 7, 1)  # Nghị quyết 1665/NQ-UBTVQH15: no district level
LAST_OLD_DAY = datetime.date(2025, 6, 30)

KIND_LABEL = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"}
URBAN_KINDS = {"phuong", "thi_tran"}
DEMO_YEARS_OLD = (2023, 2024)
DEMO_YEARS_NEW = (2025, 2026)
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


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _unit(code, name, kind, level, valid_from=None, valid_to=None):
    urban = kind in URBAN_KINDS or kind in (UnitKind.CITY, UnitKind.TOWN, UnitKind.QUARTER)
    return AdministrativeUnit(
        code=code,
        name=name,
        kind=kind,
        level=level,
        area_type=AreaType.URBAN if urban else AreaType.RURAL,
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


class _Areas:
    """Names and codes of one commune's residential areas, as they are handed out."""

    def __init__(self, commune: AdministrativeUnit, rng: random.Random, width: int, start=0):
        self.commune, self.width, self.seq = commune, width, start
        self.words = list(VILLAGE_WORDS)
        rng.shuffle(self.words)
        self.used: set[str] = set()

    def next(self, prev: AdministrativeUnit | None, rng: random.Random):
        """(code, name, kind) of the next area; `prev` is the area it continues, if any."""
        self.seq += 1
        code = f"{self.commune.code}-{self.seq:0{self.width}d}"
        if prev is None:
            kind = UnitKind.VILLAGE if rng.random() < 0.7 else UnitKind.HAMLET
        else:
            kind = prev.kind
        kind, _type = area_kind_for(commune_kind=self.commune.kind, kind=kind)
        if kind == UnitKind.QUARTER:
            return code, f"Tổ dân phố {self.seq}", kind
        if prev is not None and prev.kind in (UnitKind.VILLAGE, UnitKind.HAMLET):
            name = prev.name  # a village keeps its name when its commune changes
        else:
            label = "Thôn" if kind == UnitKind.VILLAGE else "Xóm"
            name = f"{label} {self.words[(self.seq - 1) % len(self.words)]}"
        base, n = name, 1
        while name in self.used:
            n += 1
            name = f"{base} {n}"
        self.used.add(name)
        return code, name, kind


def seed(stdout=None) -> bool:
    created = seed_tree(stdout)
    created |= seed_households(stdout)
    return created


def _communes(data) -> tuple[dict, dict, dict]:
    """Rows by code: the 216 of 2024, the 209 of the first half of 2025, the 69 from 1/7/2025."""
    a = {c: (name, kind, d) for c, name, kind, d in data["communes_2024"]}
    b = {c: (name, kind, d) for c, name, kind, d in data["communes_2025"]}
    c = {code: (name, kind, parts) for code, name, kind, parts in data["communes_2025_07"]}
    return a, b, c


@transaction.atomic
def seed_tree(stdout=None) -> bool:
    """Create the demo tree unless it is there. Returns True when something was created."""
    if AdministrativeUnit.objects.filter(code="42", level=UnitLevel.PROVINCE).exists():
        return False
    data = load_data()
    rng = random.Random(42)
    code, name = data["province"]
    (province,) = _create([_unit(code, name, UnitKind.PROVINCE, UnitLevel.PROVINCE)], [None])

    closed_districts = data["districts_closed_2025_01"]
    district_rows = _create(
        [
            _unit(
                code,
                name,
                kind,
                UnitLevel.DISTRICT,
                valid_to=LAST_2024_DAY if code in closed_districts else LAST_OLD_DAY,
            )
            for code, name, kind in data["districts"]
        ],
        [province] * len(data["districts"]),
    )
    districts = {u.code: u for u in district_rows}
    for code, closing in closed_districts.items():
        districts[code].successor = districts[closing["into"]]
    AdministrativeUnit.objects.bulk_update([districts[c] for c in closed_districts], ["successor"])

    a_rows, b_rows, c_rows = _communes(data)
    # a commune whose name, kind and district stay the same on 1/1/2025 is one row to 30/6/2025
    kept = {code for code, row in a_rows.items() if b_rows.get(code) == row}
    a_codes, b_codes = sorted(a_rows), sorted(set(b_rows) - kept)
    a_units = _create(
        [
            _unit(
                code,
                a_rows[code][0],
                a_rows[code][1],
                UnitLevel.COMMUNE,
                valid_to=LAST_OLD_DAY if code in kept else LAST_2024_DAY,
            )
            for code in a_codes
        ],
        [districts[a_rows[code][2]] for code in a_codes],
    )
    b_new = _create(
        [
            _unit(
                code,
                b_rows[code][0],
                b_rows[code][1],
                UnitLevel.COMMUNE,
                valid_from=FIRST_REFORM_DAY,
                valid_to=LAST_OLD_DAY,
            )
            for code in b_codes
        ],
        [districts[b_rows[code][2]] for code in b_codes],
    )
    a_by_code = dict(zip(a_codes, a_units, strict=True))
    # the commune-level unit of each 209 code in the first half of 2025
    b_by_code = {code: a_by_code[code] for code in kept} | dict(zip(b_codes, b_new, strict=True))
    merged = data["merged_2025_01"]
    for code, unit in a_by_code.items():
        if code not in kept:
            target = code if code in b_rows else merged[code]["into"] or merged[code]["rule"]
            unit.successor = b_by_code[target]

    c_codes = sorted(c_rows)
    c_units = _create(
        [
            _unit(code, c_rows[code][0], c_rows[code][1], UnitLevel.COMMUNE, valid_from=REFORM_DAY)
            for code in c_codes
        ],
        [province] * len(c_codes),
    )
    c_by_code = dict(zip(c_codes, c_units, strict=True))
    b_by_name = {row[0]: code for code, row in b_rows.items()}
    went_to: dict[str, list[str]] = {}  # 209 code -> the 2025 units it went to, by code
    for code in c_codes:
        for part in c_rows[code][2]:
            went_to.setdefault(b_by_name[part], []).append(code)
    for code, unit in b_by_code.items():
        # a unit split between several: the lowest code is its successor (data file, "rules")
        unit.successor = c_by_code[min(went_to[code])]
    AdministrativeUnit.objects.bulk_update([*a_units, *b_new], ["successor"], batch_size=500)

    areas = _seed_areas(rng, a_by_code, b_by_code, kept, c_by_code, went_to)
    if stdout:
        stdout.write(
            f"Cây đơn vị Hà Tĩnh: {len(a_rows)} xã/phường/thị trấn và {len(districts)} đơn vị "
            f"cấp huyện đến 31/12/2024; {len(b_rows)} xã/phường/thị trấn và "
            f"{len(districts) - len(closed_districts)} đơn vị cấp huyện từ 01/01/2025; "
            f"{len(c_rows)} xã/phường từ 01/07/2025; {areas} khu dân cư."
        )
    return True


def _seed_areas(rng, a_by_code, b_by_code, kept, c_by_code, went_to) -> int:
    """Invented residential areas: 6-10 per commune of 2024, carried through both reforms."""
    # 2024: each commune's own areas; those of a kept commune run on to 30/6/2025
    a_rows, a_parents = [], []
    for code in sorted(a_by_code):
        commune = a_by_code[code]
        namer = _Areas(commune, rng, width=2)
        end = LAST_OLD_DAY if code in kept else LAST_2024_DAY
        for _ in range(rng.randint(6, 10)):
            area_code, name, kind = namer.next(None, rng)
            a_rows.append(_unit(area_code, name, kind, UnitLevel.AREA, valid_to=end))
            a_parents.append(commune)
    a_areas = _create(a_rows, a_parents)

    # 1/1/2025: areas of a commune that closed move to the commune that took it over
    # (a commune that stays numbers the newcomers after its own areas)
    namers = {}
    for code in sorted(kept):
        commune = b_by_code[code]
        own = [a for a in a_areas if a.parent_id == commune.pk]
        namers[commune.pk] = _Areas(commune, rng, width=2, start=len(own))
        namers[commune.pk].used.update(a.name for a in own)
    b_rows, b_parents, moved = [], [], []
    for area in a_areas:
        if area.valid_to != LAST_2024_DAY:
            continue
        target = area.parent.successor
        if target.pk not in namers:
            namers[target.pk] = _Areas(target, rng, width=2)
        area_code, name, kind = namers[target.pk].next(area, rng)
        b_rows.append(_unit(area_code, name, kind, UnitLevel.AREA, FIRST_REFORM_DAY, LAST_OLD_DAY))
        b_parents.append(target)
        moved.append(area)
    b_areas = _create(b_rows, b_parents)
    for old, new in zip(moved, b_areas, strict=True):
        old.successor = new

    # 1/7/2025: every area of the first half of 2025 goes to a commune of the 69; the areas
    # of a commune split between several are shared out among them in turn
    by_commune: dict[int, list] = {}
    for area in [a for a in a_areas if a.valid_to == LAST_OLD_DAY] + b_areas:
        by_commune.setdefault(area.parent_id, []).append(area)
    c_namers = {pk: _Areas(unit, rng, width=3) for pk, unit in _by_pk(c_by_code).items()}
    c_rows, c_parents, carried = [], [], []
    for code in sorted(b_by_code):
        targets = [c_by_code[c] for c in sorted(went_to[code])]
        for i, area in enumerate(sorted(by_commune.get(b_by_code[code].pk, []), key=_code)):
            target = targets[i % len(targets)]
            area_code, name, kind = c_namers[target.pk].next(area, rng)
            c_rows.append(_unit(area_code, name, kind, UnitLevel.AREA, valid_from=REFORM_DAY))
            c_parents.append(target)
            carried.append(area)
    c_areas = _create(c_rows, c_parents)
    for old, new in zip(carried, c_areas, strict=True):
        old.successor = new
    AdministrativeUnit.objects.bulk_update([*moved, *carried], ["successor"], batch_size=500)
    origin = {new.pk: old for old, new in zip(moved, b_areas, strict=True)}
    _seed_statistics(rng, [origin.get(a.pk, a) for a in carried], c_areas)
    return len(c_areas)


def _by_pk(units: dict) -> dict:
    return {u.pk: u for u in units.values()}


def _code(area):
    return area.code


def _seed_statistics(rng, firsts, c_areas) -> None:
    """Yearly households and people (about 330,000 and 1.32 million): 2023-2024 on the area of
    2024 at the start of each line (`firsts`), 2025-2026 on its area of 1/7/2025. People per
    household vary from area to area."""
    stats = []
    target = 330_000 / len(c_areas)
    for first, new in zip(firsts, c_areas, strict=True):
        households = max(40, int(rng.gauss(target, target * 0.3)))
        per_household = rng.uniform(3.6, 4.4)
        for unit, year, factor in (
            (first, 2023, 0.98),
            (first, 2024, 0.99),
            (new, 2025, 1.0),
            (new, 2026, 1.01),
        ):
            h = int(households * factor)
            people = round(h * per_household)
            if people % h == 0:
                people += 1  # a population that divides exactly reads as made up
            stats.append(UnitStatistic(unit=unit, year=year, households=h, population=people))
    UnitStatistic.objects.bulk_create(stats, batch_size=1000)


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
