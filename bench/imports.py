"""Import of title-evaluation rows from Excel (recognition's importer), against COPY.

The same files go in twice, as the portal takes them: each commune's files together, one
transaction per commune (`importer.run_files`, the commune's page), and one file per
transaction (`importer.run`, a meeting's page). The floor is one COPY of the same rows into
the evaluations' table alone, measured after each, without its commit. A dry run of every file goes first, untimed, so that
no pass is timed on a cold cache.

Also the import's answer to a wrong row (issue 21): the same files with one wrong row in one
of them (votes above the attendance, found by the last check a row passes), imported commune
by commune inside one transaction: nothing may be written, the row must be named, and the
time is compared with a dry run of the clean files (the same checks, rolled back)."""

import datetime
import io
import time

from django.db import connection, transaction
from openpyxl import Workbook, load_workbook

from bench.profile import _cpu_seconds


def _sheets(*, rows_wanted: int, year: int):
    """One meeting and one filled sheet per residential area until `rows_wanted` rows; and the
    middle file once more with one wrong row: (sheets, total, (its index, its bytes))."""
    from recognition import importer
    from recognition.models import EvaluationMeeting, GroupKind, TitleKind
    from recognition.services import meetings
    from residential_areas.models import AdministrativeUnit, Household

    areas = (
        AdministrativeUnit.objects.filter(households__isnull=False, level="area")
        .distinct()
        .order_by("path")
    )
    sheets, total, all_rows = [], 0, []
    header = None
    for area in areas.iterator():
        if total >= rows_wanted:
            break
        households = list(
            Household.objects.filter(area=area, is_active=True)
            .order_by("code")
            .values_list("code", "head_name")[: importer.MAX_ROWS - 10]
        )
        households = households[: rows_wanted - total]
        if not households:
            continue
        invited = len(households)
        meeting = meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=area,
            year=year,
            held_on=datetime.date(year, 11, 5),
            invited=invited,
            attending=invited,
        )
        meeting = EvaluationMeeting.objects.select_related("criteria_set", "unit").get(
            pk=meeting.pk
        )
        if header is None:
            template = load_workbook(io.BytesIO(importer.template_xlsx(meeting)), read_only=True)
            header = [
                c
                for c in next(
                    template.worksheets[0].iter_rows(min_row=5, max_row=5, values_only=True)
                )
            ]
            groups = list(meeting.criteria_set.groups.order_by("number"))
        rows = []
        for i, (code, name) in enumerate(households):
            row = [code, name]
            if meeting.criteria_set.rule == "score":
                row.append("x" if i % 20 == 0 else None)
            for g in groups:
                if g.kind == GroupKind.SCORED:
                    row.append(g.max_points - (i % 4))
                elif g.kind == GroupKind.CONDITION:
                    row.append("x" if i % 9 else "không")
                else:
                    row.append(None)
            row += [invited - (i % 3), None]
            rows.append(row)
        sheets.append((meeting, _workbook(area, year, meeting, header, rows), len(households)))
        all_rows.append(rows)
        total += len(households)
    # the middle file, its middle row with more votes than the attendance
    index = len(sheets) // 2
    meeting, _data, n = sheets[index]
    rows = all_rows[index]
    rows[n // 2][-2] = meeting.attending + 1  # the votes
    wrong = (index, _workbook(meeting.unit, year, meeting, header, rows))
    return sheets, total, wrong


def _workbook(area, year, meeting, header, rows) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([f"KẾT QUẢ BÌNH XÉT “GIA ĐÌNH VĂN HÓA” NĂM {year}"])
    ws.append(["Khu dân cư", area.name, "Mã khu dân cư", area.code])
    ws.append(["Năm", year, "Bộ tiêu chí", str(meeting.criteria_set)])
    ws.append(["Số tham dự", meeting.attending, "Số được mời", meeting.invited])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _delete(table: str, meeting_ids: list[int]) -> None:
    # plain SQL: the ORM would write a history row for each of the 100,000 deletions
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE meeting_id = ANY(%s)", [meeting_ids])


def _delete_history(after: int) -> None:
    # by history id: the history has no index on the meeting
    from recognition.models import TitleEvaluation

    table = TitleEvaluation.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE history_id > %s", [after])


def _last_history_id() -> int:
    from django.db.models import Max

    from recognition.models import TitleEvaluation

    found = TitleEvaluation.history.aggregate(last=Max("history_id"))["last"]
    return found or 0


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def by_commune(sheets, wrong_index=None, wrong_data=None) -> list[tuple]:
    """[(commune, year, [(file name, data)], [index in sheets])]: each commune's files, as
    its office sends them."""
    groups: dict = {}
    for i, (meeting, data, _n) in enumerate(sheets):
        if i == wrong_index:
            data = wrong_data
        group = groups.setdefault(meeting.unit.parent_id, (meeting.unit.parent, [], []))
        group[1].append((f"{meeting.unit.code}.xlsx", data))
        group[2].append(i)
    year = sheets[0][0].year
    return [(commune, year, files, indexes) for commune, files, indexes in groups.values()]


def _import_by_commune(groups, *, apply: bool) -> int:
    from recognition import importer

    imported = 0
    for commune, year, files, _indexes in groups:
        results, errors = importer.run_files(commune, year, files, apply=apply)
        if errors:
            raise RuntimeError(f"import refused: {errors[:3]}")
        imported += sum(counts["created"] for _name, _meeting, counts in results)
    return imported


def _copy_floor(table, cols, meeting_ids) -> tuple[float, float]:
    """The rows the import wrote, deleted and put back by one COPY: (COPY, COPY + commit)."""
    buf = io.StringIO()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY (SELECT {cols} FROM {table} WHERE meeting_id = ANY(ARRAY{meeting_ids}))"
            " TO STDOUT",
            buf,
        )
    payload = buf.getvalue()
    _delete(table, meeting_ids)
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", io.StringIO(payload))
        copy_s = time.perf_counter() - started
    # the rows are in once committed: the commit checks their foreign keys (deferred), as
    # each import's commit does for its own
    return copy_s, time.perf_counter() - started


def _dry_and_wrong(sheets, wrong_index: int, wrong_data: bytes) -> dict:
    """The clean files' dry run, then all files with one wrong row, commune by commune, in
    one transaction."""
    from recognition import importer
    from recognition.models import TitleEvaluation

    ids = [m.pk for m, _d, _n in sheets]
    started = time.perf_counter()
    _import_by_commune(by_commune(sheets), apply=False)
    dry_s = time.perf_counter() - started

    refused = []
    started = time.perf_counter()
    with transaction.atomic():
        for commune, year, files, indexes in by_commune(sheets, wrong_index, wrong_data):
            _results, errors = importer.run_files(commune, year, files, apply=True)
            if errors:
                refused.append((indexes, errors))
        written = TitleEvaluation.objects.filter(meeting_id=ids[wrong_index]).count()
        transaction.set_rollback(True)  # one wrong row: the whole import is given up
    wrong_s = time.perf_counter() - started
    if len(refused) != 1 or wrong_index not in refused[0][0] or len(refused[0][1]) != 1 or written:
        raise RuntimeError(f"the wrong row was not refused alone: {refused}, {written} written")
    if TitleEvaluation.objects.filter(meeting_id__in=ids).exists():
        raise RuntimeError("rows were left after the import with a wrong row")
    return {"dry_s": dry_s, "wrong_s": wrong_s, "wrong_error": refused[0][1][0]}


def bench_import(*, rows: int = 100_000) -> dict:
    from django.db.models import Max

    from recognition import importer
    from recognition.models import EvaluationMeeting, TitleEvaluation

    # a year of its own, after every generated one, removed again at the end
    year = (EvaluationMeeting.objects.aggregate(y=Max("year"))["y"] or 2026) + 1
    prepared = time.perf_counter()
    sheets, _total, (wrong_index, wrong_data) = _sheets(rows_wanted=rows, year=year)
    prepare_s = time.perf_counter() - prepared
    table = TitleEvaluation._meta.db_table
    columns = [f.column for f in TitleEvaluation._meta.concrete_fields if f.column != "id"]
    cols = ", ".join(columns)
    meeting_ids = [m.pk for m, _data, _n in sheets]
    history_before = _last_history_id()
    groups = by_commune(sheets)
    try:
        # the files' dry run once untimed: the first pass over freshly copied or generated data
        # reads the households and indexes from disk, and would be timed against warm COPYs
        _import_by_commune(groups, apply=False)
        # the dry run and the import with one wrong row, while no rows are in
        wrong = _dry_and_wrong(sheets, wrong_index, wrong_data)

        # each commune's files in one transaction, with the CPU time of this process (the
        # Python: reading, checking, judging, the COPY text) and of the database's backend
        backend = _backend_pid()
        backend_cpu, python_cpu = _cpu_seconds(backend), time.process_time()
        started = time.perf_counter()
        imported = _import_by_commune(groups, apply=True)
        import_s = time.perf_counter() - started
        python_cpu = time.process_time() - python_cpu
        backend_cpu = _cpu_seconds(backend) - backend_cpu
        copy_s, copy_commit_s = _copy_floor(table, cols, meeting_ids)
        _delete(table, meeting_ids)
        _delete_history(history_before)

        # one file per transaction
        started = time.perf_counter()
        for meeting, data, _n in sheets:
            counts, errors = importer.run(meeting, data, apply=True)
            if errors:
                raise RuntimeError(f"import refused: {errors[:3]}")
        single_s = time.perf_counter() - started
        single_copy_s, _commit_s = _copy_floor(table, cols, meeting_ids)
    finally:
        _delete(table, meeting_ids)
        _delete_history(history_before)
        EvaluationMeeting.objects.filter(pk__in=meeting_ids).delete()
        EvaluationMeeting.history.model.objects.filter(id__in=meeting_ids).delete()
    return {
        "rows": imported,
        "files": len(sheets),
        "communes": len(groups),
        "prepare_s": prepare_s,
        "import_s": import_s,
        "rows_per_s": imported / import_s if import_s else float("nan"),
        "copy_s": copy_s,
        "copy_rows_per_s": imported / copy_s if copy_s else float("nan"),
        "ratio": copy_s / import_s if import_s else float("nan"),
        "python_us": 1e6 * python_cpu / imported if imported else float("nan"),
        "backend_us": 1e6 * backend_cpu / imported if imported else float("nan"),
        "copy_us": 1e6 * copy_s / imported if imported else float("nan"),
        "copy_commit_us": 1e6 * copy_commit_s / imported if imported else float("nan"),
        "copy_commit_s": copy_commit_s,
        "commit_ratio": copy_commit_s / import_s if import_s else float("nan"),
        "single_s": single_s,
        "single_rows_per_s": imported / single_s if single_s else float("nan"),
        "single_copy_s": single_copy_s,
        "single_ratio": single_copy_s / single_s if single_s else float("nan"),
        **wrong,
        "wrong_ratio": wrong["wrong_s"] / wrong["dry_s"] if wrong["dry_s"] else float("nan"),
    }
