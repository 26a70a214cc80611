#!/usr/bin/env bash
# `make load`: 50 users for 60 s against gunicorn + PostgreSQL with the demo data; prints the
# failures and the p95 per page. Needs DATABASE_URL pointing at a PostgreSQL database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?make load needs DATABASE_URL pointing at a PostgreSQL database}"
case "$DATABASE_URL" in postgres*) ;; *) echo "make load needs PostgreSQL" >&2; exit 2 ;; esac
PORT="${LOAD_PORT:-8799}"
[ -x .venv-load/bin/locust ] || { python3 -m venv .venv-load; .venv-load/bin/pip install -q "locust==2.47.0"; }
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo >/dev/null
mkdir -p var/load
.venv/bin/gunicorn portal.wsgi:application --bind "127.0.0.1:$PORT" --workers 3 --log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz/" >/dev/null && break; sleep 0.2; done
.venv-load/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t "${LOAD_SECONDS:-60}s" \
  --host "http://127.0.0.1:$PORT" --csv var/load/run --only-summary >/dev/null 2>&1 || true
echo "Load run $(date -Iseconds), $(nproc) cores, 50 users, ${LOAD_SECONDS:-60} s"
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("var/load/run_stats.csv")))
print(f"{'page':<24}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}")
for r in rows:
    print(f"{r['Name']:<24}{r['Request Count']:>9}{r['Failure Count']:>9}{r['50%']:>8}{r['95%']:>8}")
PY
