"""The data snapshot of a report: every number comes from an SQL aggregate of another app.

The snapshot is plain JSON (numbers, strings, lists, dicts), ordered by unit path and code and
free of timestamps and ids of the run, so the same data always gives the same snapshot and
the same checksum. Sections drawn from titles, the fund and activities are optional: when the
app (or the function the section reads) is not there, the section is listed as unavailable
and the report still compiles.
"""

import datetime
import hashlib
import json
import logging
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from accounts import scope
from campaign.models import ReportingPeriod, Submission, SubmissionStatus
from campaign.results import selectors as campaign_selectors
from residential_areas.models import AdministrativeUnit

from .lineage import book_sections
from .models import ReportKind, ReportRun
from .outcomes import outcomes_section

logger = logging.getLogger(__name__)

SNAPSHOT_SCHEMA = 1
# the indicators drawn as trend charts in the 3- and 5-year reviews, when they have data
TREND_CODES = (
    "cultural_families",
    "cultural_areas",
    "fund_raised",
    "houses_built",
    "hygienic_latrine_households",
    "land_donated_m2",
    "supervision_sessions",
    "mediation_cases",
)
MAX_TRENDS = 6


UNREAD_TTL = 300


def _unread_key(user_id: int) -> str:
    return f"portal:unread:{user_id}"


def unread_count(*, user) -> int:
    """The user's unread notifications, shown on every page: cached until one of them changes
    (reporting.apps drops the key on any save or delete), and counted afresh if the cache is
    down."""
    from django.core.cache import cache

    from .models import Notification

    def count():
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    try:
        return cache.get_or_set(_unread_key(user.pk), count, UNREAD_TTL)
    except Exception:  # noqa: BLE001 - a cache outage must not break every page
        logger.exception("cache unavailable: unread notifications counted without it")
        return count()


def forget_unread(user_id: int) -> None:
    from django.core.cache import cache

    try:
        cache.delete(_unread_key(user_id))
    except Exception:  # noqa: BLE001
        logger.exception("cache unavailable: unread count of user %s not dropped", user_id)


def runs_for(*, user) -> QuerySet[ReportRun]:
    return scope.filter_by_scope(
        ReportRun.objects.select_related("unit", "requested_by"), user, "unit"
    )


def num(value):
    """Decimal -> int when whole, else float with at most 2 decimals (JSON-safe, stable)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return int(d)
    return float(d.quantize(Decimal("0.01")))


def canonical_json(snapshot: dict) -> bytes:
    return json.dumps(
        snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def checksum_of(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def _unit_info(unit: AdministrativeUnit) -> dict:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "level": unit.level}


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# -- yearly results ---------------------------------------------------------------------------


def indicator_areas(*, unit: AdministrativeUnit, year: int, include_pending: bool) -> list[dict]:
    """The content areas with their indicator rows, this year and the previous one."""
    result = campaign_selectors.aggregate(year=year, unit=unit, include_pending=include_pending)
    areas = []
    for area in result["areas"]:
        rows = [
            {
                "code": row["indicator"].code,
                "name": row["indicator"].name,
                "uom": row["indicator"].unit_of_measure,
                "value": num(row["value"]),
                "previous": num(row["previous"]),
                "change": num(row["change"]),
                "reporters": row["reporters"],
                # how the figure rolls up: a yes/no prints "N/M đơn vị" (N = value,
                # M = reporters), a rate names the terms of its Σ part / Σ whole
                "aggregation": row["indicator"].aggregation,
                "numerator": row["indicator"].numerator_code,
                "denominator": row["indicator"].denominator_code,
                "applies_to": row["indicator"].applies_to,
            }
            for row in area["rows"]
        ]
        areas.append(
            {
                "number": area["area"].number,
                "title": area["area"].title,
                "short_title": area["area"].short_title,
                "kind": area["area"].kind,  # the direction group prints apart from the five
                "rows": rows,
            }
        )
    return areas


def completeness_of(*, period: ReportingPeriod, unit: AdministrativeUnit) -> dict:
    """Who reported when: each expected unit in official code order, with its timeliness
    state (on time, within the grace days, under an extension, late, returned and not
    resubmitted, missing) and the member organizations' returns beside them."""
    from . import drafts_appendix, timeliness

    rows, counts = campaign_selectors.completeness(period=period, parent=unit)
    units = []
    for u in sorted(rows, key=lambda u: drafts_appendix.code_order(u.code)):
        state = getattr(u, "timeliness", None) or "missing"
        units.append(
            {
                "code": u.code,
                "name": u.name,
                "status": u.submission_status or "missing",
                "late": bool(u.submission_late),
                "submitted_on": u.submitted_at.date().isoformat() if u.submitted_at else None,
                "timeliness": state,
                "timeliness_label": timeliness.label(state),
            }
        )
    return {
        "counts": {k: int(v) for k, v in counts.items()},
        "units": units,
        "organizations": drafts_appendix.organizations_timeliness(period=period, unit=unit),
    }


def narratives(*, unit: AdministrativeUnit, year: int, include_pending: bool) -> list[dict]:
    """Difficulties, proposals and highlights written by the units (and member organizations)
    in their accepted submissions."""
    statuses = [SubmissionStatus.ACCEPTED]
    if include_pending:
        statuses.append(SubmissionStatus.SUBMITTED)
    subs = (
        Submission.objects.filter(
            period__year=year, unit__path__startswith=unit.path, status__in=statuses
        )
        .filter(~Q(difficulties="") | ~Q(proposals="") | ~Q(highlights=""))
        .select_related("unit", "organization")
        .order_by("unit__path", "organization__name", "pk")
    )
    return [
        {
            "reporter": s.reporter_name,
            "highlights": s.highlights.strip(),
            "difficulties": s.difficulties.strip(),
            "proposals": s.proposals.strip(),
        }
        for s in subs
    ]


# -- sections from the other apps (optional) --------------------------------------------------


def titles_section(*, unit: AdministrativeUnit, year: int) -> dict:
    from recognition.models import Commendation
    from recognition.selectors import children_figures, title_figures_by_year

    both = title_figures_by_year(unit=unit, years=[year, year - 1])

    def figures(y):
        return {k: num(v) for k, v in both[y].items()}

    by_unit = [
        {
            "name": row["unit"].name,
            "families": row["families"],
            "households": row["households"],
            "families_pct": num(row["families_pct"]),
            "areas": row["areas"],
            "areas_total": row["areas_total"],
            "areas_pct": num(row["areas_pct"]),
        }
        for row in children_figures(unit=unit, year=year)
    ]
    commendations = (
        Commendation.objects.filter(unit__path__startswith=unit.path, year=year)
        .values("level", "form")
        .annotate(n=Count("pk"))
        .order_by("level", "form")
    )
    level_labels = dict(Commendation._meta.get_field("level").choices)
    form_labels = dict(Commendation._meta.get_field("form").choices)
    return {
        "current": figures(year),
        "previous": figures(year - 1),
        "by_unit": by_unit,
        "commendations": [
            {
                "level": str(level_labels.get(r["level"], r["level"])),
                "form": str(form_labels.get(r["form"], r["form"])),
                "count": r["n"],
            }
            for r in commendations
        ],
    }


def fund_section(*, unit: AdministrativeUnit, year: int) -> dict:
    from poverty_fund.selectors import coverage, fund_statement, funds_under

    def statement(y):
        start, end = _year_bounds(y)
        st = fund_statement(funds=funds_under(unit=unit), start=start, end=end)
        return {
            "opening": st.opening,
            "receipts_total": st.receipts_total,
            "spending_total": st.spending_total,
            "transfers_in": st.transfers_in,
            "transfers_out": st.transfers_out,
            "closing": st.closing,
            "receipts_by_drive": [[str(k), v] for k, v in st.receipts_by_drive],
            "receipts_by_donor_kind": [[str(k), v] for k, v in st.receipts_by_donor_kind],
            "spending_by_purpose": [[str(k), v] for k, v in st.spending_by_purpose],
        }

    current = statement(year)
    previous = statement(year - 1)
    cov = coverage(unit=unit, year=year)
    return {
        "current": current,
        "previous": {k: previous[k] for k in ("receipts_total", "spending_total", "closing")},
        "poverty": {k: num(v) for k, v in cov.items()},
    }


def houses_section(*, unit: AdministrativeUnit, year: int) -> dict:
    from poverty_fund.models import House, HouseKind, HouseStatus

    def counts(y):
        return House.objects.filter(
            household__area__path__startswith=unit.path,
            status=HouseStatus.HANDED_OVER,
            handed_over_on__year=y,
        ).aggregate(
            new=Count("pk", filter=Q(kind=HouseKind.NEW)),
            repair=Count("pk", filter=Q(kind=HouseKind.REPAIR)),
        )

    support = House.objects.filter(
        household__area__path__startswith=unit.path,
        status=HouseStatus.HANDED_OVER,
        handed_over_on__year=year,
    ).aggregate(total=Sum("supports__amount"))["total"]
    return {"current": counts(year), "previous": counts(year - 1), "support_total": support or 0}


def activities_section(*, unit: AdministrativeUnit, year: int) -> dict:
    from campaign.activities.models import Activity, ActivityKind, Festival, PilotModel

    start, end = _year_bounds(year)
    kinds = dict(ActivityKind.choices)
    rows = (
        Activity.objects.filter(unit__path__startswith=unit.path, date__range=(start, end))
        .values("kind")
        .annotate(entries=Count("pk"), sessions=Sum("sessions"), participants=Sum("participants"))
        .order_by("kind")
    )
    activities = [
        {
            "code": r["kind"],
            "kind": str(kinds.get(r["kind"], r["kind"])),
            "entries": r["entries"],
            "sessions": r["sessions"] or 0,
            "participants": r["participants"] or 0,
        }
        for r in rows
    ]
    running = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    models_qs = (
        PilotModel.objects.filter(running, unit__path__startswith=unit.path)
        .select_related("unit", "content_area")
        .order_by("unit__path", "name", "pk")
    )
    pilot_models = [
        {
            "name": m.name,
            "unit": m.unit.name,
            "kind": m.get_kind_display(),
            "content_area": m.content_area.number,
            "status": m.get_status_display(),
        }
        for m in models_qs[:200]
    ]
    festivals = Festival.objects.filter(area__path__startswith=unit.path, year=year).aggregate(
        held=Count("area", distinct=True),
        participants=Sum("participants"),
        praised_households=Sum("praised_households"),
        praised_people=Sum("praised_people"),
        money_raised=Sum("money_raised"),
    )
    return {
        "activities": activities,
        "pilot_models": pilot_models,
        "pilot_models_total": models_qs.count(),
        "festivals": {k: v or 0 for k, v in festivals.items()},
    }


OPTIONAL_SECTIONS = {
    "titles": titles_section,
    "fund": fund_section,
    "houses": houses_section,
    "activities": activities_section,
    "outcomes": outcomes_section,  # reporting/outcomes.py: NTM, đô thị văn minh, kiểu mẫu
}


def optional(name: str, *, unit: AdministrativeUnit, year: int):
    """One optional section, or None when its app (or the function it reads) is missing."""
    try:
        return OPTIONAL_SECTIONS[name](unit=unit, year=year)
    except (ImportError, LookupError) as exc:
        logger.warning("report section %s unavailable: %s", name, exc)
        return None


# -- the snapshot -----------------------------------------------------------------------------


def year_block(
    *, kind: str, unit: AdministrativeUnit, year: int, draft: bool, with_narratives: bool
) -> dict:
    period = ReportingPeriod.objects.filter(year=year).first()
    block: dict = {"year": year, "period": None}
    if kind == ReportKind.FUND_STATEMENT:
        # a year before the unit was formed reads its predecessors' books (lineage.py)
        block.update(book_sections(unit=unit, year=year, own=optional, names=("fund", "houses")))
        return block
    if period is None:
        return block
    block["period"] = {
        "due_on": period.due_on.isoformat(),
        "reporting_level": period.reporting_level,
        "tree_date": period.tree_date.isoformat(),
    }
    block["completeness"] = completeness_of(period=period, unit=unit)
    if kind == ReportKind.COMPLETENESS:
        return block
    # the returns stay as they were filed: before 7/2025 the district-level units reported,
    # so a commune formed on 1/7/2025 has no return of its own for those years to add up
    block["areas"] = indicator_areas(unit=unit, year=year, include_pending=draft)
    if kind in (ReportKind.ANNUAL_PROVINCE, ReportKind.ANNUAL_UNIT):
        from .drafts_appendix import units_figures

        block["by_unit"] = units_figures(period=period, unit=unit, draft=draft)
    block["narratives"] = (
        narratives(unit=unit, year=year, include_pending=draft) if with_narratives else []
    )
    # the portal's books; a year before the unit was formed reads its predecessors' books,
    # combined by meaning, and block["line"] names them (lineage.py)
    block.update(book_sections(unit=unit, year=year, own=optional))
    if with_narratives:  # the report's own year (not the dashboard's, nor a trend's years)
        block["outcomes"] = optional("outcomes", unit=unit, year=year)
    _sources(block, period=period, unit=unit, year=year, draft=draft)
    return block


def _sources(block: dict, *, period, unit: AdministrativeUnit, year: int, draft: bool) -> None:
    """Coverage of the totals, the portal's books beside them, changes only when comparable."""
    from . import drafts_sources

    block["coverage"] = drafts_sources.coverage_of(period=period, unit=unit, draft=draft)
    units = campaign_selectors.expected_units(period=period, under=unit)
    books = drafts_sources.books_coverage(units=units, year=year)
    drafts_sources.attach_sources(block=block, books=books, expected=block["coverage"]["expected"])
    drafts_sources.withhold_partial_changes(block=block)


def trends(blocks: list[dict]) -> list[dict]:
    """Per numeric indicator, its value each year (previous codes follow the renamed ones)."""
    series: dict[str, dict] = {}
    years = [b["year"] for b in blocks]
    # rows keep the order of the indicator set of the latest year that has them
    order: dict[str, int] = {}
    for block in reversed(blocks):
        for area in block.get("areas", []):
            for row in area["rows"]:
                order.setdefault(row["code"], len(order))
    for block in blocks:
        for area in block.get("areas", []):
            for row in area["rows"]:
                s = series.setdefault(
                    row["code"],
                    {
                        "code": row["code"],
                        "name": row["name"],
                        "uom": row["uom"],
                        "area": area["number"],
                        "values": {},
                    },
                )
                s["values"][str(block["year"])] = row["value"]
    rows = []
    for s in series.values():
        values = [s["values"].get(str(y)) for y in years]
        rows.append({**s, "values": values})
    rows.sort(key=lambda r: (r["area"], order[r["code"]]))
    return rows


def chart_series(trend_rows: list[dict]) -> list[dict]:
    with_data = [r for r in trend_rows if sum(v is not None for v in r["values"]) >= 2]
    preferred = [r for code in TREND_CODES for r in with_data if r["code"] == code]
    rest = [r for r in with_data if r not in preferred]
    return (preferred + rest)[:MAX_TRENDS]


def build_snapshot(*, run: ReportRun, progress=None) -> dict:
    """Compile the snapshot of a run. `progress(pct, stage)` is told how far it got."""
    unit = run.unit
    blocks = []
    years = run.years
    for i, year in enumerate(years):
        if progress:
            progress(10 + int(50 * i / len(years)), f"Tổng hợp số liệu năm {year}")
        blocks.append(
            year_block(
                kind=run.kind,
                unit=unit,
                year=year,
                draft=run.is_draft,
                with_narratives=year == run.year,
            )
        )
    snapshot = {
        "schema": SNAPSHOT_SCHEMA,
        "kind": run.kind,
        "draft": run.is_draft,
        "unit": _unit_info(unit),
        "first_year": run.first_year,
        "year": run.year,
        "years": blocks,
    }
    if len(blocks) > 1:
        snapshot["trends"] = trends(blocks)
    if run.kind in (ReportKind.INTERIM_REVIEW, ReportKind.FINAL_REVIEW):
        from . import drafts_phases

        snapshot["phase"] = drafts_phases.phase_info(first_year=run.first_year, year=run.year)
        snapshot["phase_compare"] = drafts_phases.compare_ends(snapshot.get("trends", []), years)
        snapshot["phase_commendations"] = drafts_phases.commendations_of(
            unit=unit, first_year=run.first_year, year=run.year
        )
    unavailable = sorted(
        {name for b in blocks for name in OPTIONAL_SECTIONS if name in b and b[name] is None}
    )
    snapshot["unavailable"] = unavailable
    return snapshot
