"""Trigram indexes for the name searches (PostgreSQL only).

`search_name` holds the name folded (no accents, đ as d, lower case); a search asks
`search_name LIKE '%word%'` for each word. A GIN index with `gin_trgm_ops` answers such a LIKE
from the trigrams of the word, so a search reads the rows that hold them instead of every row
of the subtree. SQLite has no such index and keeps its plain scan: there both operations change
the migration state only.

`pg_trgm` is a trusted extension (PostgreSQL 13+): the role that runs migrations (`portal`,
the owner of the tables) creates it; the app's role (`portal_app`) needs nothing more.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex whose database step runs on PostgreSQL only (GIN and trigram operator classes do
    not exist elsewhere); the state step runs everywhere, so the models and migrations agree."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class KeepTrigramExtension(TrigramExtension):
    """Creates pg_trgm on PostgreSQL (a no-op elsewhere: CreateExtension checks the vendor).
    Unapplied, it leaves the extension in place: other indexes or databases' objects may use it,
    and Django's own backwards step would also query pg_extension on SQLite."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("residential_areas", "0001_initial"),
    ]

    operations = [
        KeepTrigramExtension(),
        AddIndexOnPostgreSQL(
            model_name="administrativeunit",
            index=GinIndex(
                fields=["search_name"], name="unit_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="household",
            index=GinIndex(
                fields=["search_name"], name="household_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
