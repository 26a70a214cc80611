"""Pages under load: gunicorn serving the portal, a thread-per-client driver on http.client."""

import contextlib
import http.client
import importlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_USER = "bench.nguoixem"
SETTLE = 0.5  # seconds of quiet before each measured window


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie() -> tuple[str, dict]:
    """A logged-in session of a read-only province viewer who is also a commune committee.

    Neither role needs the second factor, so the pages are what such a user gets."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    from accounts.models import Role, UnitRole
    from campaign.models import Submission
    from poverty_fund.models import Fund
    from residential_areas.models import AdministrativeUnit, Household

    root = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    submission = (
        Submission.objects.filter(organization__isnull=True)
        .select_related("unit", "period")
        .order_by("-period__year", "unit__path")
        .first()
    )
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    UnitRole.objects.get_or_create(user=user, unit=root, role=Role.VIEWER)
    UnitRole.objects.get_or_create(user=user, unit=submission.unit, role=Role.COMMUNE_COMMITTEE)
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(24 * 3600)
    store.save()
    # the household list of the first commune (on the real map the largest ward, 16,733
    # households), filtered by a common family name
    commune = (
        Household.objects.values("area__parent").order_by("area__parent").first()["area__parent"]
    )
    fund = Fund.objects.filter(unit=root).first()
    year = submission.period.year
    pages = {
        "trivial (Django, bench/urls.py)": "/bench/trivial/",
        "home": "/",
        "completeness /ket-qua/tien-do/": f"/ket-qua/tien-do/?year={year}",
        "household list filtered": f"/dia-ban/{commune}/households/?q=nguyen+van",
        "fund statement (province)": f"/quy/{fund.pk}/sao-ke/",
        "submission form": f"/ket-qua/{submission.pk}/",
    }
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}", pages


@contextlib.contextmanager
def gunicorn(*, workers: int, port: int):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "CONN_MAX_AGE": "600"}
    cmd = [
        str(Path(sys.executable).with_name("gunicorn")),
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "512",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not start")
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    t = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - t
    finally:
        conn.close()


def _run(*, port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads request `path` back to back for `seconds`: every latency and error."""
    status, _ = _get(port, path, cookie)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    for _ in range(clients):  # warm every worker's connection and caches
        _get(port, path, cookie)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        mine, bad = [], 0
        while time.perf_counter() < stop:
            code, took = _get(port, path, cookie)
            if code == 200:
                mine.append(took)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors[0], "elapsed": time.perf_counter() - started}


def _summary(runs: list[dict]) -> dict:
    """Throughput and latency of one or more runs of the same page."""
    latencies = sorted(x for r in runs for x in r["latencies"])
    n, elapsed = len(latencies), sum(r["elapsed"] for r in runs)
    return {
        "requests": n,
        "errors": sum(r["errors"] for r in runs),
        "rps": n / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if n else float("nan"),
        "p95_ms": 1000 * latencies[min(n - 1, int(0.95 * n))] if n else float("nan"),
    }


def load(*, port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """`clients` threads request `path` back to back for `seconds`: throughput and latency."""
    return _summary([_run(port=port, path=path, cookie=cookie, clients=clients, seconds=seconds)])


def bench_pages(
    *, clients: int = 20, seconds: float = 15.0, cycles: int = 6, workers: int | None = None
) -> dict:
    """Each page against the trivial view measured in turns with it: `cycles` windows of each,
    `seconds`/`cycles` long, in the order trivial-page, page-trivial, trivial-page, ... with a
    pause before each window. The page's throughput is compared with the trivial view's over
    the windows interleaved with it.

    On a shared machine the trivial view varied by a third between windows of one run (187 to
    321 req/s in windows of 7.5 s), more than the differences being measured: one trivial window
    before and after a page compared the page with whatever the machine did then. Short windows
    in turns see the same machine, and the alternating order cancels a steady drift."""
    cookie, pages = session_cookie()
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    port = free_port()
    trivial = "trivial (Django, bench/urls.py)"
    window = seconds / cycles

    def run(path):
        time.sleep(SETTLE)  # let what the previous window left behind finish
        return _run(port=port, path=path, cookie=cookie, clients=clients, seconds=window)

    results, all_trivial = {}, []
    with gunicorn(workers=workers, port=port):
        for name, path in pages.items():
            if name == trivial:
                continue
            page, reference = [], []
            for cycle in range(cycles):
                order = (pages[trivial], path) if cycle % 2 == 0 else (path, pages[trivial])
                for p in order:
                    (reference if p == pages[trivial] else page).append(run(p))
            all_trivial += reference
            results[name] = {
                "path": path,
                **_summary(page),
                "reference_rps": _summary(reference)["rps"],
            }
            results[name]["ratio"] = results[name]["rps"] / results[name]["reference_rps"]
    base = {"path": pages[trivial], **_summary(all_trivial)}
    base["reference_rps"], base["ratio"] = base["rps"], 1.0
    windows = [_summary([r])["rps"] for r in all_trivial]
    base["rps_range"] = (min(windows), max(windows))
    return {
        "workers": workers,
        "clients": clients,
        "seconds": seconds,
        "cycles": cycles,
        "window": window,
        "pages": {trivial: base, **results},
    }
