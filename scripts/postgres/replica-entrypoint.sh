#!/usr/bin/env bash
# Starts the streaming replica (docker-compose service `db-replica`, profile `replica`).
#
# On the first start (empty volume) it copies the primary with pg_basebackup over the
# replication connection, through the slot the primary's init script made, and writes
# standby.signal and primary_conninfo (-R): the server then starts as a hot standby, replays
# the primary's WAL as it streams in, and answers read-only queries. The roles, and so the
# app's role portal_app, come with the copy.
#
# hot_standby_feedback tells the primary which rows the replica's queries still read, so a
# long report on the replica is not cancelled by the primary's cleanup (it may delay that
# cleanup by as long as the report runs).
set -euo pipefail

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
PRIMARY_HOST="${PRIMARY_HOST:-db}"
SLOT="${REPLICATION_SLOT:-portal_replica}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set (the same as the primary)}"

mkdir -p "$PGDATA"
chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "db-replica: copying the primary $PRIMARY_HOST (pg_basebackup)..."
    until gosu postgres pg_isready -h "$PRIMARY_HOST" -p "${PRIMARY_PORT:-5432}" -q; do sleep 2; done
    PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup \
        -h "$PRIMARY_HOST" -p "${PRIMARY_PORT:-5432}" -U replicator -D "$PGDATA" \
        -X stream -S "$SLOT" -R --checkpoint=fast --progress
fi

exec gosu postgres postgres \
    -c hot_standby=on \
    -c hot_standby_feedback=on \
    -c max_standby_streaming_delay=300s
