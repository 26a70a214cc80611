"""Where a page spends its time: `python -m bench.profile [--pyinstrument] [PATH ...]`.

Serves each page in this process through the whole middleware stack (Django's test client,
DEBUG off, the bench user's session), `--n` times after one warm-up request, and prints the
mean time and the SQL queries per request: the time the database took and how many
statements. With `--pyinstrument` it prints the call tree of the last page. With `--cpu` it
prints the CPU time per request of Django, the PostgreSQL backend and Redis, each page taken in
turns with the trivial view, and the trivial view's total as a share of the page's: the
in-process counterpart of the load benchmark's ratio, steadier on a shared machine. Without
PATH it profiles the pages of the load benchmark. Needs the bench database (DATABASE_URL).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path


def measure(client, path: str, n: int) -> dict:
    from django.db import connection, reset_queries

    response = client.get(path)  # warm-up: caches, connection, templates
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    total, queries, sql_s = 0.0, 0, 0.0
    connection.force_debug_cursor = True
    try:
        for _ in range(n):
            reset_queries()
            started = time.perf_counter()
            client.get(path)
            total += time.perf_counter() - started
            queries += len(connection.queries)
            sql_s += sum(float(q["time"]) for q in connection.queries)
    finally:
        connection.force_debug_cursor = False
    return {"ms": 1000 * total / n, "queries": queries / n, "sql_ms": 1000 * sql_s / n}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_split(client, paths: list[str], trivial: str, n: int) -> dict:
    """CPU time per request of each page, in this process (Django), the PostgreSQL backend
    serving it and Redis, each page's request taken in turn with the trivial view's so that
    both see the same machine: {path: (django ms, postgres ms, redis ms)}."""
    from django.db import connection

    client.get(trivial)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    redis = int(subprocess.check_output(["pgrep", "-o", "-x", "redis-server"]).split()[0])
    order = [trivial, *[p for p in paths if p != trivial]]
    for path in order:
        client.get(path)  # warm-up
    spent = {path: [0.0, 0.0, 0.0] for path in order}
    for _ in range(n):
        for path in order:
            before = (time.process_time(), _cpu_seconds(backend), _cpu_seconds(redis))
            client.get(path)
            after = (time.process_time(), _cpu_seconds(backend), _cpu_seconds(redis))
            for i in range(3):
                spent[path][i] += after[i] - before[i]
    return {path: tuple(1000 * x / n for x in spent[path]) for path in order}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--n", type=int, default=30, help="requests per page")
    parser.add_argument("--pyinstrument", action="store_true", help="print the call tree")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU per request (Django, PostgreSQL, Redis), in turns with the trivial view",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.test import Client

    from bench.load import BENCH_USER, session_cookie

    _cookie, pages = session_cookie()
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=BENCH_USER))
    paths = args.paths or list(pages.values())
    if args.cpu:
        trivial = pages["trivial (Django, bench/urls.py)"]
        split = cpu_split(client, paths, trivial, args.n)
        reference = sum(split[trivial])
        print(f"{'page':48} {'django':>7} {'pg':>6} {'redis':>6} {'total':>7}  trivial/page")
        for path, (web, pg, redis) in split.items():
            total = web + pg + redis
            print(
                f"{path:48} {web:7.2f} {pg:6.2f} {redis:6.2f} {total:7.2f}  {reference / total:.0%}"
            )
        return 0
    print(f"{'page':60} {'ms':>8} {'queries':>8} {'sql ms':>8}")
    for path in paths:
        r = measure(client, path, args.n)
        print(f"{path:60} {r['ms']:8.1f} {r['queries']:8.1f} {r['sql_ms']:8.1f}")
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.n):
                client.get(paths[-1])
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
