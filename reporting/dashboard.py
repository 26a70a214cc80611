"""The dashboard of a unit's home page: the province's board and leadership see the province,
a district or commune committee its subtree.

Every figure comes from the roll-ups the annual report prints (`selectors.year_block`,
`trends`, the fund, titles and houses sections), so a chart never shows a number the report
does not; only the fund's months are read apart (`poverty_fund.selectors.fund_months`), and
they add up to the report's yearly totals. The whole is computed once per version of the
data it reads and kept in the cache.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.models import ReportingPeriod
from campaign.results import selectors as campaign_selectors
from core import fragments
from residential_areas.models import AdministrativeUnit, UnitLevel

from . import dashboard_map
from .models import ReportKind
from .selectors import chart_series, trends, year_block

# the four indicators the dashboard draws over the years, in this order
TREND_CODES = ("cultural_families", "poor_households", "fund_raised", "houses_built")
TREND_YEARS = 5

# state: (label, fill, text colour on the fill, contrast 4.5:1 or more)
STATES = {
    "accepted": (gettext_lazy("Đã tiếp nhận"), "#1b7f4b", "#ffffff"),
    "submitted": (gettext_lazy("Đã nộp, chờ xem xét"), "#1f5fa0", "#ffffff"),
    "returned": (gettext_lazy("Bị trả lại"), "#f0b14a", "#212529"),
    "draft": (gettext_lazy("Đang soạn, chưa nộp"), "#d6d0ee", "#212529"),
    "missing": (gettext_lazy("Chưa nộp"), "#b02a37", "#ffffff"),
}
STATE_ORDER = tuple(STATES)

# the data a dashboard shows: its figures and its rendered part are kept while these stand
KINDS = ("tree", "statistics", "results", "fund", "titles")


def dashboard_year(*, today: datetime.date) -> int | None:
    """The year the dashboard shows: the reporting period in progress (as the tasks panel)."""
    period = campaign_selectors.current_period(campaign_selectors.all_periods(), today=today)
    return period.year if period else None


def year_choices(*, today: datetime.date) -> list[int]:
    """The years the dashboard may show: those whose reporting period has opened."""
    return sorted(p.year for p in campaign_selectors.all_periods() if p.opens_on <= today)


def _years(year: int) -> list[int]:
    have = set(
        ReportingPeriod.objects.filter(year__gt=year - TREND_YEARS, year__lte=year).values_list(
            "year", flat=True
        )
    )
    return sorted(have)


def _kind(unit: AdministrativeUnit) -> str:
    if unit.level == UnitLevel.PROVINCE:
        return ReportKind.ANNUAL_PROVINCE
    return ReportKind.ANNUAL_UNIT


def _links(*, period: ReportingPeriod, unit: AdministrativeUnit) -> dict[str, dict]:
    """Each expected unit's id, its submission's id and its timeliness where the results
    know it, by code: the rows of the same completeness query the report reads."""
    rows, _counts = campaign_selectors.completeness(period=period, parent=unit)
    return {
        row.code: {
            "unit": row.pk,
            "submission": row.submission_id,
            "timeliness": getattr(row, "timeliness", None),
        }
        for row in rows
    }


def _is_late(row: dict) -> bool:
    if row.get("timeliness") is not None:
        return row["timeliness"] == "late"
    return bool(row.get("late"))


def _completeness(block: dict, *, period, unit) -> dict | None:
    section = block.get("completeness")
    if section is None:
        return None
    links = _links(period=period, unit=unit)
    units = []
    for row in section["units"]:
        state = row["status"] if row["status"] in STATES else "missing"
        submitted = row["submitted_on"]
        units.append(
            {
                **row,
                "state": state,
                "submitted_date": datetime.date.fromisoformat(submitted) if submitted else None,
                **links.get(row["code"], {}),
            }
        )
    counts = section["counts"]
    by_state = [
        {
            "state": s,
            "label": str(STATES[s][0]),
            "color": STATES[s][1],
            "text": STATES[s][2],
            "count": sum(1 for u in units if u["state"] == s),
        }
        for s in STATE_ORDER
    ]
    return {
        "counts": counts,
        "by_state": by_state,
        "units": units,
        # late as the counts count it: by timeliness where the results have it
        "late": [u for u in units if _is_late(u)],
        "missing": [u for u in units if u["state"] in ("missing", "draft")],
        "due_on": period.due_on,
    }


def _trend_rows(blocks: list[dict]) -> list[dict]:
    rows = {r["code"]: r for r in chart_series(trends(blocks)) if r["code"] in TREND_CODES}
    # chart_series keeps only series with two years of data: the others come from trends()
    for r in trends(blocks):
        if r["code"] in TREND_CODES:
            rows.setdefault(r["code"], r)
    years = [b["year"] for b in blocks]
    return [
        {**rows[code], "pairs": list(zip(years, rows[code]["values"], strict=True))}
        for code in TREND_CODES
        if code in rows
    ]


def _fund(block: dict, *, unit: AdministrativeUnit, year: int) -> dict | None:
    from poverty_fund.selectors import PEAK_MONTHS, fund_months, funds_under

    section = block.get("fund")
    if section is None:
        return None
    months = fund_months(funds=funds_under(unit=unit), year=year)
    peak = max(months, key=lambda m: m["receipts"])
    for m in months:
        m["label"] = _("Tháng %(m)s") % {"m": m["month"]}
        m["peak_month"] = m["month"] in PEAK_MONTHS
    return {
        "receipts_total": section["current"]["receipts_total"],
        "spending_total": section["current"]["spending_total"],
        "closing": section["current"]["closing"],
        "poverty": section["poverty"],
        "months": months,
        "top_month": peak["month"] if peak["receipts"] > 0 else None,
    }


def compute(*, unit: AdministrativeUnit, year: int) -> dict:
    """The dashboard's figures for `unit` in `year` (and the years before it, for trends)."""
    years = _years(year)
    kind = _kind(unit)
    blocks = [
        year_block(kind=kind, unit=unit, year=y, draft=False, with_narratives=False) for y in years
    ]
    current = blocks[-1] if blocks and blocks[-1]["year"] == year else None
    period = ReportingPeriod.objects.filter(year=year).first()
    data: dict = {"year": year, "years": years, "unit_name": unit.name}
    data["completeness"] = (
        _completeness(current, period=period, unit=unit) if current and period else None
    )
    data["trends"] = _trend_rows(blocks)
    data["fund"] = _fund(current, unit=unit, year=year) if current else None
    data["houses"] = current.get("houses") if current else None
    data["titles"] = [
        # `line`: for a year before the unit existed, the predecessors the figures are from
        {"year": b["year"], "line": b.get("line"), **b["titles"]["current"]}
        for b in blocks
        if b.get("titles")
    ]
    data["map"] = (
        dashboard_map.draw(units=data["completeness"]["units"], states=STATES)
        if data["completeness"] and len(data["completeness"]["units"]) > 1
        else None
    )
    data["charts"] = chart_payload(data)
    return data


def dashboard(*, unit: AdministrativeUnit, year: int) -> dict:
    """`compute()`, kept until the tree, the figures, the results, the fund or the titles
    change."""
    return fragments.cached(
        "dashboard",
        lambda: compute(unit=unit, year=year),
        kinds=KINDS,
        key=(unit.pk, year),
    )


def chart_payload(data: dict) -> dict:
    """What dashboard.js draws: the same numbers as the tables under each chart."""
    payload: dict = {
        "labels": {
            "units": _("Số đơn vị"),
            # not a bare "Thu": Django's catalogue reads it as Thursday ("Thứ 5")
            "receipts": _("Tiền thu"),
            "spending": _("Tiền chi"),
            "families": _("Gia đình văn hóa"),
            # the area title's name changed in 2024 (Nghị định 86/2023)
            "areas": _("Khu dân cư văn hóa (từ 2024: Thôn, tổ dân phố văn hóa)"),
        }
    }
    if data.get("completeness"):
        rows = data["completeness"]["by_state"]
        payload["states"] = {
            "labels": [r["label"] for r in rows],
            "values": [r["count"] for r in rows],
            "colors": [r["color"] for r in rows],
        }
    payload["trends"] = [
        {
            "code": r["code"],
            "name": r["name"],
            "uom": r["uom"],
            "years": data["years"],
            "values": r["values"],
        }
        for r in data.get("trends", [])
    ]
    if data.get("fund"):
        months = data["fund"]["months"]
        payload["fund"] = {
            "labels": [m["label"] for m in months],
            "receipts": [m["receipts"] for m in months],
            "spending": [m["spending"] for m in months],
            "peak": [m["peak_month"] for m in months],
        }
    if data.get("titles"):
        payload["titles"] = {
            "labels": [str(t["year"]) for t in data["titles"]],
            "families": [t["families"] for t in data["titles"]],
            "areas": [t["areas"] for t in data["titles"]],
        }
    return payload
