"""A name search in a commune by the commune's tagged trigrams (migration residential_areas 0004).

The triggers keep each household's commune on every write path; the search in a commune reads
the GIN index of the tagged trigrams and gives the rows the LIKE gives (the whole comparison on
many names and queries is tests/scale/test_trigram_search.py; here, on the demo's names in
every commune of the demo, and what makes the index usable at all).
"""

import random

import pytest
from django.db import connection, transaction

from residential_areas import demo, selectors, services
from residential_areas.models import AdministrativeUnit, Household, UnitLevel
from residential_areas.text import fold


def _commune_of(household) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_commune_id FROM residential_areas_household WHERE id = %s",
            [household.pk],
        )
        return cursor.fetchone()[0]


def test_the_keys_are_the_trigrams_inside_plain_words():
    assert selectors.search_keys(7, ["van"]) == ["7:van"]
    assert selectors.search_keys(7, ["nguyen", "van"]) == [
        "7:guy",
        "7:ngu",
        "7:uye",
        "7:van",
        "7:yen",
    ]
    # too short, or holding a character at which pg_trgm would cut the name: no key from it
    assert selectors.search_keys(7, ["an", "t-0007", "100%", "a_b"]) == []
    assert selectors.search_keys(7, ["an", "thi"]) == ["7:thi"]


@pytest.mark.django_db
def test_every_write_path_keeps_the_household_commune(postgres, cast):
    created = services.household_create(area=cast.area, code="K1", head_name="Đặng Thị Hoa")
    assert _commune_of(created) == cast.commune.pk
    [bulk] = Household.objects.bulk_create(
        [
            Household(
                area=cast.other_area, code="K2", head_name="Hồ Văn Nam", search_name="ho van nam"
            )
        ]
    )
    assert _commune_of(bulk) == cast.other_commune.pk

    # the household moves to a residential area of another commune
    services.household_update(household=created, area=cast.other_area)
    assert _commune_of(created) == cast.other_commune.pk
    # a residential area moves under another commune: its households follow it
    services.unit_update(unit=cast.other_area, parent=cast.commune)
    assert _commune_of(created) == cast.commune.pk
    assert _commune_of(bulk) == cast.commune.pk
    found, total = selectors.household_search_page(
        unit=cast.commune, q="ho van", number=1, per_page=50
    )
    assert (total, [row["pk"] for row in found]) == (1, [bulk.pk])
    found, total = selectors.household_search_page(
        unit=cast.other_commune, q="ho van", number=1, per_page=50
    )
    assert total == 0


def _plain_like(unit, q) -> list[int]:
    words = fold(q).split()
    names = " AND ".join(["h.search_name LIKE %s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.id FROM residential_areas_household h "
            "JOIN residential_areas_administrativeunit a ON a.id = h.area_id "
            f"WHERE a.path LIKE %s AND ({names} OR h.code = %s) ORDER BY a.path, h.head_name, h.id",
            [unit.path + "%", *[f"%{w}%" for w in words], q.strip()],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_search_in_each_commune_of_the_demo_gives_the_rows_of_a_like(postgres, cast):
    """Households named by the demo's generator in the cast's communes and areas; every query
    in every commune: the same rows, in the same order, as a plain LIKE, by the new index."""
    rng = random.Random(5)
    areas = [cast.area, cast.other_area, cast.old_area, cast.other_old_area]
    Household.objects.bulk_create(
        Household(area=areas[i % 4], code=f"D-{i:04d}", head_name=n, search_name=fold(n))
        for i, n in enumerate(demo.person_name(rng) for _ in range(800))
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE residential_areas_household")
    queries = ["nguyen van", "Nguyễn Thị", "văn", "thi lan", "hoang", "an", "D-0007", "xyz"]
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
    compared = 0
    for commune in communes:
        for q in queries:
            rows, total = selectors.household_search_page(
                unit=commune, q=q, number=1, per_page=1000
            )
            expected = _plain_like(commune, q)
            assert [row["pk"] for row in rows] == expected, (commune.name, q)
            assert total == len(expected)
            compared += len(expected)
    assert compared > 300  # the comparison compared something


@pytest.mark.django_db
def test_a_search_in_a_commune_reads_the_tagged_trigrams(postgres, cast):
    rng = random.Random(8)
    Household.objects.bulk_create(
        Household(area=cast.area, code=f"P-{i:05d}", head_name=n, search_name=fold(n))
        for i, n in enumerate(demo.person_name(rng) for _ in range(3000))
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE residential_areas_household")
    words = ["nguyen", "van"]
    sql = (
        "EXPLAIN SELECT h.id FROM residential_areas_household h WHERE "
        "household_search_keys(h.search_commune_id, h.search_name) @> %s::text[]"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, [selectors.search_keys(cast.commune.pk, words)])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "household_search_keys" in plan and "Bitmap Index Scan" in plan, plan
