"""Import of title-evaluation rows from Excel (recognition's importer), against COPY."""

import datetime
import io
import time

from django.db import connection, transaction
from openpyxl import Workbook, load_workbook


def _sheets(*, rows_wanted: int, year: int):
    """One meeting and one filled sheet per residential area until `rows_wanted` rows."""
    from recognition import importer
    from recognition.models import EvaluationMeeting, GroupKind, TitleKind
    from recognition.services import meetings
    from residential_areas.models import AdministrativeUnit, Household

    areas = (
        AdministrativeUnit.objects.filter(households__isnull=False, level="area")
        .distinct()
        .order_by("path")
    )
    sheets, total = [], 0
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
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append([f"KẾT QUẢ BÌNH XÉT “GIA ĐÌNH VĂN HÓA” NĂM {year}"])
        ws.append(["Khu dân cư", area.name, "Mã khu dân cư", area.code])
        ws.append(["Năm", year, "Bộ tiêu chí", str(meeting.criteria_set)])
        ws.append(["Số tham dự", invited, "Số được mời", invited])
        ws.append(header)
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
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        sheets.append((meeting, out.getvalue(), len(households)))
        total += len(households)
    return sheets, total


def _delete(table: str, meeting_ids: list[int]) -> None:
    # plain SQL: the ORM would write a history row for each of the 100,000 deletions
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE meeting_id = ANY(%s)", [meeting_ids])


def bench_import(*, rows: int = 100_000) -> dict:
    from django.db.models import Max

    from recognition import importer
    from recognition.models import EvaluationMeeting, TitleEvaluation

    # a year of its own, after every generated one, removed again at the end
    year = (EvaluationMeeting.objects.aggregate(y=Max("year"))["y"] or 2026) + 1
    prepared = time.perf_counter()
    sheets, total = _sheets(rows_wanted=rows, year=year)
    prepare_s = time.perf_counter() - prepared
    table = TitleEvaluation._meta.db_table
    columns = [f.column for f in TitleEvaluation._meta.concrete_fields if f.column != "id"]
    cols = ", ".join(columns)
    meeting_ids = [m.pk for m, _data, _n in sheets]
    try:
        started = time.perf_counter()
        imported = 0
        for meeting, data, _n in sheets:
            counts, errors = importer.run(meeting, data, apply=True)
            if errors:
                raise RuntimeError(f"import refused: {errors[:3]}")
            imported += counts["created"]
        import_s = time.perf_counter() - started

        # the floor: the same rows, as the database holds them, through COPY
        buf = io.StringIO()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY (SELECT {cols} FROM {table} WHERE meeting_id = ANY(ARRAY{meeting_ids}))"
                " TO STDOUT",
                buf,
            )
        payload = buf.getvalue()
        with transaction.atomic():
            _delete(table, meeting_ids)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", io.StringIO(payload))
            copy_s = time.perf_counter() - started
    finally:
        _delete(table, meeting_ids)
        _delete(TitleEvaluation.history.model._meta.db_table, meeting_ids)
        EvaluationMeeting.objects.filter(pk__in=meeting_ids).delete()
        EvaluationMeeting.history.model.objects.filter(id__in=meeting_ids).delete()
    return {
        "rows": imported,
        "files": len(sheets),
        "prepare_s": prepare_s,
        "import_s": import_s,
        "rows_per_s": imported / import_s if import_s else float("nan"),
        "copy_s": copy_s,
        "copy_rows_per_s": imported / copy_s if copy_s else float("nan"),
        "ratio": copy_s / import_s if import_s else float("nan"),
    }
