#!/usr/bin/env bash
# Prepares the primary (docker-compose service `db`) for a streaming replica (service
# `db-replica`, profile `replica`): a role that may only replicate, a line in pg_hba.conf that
# lets it connect for replication, and a physical replication slot so the primary keeps the WAL
# the replica has not received yet (capped, so a replica gone for good cannot fill the disk).
#
# Run by the postgres image from /docker-entrypoint-initdb.d on the first start of an empty
# volume. On a primary that already holds data, run it once by hand, then restart `db`:
#
#   docker compose exec -e REPLICATION_PASSWORD db bash /docker-entrypoint-initdb.d/10-replication.sh
#   docker compose restart db
#
# Idempotent: a second run changes nothing. Does nothing without REPLICATION_PASSWORD.
set -euo pipefail

if [ -z "${REPLICATION_PASSWORD:-}" ]; then
    echo "primary-replication: REPLICATION_PASSWORD is empty, no replica is prepared"
    exit 0
fi
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
SLOT="${REPLICATION_SLOT:-portal_replica}"
KEEP="${REPLICATION_MAX_WAL_KEEP:-10GB}"
psql=(psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}")

"${psql[@]}" -v password="$REPLICATION_PASSWORD" -v slot="$SLOT" -v keep="$KEEP" <<'SQL'
SELECT format('CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'replicator') \gexec
ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot(:'slot')
WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
-- wal_level is "replica" and max_wal_senders 10 by default (PostgreSQL 15): only the cap is set
ALTER SYSTEM SET max_slot_wal_keep_size = :'keep';
SQL

LINE="host replication replicator all scram-sha-256"
if ! grep -qxF "$LINE" "$PGDATA/pg_hba.conf"; then
    echo "$LINE" >> "$PGDATA/pg_hba.conf"
fi
"${psql[@]}" -c "SELECT pg_reload_conf()" > /dev/null
echo "primary-replication: role replicator, slot $SLOT, WAL kept for it up to $KEEP"
