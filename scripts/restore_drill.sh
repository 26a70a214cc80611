#!/usr/bin/env bash
# Restore drill: back up a database as the nightly backup does, restore it twice into a scratch
# database (into a fresh one, then over the restored one, as a restore onto a live server does),
# and check the copy: the same rows in every table, no migration missing, the fund's ledger whole.
#
#   scripts/restore_drill.sh SOURCE_URL SCRATCH_URL
#
#   SOURCE_URL   the database to back up, e.g. postgres://portal:secret@db:5432/portal
#   SCRATCH_URL  a database the drill may drop and create, on a server where the same user may
#                create databases, e.g. postgres://portal:secret@db:5432/portal_drill
#
# PYTHON (default: python) runs manage.py; KEEP_SCRATCH=1 leaves the scratch database in place.
# The restore lines are those of the README: a restore onto an existing database needs --clean
# --if-exists (drop each object first) and --no-owner (objects belong to whoever restores), in
# one transaction so a failed restore changes nothing.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "Cách dùng: $0 SOURCE_URL SCRATCH_URL" >&2
    exit 2
fi
source_url=$1
scratch_url=$2
scratch_db=${scratch_url##*/}
scratch_db=${scratch_db%%\?*}
admin_url=${scratch_url%/*}/postgres
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python}
# no NOTICE lines ("database ... does not exist, skipping") between the drill's own
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

if [ "$scratch_url" = "$source_url" ] || [ -z "$scratch_db" ]; then
    echo "SCRATCH_URL phải là một cơ sở dữ liệu khác SOURCE_URL: lần diễn tập sẽ xóa nó." >&2
    exit 2
fi

work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ "${KEEP_SCRATCH:-0}" != 1 ]; then
        psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$scratch_db\"" || true
    fi
}
trap cleanup EXIT

# rows of every table, one "table count" line each: the same query on both databases
count_rows() {
    psql "$1" -At -v ON_ERROR_STOP=1 -c "
        SELECT table_name || ' ' || (xpath('/row/n/text()', query_to_xml(
            format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, ''
        )))[1]::text
        FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        ORDER BY table_name"
}

echo "1. Sao lưu: pg_dump -Fc"
pg_dump -Fc --file "$work/portal.dump" "$source_url"
count_rows "$source_url" >"$work/source.txt"

echo "2. Khôi phục vào cơ sở dữ liệu mới: $scratch_db"
psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$scratch_db\""
psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$scratch_db\""
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error \
    -d "$scratch_url" "$work/portal.dump"

echo "3. Khôi phục đè lên cơ sở dữ liệu đang có"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    -d "$scratch_url" "$work/portal.dump"

echo "4. Kiểm tra bản khôi phục"
count_rows "$scratch_url" >"$work/restored.txt"
if ! diff -u "$work/source.txt" "$work/restored.txt"; then
    echo "Số dòng của bản khôi phục khác bản gốc." >&2
    exit 1
fi
echo "   số dòng giống bản gốc ở cả $(wc -l <"$work/source.txt") bảng"
cd "$here"
DATABASE_URL=$scratch_url "$python" manage.py migrate --check
echo "   không thiếu migration nào"
DATABASE_URL=$scratch_url "$python" manage.py check_funds
echo "Diễn tập khôi phục thành công."
