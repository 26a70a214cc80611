"""A unit's book figures for a year before it existed: its predecessors', combined by meaning.

A commune formed on 1/7/2025 has no rows of its own in 2023 or 2024: its residential areas of
those years are other rows (carried over as new units at the reform) under other communes. Its
trend for those years reads the units that stood for it at each year's end
(`residential_areas.selectors.line_in_year`): counts and money add, a percentage is recomputed
as Σ part / Σ whole from the added parts (never an average of percentages), and the block says
whose figures they are (`block["line"]`). The sections keep the shape the report and the
dashboard read (`selectors.titles_section` and the others).

Every figure is read for all the predecessors at once (a path condition per predecessor in one
query, grouped by a CASE that names the predecessor a row falls under), so the cost does not
grow with the number of predecessors. The books kept by household (poverty, Great Unity houses)
follow the households themselves (`poverty_fund.lineage`): the households that came to the
unit, wherever their area's row hangs in the tree.
"""

import datetime
import logging
from collections.abc import Callable

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from residential_areas.models import AdministrativeUnit, Household, UnitLevel, UnitStatistic
from residential_areas.selectors import line_in_year

logger = logging.getLogger(__name__)

BOOK_SECTIONS = ("titles", "fund", "houses", "activities")


def _under(line: list[AdministrativeUnit], field: str) -> Q:
    q = Q(pk__in=[])
    for u in line:
        q |= Q(**{f"{field}__startswith": u.path})
    return q


def _which(line: list[AdministrativeUnit], field: str) -> Case:
    """The predecessor a row falls under, by its path."""
    return Case(
        *[When(**{f"{field}__startswith": u.path}, then=Value(u.pk)) for u in line],
        output_field=IntegerField(),
    )


def _grouped(qs, line, field: str, **aggregates) -> dict[int, dict]:
    rows = (
        qs.filter(_under(line, field))
        .annotate(line_unit=_which(line, field))
        .order_by()
        .values("line_unit")
        .annotate(**aggregates)
    )
    return {r["line_unit"]: r for r in rows}


def _whole(value):
    # as selectors.num prints a figure: 2.0 -> 2 (the shares here already have one decimal)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _pct(part: int, whole: int) -> float:
    # as recognition.selectors.title_figures: one decimal, 0 when there is no whole
    return round(100 * part / whole, 1) if whole else 0.0


# -- titles -----------------------------------------------------------------------------------


def _title_rows(line: list[AdministrativeUnit], year: int) -> list[dict]:
    """`title_figures` of each unit of the line (without the percentages), in four queries."""
    from recognition.models import Recognition, TitleKind

    on = datetime.date(year, 12, 31)  # every unit of a line existed on the year's last day
    titles = _grouped(
        Recognition.objects.filter(year=year),
        line,
        "area__path",
        families=Count("kind", filter=Q(kind=TitleKind.FAMILY)),  # from the index alone
        areas=Count("kind", filter=Q(kind=TitleKind.AREA)),
        communes=Count("kind", filter=Q(kind=TitleKind.COMMUNE)),
    )
    stats = _grouped(
        UnitStatistic.objects.filter(year=year), line, "unit__path", n=Sum("households")
    )
    # the households registered in the portal stand in where the statistics are missing
    registered = _grouped(
        Household.objects.filter(is_active=True), line, "area__path", n=Count("pk")
    )
    units = _grouped(
        AdministrativeUnit.objects.as_of(on),
        line,
        "path",
        areas=Count("pk", filter=Q(level=UnitLevel.AREA)),
        communes=Count("pk", filter=Q(level=UnitLevel.COMMUNE)),
    )
    rows = []
    for u in line:
        t, n = titles.get(u.pk, {}), units.get(u.pk, {})
        rows.append(
            {
                "unit": u,
                "families": t.get("families", 0),
                "households": (stats.get(u.pk, {}).get("n") or 0)
                or registered.get(u.pk, {}).get("n", 0),
                "areas": t.get("areas", 0),
                "areas_total": n.get("areas", 0),
                "communes": t.get("communes", 0),
                "communes_total": n.get("communes", 0) if u.level != UnitLevel.AREA else 0,
            }
        )
    return rows


def _title_totals(rows: list[dict]) -> dict:
    total = {
        k: sum(r[k] for r in rows)
        for k in ("families", "households", "areas", "areas_total", "communes", "communes_total")
    }
    total["families_pct"] = _pct(total["families"], total["households"])
    total["areas_pct"] = _pct(total["areas"], total["areas_total"])
    total["communes_pct"] = _pct(total["communes"], total["communes_total"])
    return total


def titles_of_line(*, line, previous_line, year: int) -> dict:
    from recognition.models import Commendation

    rows = _title_rows(line, year)
    current = {k: _whole(v) for k, v in _title_totals(rows).items()}
    previous = {
        k: _whole(v) for k, v in _title_totals(_title_rows(previous_line, year - 1)).items()
    }
    commendations = (
        Commendation.objects.filter(_under(line, "unit__path"), year=year)
        .values("level", "form")
        .annotate(n=Count("pk"))
        .order_by("level", "form")
    )
    level_labels = dict(Commendation._meta.get_field("level").choices)
    form_labels = dict(Commendation._meta.get_field("form").choices)
    return {
        "current": current,
        "previous": previous,
        # the line's units stand where the unit's children would
        "by_unit": [
            {
                "name": r["unit"].name,
                "families": r["families"],
                "households": r["households"],
                "families_pct": _whole(_pct(r["families"], r["households"])),
                "areas": r["areas"],
                "areas_total": r["areas_total"],
                "areas_pct": _whole(_pct(r["areas"], r["areas_total"])),
            }
            for r in rows
        ],
        "commendations": [
            {
                "level": str(level_labels.get(r["level"], r["level"])),
                "form": str(form_labels.get(r["form"], r["form"])),
                "count": r["n"],
            }
            for r in commendations
        ],
    }


# -- fund, houses, activities -----------------------------------------------------------------


def _statement(line, year: int) -> dict:
    from poverty_fund.models import Fund
    from poverty_fund.selectors import fund_statement

    # the line's funds read as one: receipts and spending add, transfers between them show on
    # both sides and cancel in the balances (as a district's funds do)
    st = fund_statement(
        funds=Fund.objects.filter(_under(line, "unit__path")),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
    )
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


def fund_of_line(*, unit, line, previous_line, year: int) -> dict:
    from poverty_fund.selectors import coverage

    previous = _statement(previous_line, year - 1)
    return {
        "current": _statement(line, year),
        "previous": {k: previous[k] for k in ("receipts_total", "spending_total", "closing")},
        # poverty is kept by household: the unit's own count already reads the households
        # that came to it (poverty_fund.lineage), and its supported share is Σ/Σ of them
        "poverty": {k: _whole(v) for k, v in coverage(unit=unit, year=year).items()},
    }


def houses_of_unit(*, unit, year: int) -> dict:
    """Great Unity houses handed over to the households that lived under `unit` in the year
    (across a merger, the households that came to it)."""
    support = _handed_over(unit, year).aggregate(total=Sum("supports__amount"))["total"]
    return {
        "current": _house_counts(unit, year),
        "previous": _house_counts(unit, year - 1),
        "support_total": support or 0,
    }


def _handed_over(unit, year: int):
    from poverty_fund.lineage import households_q
    from poverty_fund.models import House, HouseStatus

    return House.objects.filter(
        households_q(unit=unit, year=year, prefix="household__"),
        status=HouseStatus.HANDED_OVER,
        handed_over_on__year=year,
    )


def _house_counts(unit, year: int) -> dict:
    from poverty_fund.models import HouseKind

    return _handed_over(unit, year).aggregate(
        new=Count("pk", filter=Q(kind=HouseKind.NEW)),
        repair=Count("pk", filter=Q(kind=HouseKind.REPAIR)),
    )


def activities_of_line(*, line, year: int) -> dict:
    from campaign.activities.models import Activity, ActivityKind, Festival, PilotModel

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    kinds = dict(ActivityKind.choices)
    rows = (
        Activity.objects.filter(_under(line, "unit__path"), date__range=(start, end))
        .values("kind")
        .annotate(entries=Count("pk"), sessions=Sum("sessions"), participants=Sum("participants"))
        .order_by("kind")
    )
    running = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    models_qs = (
        PilotModel.objects.filter(running, _under(line, "unit__path"))
        .select_related("unit", "content_area")
        .order_by("unit__path", "name", "pk")
    )
    festivals = Festival.objects.filter(_under(line, "area__path"), year=year).aggregate(
        held=Count("area", distinct=True),
        participants=Sum("participants"),
        praised_households=Sum("praised_households"),
        praised_people=Sum("praised_people"),
        money_raised=Sum("money_raised"),
    )
    return {
        "activities": [
            {
                "code": r["kind"],
                "kind": str(kinds.get(r["kind"], r["kind"])),
                "entries": r["entries"],
                "sessions": r["sessions"] or 0,
                "participants": r["participants"] or 0,
            }
            for r in rows
        ],
        "pilot_models": [
            {
                "name": m.name,
                "unit": m.unit.name,
                "kind": m.get_kind_display(),
                "content_area": m.content_area.number,
                "status": m.get_status_display(),
            }
            for m in models_qs[:200]
        ],
        "pilot_models_total": models_qs.count(),
        "festivals": {k: v or 0 for k, v in festivals.items()},
    }


# -- the hook of selectors.year_block ---------------------------------------------------------


def book_sections(
    *, unit: AdministrativeUnit, year: int, own: Callable, names=BOOK_SECTIONS
) -> dict:
    """The year block's sections from the portal's books. For a year the unit lived through,
    its own: `own(name, unit=unit, year=year)` (`selectors.optional`); for a year before it was
    formed, its line's figures, with `line` (the names of the units they come from, for the
    page to say so)."""
    line = line_in_year(unit, year)
    if line == [unit] or not line:
        sections = {name: own(name, unit=unit, year=year) for name in names}
        before = line_in_year(unit, year - 1)
        if before and before != [unit]:
            _previous_of_line(sections, unit=unit, line=before, year=year)
        return sections
    previous_line = line_in_year(unit, year - 1) or line
    build = {
        "titles": lambda: titles_of_line(line=line, previous_line=previous_line, year=year),
        "fund": lambda: fund_of_line(unit=unit, line=line, previous_line=previous_line, year=year),
        "houses": lambda: houses_of_unit(unit=unit, year=year),
        "activities": lambda: activities_of_line(line=line, year=year),
    }
    names_of_line = [u.name for u in line]
    sections: dict = {"line": names_of_line}
    for name in names:
        try:
            sections[name] = build[name]()
        except (ImportError, LookupError) as exc:  # as selectors.optional: the app is missing
            logger.warning("report section %s unavailable: %s", name, exc)
            sections[name] = None
    return sections


def _previous_of_line(sections: dict, *, unit, line, year: int) -> None:
    """The unit's first year: last year's figures, beside this year's, are its line's."""
    if sections.get("titles"):
        totals = _title_totals(_title_rows(line, year - 1))
        sections["titles"]["previous"] = {k: _whole(v) for k, v in totals.items()}
    if sections.get("fund"):
        previous = _statement(line, year - 1)
        sections["fund"]["previous"] = {
            k: previous[k] for k in ("receipts_total", "spending_total", "closing")
        }
    if sections.get("houses"):
        sections["houses"]["previous"] = _house_counts(unit, year - 1)
