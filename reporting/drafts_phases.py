"""Reviews by the campaign's phases (data: campaign.results.models.CampaignPhase).

A final review (tổng kết) covers the whole phase that holds the year asked (2021 - 2025); an
interim review (sơ kết) its first three years. The review compares the phase's first year
with its last, lists the commendations of the phase, and never prints a blank for a year
without returns: it says "chưa có số liệu".
"""

from django.db.models import Count

from campaign.models import CampaignPhase
from residential_areas.models import AdministrativeUnit

from .models import KIND_YEARS, ReportKind

NO_DATA = "chưa có số liệu"
INTERIM_YEARS = 3


def phase_of(year: int) -> CampaignPhase | None:
    return (
        CampaignPhase.objects.filter(start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


def phase_years(*, kind: str, year: int) -> tuple[int, int]:
    """The years a run of `kind` asked for `year` covers: a review follows the phase holding
    the year; without a phase (or for the other kinds), the N years up to `year`."""
    if kind in (ReportKind.INTERIM_REVIEW, ReportKind.FINAL_REVIEW):
        phase = phase_of(year)
        if phase is not None:
            if kind == ReportKind.FINAL_REVIEW:
                return phase.start_year, phase.end_year
            return phase.start_year, min(phase.start_year + INTERIM_YEARS - 1, phase.end_year)
    return year - KIND_YEARS[kind] + 1, year


def phase_info(*, first_year: int, year: int) -> dict | None:
    phase = phase_of(first_year)
    if phase is None:
        return None
    return {"name": phase.name, "start_year": phase.start_year, "end_year": phase.end_year}


def compare_ends(trend_rows: list[dict], years: list[int]) -> list[dict]:
    """Per indicator: the phase's first year with data against its last (each with its year),
    "chưa có số liệu" where a year has none."""
    rows = []
    for t in trend_rows:
        first = t["values"][0] if t["values"] else None
        last = t["values"][-1] if t["values"] else None
        rows.append(
            {
                "code": t["code"],
                "name": t["name"],
                "uom": t["uom"],
                "area": t["area"],
                "first": first,
                "last": last,
                "change": (last - first) if first is not None and last is not None else None,
            }
        )
    return rows


def commendations_of(*, unit: AdministrativeUnit, first_year: int, year: int) -> list[dict]:
    """The commendations of the phase within `unit`, counted by year, level and form."""
    try:
        from recognition.models import Commendation
    except ImportError:
        return []
    levels = dict(Commendation._meta.get_field("level").choices)
    forms = dict(Commendation._meta.get_field("form").choices)
    rows = (
        Commendation.objects.filter(
            unit__path__startswith=unit.path, year__range=(first_year, year)
        )
        .values("year", "level", "form")
        .annotate(n=Count("pk"))
        .order_by("year", "level", "form")
    )
    return [
        {
            "year": r["year"],
            "level": str(levels.get(r["level"], r["level"])),
            "form": str(forms.get(r["form"], r["form"])),
            "count": r["n"],
        }
        for r in rows
    ]
