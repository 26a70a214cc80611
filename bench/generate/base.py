"""What every part of the generator uses: the presets, the random draws, the row writer."""

import datetime
import hashlib
import io
import itertools
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

from core.bulk import copy_text

# the apps whose tables the generator fills and, before a run, empties
APP_LABELS = (
    "residential_areas",
    "campaign",
    "recognition",
    "poverty_fund",
    "reporting",
)
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
