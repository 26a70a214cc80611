"""A name search within one commune reads only the matching households (PostgreSQL only).

The trigram index of 0002 holds the trigrams of every household of the province: a common name
("nguyen van") shares its trigrams with a large part of the province, so a search in one commune
either walks those long lists or, as the planner preferred, reads every household of the
commune by the area index and tests each name (16,733 of them in the largest ward of the
province preset, 3.7 ms of the database's time a page).

Here each trigram is tagged with the commune the household's residential area belongs to
("268:ngu"), and a GIN index holds the tagged trigrams: the lists of one commune are short, and
their intersection is the commune's matching rows (94 of them, 0.2 ms). The commune is kept on
the household row by triggers, not by the application, so that every write path keeps it right
(forms, the API, imports, COPY, a residential area moved to another commune):

- `search_commune_id`, a column the Django model does not declare (it is never read as a field:
  only the search's SQL in `residential_areas.selectors` uses it);
- a trigger that sets it from the residential area's parent on insert and on a change of area;
- a trigger on the units that follows a residential area moved under another parent;
- `household_search_keys(commune, name)`, IMMUTABLE, and the GIN index on it.

The LIKE on the name stays in the query, so the tagged trigrams only choose the rows to test:
the results are today's (tests/residential_areas/test_search_keys.py compares both on the demo).
SQLite keeps today's query and this migration does nothing there.
"""

from django.db import migrations

HOUSEHOLD = "residential_areas_household"
UNIT = "residential_areas_administrativeunit"


def _trgm_schema(cursor) -> str:
    # the function is called from an index, where pg_restore sets an empty search_path: every
    # name in it is written with its schema
    cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    return cursor.fetchone()[0]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        trgm = _trgm_schema(cursor)
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        cursor.execute(
            f"""
            ALTER TABLE {HOUSEHOLD} ADD COLUMN search_commune_id bigint;
            UPDATE {HOUSEHOLD} h SET search_commune_id = a.parent_id
              FROM {UNIT} a WHERE a.id = h.area_id;

            CREATE FUNCTION {schema}.household_search_keys(commune bigint, name text)
            RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
              SELECT pg_catalog.array_agg(commune::text || ':' || t)
              FROM pg_catalog.unnest({trgm}.show_trgm(name)) AS t
            $$;

            CREATE FUNCTION {schema}.household_search_commune() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              SELECT parent_id INTO NEW.search_commune_id FROM {schema}.{UNIT}
              WHERE id = NEW.area_id;
              RETURN NEW;
            END $$;
            CREATE TRIGGER household_search_commune
              BEFORE INSERT OR UPDATE OF area_id ON {HOUSEHOLD}
              FOR EACH ROW EXECUTE FUNCTION {schema}.household_search_commune();

            CREATE FUNCTION {schema}.household_search_commune_moved() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE {schema}.{HOUSEHOLD} SET search_commune_id = NEW.parent_id
              WHERE area_id = NEW.id;
              RETURN NULL;
            END $$;
            CREATE TRIGGER household_search_commune_moved
              AFTER UPDATE OF parent_id ON {UNIT}
              FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
              EXECUTE FUNCTION {schema}.household_search_commune_moved();

            CREATE INDEX household_search_keys ON {HOUSEHOLD}
              USING gin ({schema}.household_search_keys(search_commune_id, search_name));
            """
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            DROP INDEX IF EXISTS household_search_keys;
            DROP TRIGGER IF EXISTS household_search_commune_moved ON {UNIT};
            DROP FUNCTION IF EXISTS household_search_commune_moved();
            DROP TRIGGER IF EXISTS household_search_commune ON {HOUSEHOLD};
            DROP FUNCTION IF EXISTS household_search_commune();
            DROP FUNCTION IF EXISTS household_search_keys(bigint, text);
            ALTER TABLE {HOUSEHOLD} DROP COLUMN IF EXISTS search_commune_id;
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("residential_areas", "0003_areas_follow_commune"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
