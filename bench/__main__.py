"""`make bench` (python -m bench): the portal against what the machine can do, as ratios.

    DATABASE_URL=postgres://... python -m bench [--preset province|national] [--skip PART ...]

Parts: report (annual province report: data compile vs the SQL floor, end to end with PDF and
XLSX, peak memory), pages (gunicorn under 20 clients vs a trivial view), import (100,000
title-evaluation rows from Excel vs COPY). The data comes from `generate_scale`; when the
database does not hold the preset, it is generated first (province: minutes; national: about
25 minutes and 16 GB on 2 cores: run it on purpose). Every figure is measured in this run.
"""

import argparse
import datetime
import os
import platform
import sys
import time

PARTS = ("report", "pages", "import")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="province", help="province (mặc định) | national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", nargs="*", default=[], choices=PARTS, help="bỏ qua phần đo")
    parser.add_argument("--repeat", type=int, default=3, help="số lần đo lấy trung vị")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="thời gian tải mỗi trang")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--markdown", help="ghi bảng kết quả (Markdown) vào tệp này")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "Đo hiệu năng cần PostgreSQL: đặt DATABASE_URL=postgres://người_dùng@máy:5432/csdl "
            "(một cơ sở dữ liệu riêng cho đo, vì dữ liệu trong đó sẽ bị thay bằng dữ liệu mô "
            "phỏng).",
            file=sys.stderr,
        )
        return 2
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate

    if args.preset not in generate.PRESETS:
        print(generate.unknown_preset_message(args.preset), file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    have = generate.marker()
    if not have or have["preset"] != args.preset or have["scale"] != 1.0:
        print(f"Tạo dữ liệu “{args.preset}” (generate_scale --seed {args.seed})...", flush=True)
        started = time.perf_counter()
        try:
            generate.generate(preset=args.preset, seed=args.seed)
        except generate.GenerateError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"  xong trong {time.perf_counter() - started:.0f} s", flush=True)

    results = {"preset": args.preset}
    if "report" not in args.skip:
        from bench.report import bench_report

        print("Đo báo cáo năm của tỉnh...", flush=True)
        results["report"] = bench_report(repeat=args.repeat)
    if "pages" not in args.skip:
        from bench.load import bench_pages

        print(f"Đo trang dưới tải ({args.clients} client)...", flush=True)
        results["pages"] = bench_pages(clients=args.clients, seconds=args.seconds)
    if "import" not in args.skip:
        from bench.imports import bench_import

        print(f"Đo nhập {args.import_rows:,} dòng bình xét từ Excel...", flush=True)
        results["import"] = bench_import(rows=args.import_rows)
    text = render(results)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


def _counts() -> str:
    from campaign.models import Submission
    from poverty_fund.models import Disbursement, Donation
    from recognition.models import TitleEvaluation
    from residential_areas.models import AdministrativeUnit, Household

    def n(model):
        return f"{model.objects.count():,}"

    return (
        f"{n(AdministrativeUnit)} units, {n(Household)} households, "
        f"{n(TitleEvaluation)} title evaluations, {n(Donation)} donations, "
        f"{n(Disbursement)} disbursements, {n(Submission)} submissions"
    )


def render(results: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = os.getloadavg()
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, PostgreSQL {pg}, "
        f"load average at the end {load[0]:.1f}",
        "",
        f"Preset `{results['preset']}`: {_counts()}.",
        "",
        "| measure | portal | floor | ratio | target |",
        "|---|---|---|---|---|",
    ]
    r = results.get("report")
    if r:
        lines += [
            f"| annual report data compile ({r['unit']}, {r['year']}) | {r['compile_s']:.3f} s "
            f"| {r['floor_s']:.3f} s (one SQL query) | {r['ratio']:.2f}x the floor | ≤ 1.5x "
            f"(national ≤ 2x) |",
            f"| compile peak memory | {r['heap_mb']:.0f} MB Python heap (tracemalloc), "
            f"{r['rss_mb']:.0f} MB max RSS of the process | | | < 500 MB (national) |",
        ]
        if "end_to_end_s" in r:
            lines.append(
                f"| report end to end: compile + PDF ({r['pdf_kb']:.0f} KB) + XLSX "
                f"({r['xlsx_kb']:.0f} KB) | {r['end_to_end_s']:.2f} s | | | < 10 s |"
            )
        same = "same totals" if not r["mismatches"] else "DIFFER: " + "; ".join(r["mismatches"])
        lines.append(f"| snapshot vs floor totals | {same} | {r['floor_rows']} rows | | |")
    p = results.get("pages")
    if p:
        base = p["pages"]["trivial (Django, bench/urls.py)"]
        low, high = base["rps_range"]
        lines.append(
            f"| trivial view, each window of {p['window']:.1f} s | {low:.1f} to {high:.1f} "
            "req/s | each page is compared with the trivial windows in turn with it | | |"
        )
        for name, row in p["pages"].items():
            lines.append(
                f"| {name} `{row['path']}` | {row['rps']:.1f} req/s, p50 {row['p50_ms']:.0f} ms, "
                f"p95 {row['p95_ms']:.0f} ms ({row['requests']} req, {row['errors']} errors) "
                f"| {row['reference_rps']:.1f} req/s (trivial view) | {row['ratio']:.0%} "
                f"| ≥ 50%, p95 < 150 ms |"
            )
        lines.append(
            f"| pages: setup | gunicorn {p['workers']} sync workers, {p['clients']} concurrent "
            f"clients; per page: {p['cycles']} windows of it and {p['cycles']} of the trivial "
            f"view in turns (trivial-page, page-trivial, ...), {p['window']:.1f} s each | | | |"
        )
    i = results.get("import")
    if i:
        cores = os.cpu_count() or 1
        # the best any scheme could do on this machine: all the CPU spread over every core,
        # but the backend's part on one (one transaction, one connection)
        best_us = max(i["backend_us"], (i["python_us"] + i["backend_us"]) / cores)
        lines.append(
            f"| import of {i['rows']:,} title evaluations from {i['files']} Excel files, each "
            f"commune's files in one transaction ({i['communes']} communes; "
            f"recognition.importer.run_files) | {i['rows_per_s']:,.0f} rows/s "
            f"({i['import_s']:.1f} s) | COPY of the same rows: {i['copy_rows_per_s']:,.0f} rows/s"
            f" ({i['copy_s']:.2f} s; {i['copy_commit_s']:.2f} s with its commit, which checks the"
            f" foreign keys) | {i['ratio']:.1%} of COPY ({i['commit_ratio']:.1%} of COPY with its"
            " commit) | ≥ 20% of COPY |"
        )
        lines.append(
            f"| the import's CPU per row: this process (Excel, checks, judging, COPY text) and "
            f"the PostgreSQL backend (rows, history, indexes, the foreign keys at commit) "
            f"| {i['python_us']:.0f} µs + {i['backend_us']:.0f} µs "
            f"| COPY {i['copy_us']:.0f} µs a row, {i['copy_commit_us']:.0f} µs with its commit "
            f"| at best, all of it spread over the {cores} cores: {best_us:.0f} µs a row, "
            f"{i['copy_us'] / best_us:.1%} of COPY | |"
        )
        lines.append(
            f"| the same files, one file per transaction (recognition.importer.run) "
            f"| {i['single_rows_per_s']:,.0f} rows/s ({i['single_s']:.1f} s) | COPY measured "
            f"after it: {i['single_copy_s']:.2f} s | {i['single_ratio']:.1%} of COPY | |"
        )
        lines.append(
            f"| the same files with one wrong row, commune by commune in one transaction: nothing"
            f" written, “{i['wrong_error']}” | {i['wrong_s']:.1f} s | dry run of the clean files:"
            f" {i['dry_s']:.1f} s | {i['wrong_ratio']:.2f}x the dry run | same order (≤ 2x) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
