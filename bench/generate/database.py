"""What the database holds before and after a run: the marker, the wipe, the deferred indexes."""

import datetime

from django.apps import apps
from django.db import connection

from .base import APP_LABELS, MARKER_TABLE


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
