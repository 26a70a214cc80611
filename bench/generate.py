"""Synthetic data at province and nation size, for the benchmarks.

`generate(preset=..., seed=...)` fills an empty database (or one that holds only what an earlier
run generated) with a tree, households, title evaluations and recognitions, poverty statuses,
the Fund for the Poor and accepted yearly submissions. Rows are written straight to the tables
(PostgreSQL COPY from a streaming buffer, in batches; executemany on SQLite), never through the
services, so each writer here keeps the services' invariants itself:

- receipts are numbered 1..n per fund and year in date order, with no gap;
- a disbursement never takes a fund below zero at any date (donations of a day count first);
- an evaluation's score, `meets_criteria` and `outcome` follow the criteria set's rule exactly
  as `recognition.services` judges them; a recognition exists for every passed evaluation of a
  decided meeting; meetings are held before 25/11, posted, and decided after the posting;
- household evaluations are held at the household's own residential area (the service refuses
  any other), so the households' 2025 areas also hold the meetings of the earlier years;
- a poor household's supporter is a member organization above it.

Determinism: every random draw comes from generators seeded with (seed, purpose, key), every
timestamp is derived from the row's own date, and ids restart at 1 after the wipe, so the same
seed and arguments give the same rows.
"""

import datetime
import hashlib
import io
import itertools
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from core.bulk import copy_text

# the apps whose tables the generator fills and, before a run, empties
APP_LABELS = ("residential_areas", "campaign", "recognition", "poverty_fund", "reporting")
MARKER_TABLE = "bench_generated_data"
COPY_BATCH = 250_000  # rows per COPY statement (and per transaction outside tests)
INSERT_BATCH = 2_000
UTC = datetime.UTC

NO_POSTGRES = (
    "Bộ dữ liệu “national” (27 triệu hộ) chỉ tạo được trên PostgreSQL: hãy đặt DATABASE_URL="
    "postgres://... rồi chạy lại. SQLite không chịu được khối lượng này."
)
REAL_DATA = (
    "Cơ sở dữ liệu đang có dữ liệu không do generate_scale tạo ra ({what}). Lệnh này xóa toàn "
    "bộ dữ liệu nghiệp vụ trước khi tạo dữ liệu mô phỏng; nếu chắc chắn, chạy lại với --force."
)


class GenerateError(Exception):
    """A refusal with a message for the user (Vietnamese)."""


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    tree: str  # "hatinh": the demo tree of residential_areas.demo; "national": generated
    households: int
    years: int
    donations: int
    disbursements: int
    provinces: int = 0
    districts: int = 0
    communes: int = 0
    areas: int = 0


PRESETS = {
    "province": Preset(
        "province",
        "tỉnh Hà Tĩnh: ~330.000 hộ, 10 năm",
        "hatinh",
        households=330_000,
        years=10,
        donations=100_000,
        disbursements=20_000,
    ),
    "national": Preset(
        "national",
        "toàn quốc: ~10.000 xã, ~70.000 khu dân cư, ~27 triệu hộ, 1 năm",
        "national",
        households=27_000_000,
        years=1,
        donations=1_000_000,
        disbursements=200_000,
        provinces=63,
        districts=705,
        communes=10_000,
        areas=70_000,
    ),
}


def unknown_preset_message(name: str) -> str:
    choices = "; ".join(f"{p.name} ({p.label})" for p in PRESETS.values())
    return f"Không có bộ dữ liệu “{name}”. Chọn một trong: {choices}."


# -- deterministic randomness ------------------------------------------------------------------


def rng_for(seed: int, *key) -> random.Random:
    digest = hashlib.blake2b(repr((seed, *key)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def unit_hash(seed: int, n: int, salt: int) -> float:
    """A fixed number in [0, 1) per (seed, n, salt): a household's lasting traits."""
    x = (n * 0x9E3779B97F4A7C15 + seed * 0xBF58476D1CE4E5B9 + salt * 0x94D049BB133111EB) & (
        (1 << 64) - 1
    )
    x ^= x >> 31
    x = (x * 0xD6E8FEB86659FD93) & ((1 << 64) - 1)
    x ^= x >> 32
    return (x & 0xFFFFFFFF) / 4294967296.0


def local_dt(day: datetime.date, hour: int = 9) -> datetime.datetime:
    # Asia/Ho_Chi_Minh is UTC+7 without daylight saving
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - datetime.timedelta(
        hours=7
    )


# -- writing rows ------------------------------------------------------------------------------


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    return value


class _LineStream(io.RawIOBase):
    """A read-only file over an iterator of text chunks: COPY pulls, nothing piles up."""

    def __init__(self, chunks: Iterator[str]):
        self._chunks = chunks
        self._buf = b""

    def readable(self):
        return True

    def readinto(self, b):
        while len(self._buf) < len(b):
            try:
                self._buf += next(self._chunks).encode()
            except StopIteration:
                break
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class Writer:
    """Insert rows of a model: COPY on PostgreSQL, executemany on SQLite; counts what it wrote."""

    def __init__(self, *, log=None):
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.log = log or (lambda msg: None)

    def insert(self, model, fields: list[str], rows: Iterable[tuple]) -> int:
        table = model._meta.db_table
        columns = [model._meta.get_field(f).column for f in fields]
        total = 0
        rows = iter(rows)
        while True:
            batch = itertools.islice(rows, COPY_BATCH if self.postgres else INSERT_BATCH)
            n = (
                self._copy(table, columns, batch)
                if self.postgres
                else self._insert(table, columns, batch)
            )
            total += n
            if n == 0:
                break
            if self.postgres and total % (COPY_BATCH * 4) == 0:
                self.log(f"  {table}: {total:,} dòng".replace(",", "."))
        self.counts[table] = self.counts.get(table, 0) + total
        return total

    def _copy(self, table, columns, rows) -> int:
        counter = [0]

        def chunks():
            lines = []
            for row in rows:
                counter[0] += 1
                lines.append("\t".join(copy_text(v) for v in row))
                if len(lines) >= 2000:
                    yield "\n".join(lines) + "\n"
                    lines = []
            if lines:
                yield "\n".join(lines) + "\n"

        quoted = ", ".join(f'"{c}"' for c in columns)
        sql = f'COPY "{table}" ({quoted}) FROM STDIN'
        # outside a transaction each COPY commits on its own: one batch per transaction
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, _LineStream(chunks()), size=1 << 16)
        return counter[0]

    def _insert(self, table, columns, rows) -> int:
        values = [tuple(_sqlite_value(v) for v in row) for row in rows]
        if values:
            cols = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                cursor.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', values)
        return len(values)


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0] + 1


def reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# -- what is in the database -------------------------------------------------------------------


def _app_models(include_auto_created=True):
    for label in APP_LABELS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        yield from config.get_models(include_auto_created=include_auto_created)


def _table_names() -> list[str]:
    existing = set(connection.introspection.table_names())
    names = [m._meta.db_table for m in _app_models()]
    names.append(apps.get_model("accounts", "UnitRole")._meta.db_table)
    return [n for n in dict.fromkeys(names) if n in existing]


def marker() -> dict | None:
    """What the last run generated, or None when the database holds no generated data."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT preset, seed, scale FROM {MARKER_TABLE} ORDER BY id DESC")
        row = cursor.fetchone()
    return {"preset": row[0], "seed": row[1], "scale": row[2]} if row else None


# reference data a migration writes into every new database: not a sign of real data
REFERENCE_FROM_MIGRATIONS = {"poverty_fund.povertystandard"}


def existing_data() -> list[str]:
    """The business tables that hold rows, e.g. ["đơn vị hành chính: 2.735"]."""
    found = []
    for model in _app_models(include_auto_created=False):
        if model._meta.label_lower.split(".")[1].startswith("historical"):
            continue
        if model._meta.label_lower in REFERENCE_FROM_MIGRATIONS:
            continue
        n = model.objects.count()
        if n:
            found.append(f"{model._meta.verbose_name}: {n:,}".replace(",", "."))
    return found


def wipe() -> None:
    """Empty every table of the business apps (and the roles bound to their units).

    TRUNCATE on PostgreSQL: posted fund entries refuse DELETE by trigger, and a truncate is
    what a reset is. Ids restart at 1 so that the same seed gives the same rows."""
    tables = _table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{t}"' for t in tables)
            # inside a transaction (tests), deferred foreign-key checks must run before TRUNCATE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        else:
            # foreign keys are deferred on SQLite: every table is empty by the commit
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
            # Django's introspection hides sqlite_sequence; it exists with any AUTOINCREMENT table
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)
            cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")


DEFERRED_TABLE = "bench_deferred_index"


def _defer_indexes(tables: list[str]) -> int:
    """PostgreSQL: drop the tables' secondary indexes for the load; `restore_indexes` builds
    them again afterwards, one sort each instead of a random insert per row (with 27 million
    households the inserts slowed to 2,500 rows a second). Their definitions are kept in a
    table first, so a run stopped halfway leaves them to the next run to rebuild. Indexes that
    back a constraint (primary keys, unique constraints) stay; the unique indexes with a
    condition are dropped too, and their rebuild checks the loaded rows' uniqueness at the end
    (it fails on a duplicate) instead of row by row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {DEFERRED_TABLE} (name text PRIMARY KEY, definition text)"
        )
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
            [tables],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {DEFERRED_TABLE} (name, definition) VALUES (%s, %s) "
                "ON CONFLICT (name) DO NOTHING",
                [name, definition],
            )
            cursor.execute(f'DROP INDEX "{name}"')
    return len(found)


def restore_indexes(log=lambda msg: None) -> int:
    """Build again the indexes `_defer_indexes` dropped (PostgreSQL); returns how many."""
    if connection.vendor != "postgresql":
        return 0
    if DEFERRED_TABLE not in connection.introspection.table_names():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(f"SELECT name, definition FROM {DEFERRED_TABLE} ORDER BY name")
        saved = cursor.fetchall()
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        present = {row[0] for row in cursor.fetchall()}
        # inside a transaction (tests) the deferred foreign-key checks must run first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, definition in saved:
            if name not in present:
                log(f"  chỉ mục {name}...")
                cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"DROP TABLE {DEFERRED_TABLE}")
        cursor.execute("RESET maintenance_work_mem")
    return len(saved)


def _write_marker(preset: str, seed: int, scale: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (id integer PRIMARY KEY, preset varchar(20), "
            "seed bigint, scale double precision, generated_on date)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (id, preset, seed, scale, generated_on) "
            "VALUES (1, %s, %s, %s, %s)",
            [preset, seed, scale, datetime.date.today().isoformat()],
        )


# -- the generator -----------------------------------------------------------------------------


@dataclass
class Area:
    id: int
    code: str
    name: str
    commune_id: int
    area_type: str
    first_household: int = 0
    households: int = 0
    official: int = 0  # the yearly statistics' household count, at full size


class Generator:
    def __init__(self, *, preset: Preset, seed: int, scale: float, last_year: int, log):
        self.p = preset
        self.seed = seed
        self.scale = scale
        self.last_year = last_year
        self.years = list(range(last_year - preset.years + 1, last_year + 1))
        self.log = log
        self.w = Writer(log=log)
        self.areas: list[Area] = []  # the areas that hold households
        self.area_by_id: dict[int, Area] = {}

    def n(self, count: int, minimum: int = 1) -> int:
        return max(minimum, round(count * self.scale))

    # the pieces, in order
    def run(self) -> dict[str, int]:
        from residential_areas.models import AdministrativeUnit

        self.log(f"Cây đơn vị ({self.p.tree})...")
        if self.p.tree == "hatinh":
            self.hatinh_tree()
        else:
            self.national_tree()
        self.units = {u.pk: u for u in AdministrativeUnit.objects.all()}
        self.reference_data()
        self.log("Hộ gia đình...")
        self.households()
        self.statistics()
        self.log("Tình trạng nghèo theo năm...")
        self.poverty_statuses()
        self.log("Bình xét, công nhận danh hiệu...")
        self.titles()
        self.log("Quỹ Vì người nghèo...")
        self.funds()
        self.log("Báo cáo kết quả năm...")
        self.submissions()
        reset_sequences(_app_models(include_auto_created=False))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.w.counts

    # -- the tree -------------------------------------------------------------------------------

    def hatinh_tree(self) -> None:
        from residential_areas import demo
        from residential_areas.models import AdministrativeUnit, UnitLevel, UnitStatistic

        demo.seed_tree()
        new_areas = (
            AdministrativeUnit.objects.filter(level=UnitLevel.AREA, valid_from=demo.REFORM_DAY)
            .select_related("parent")
            .order_by("path")
        )
        stat = dict(
            UnitStatistic.objects.filter(year=2025, unit__in=new_areas).values_list(
                "unit_id", "households"
            )
        )
        carry = 0.0
        for unit in new_areas:
            # largest remainder across areas: the total follows the scale even when tiny
            carry += stat.get(unit.pk, 165) * self.scale
            count = int(carry)
            carry -= count
            area = Area(unit.pk, unit.code, unit.name, unit.parent_id, unit.area_type)
            area.households = count
            area.official = stat.get(unit.pk, 165)
            self.areas.append(area)

    def national_tree(self) -> None:
        from residential_areas import demo
        from residential_areas.models import AdministrativeUnit, AreaType, UnitKind, UnitLevel
        from residential_areas.text import fold

        p = self.p
        rng = rng_for(self.seed, "tree")
        n_prov = self.n(p.provinces, 2)
        n_dist = max(n_prov, self.n(p.districts))
        n_comm = max(n_dist, self.n(p.communes))
        n_area = max(n_comm, self.n(p.areas))
        n_house = self.n(p.households)
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "area_type",
            "parent",
            "path",
            "search_name",
        ]
        rows = []
        next_pk = [next_id(AdministrativeUnit)]

        def add(code, name, kind, level, area_type, parent_id, parent_path):
            pk = next_pk[0]
            next_pk[0] += 1
            path = f"{parent_path}{pk}/"
            rows.append((pk, code, name, kind, level, area_type, parent_id, path, fold(name)))
            return pk, path

        root = add(
            "VN", "Toàn quốc (dữ liệu mô phỏng)", UnitKind.PROVINCE, "province", "rural", None, ""
        )

        def spread(total, parts):
            base, extra = divmod(total, parts)
            return [base + (1 if i < extra else 0) for i in range(parts)]

        provinces = [
            add(
                f"{i + 1:02d}",
                f"Tỉnh Mô Phỏng {i + 1}",
                UnitKind.PROVINCE,
                "province",
                "rural",
                *root,
            )
            for i in range(n_prov)
        ]
        districts = []
        for (ppk, ppath), k in zip(provinces, spread(n_dist, n_prov), strict=True):
            for _ in range(k):
                i = len(districts) + 1
                districts.append(
                    add(
                        f"{i:03d}", f"Huyện {i}", UnitKind.DISTRICT, "district", "rural", ppk, ppath
                    )
                )
        self.log(f"  {n_prov} tỉnh, {n_dist} huyện, {n_comm} xã, {n_area} khu dân cư")
        communes = []
        for (dpk, dpath), k in zip(districts, spread(n_comm, n_dist), strict=True):
            for _ in range(k):
                i = len(communes) + 1
                urban = rng.random() < 0.12
                kind, label = ("phuong", "Phường") if urban else ("xa", "Xã")
                communes.append(
                    (
                        *add(
                            f"{i:05d}",
                            f"{label} {i}",
                            kind,
                            "commune",
                            AreaType.URBAN if urban else AreaType.RURAL,
                            dpk,
                            dpath,
                        ),
                        AreaType.URBAN if urban else AreaType.RURAL,
                    )
                )
        per_area = spread(n_house, n_area)
        a = 0
        for (cpk, cpath, area_type), k in zip(communes, spread(n_area, n_comm), strict=True):
            for j in range(k):
                if area_type == AreaType.URBAN:
                    kind, name = UnitKind.QUARTER, f"Tổ dân phố {j + 1}"
                else:
                    kind = UnitKind.VILLAGE
                    name = f"Thôn {demo.VILLAGE_WORDS[j % len(demo.VILLAGE_WORDS)]}"
                code = f"{cpk}-{j + 1:02d}"
                pk, _path = add(code, name, kind, UnitLevel.AREA, area_type, cpk, cpath)
                area = Area(pk, code, name, cpk, area_type)
                area.households = area.official = per_area[a]
                a += 1
                self.areas.append(area)
        self.w.insert(AdministrativeUnit, fields, rows)
        rows.clear()

    def reference_data(self) -> None:
        """Content areas, member organizations, criteria sets, poverty standards, a system user."""
        from django.contrib.auth import get_user_model

        from campaign import demo as campaign_demo
        from campaign.models import ContentArea, MemberOrganization
        from poverty_fund import demo as poverty_demo
        from poverty_fund.models import PovertyStandard
        from residential_areas.models import AdministrativeUnit

        self.area_by_id = {a.id: a for a in self.areas}
        for number, title, short in campaign_demo.CONTENT_AREAS:
            ContentArea.objects.get_or_create(
                number=number, defaults={"title": title, "short_title": short}
            )
        self.root = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
        self.orgs = []
        for kind, name in campaign_demo.PROVINCE_ORGS:
            org, _ = MemberOrganization.objects.get_or_create(
                unit=self.root, name=name, defaults={"kind": kind}
            )
            self.orgs.append(org.pk)
        self.user, _ = get_user_model().objects.get_or_create(
            username="scale.hethong",
            defaults={"first_name": "Dữ liệu mô phỏng", "is_active": False},
        )
        deprivations = [
            {"code": c, "label": label}
            for c, label in [
                ("viec_lam", "Việc làm"),
                ("nguoi_phu_thuoc", "Người phụ thuộc trong hộ"),
                ("dinh_duong", "Dinh dưỡng"),
                ("bhyt", "Bảo hiểm y tế"),
                ("giao_duc_nguoi_lon", "Trình độ giáo dục của người lớn"),
                ("di_hoc_tre_em", "Tình trạng đi học của trẻ em"),
                ("chat_luong_nha_o", "Chất lượng nhà ở"),
                ("dien_tich_nha_o", "Diện tích nhà ở bình quân đầu người"),
                ("nuoc_sinh_hoat", "Nguồn nước sinh hoạt"),
                ("nha_tieu", "Nhà tiêu hợp vệ sinh"),
                ("vien_thong", "Sử dụng dịch vụ viễn thông"),
                ("tiep_can_thong_tin", "Phương tiện phục vụ tiếp cận thông tin"),
            ]
        ]
        for first, last, name, basis, rural, urban in (
            (
                2016,
                2021,
                "Chuẩn nghèo đa chiều 2016-2020",
                "Quyết định 59/2015/QĐ-TTg",
                700_000,
                900_000,
            ),
        ):
            if (
                not PovertyStandard.objects.filter(first_year__lte=max(first, self.years[0]))
                .filter(first_year=first)
                .exists()
            ):
                PovertyStandard.objects.create(
                    name=name,
                    legal_basis=basis,
                    first_year=first,
                    last_year=last,
                    income_line_rural=rural,
                    income_line_urban=urban,
                    poor_min_deprivations=3,
                    indicators=deprivations,
                )
        # 2022 on: the standards by period, as the fund's migration and demo write them
        poverty_demo.standards_ensure()

    # -- households and yearly figures ----------------------------------------------------------

    def households(self) -> None:
        from residential_areas import demo
        from residential_areas.models import Household
        from residential_areas.text import fold

        first = next_id(Household)
        folded = {}
        for f in demo.FAMILY:
            for m in demo.MIDDLE:
                for g in demo.GIVEN:
                    name = f"{f} {m} {g}"
                    folded[name] = fold(name)
        names = list(folded)
        created = local_dt(datetime.date(self.years[0], 1, 2))
        commune_names = {}

        def rows():
            pk = first
            for area in self.areas:
                area.first_household = pk
                if area.commune_id not in commune_names:
                    commune_names[area.commune_id] = self.units[area.commune_id].name
                address = f"{area.name}, {commune_names[area.commune_id]}"
                rng = rng_for(self.seed, "households", area.id)
                for i in range(area.households):
                    name = names[int(rng.random() * len(names))]
                    yield (
                        pk,
                        area.id,
                        f"{area.code}-H{i + 1:04d}",
                        name,
                        1940 + int(rng.random() * 60),
                        address,
                        1 + int(rng.random() * 7),
                        "",
                        True,
                        folded[name],
                        created,
                    )
                    pk += 1

        self.w.insert(
            Household,
            [
                "id",
                "area",
                "code",
                "head_name",
                "head_birth_year",
                "address",
                "members",
                "phone",
                "is_active",
                "search_name",
                "created_at",
            ],
            rows(),
        )

    def statistics(self) -> None:
        """Yearly figures for every area in force each year (the demo tree has 2023-2026)."""
        from residential_areas.models import AdministrativeUnit, UnitLevel, UnitStatistic

        have = set(UnitStatistic.objects.values_list("unit_id", "year"))
        rows = []
        for year in self.years:
            on = datetime.date(year, 10, 1)
            areas = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.AREA)
            for pk, successor in areas.values_list("pk", "successor_id").iterator():
                if (pk, year) in have:
                    continue
                area = self.area_by_id.get(pk) or self.area_by_id.get(successor)
                # official figures, at full size whatever the scale of the households
                base = area.official if area else 0
                h = max(1, round(base * (1 - 0.008 * (self.last_year - year))))
                rows.append((pk, year, h, h * 4))
        self.w.insert(UnitStatistic, ["unit", "year", "households", "population"], rows)

    # -- poverty ----------------------------------------------------------------------------

    def poverty_status(self, hid: int, year: int) -> tuple[str, str, bool] | None:
        """(band, exit since last year, hardship flag), or None for a household with no record
        that year; poverty drifts down over the years. The poor of last year who are no longer
        poor are "not poor" and left poverty (the bands are nested: last year's poor share
        stands above this year's near-poor threshold only when the share fell)."""
        x = unit_hash(self.seed, hid, 1)
        t = year - self.years[0]
        poor = max(0.015, 0.06 - 0.004 * t)
        near = poor + 0.05
        hardship = unit_hash(self.seed, hid, 2) < 0.004
        if x < poor:
            return "poor", "", hardship
        if x < near:
            was_poor = t and x < max(0.015, 0.06 - 0.004 * (t - 1))
            return "near_poor", "left_poverty" if was_poor else "", hardship
        if t and x < max(0.015, 0.06 - 0.004 * (t - 1)) + 0.05:
            was_poor = x < max(0.015, 0.06 - 0.004 * (t - 1))
            return "not_poor", "left_poverty" if was_poor else "left_near_poverty", hardship
        if hardship:
            return "not_poor", "", True
        return None

    def poverty_statuses(self) -> None:
        from poverty_fund.models import HouseholdStatus
        from poverty_fund.selectors import standard_in_force

        standards = {y: standard_in_force(year=y) for y in self.years}
        codes = {y: (s.indicator_codes if s else []) for y, s in standards.items()}

        def rows():
            for year in self.years:
                std = standards[year]
                decided = datetime.date(year, 12, 15)
                stamp = local_dt(decided)
                for area in self.areas:
                    line = std.income_line(area.area_type) if std else 1_500_000
                    rng = rng_for(self.seed, "status", area.id, year)
                    for hid in range(area.first_household, area.first_household + area.households):
                        record = self.poverty_status(hid, year)
                        if record is None:
                            continue
                        status, exit_, hardship = record
                        poor_like = status in ("poor", "near_poor")
                        income = (
                            int(line * (0.5 + rng.random() * 0.5))
                            if poor_like
                            else int(line * (1.05 + rng.random()))
                        )
                        k = (
                            (3 + int(rng.random() * 3))
                            if status == "poor"
                            else int(rng.random() * 3)
                        )
                        deprivations = sorted(rng.sample(codes[year], k)) if codes[year] else []
                        supported = status == "poor" and rng.random() < 0.93
                        org = self.orgs[hid % len(self.orgs)] if supported else None
                        yield (
                            hid,
                            year,
                            status,
                            "survey" if std else "decision",
                            std.pk if std else None,
                            income,
                            deprivations,
                            f"{100 + area.commune_id % 800}/QĐ-UBND",
                            decided,
                            "member_org" if supported else "",
                            org,
                            "",
                            "",
                            stamp,
                            exit_,
                            hardship,
                            area.area_type if area.area_type in ("rural", "urban") else "",
                        )

        self.w.insert(
            HouseholdStatus,
            [
                "household",
                "year",
                "status",
                "basis",
                "standard",
                "income_per_person_month",
                "deprivations",
                "decision_number",
                "decision_date",
                "supporter_kind",
                "supporter_org",
                "supporter_name",
                "note",
                "updated_at",
                "exit",
                "is_hardship",
                "area_line",
            ],
            rows(),
        )

    # -- titles -----------------------------------------------------------------------------

    def _criteria_sets(self):
        from recognition import demo as recognition_demo
        from recognition.models import CriteriaSet, TitleKind
        from recognition.services import criteria as recognition_criteria

        recognition_demo.seed_rules()
        sets = {}
        for kind in (TitleKind.FAMILY, TitleKind.AREA):
            earliest = CriteriaSet.objects.filter(kind=kind).order_by("first_year").first()
            if earliest and earliest.first_year > self.years[0]:
                # years before the oldest real set: a copy of it, labelled as invented
                recognition_criteria.criteria_set_create(
                    kind=kind,
                    name=f"{earliest.name} (áp dụng mô phỏng)",
                    legal_basis=f"{earliest.legal_basis} (dữ liệu mô phỏng)",
                    first_year=self.years[0],
                    rule=earliest.rule,
                    pass_mark=earliest.pass_mark,
                    pass_mark_urban=earliest.pass_mark_urban,
                    pass_mark_disadvantaged=earliest.pass_mark_disadvantaged,
                    certificate_after_years=earliest.certificate_after_years,
                    groups=[
                        {
                            "kind": g.kind,
                            "title": g.title,
                            "description": g.description,
                            "max_points": g.max_points,
                        }
                        for g in earliest.groups.all()
                    ],
                )
            for year in self.years:
                cs = recognition_criteria.criteria_set_for(kind=kind, year=year)
                sets[kind, year] = (cs, list(cs.groups.order_by("number")))
        return sets

    def _judge(self, cs, groups, rng, good: bool, is_poor: bool, attending: int):
        """Results, score, votes and outcome as recognition.services.judging.judge decides them."""
        results = {}
        score = 0 if cs.rule == "score" else None
        meets = True
        for g in groups:
            if g.kind == "scored":
                low = g.max_points * (0.86 if good else 0.55)
                points = min(g.max_points, int(low + rng.random() * (g.max_points - low + 1)))
                results[str(g.number)] = points
                score += points
            elif g.kind == "condition":
                ok = good or rng.random() < 0.5
                results[str(g.number)] = ok
                meets &= ok
            else:
                applies = (not good) and rng.random() < 0.2
                results[str(g.number)] = applies
                meets &= not applies
        if cs.rule == "score":
            mark = cs.pass_mark_disadvantaged if is_poor and cs.pass_mark_disadvantaged else None
            meets = score >= (mark or cs.pass_mark)
        share = 0.75 + rng.random() * 0.25 if good else 0.3 + rng.random() * 0.4
        votes = min(attending, int(attending * share))
        agreed = votes * 100 >= attending * cs.agreement_min_pct
        return results, score, votes, meets, "passed" if meets and agreed else "failed"

    def titles(self) -> None:
        from recognition.models import (
            AuthorityRule,
            Decision,
            EvaluationMeeting,
            Recognition,
            TitleEvaluation,
            TitleKind,
        )
        from residential_areas.models import AdministrativeUnit, UnitLevel

        sets = self._criteria_sets()
        by_commune: dict[int, list[Area]] = {}
        for area in self.areas:
            by_commune.setdefault(area.commune_id, []).append(area)
        meeting_pk = next_id(EvaluationMeeting)
        decision_pk = next_id(Decision)
        decisions, meetings = [], []
        # (meeting id, area, year, kind, criteria set + groups, attending, decision id)
        family_meetings, area_meetings = [], []
        for year in self.years:
            held_on = datetime.date(year, 11, 5)
            posted_on = datetime.date(year, 11, 11)
            signed_on = datetime.date(year, 11, 24)
            cs, _groups = sets[TitleKind.FAMILY, year]
            for commune_id, areas in by_commune.items():
                if not any(a.households for a in areas):
                    continue
                decision = decision_pk
                decision_pk += 1
                decisions.append(
                    (
                        decision,
                        TitleKind.FAMILY,
                        year,
                        commune_id,
                        f"Chủ tịch UBND {self.units[commune_id].name}",
                        f"{100 + len(decisions) % 300}/QĐ-UBND",
                        signed_on,
                        local_dt(signed_on),
                    )
                )
                for area in areas:
                    if not area.households:
                        continue
                    invited = area.households
                    attending = max(
                        1, int(invited * (0.7 + unit_hash(self.seed, area.id, year) * 0.25))
                    )
                    meetings.append(
                        (
                            meeting_pk,
                            TitleKind.FAMILY,
                            year,
                            area.id,
                            cs.pk,
                            held_on,
                            invited,
                            attending,
                            "general",
                            posted_on,
                            "",
                            decision,
                        )
                    )
                    family_meetings.append((meeting_pk, area, year, attending, decision))
                    meeting_pk += 1
            # residential-area titles: the commune meets, the authority of the day decides
            on = datetime.date(year, 11, 25)
            acs, _ = sets[TitleKind.AREA, year]
            rule = (
                AuthorityRule.objects.filter(kind=TitleKind.AREA).filter(models_q_valid(on)).first()
            )
            deciding_level = rule.level if rule else UnitLevel.COMMUNE
            communes = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.COMMUNE)
            area_rows = AdministrativeUnit.objects.as_of(on).filter(level=UnitLevel.AREA)
            children: dict[int, list[int]] = {}
            for pk, parent in area_rows.values_list("pk", "parent_id").iterator():
                children.setdefault(parent, []).append(pk)
            by_decider: dict[int, int] = {}
            for commune_id, parent_id in communes.order_by("path").values_list("pk", "parent_id"):
                if not children.get(commune_id):
                    continue
                decider = commune_id if deciding_level == UnitLevel.COMMUNE else parent_id
                if decider not in by_decider:
                    by_decider[decider] = decision_pk
                    decisions.append(
                        (
                            decision_pk,
                            TitleKind.AREA,
                            year,
                            decider,
                            f"Chủ tịch UBND {self.units[decider].name}",
                            f"{400 + len(by_decider)}/QĐ-UBND",
                            datetime.date(year, 11, 25),
                            local_dt(datetime.date(year, 11, 25)),
                        )
                    )
                    decision_pk += 1
                meetings.append(
                    (
                        meeting_pk,
                        TitleKind.AREA,
                        year,
                        commune_id,
                        acs.pk,
                        datetime.date(year, 11, 12),
                        25,
                        21,
                        "general",
                        datetime.date(year, 11, 13),
                        "",
                        by_decider[decider],
                    )
                )
                area_meetings.append((meeting_pk, children[commune_id], year, by_decider[decider]))
                meeting_pk += 1
        self.w.insert(
            Decision,
            ["id", "kind", "year", "unit", "authority", "number", "signed_on", "created_at"],
            decisions,
        )
        self.w.insert(
            EvaluationMeeting,
            [
                "id",
                "kind",
                "year",
                "unit",
                "criteria_set",
                "held_on",
                "invited",
                "attending",
                "category",
                "posted_on",
                "objections",
                "decision",
            ],
            meetings,
        )
        del decisions, meetings
        first_evaluation = next_id(TitleEvaluation)

        def evaluations(emit_recognitions: bool):
            pk = first_evaluation
            for meeting_id, area, year, attending, decision in family_meetings:
                cs, groups = sets[TitleKind.FAMILY, year]
                rng = rng_for(self.seed, "evaluation", meeting_id)
                for hid in range(area.first_household, area.first_household + area.households):
                    status = self.poverty_status(hid, year)
                    is_poor = status in ("poor", "near_poor")
                    good = unit_hash(self.seed, hid, 3) < 0.88 and rng.random() < 0.96
                    results, score, votes, meets, outcome = self._judge(
                        cs, groups, rng, good, is_poor, attending
                    )
                    if emit_recognitions:
                        if outcome == "passed":
                            yield (TitleKind.FAMILY, year, hid, area.id, decision, pk)
                    else:
                        yield (
                            pk,
                            meeting_id,
                            hid,
                            area.id,
                            results,
                            score,
                            is_poor,
                            votes,
                            meets,
                            outcome,
                            "",
                        )
                    pk += 1
            for meeting_id, area_ids, year, decision in area_meetings:
                cs, groups = sets[TitleKind.AREA, year]
                rng = rng_for(self.seed, "area-evaluation", meeting_id)
                for area_id in area_ids:
                    good = unit_hash(self.seed, area_id, 4) < 0.82
                    results, score, votes, meets, outcome = self._judge(
                        cs, groups, rng, good, False, 21
                    )
                    if emit_recognitions:
                        if outcome == "passed":
                            yield (TitleKind.AREA, year, None, area_id, decision, pk)
                    else:
                        yield (
                            pk,
                            meeting_id,
                            None,
                            area_id,
                            results,
                            score,
                            False,
                            votes,
                            meets,
                            outcome,
                            "",
                        )
                    pk += 1

        self.w.insert(
            TitleEvaluation,
            [
                "id",
                "meeting",
                "household",
                "area",
                "results",
                "score",
                "is_poor",
                "votes_for",
                "meets_criteria",
                "outcome",
                "note",
            ],
            evaluations(False),
        )
        self.w.insert(
            Recognition,
            ["kind", "year", "household", "area", "decision", "evaluation"],
            evaluations(True),
        )

    # -- the fund ---------------------------------------------------------------------------

    def funds(self) -> None:
        from poverty_fund.models import Disbursement, Donation, Fund
        from residential_areas.demo import person_name
        from residential_areas.models import UnitLevel
        from residential_areas.text import fold

        first = datetime.date(self.years[0], 1, 1)
        last = datetime.date(self.last_year, 11, 28)
        units = sorted(
            (u for u in self.units.values() if u.level != UnitLevel.AREA), key=lambda u: u.path
        )
        fund_pk = next_id(Fund)
        funds = []  # (fund id, unit, start, end, weight)
        for unit in units:
            start = max(first, unit.valid_from or first)
            end = min(last, unit.valid_to or last)
            if start > end:
                continue
            weight = {"province": 8.0, "district": 3.0}.get(unit.level, 1.0)
            funds.append((fund_pk, unit, start, end, weight * ((end - start).days + 1)))
            fund_pk += 1
        self.w.insert(
            Fund,
            ["id", "unit", "name", "is_published", "created_at"],
            (
                (pk, u.pk, f"Quỹ Vì người nghèo {u.name}", True, local_dt(start))
                for pk, u, start, _e, _w in funds
            ),
        )
        n_don, n_dis = self.n(self.p.donations), self.n(self.p.disbursements)
        total_weight = sum(f[4] for f in funds)
        # households a fund may support: the areas below its unit
        areas_under: dict[str, list[Area]] = {}
        for area in self.areas:
            if area.households:
                path = self.units[area.id].path
                for i in range(len(path)):
                    if path[i] == "/":
                        areas_under.setdefault(path[: i + 1], []).append(area)
        # donations by the fund's size and lifetime; disbursements where the money came in
        carry = 0.0
        counts = []
        for _pk, _unit, _start, _end, weight in funds:
            carry += n_don * weight / total_weight
            counts.append(int(carry))
            carry -= counts[-1]
        carry = 0.0
        plan = []
        for (pk, unit, start, end, _w), nd in zip(funds, counts, strict=True):
            carry += n_dis * nd / max(1, sum(counts))
            ns = int(carry)
            carry -= ns
            plan.append((pk, unit, start, end, nd, ns))

        donors = ["Công ty", "Ngân hàng", "Trường", "Hội đồng hương", "Chi bộ", "Cán bộ"]
        kinds = ["person", "organization", "enterprise", "expatriate"]
        drives = ["peak_month", "tet", "disaster", "other"]
        purposes = [
            "house_new",
            "house_repair",
            "livelihood",
            "schooling",
            "health",
            "tet",
            "relief",
            "other",
        ]

        def events(pk, unit, start, end, nd, ns):
            """Donations (receipt numbered) and disbursements of one fund, in date order."""
            rng = rng_for(self.seed, "fund", pk)
            span = (end - start).days
            days = []
            for _ in range(nd):
                if rng.random() < 0.55:
                    y = start.year + int(rng.random() * (end.year - start.year + 1))
                    d = datetime.date(y, 10, 17) + datetime.timedelta(days=int(rng.random() * 33))
                    if not (start <= d <= end):
                        d = start + datetime.timedelta(days=int(rng.random() * (span + 1)))
                else:
                    d = start + datetime.timedelta(days=int(rng.random() * (span + 1)))
                days.append(d)
            days.sort()
            # paid out after the first money came in, never before
            first_in = days[0] if days else end
            spend_span = (end - first_in).days
            spend_days = sorted(
                first_in + datetime.timedelta(days=1 + int(rng.random() * spend_span))
                for _ in range(ns if spend_span > 0 else 0)
            )
            under = areas_under.get(unit.path, [])
            balance = 0
            receipt: dict[int, int] = {}
            i = j = 0
            while i < len(days) or j < len(spend_days):
                # a day's donations come before its disbursements
                if j >= len(spend_days) or (i < len(days) and days[i] <= spend_days[j]):
                    d = days[i]
                    i += 1
                    receipt[d.year] = receipt.get(d.year, 0) + 1
                    kind = kinds[min(3, int(rng.random() ** 2 * 4))]
                    if kind == "person":
                        donor = person_name(rng)
                    else:
                        donor = f"{donors[int(rng.random() * len(donors))]} {int(rng.random() * 900) + 100}"
                    amount = int(50_000 * (1 + int(rng.random() ** 3 * 400))) // 1000 * 1000
                    channel = "bank" if rng.random() < 0.4 else "cash"
                    balance += amount
                    yield (
                        "donation",
                        (
                            amount,
                            d,
                            "",
                            "",
                            local_dt(d),
                            None,
                            pk,
                            d.year,
                            receipt[d.year],
                            donor,
                            kind,
                            "",
                            rng.random() < 0.03,
                            channel,
                            f"FT{d:%y%m%d}{pk:05d}{receipt[d.year]:05d}"
                            if channel == "bank"
                            else "",
                            "",
                            # each drive only inside its window (poverty_fund's rule)
                            drives[0]
                            if (10, 17) <= (d.month, d.day) <= (11, 18)
                            else drives[1]
                            if d.month in (12, 1, 2) and rng.random() < 0.5
                            else drives[2 + int(rng.random() * 2)],
                            fold(donor),
                        ),
                    )
                else:
                    d = spend_days[j]
                    j += 1
                    want = int(500_000 * (1 + int(rng.random() ** 2 * 80))) // 1000 * 1000
                    amount = min(want, balance)
                    if amount <= 0:
                        continue  # nothing to spend yet: the clerk could not have paid it
                    balance -= amount
                    purpose = purposes[int(rng.random() * len(purposes))]
                    household = beneficiary = None
                    if under and rng.random() < 0.7:
                        area = under[int(rng.random() * len(under))]
                        household = area.first_household + int(rng.random() * area.households)
                    else:
                        beneficiary = "Hỗ trợ hộ khó khăn theo danh sách của Ban Công tác Mặt trận"
                    yield (
                        "disbursement",
                        (
                            amount,
                            d,
                            "",
                            "",
                            local_dt(d, 14),
                            None,
                            pk,
                            purpose,
                            household,
                            beneficiary or "",
                            f"{10 + j}/QĐ-MTTQ",
                            f"Chủ tịch Ủy ban MTTQ {unit.name}",
                        ),
                    )

        def stream(kind):
            for args in plan:
                for k, row in events(*args):
                    if k == kind:
                        yield row

        common = ["amount", "date", "note", "reason", "posted_at", "posted_by", "fund"]
        self.w.insert(
            Donation,
            [
                *common,
                "receipt_year",
                "receipt_number",
                "donor_name",
                "donor_kind",
                "donor_address",
                "is_anonymous",
                "channel",
                "bank_reference",
                "in_kind_description",
                "drive",
                "search_name",
            ],
            stream("donation"),
        )
        self.w.insert(
            Disbursement,
            [*common, "purpose", "household", "beneficiary", "decision_number", "approved_by"],
            stream("disbursement"),
        )

    # -- yearly results ---------------------------------------------------------------------

    def submissions(self) -> None:
        from campaign.models import (
            ContentArea,
            Indicator,
            IndicatorSet,
            ReportingPeriod,
            Submission,
            SubmissionEvent,
            SubmissionValue,
        )
        from campaign.results import selectors as campaign_selectors
        from campaign.results.indicators import build_indicators
        from residential_areas.models import AdministrativeUnit, UnitLevel, UnitStatistic

        content = {a.number: a for a in ContentArea.objects.all()}
        sub_pk = next_id(Submission)
        subs, values, events = [], [], []
        for year in self.years:
            tree_date = datetime.date(year, 10, 1)
            has_districts = (
                AdministrativeUnit.objects.as_of(tree_date)
                .filter(level=UnitLevel.DISTRICT)
                .exists()
            )
            iset = IndicatorSet.objects.create(
                year=year,
                name=f"Bộ chỉ tiêu Cuộc vận động năm {year}",
                status="published",
                published_at=local_dt(datetime.date(year, 1, 15)),
            )
            indicators = build_indicators(iset, content)
            Indicator.objects.bulk_create(indicators)
            indicators = list(iset.indicators.all())
            period = ReportingPeriod.objects.create(
                year=year,
                indicator_set=iset,
                reporting_level=UnitLevel.DISTRICT if has_districts else UnitLevel.COMMUNE,
                tree_date=tree_date,
                opens_on=tree_date,
                due_on=datetime.date(year, 11, 30),
                grace_days=5,
            )
            stats = dict(
                UnitStatistic.objects.filter(year=year).values_list("unit__path", "households")
            )
            for unit in campaign_selectors.expected_units(period=period).order_by("path"):
                households = sum(h for p, h in stats.items() if p.startswith(unit.path))
                areas = sum(1 for p in stats if p.startswith(unit.path))
                rng = rng_for(self.seed, "submission", year, unit.code)
                submitted = local_dt(datetime.date(year, 11, 10 + int(rng.random() * 19)))
                accepted = submitted + datetime.timedelta(days=2)
                subs.append(
                    (
                        sub_pk,
                        period.pk,
                        unit.pk,
                        None,
                        "accepted",
                        1,
                        f"{unit.name} triển khai đồng bộ 5 nội dung của Cuộc vận động năm {year}.",
                        "",
                        "",
                        "",
                        "",
                        submitted,
                        False,
                        accepted,
                        submitted,
                        accepted,
                    )
                )
                for n, (action, at) in enumerate(
                    (("created", submitted), ("submitted", submitted), ("accepted", accepted))
                ):
                    events.append(
                        (sub_pk, action, self.user.pk, at + datetime.timedelta(minutes=n), "", {})
                    )
                for ind, value in indicator_values(indicators, households, areas, rng).items():
                    values.append((sub_pk, ind.pk, value, "", value, "", "", "", ""))
                sub_pk += 1
        self.w.insert(
            Submission,
            [
                "id",
                "period",
                "unit",
                "organization",
                "status",
                "version",
                "results",
                "highlights",
                "difficulties",
                "proposals",
                "attachment",
                "submitted_at",
                "is_late",
                "accepted_at",
                "created_at",
                "updated_at",
            ],
            subs,
        )
        self.w.insert(
            SubmissionEvent, ["submission", "action", "by", "at", "reason", "snapshot"], events
        )
        self.w.insert(
            SubmissionValue,
            [
                "submission",
                "indicator",
                "value",
                "text_value",
                "prefilled_value",
                "source",
                "note",
                "reviewer_comment",
                "invalid_input",
            ],
            values,
        )


def models_q_valid(on: datetime.date):
    from django.db.models import Q

    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


HOUSEHOLD_SHARES = {
    "land_donated_households": 0.12,
    "safe_food_households": 0.2,
    "cooperative_households": 0.35,
    "poor_households": 0.04,
    "near_poor_households": 0.05,
    "cultural_families": 0.86,
    "hygienic_latrine_households": 0.86,
    "waste_sorting_households": 0.55,
    "waste_sorted_households": 0.58,
}
PER_AREA = {
    "land_donated_m2": 900,
    "labour_days": 300,
    "contributions_money": 45_000_000,
    "fund_raised": 18_000_000,
    "fund_spent": 15_000_000,
    "outreach_participants": 180,
    "trees_planted": 120,
    "budget_spent": 2_500_000,
}


def indicator_values(indicators, households: int, areas: int, rng) -> dict:
    """Plausible accepted values: parts below their wholes, ratios left to the aggregation."""
    out = {}
    by_code = {}
    for ind in indicators:
        if ind.aggregation == "ratio" or ind.value_type == "text":
            continue
        code = ind.code
        if code == "households_total":
            v = households
        elif code == "population_total":
            v = households * 4
        elif code == "residential_areas_total":
            v = areas
        elif code in HOUSEHOLD_SHARES:
            v = int(households * HOUSEHOLD_SHARES[code] * (0.9 + rng.random() * 0.1))
        elif ind.value_type == "yes_no":
            v = 1
        elif ind.value_type == "percent" or ind.aggregation == "average":
            v = Decimal(str(round(85 + rng.random() * 14, 1)))
        elif ind.part_of_code and ind.part_of_code not in ("households_total",):
            v = None  # filled from its whole below
        else:
            v = int(areas * PER_AREA.get(code, 1) * (0.7 + rng.random() * 0.6))
        by_code[code] = v
        out[ind] = v
    for ind in indicators:
        if ind in out and out[ind] is None:
            whole = by_code.get(ind.part_of_code) or 0
            out[ind] = int(whole * 0.85)
    if ind_max := {i: i.max_value for i in out if i.max_value is not None}:
        for ind, top in ind_max.items():
            if out[ind] is not None and out[ind] > top:
                out[ind] = top
    return {
        ind: (v if isinstance(v, Decimal) or v is None else Decimal(v)) for ind, v in out.items()
    }


# -- entry point --------------------------------------------------------------------------------


def generate(
    *,
    preset: str,
    seed: int = 1,
    force: bool = False,
    years: int | None = None,
    scale: float = 1.0,
    last_year: int | None = None,
    log=print,
) -> dict[str, int]:
    """Fill the database with the preset. Refuses on real data unless `force`."""
    from django.utils import timezone

    if preset not in PRESETS:
        raise GenerateError(unknown_preset_message(preset))
    spec = PRESETS[preset]
    if years:
        spec = replace(spec, years=years)
    if spec.tree == "national" and connection.vendor != "postgresql":
        raise GenerateError(NO_POSTGRES)
    found = existing_data()
    if found and marker() is None and not force:
        raise GenerateError(REAL_DATA.format(what="; ".join(found[:4])))
    last_year = last_year or timezone.localdate().year
    log(f"Xóa dữ liệu cũ ({len(_table_names())} bảng)...")
    with transaction.atomic():
        wipe()
        # what a run stopped halfway dropped, rebuilt on the empty tables
        restore_indexes(log)
        # marked first: a run stopped halfway leaves data that a rerun may replace
        _write_marker(preset, seed, scale)
    gen = Generator(preset=spec, seed=seed, scale=scale, last_year=last_year, log=log)
    try:
        if connection.vendor == "postgresql":
            _defer_indexes(_table_names())
            try:
                return gen.run()
            finally:
                log("Tạo lại chỉ mục...")
                restore_indexes(log)
        # SQLite commits (and syncs) every statement of an executemany on its own otherwise
        with transaction.atomic():
            return gen.run()
    finally:
        from core import fragments

        fragments.bump()  # COPY sends no signals: cached page parts must be rendered anew


def checksums() -> dict[str, str]:
    """A digest per key table, over natural keys only (no ids, no timestamps)."""
    from campaign.models import SubmissionValue
    from poverty_fund.models import Disbursement, Donation, HouseholdStatus
    from recognition.models import Recognition, TitleEvaluation
    from residential_areas.models import AdministrativeUnit, Household

    queries = {
        "units": AdministrativeUnit.objects.order_by("code", "name", "level").values_list(
            "code", "name", "level", "parent__code"
        ),
        "households": Household.objects.order_by("area__code", "code").values_list(
            "area__code", "code", "head_name", "head_birth_year", "members"
        ),
        "evaluations": TitleEvaluation.objects.order_by(
            "meeting__year", "meeting__kind", "area__code", "household__code"
        ).values_list(
            "meeting__year", "area__code", "household__code", "score", "votes_for", "outcome"
        ),
        "recognitions": Recognition.objects.order_by(
            "year", "kind", "area__code", "household__code"
        ).values_list("year", "kind", "area__code", "household__code", "decision__number"),
        "statuses": HouseholdStatus.objects.order_by(
            "year", "household__code", "household__area__code"
        ).values_list(
            "year", "household__area__code", "household__code", "status", "income_per_person_month"
        ),
        "donations": Donation.objects.order_by(
            "fund__unit__code", "fund__unit__name", "receipt_year", "receipt_number"
        ).values_list(
            "fund__unit__code", "receipt_year", "receipt_number", "amount", "date", "donor_name"
        ),
        "disbursements": Disbursement.objects.order_by(
            "fund__unit__code", "fund__unit__name", "date", "amount", "purpose"
        ).values_list("fund__unit__code", "date", "amount", "purpose", "household__code"),
        "submission_values": SubmissionValue.objects.order_by(
            "submission__period__year",
            "submission__unit__code",
            "submission__unit__name",
            "indicator__code",
        ).values_list(
            "submission__period__year", "submission__unit__code", "indicator__code", "value"
        ),
    }
    out = {}
    for name, qs in queries.items():
        h = hashlib.sha256()
        for row in qs.iterator(chunk_size=5000):
            h.update(repr(row).encode())
        out[name] = h.hexdigest()
    return out
