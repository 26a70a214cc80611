"""The database router used when a read replica is configured (`DATABASE_REPLICA_URL`).

Reads go to the replica only inside `core.replica.replica_reads()` (report compiles, the public
fund pages and their files); the rules (one snapshot, a written model read from the primary, a
context opened inside a transaction stays on the primary) are in `core/replica.py`. Every write
goes to `default`, also for a row that was read from the replica (Django would otherwise save
it where it came from), and so does every read outside the context. Migrations run on
`default` only: a streaming replica is read-only and receives the schema from the primary.
"""

from django.db import DEFAULT_DB_ALIAS

from core import replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica.read_alias(model)

    def db_for_write(self, model, **hints):
        # also asked for select_for_update() and get_or_create(): both must see the primary
        replica.note_write(model)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # both aliases hold the same database
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, replica.ALIAS, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != replica.ALIAS
