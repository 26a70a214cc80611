"""The annual province report: data compile vs the hand-written SQL floor, and end to end."""

import datetime
import gc
import resource
import statistics
import time
import tracemalloc

from django.db import connection, transaction


def _t(model) -> str:
    return model._meta.db_table


def floor_sql() -> str:
    """One statement computing every total of the annual report's snapshot (indicators this and
    last year, completeness, titles overall and by child unit, commendations, the fund
    statement of both years and its poverty coverage, houses, activities, festivals, pilot
    models, narratives, and how many reporting units keep each of the portal's books). It is
    what the database must do at the least: the floor."""
    from campaign.activities.models import Activity, Festival, PilotModel
    from campaign.models import (
        Indicator,
        ReportingPeriod,
        Submission,
        SubmissionValue,
    )
    from poverty_fund.models import (
        Disbursement,
        Donation,
        Fund,
        House,
        HouseholdStatus,
        HouseSupport,
        Transfer,
    )
    from recognition.models import Commendation, Recognition
    from residential_areas.models import AdministrativeUnit, Household, UnitStatistic

    u, h = _t(AdministrativeUnit), _t(Household)
    signed = "CASE WHEN x.reverses_id IS NULL THEN x.amount ELSE -x.amount END"
    funds = (
        f"SELECT f.id FROM {_t(Fund)} f JOIN {u} fu ON fu.id = f.unit_id WHERE fu.path LIKE %(p)s"
    )
    return f"""
WITH
ind AS (
  SELECT 'ind:' || p.year || ':' || i.code AS k, SUM(v.value) AS a, AVG(v.value) AS b,
         MAX(v.value) AS c, COUNT(*) AS d
  FROM {_t(SubmissionValue)} v
  JOIN {_t(Submission)} s ON s.id = v.submission_id
  JOIN {_t(ReportingPeriod)} p ON p.id = s.period_id
  JOIN {_t(Indicator)} i ON i.id = v.indicator_id
  JOIN {u} su ON su.id = s.unit_id
  WHERE p.year IN (%(y)s, %(y1)s) AND s.organization_id IS NULL AND s.status = 'accepted'
    AND v.value IS NOT NULL AND su.path LIKE %(p)s
  GROUP BY p.year, i.code
),
expected AS (
  SELECT e.id FROM {u} e
  WHERE e.level = %(level)s AND e.path LIKE %(p)s
    AND (e.valid_from IS NULL OR e.valid_from <= %(tree)s)
    AND (e.valid_to IS NULL OR e.valid_to >= %(tree)s)
),
compl AS (
  SELECT 'completeness' AS k, COUNT(e.id)::numeric AS a,
    COUNT(s.id) FILTER (WHERE s.status <> 'draft' AND s.submitted_at IS NOT NULL)::numeric AS b,
    COUNT(s.id) FILTER (WHERE s.status = 'accepted')::numeric AS c,
    COUNT(s.id) FILTER (WHERE s.is_late AND s.submitted_at IS NOT NULL) AS d
  FROM expected e
  LEFT JOIN {_t(Submission)} s
    ON s.unit_id = e.id AND s.period_id = %(period)s AND s.organization_id IS NULL
),
narr AS (
  SELECT 'narratives' AS k, COUNT(*)::numeric, SUM(length(s.difficulties) + length(s.proposals)
    + length(s.highlights))::numeric, NULL::numeric, NULL::bigint
  FROM {_t(Submission)} s JOIN {_t(ReportingPeriod)} p ON p.id = s.period_id
  JOIN {u} su ON su.id = s.unit_id
  WHERE p.year = %(y)s AND s.status = 'accepted' AND su.path LIKE %(p)s
    AND (s.difficulties <> '' OR s.proposals <> '' OR s.highlights <> '')
),
titles AS (
  SELECT 'titles:' || r.year || ':' || r.kind, COUNT(*)::numeric, NULL::numeric, NULL::numeric,
         NULL::bigint
  FROM {_t(Recognition)} r JOIN {u} ru ON ru.id = r.area_id
  WHERE r.year IN (%(y)s, %(y1)s) AND ru.path LIKE %(p)s
  GROUP BY r.year, r.kind
),
titles_child AS (
  SELECT 'titles_child:' || split_part(ru.path, '/', %(depth)s) || ':' || r.kind,
         COUNT(*)::numeric, NULL::numeric, NULL::numeric, NULL::bigint
  FROM {_t(Recognition)} r JOIN {u} ru ON ru.id = r.area_id
  WHERE r.year = %(y)s AND ru.path LIKE %(p)s
  GROUP BY 1
),
stats AS (
  SELECT 'households:' || st.year || ':' || split_part(su.path, '/', %(depth)s),
         SUM(st.households)::numeric, NULL::numeric, NULL::numeric, NULL::bigint
  FROM {_t(UnitStatistic)} st JOIN {u} su ON su.id = st.unit_id
  WHERE st.year IN (%(y)s, %(y1)s) AND su.path LIKE %(p)s
  GROUP BY ROLLUP (st.year, split_part(su.path, '/', %(depth)s))
),
areas AS (
  SELECT 'areas:' || split_part(a.path, '/', %(depth)s), COUNT(*)::numeric, NULL::numeric,
         NULL::numeric, NULL::bigint
  FROM {u} a
  WHERE a.level = 'area' AND a.path LIKE %(p)s
    AND (a.valid_from IS NULL OR a.valid_from <= %(end)s)
    AND (a.valid_to IS NULL OR a.valid_to >= %(end)s)
  GROUP BY ROLLUP (split_part(a.path, '/', %(depth)s))
),
comm AS (
  SELECT 'commendations:' || c.level || ':' || c.form, COUNT(*)::numeric, NULL::numeric,
         NULL::numeric, NULL::bigint
  FROM {_t(Commendation)} c JOIN {u} cu ON cu.id = c.unit_id
  WHERE c.year = %(y)s AND cu.path LIKE %(p)s GROUP BY c.level, c.form
),
don AS (
  SELECT 'donations:' || COALESCE(EXTRACT(YEAR FROM x.date)::text, '') || ':'
         || COALESCE(x.drive, '*') || ':' || COALESCE(x.donor_kind, '*'),
         SUM({signed})::numeric, NULL::numeric, NULL::numeric, COUNT(*)
  FROM {_t(Donation)} x WHERE x.fund_id IN ({funds}) AND x.date <= %(end)s
    AND x.date >= %(start1)s
  GROUP BY GROUPING SETS ((EXTRACT(YEAR FROM x.date), x.drive),
                          (EXTRACT(YEAR FROM x.date), x.donor_kind), (EXTRACT(YEAR FROM x.date)))
),
opening AS (
  SELECT 'opening:' || y.year, (
      (SELECT COALESCE(SUM({signed}), 0) FROM {_t(Donation)} x
       WHERE x.fund_id IN ({funds}) AND x.date < y.start)
    - (SELECT COALESCE(SUM({signed}), 0) FROM {_t(Disbursement)} x
       WHERE x.fund_id IN ({funds}) AND x.date < y.start)
    + (SELECT COALESCE(SUM({signed}), 0) FROM {_t(Transfer)} x
       WHERE x.to_fund_id IN ({funds}) AND x.date < y.start)
    - (SELECT COALESCE(SUM({signed}), 0) FROM {_t(Transfer)} x
       WHERE x.from_fund_id IN ({funds}) AND x.date < y.start))::numeric,
    NULL::numeric, NULL::numeric, NULL::bigint
  FROM (VALUES (%(y)s, %(start)s::date), (%(y1)s, %(start1)s::date)) AS y(year, start)
),
spend AS (
  SELECT 'spending:' || EXTRACT(YEAR FROM x.date) || ':' || COALESCE(x.purpose, '*'),
         SUM({signed})::numeric, NULL::numeric, NULL::numeric, COUNT(*)
  FROM {_t(Disbursement)} x WHERE x.fund_id IN ({funds}) AND x.date <= %(end)s
    AND x.date >= %(start1)s
  GROUP BY GROUPING SETS ((EXTRACT(YEAR FROM x.date), x.purpose), (EXTRACT(YEAR FROM x.date)))
),
trans AS (
  SELECT 'transfers:' || EXTRACT(YEAR FROM x.date), SUM({signed})::numeric,
         NULL::numeric, NULL::numeric, COUNT(*)
  FROM {_t(Transfer)} x WHERE (x.to_fund_id IN ({funds}) OR x.from_fund_id IN ({funds}))
    AND x.date BETWEEN %(start1)s AND %(end)s GROUP BY 1
),
cov AS (
  SELECT 'poverty:' || hs.status, COUNT(*)::numeric,
         COUNT(*) FILTER (WHERE hs.supporter_kind <> '')::numeric, NULL::numeric, NULL::bigint
  FROM {_t(HouseholdStatus)} hs JOIN {h} hh ON hh.id = hs.household_id
  JOIN {u} hu ON hu.id = hh.area_id
  WHERE hs.year = %(y)s AND hu.path LIKE %(p)s GROUP BY hs.status
),
houses AS (
  SELECT 'houses:' || EXTRACT(YEAR FROM ho.handed_over_on) || ':' || ho.kind,
         COUNT(DISTINCT ho.id)::numeric, SUM(hsu.amount)::numeric, NULL::numeric, NULL::bigint
  FROM {_t(House)} ho JOIN {h} hh ON hh.id = ho.household_id JOIN {u} hu ON hu.id = hh.area_id
  LEFT JOIN {_t(HouseSupport)} hsu ON hsu.house_id = ho.id
  WHERE ho.status = 'handed_over' AND ho.handed_over_on BETWEEN %(start1)s AND %(end)s
    AND hu.path LIKE %(p)s
  GROUP BY 1
),
act AS (
  SELECT 'activities:' || ac.kind, COUNT(*)::numeric, SUM(ac.sessions)::numeric,
         SUM(ac.participants)::numeric, NULL::bigint
  FROM {_t(Activity)} ac JOIN {u} au ON au.id = ac.unit_id
  WHERE ac.date BETWEEN %(start)s AND %(end)s AND au.path LIKE %(p)s AND ac.deleted_at IS NULL
  GROUP BY ac.kind
),
fest AS (
  SELECT 'festivals', COUNT(DISTINCT fe.area_id)::numeric, SUM(fe.participants)::numeric,
         SUM(fe.money_raised)::numeric, SUM(fe.praised_households + fe.praised_people)
  FROM {_t(Festival)} fe JOIN {u} fu ON fu.id = fe.area_id
  WHERE fe.year = %(y)s AND fu.path LIKE %(p)s
),
holders AS (
  SELECT 'fund' AS book, hu.path FROM {u} hu
  WHERE hu.id IN (SELECT f.unit_id FROM {_t(Donation)} x JOIN {_t(Fund)} f ON f.id = x.fund_id
                  WHERE x.date BETWEEN %(start)s AND %(end)s)
     OR hu.id IN (SELECT f.unit_id FROM {_t(Disbursement)} x
                  JOIN {_t(Fund)} f ON f.id = x.fund_id WHERE x.date BETWEEN %(start)s AND %(end)s)
  UNION ALL SELECT 'poverty', hu.path FROM {u} hu
  WHERE hu.id IN (SELECT hh.area_id FROM {_t(HouseholdStatus)} hs
                  JOIN {h} hh ON hh.id = hs.household_id WHERE hs.year = %(y)s)
  UNION ALL SELECT 'titles', hu.path FROM {u} hu
  WHERE hu.id IN (SELECT r.area_id FROM {_t(Recognition)} r WHERE r.year = %(y)s)
  UNION ALL SELECT 'houses', hu.path FROM {u} hu
  WHERE hu.id IN (SELECT hh.area_id FROM {_t(House)} ho JOIN {h} hh ON hh.id = ho.household_id
                  WHERE ho.status = 'handed_over'
                    AND ho.handed_over_on BETWEEN %(start)s AND %(end)s)
  UNION ALL SELECT 'activities', hu.path FROM {u} hu
  WHERE hu.id IN (SELECT ac.unit_id FROM {_t(Activity)} ac
                  WHERE ac.date BETWEEN %(start)s AND %(end)s AND ac.deleted_at IS NULL)
     OR hu.id IN (SELECT fe.area_id FROM {_t(Festival)} fe WHERE fe.year = %(y)s)
),
books AS (
  SELECT 'books:' || ho.book, COUNT(DISTINCT ex.id)::numeric, NULL::numeric, NULL::numeric,
         NULL::bigint
  FROM holders ho JOIN {u} ex ON ex.id IN (SELECT id FROM expected)
    AND ho.path LIKE ex.path || '%%'
  GROUP BY ho.book
),
pilots AS (
  SELECT 'pilot_models', COUNT(*)::numeric, NULL::numeric, NULL::numeric, NULL::bigint
  FROM {_t(PilotModel)} pm JOIN {u} pu ON pu.id = pm.unit_id
  WHERE pm.started_on <= %(end)s AND (pm.ended_on IS NULL OR pm.ended_on >= %(start)s)
    AND pu.path LIKE %(p)s
)
SELECT * FROM ind UNION ALL SELECT * FROM compl UNION ALL SELECT * FROM narr
UNION ALL SELECT * FROM titles UNION ALL SELECT * FROM titles_child
UNION ALL SELECT * FROM stats UNION ALL SELECT * FROM areas UNION ALL SELECT * FROM comm
UNION ALL SELECT * FROM don UNION ALL SELECT * FROM opening UNION ALL SELECT * FROM spend
UNION ALL SELECT * FROM trans UNION ALL SELECT * FROM cov UNION ALL SELECT * FROM houses
UNION ALL SELECT * FROM act UNION ALL SELECT * FROM fest UNION ALL SELECT * FROM pilots
UNION ALL SELECT * FROM books
"""


def floor_params(*, root, year: int) -> dict:
    from campaign.models import ReportingPeriod

    period = ReportingPeriod.objects.get(year=year)
    return {
        "p": root.path + "%",
        "y": year,
        "y1": year - 1,
        "level": period.reporting_level,
        "tree": period.tree_date,
        "period": period.pk,
        "depth": root.path.count("/") + 1,
        "start": datetime.date(year, 1, 1),
        "start1": datetime.date(year - 1, 1, 1),
        "end": datetime.date(year, 12, 31),
    }


def run_floor(*, root, year: int) -> dict:
    """The floor's totals. Without the JIT: compiling the one large statement took 0.6 s on
    2 cores, more than running it (the compile's queries are each too small to be compiled),
    and a floor is what the database must do at the least."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(floor_sql(), floor_params(root=root, year=year))
        return {row[0]: row[1:] for row in cursor.fetchall()}


def new_run(*, root, year: int):
    from reporting.models import ReportKind, ReportRun

    return ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=root, first_year=year, year=year
    )


def compile_snapshot(run) -> dict:
    from reporting.selectors import build_snapshot

    return build_snapshot(run=run)


def agreement(snapshot: dict, floor: dict, year: int) -> list[str]:
    """Totals of the snapshot that differ from the floor's (empty: the same totals)."""
    problems = []
    block = snapshot["years"][-1]
    for area in block.get("areas", []):
        for row in area["rows"]:
            got = floor.get(f"ind:{year}:{row['code']}")
            if got is None or row["value"] is None:
                continue
            if row["reporters"] and float(got[3]) != row["reporters"]:
                problems.append(f"{row['code']}: {row['reporters']} đơn vị != {got[3]}")
    titles = block.get("titles") or {}
    fam = floor.get(f"titles:{year}:family", (0,))[0]
    if titles and titles["current"]["families"] != fam:
        problems.append(f"gia đình văn hóa {titles['current']['families']} != {fam}")
    fund = block.get("fund") or {}
    receipts = floor.get(f"donations:{year}:*:*", (0,))[0]
    if fund and fund["current"]["receipts_total"] != receipts:
        problems.append(f"thu quỹ {fund['current']['receipts_total']} != {receipts}")
    counts = block.get("completeness", {}).get("counts", {})
    if counts and counts.get("expected") != floor["completeness"][0]:
        problems.append(f"đơn vị phải nộp {counts.get('expected')} != {floor['completeness'][0]}")
    for name, book in (block.get("books") or {}).items():
        held = int(floor.get(f"books:{name}", (0,))[0])
        if book["covered"] != held:
            problems.append(f"{book['label']}: {book['covered']} đơn vị != {held}")
    return problems


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time of `repeat` calls (after one warm-up call) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def peak_memory(fn) -> tuple[float, float]:
    """(Python heap peak MB by tracemalloc, process max RSS MB) of one call."""
    gc.collect()
    tracemalloc.start()
    fn()
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak / 1e6, rss


def bench_report(*, repeat: int = 3, with_files: bool = True) -> dict:
    from django.db.models import Max

    from campaign.models import ReportingPeriod
    from reporting.models import ReportDraft, ReportRun
    from reporting.services import report_run_compile
    from residential_areas.models import AdministrativeUnit

    root = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    year = ReportingPeriod.objects.aggregate(y=Max("year"))["y"]
    # a compile moves the year's open draft onto its run: put each draft back where it was
    drafts_before = dict(ReportDraft.objects.values_list("pk", "run_id"))
    run = new_run(root=root, year=year)
    runs = [run.pk]
    try:
        compile_s, snapshot = timed(lambda: compile_snapshot(run), repeat)
        floor_s, floor = timed(lambda: run_floor(root=root, year=year), repeat)
        heap_mb, rss_mb = peak_memory(lambda: compile_snapshot(run))
        out = {
            "unit": root.name,
            "year": year,
            "compile_s": compile_s,
            "floor_s": floor_s,
            "ratio": compile_s / floor_s if floor_s else float("inf"),
            "heap_mb": heap_mb,
            "rss_mb": rss_mb,
            "mismatches": agreement(snapshot, floor, year),
            "floor_rows": len(floor),
        }
        if with_files:

            def end_to_end():
                r = new_run(root=root, year=year)
                runs.append(r.pk)
                done = report_run_compile(run_id=r.pk)
                if done.status != "done":
                    raise RuntimeError(f"report run failed: {done.error}")
                return done

            out["end_to_end_s"], done = timed(end_to_end, max(1, repeat - 1))
            out["pdf_kb"] = done.pdf.size / 1024 if done.pdf else 0
            out["xlsx_kb"] = done.xlsx.size / 1024 if done.xlsx else 0
        return out
    finally:
        for draft in ReportDraft.objects.filter(run__in=runs):
            if drafts_before.get(draft.pk) not in (None, *runs):
                ReportDraft.objects.filter(pk=draft.pk).update(run_id=drafts_before[draft.pk])
            else:
                draft.delete()  # made by the bench's own compile
        for r in ReportRun.objects.filter(pk__in=runs):
            for f in (r.pdf, r.xlsx):
                if f:
                    f.delete(save=False)
        ReportRun.objects.filter(pk__in=runs).delete()
