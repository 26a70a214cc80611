"""Where a page spends its time: `python -m bench.profile [--pyinstrument] [PATH ...]`.

Serves each page in this process through the whole middleware stack (Django's test client,
DEBUG off, the bench user's session), `--n` times after one warm-up request, and prints the
mean time and the SQL queries per request: the time the database took and how many
statements. With `--pyinstrument` it prints the call tree of the last page. Without PATH it
profiles the pages of the load benchmark. Needs the bench database (DATABASE_URL).
"""

import argparse
import os
import sys
import time


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--n", type=int, default=30, help="requests per page")
    parser.add_argument("--pyinstrument", action="store_true", help="print the call tree")
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
