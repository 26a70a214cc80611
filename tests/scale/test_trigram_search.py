"""Household and unit search by trigram index (PostgreSQL, migration residential_areas 0002).

The index must change how rows are found, never which: the search through the ORM (the index
allowed, sequential scans off) gives the same rows in the same order as a plain LIKE over the
same rows with every index scan off, and both agree with the words folded in Python; so do
the pages of the household list's search (`household_search_page`, in SQL).
"""

import random

import pytest
from django.db import connection, transaction

from residential_areas import demo, selectors
from residential_areas.models import AdministrativeUnit, Household
from residential_areas.text import fold

QUERIES = [
    "nguyen van",
    "Nguyễn Văn",
    "NGUYỄN",
    "thi",
    "an",  # shorter than a trigram: the index cannot narrow it, the answer must not change
    "đức",
    "le van cuong",
    "Trần Thị Bình",
    "hoang thi lan",
    "ngu yen",
    "xyzw",
    "100%",
    "a_b",
    "T-0007",  # a household code, matched exactly
]

PLAIN_LIKE = """
    SELECT h.id FROM residential_areas_household h
    JOIN residential_areas_administrativeunit a ON a.id = h.area_id
    WHERE a.path LIKE %s AND ({names} OR h.code = %s)
    ORDER BY a.path, h.head_name, h.id
"""


@pytest.fixture
def households(cast):
    """The cast's three households and 600 more named by the demo's generator, in both
    current residential areas of the cast and in an old one."""
    rng = random.Random(21)
    rows = []
    for i in range(600):
        area = (cast.area, cast.other_area, cast.old_area)[i % 3]
        name = demo.person_name(rng)
        rows.append(Household(area=area, code=f"T-{i:04d}", head_name=name, search_name=fold(name)))
    Household.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE residential_areas_household")
    return Household.objects.all()


def _settings(cursor, *names_off):
    for name in names_off:
        cursor.execute(f"SET LOCAL {name} = off")


def _portal_search(unit, q) -> list[int]:
    with transaction.atomic(), connection.cursor() as cursor:
        _settings(cursor, "enable_seqscan")
        return [row["pk"] for row in selectors.household_rows(unit=unit, q=q)]


def _plain_like(unit, q) -> list[int]:
    words = fold(q).split()
    if not words:
        raise AssertionError("every query of the test has a word")
    names = " AND ".join(["h.search_name LIKE %s"] * len(words))
    # LIKE's own wildcards in a word are matched literally, as Django's contains does
    patterns = [
        "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        _settings(cursor, "enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")
        cursor.execute(PLAIN_LIKE.format(names=names), [unit.path + "%", *patterns, q.strip()])
        return [row[0] for row in cursor.fetchall()]


def _python(unit, q) -> set[int]:
    words = fold(q).split()
    return {
        h.pk
        for h in Household.objects.select_related("area")
        if h.area.path.startswith(unit.path)
        and (all(w in fold(h.head_name) for w in words) or h.code == q.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_search_by_index_gives_the_rows_of_a_plain_like_in_the_same_order(
    postgres, cast, households, q
):
    for unit in (cast.province, cast.commune, cast.district):
        found = _portal_search(unit, q)
        assert found == _plain_like(unit, q), (unit.name, q)
        assert set(found) == _python(unit, q), (unit.name, q)
        # the household list's search in a commune: its pages, one after the other
        assert _paged_search(unit, q) == found, (unit.name, q)
    if q == "NGUYỄN":
        assert len(_portal_search(cast.province, q)) > 20  # the comparison compared something


def _paged_search(unit, q) -> list[int]:
    found, number = [], 1
    while True:
        rows, total = selectors.household_search_page(unit=unit, q=q, number=number, per_page=7)
        assert rows == list(selectors.household_rows(unit=unit, q=q)[(number - 1) * 7 :][:7])
        found += [row["pk"] for row in rows]
        if number * 7 >= total:
            return found
        number += 1


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_a_name_search_reads_the_trigram_index(postgres, cast, households):
    with transaction.atomic(), connection.cursor() as cursor:
        # with few rows a scan is cheaper: leave the planner only the bitmap scans of indexes
        _settings(cursor, "enable_seqscan", "enable_indexscan")
        plan = _plan(selectors.households_search(qs=Household.objects.all(), q="Hoàng Thị Lan"))
        assert "household_name_trgm" in plan, plan
        units = selectors.units_search(qs=AdministrativeUnit.objects.all(), q="Đức Thọ")
        assert "unit_name_trgm" in _plan(units)


@pytest.mark.django_db
def test_a_rare_name_is_found_by_the_index_without_forcing_the_planner(postgres, cast, households):
    """With tens of thousands of households the planner chooses the index by itself for a name
    that few of them hold (a search over the province, as a province user types it). Fewer rows
    than ANALYZE samples (30,000), so that it reads them all and the plan is the same each run."""
    rng = random.Random(3)
    rows = [
        Household(area=cast.area, code=f"R-{i:05d}", head_name=n, search_name=fold(n))
        for i, n in enumerate(demo.person_name(rng) for _ in range(25_000))
    ]
    rows.append(
        Household(
            area=cast.area, code="R-x", head_name="Phan Đình Giót", search_name="phan dinh giot"
        )
    )
    Household.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        # new entries wait in the GIN index's pending list until a vacuum moves them in (as
        # autovacuum does after such a load); until then the planner counts reading that
        # list and may prefer a scan of the table
        cursor.execute("SELECT gin_clean_pending_list('household_name_trgm'::regclass)")
        cursor.execute("ANALYZE residential_areas_household")
    qs = selectors.households_search(qs=Household.objects.all(), q="Giót")
    assert "household_name_trgm" in _plan(qs)
    assert [h.head_name for h in qs] == ["Phan Đình Giót"]
