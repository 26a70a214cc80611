import datetime
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum

from residential_areas.models import AdministrativeUnit

from .models import (
    Aggregation,
    Indicator,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    SubmissionValue,
)


def expected_units(*, period: ReportingPeriod, under: AdministrativeUnit | None = None) -> QuerySet:
    """The units that must report for the period: its level, in the tree as of its date."""
    qs = AdministrativeUnit.objects.as_of(period.tree_date).filter(level=period.reporting_level)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    return qs


def previous_values(*, submission: Submission) -> dict[str, Decimal]:
    """Last year's accepted values of the same unit, or of the units it succeeded."""
    units = [submission.unit_id, *submission.unit.predecessors.values_list("pk", flat=True)]
    rows = (
        SubmissionValue.objects.filter(
            submission__period__year=submission.period.year - 1,
            submission__unit__in=units,
            submission__organization=submission.organization,
            submission__status=SubmissionStatus.ACCEPTED,
            value__isnull=False,
        )
        .values("indicator__code")
        .annotate(total=Sum("value"))
    )
    return {r["indicator__code"]: r["total"] for r in rows}


def completeness(*, period: ReportingPeriod, parent: AdministrativeUnit):
    """Per expected unit: its submission's status and timeliness state (`timeliness`, see
    timeliness.py); and the counts (one per state too), all in SQL."""
    from . import timeliness  # the states, by the first submission's day

    sub = Submission.objects.filter(period=period, unit=OuterRef("pk"), organization__isnull=True)
    rows = (
        expected_units(period=period, under=parent)
        .annotate(
            submission_id=Subquery(sub.values("pk")[:1]),
            submission_status=Subquery(sub.values("status")[:1]),
            submission_late=Subquery(sub.values("is_late")[:1]),
            submitted_at=Subquery(sub.values("submitted_at")[:1]),
            timeliness=timeliness.state_of_unit_subquery(period=period),
        )
        .order_by("path")
    )
    subs = timeliness.with_timeliness(
        Submission.objects.filter(
            period=period,
            organization__isnull=True,
            unit__in=expected_units(period=period, under=parent),
        ),
        period=period,
    )
    sent = ~Q(status__in=[SubmissionStatus.DRAFT]) & Q(submitted_at__isnull=False)
    counts = subs.aggregate(
        submitted=Count("pk", filter=sent),
        on_time=Count("pk", filter=Q(timeliness=timeliness.Timeliness.ON_TIME)),
        grace=Count("pk", filter=Q(timeliness=timeliness.Timeliness.GRACE)),
        extension=Count("pk", filter=Q(timeliness=timeliness.Timeliness.EXTENSION)),
        late=Count("pk", filter=Q(timeliness=timeliness.Timeliness.LATE)),
        accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
        returned=Count("pk", filter=Q(status=SubmissionStatus.RETURNED)),
        draft=Count("pk", filter=Q(status=SubmissionStatus.DRAFT)),
    )
    counts["expected"] = expected_units(period=period, under=parent).count()
    counts["missing"] = counts["expected"] - counts["submitted"]
    return rows, counts


def _totals_by_code(*, year: int, unit: AdministrativeUnit, statuses) -> dict[str, dict]:
    rows = (
        SubmissionValue.objects.filter(
            submission__period__year=year,
            submission__organization__isnull=True,
            submission__unit__path__startswith=unit.path,
            submission__status__in=statuses,
            value__isnull=False,
        )
        # a WEIGHTED rate counts each unit by the whole it names (its value of that indicator)
        .annotate(
            weight=Subquery(
                SubmissionValue.objects.filter(
                    submission=OuterRef("submission"),
                    indicator__code=OuterRef("indicator__denominator_code"),
                ).values("value")[:1]
            )
        )
        .values("indicator__code")
        .annotate(
            sum=Sum("value"),
            avg=Avg("value"),
            max=Max("value"),
            n=Count("pk"),
            wsum=Sum(F("value") * F("weight"), filter=Q(indicator__aggregation="weighted")),
            wden=Sum("weight", filter=Q(indicator__aggregation="weighted")),
        )
    )
    return {r["indicator__code"]: r for r in rows}


def aggregate(*, year: int, unit: AdministrativeUnit, include_pending: bool = False) -> dict:
    """Totals per indicator for a year and any unit, by each indicator's aggregation rule, from
    accepted submissions (or also submitted/returned/draft ones for a preview), with last year.

    Two GROUP BY queries per year whatever the number of units and values."""
    period = ReportingPeriod.objects.select_related("indicator_set").filter(year=year).first()
    if period is None:
        return {"period": None, "areas": []}
    statuses = [SubmissionStatus.ACCEPTED]
    if include_pending:
        statuses += [SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.DRAFT]
    current = _totals_by_code(year=year, unit=unit, statuses=statuses)
    previous = _totals_by_code(year=year - 1, unit=unit, statuses=[SubmissionStatus.ACCEPTED])

    def value_of(totals, indicator, code=None):
        code = code or indicator.code
        row = totals.get(code)
        if indicator.aggregation == Aggregation.RATIO:
            num = totals.get(indicator.numerator_code, {}).get("sum")
            den = totals.get(indicator.denominator_code, {}).get("sum")
            return (
                (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"))
                if num is not None and den
                else None
            )
        if row is None:
            return None
        if indicator.aggregation == Aggregation.WEIGHTED:
            wden = row["wden"]
            return (Decimal(row["wsum"]) / Decimal(wden)).quantize(Decimal("0.1")) if wden else None
        if indicator.aggregation == Aggregation.AVERAGE:
            return Decimal(row["avg"]).quantize(Decimal("0.1"))
        if indicator.aggregation == Aggregation.MAX:
            return row["max"]
        return row["sum"]

    areas: dict[int, dict] = {}
    indicators = Indicator.objects.filter(indicator_set=period.indicator_set).select_related(
        "content_area"
    )
    for ind in indicators:
        area = areas.setdefault(ind.content_area.number, {"area": ind.content_area, "rows": []})
        if ind.value_type == "text":
            continue
        now = value_of(current, ind)
        before = value_of(previous, ind) if ind.code in previous or ind.is_computed else None
        if before is None and ind.previous_code:
            before = value_of(previous, ind, ind.previous_code)
        area["rows"].append(
            {
                "indicator": ind,
                "value": now,
                "previous": before,
                "change": (now - before) if now is not None and before is not None else None,
                "reporters": current.get(ind.code, {}).get("n", 0),
                "previous_reporters": previous.get(ind.previous_code or ind.code, {}).get("n", 0),
            }
        )
    return {"period": period, "areas": [areas[k] for k in sorted(areas)]}


def submissions_for(*, user) -> QuerySet[Submission]:
    from accounts import scope

    return scope.filter_by_scope(
        Submission.objects.select_related("period", "unit", "organization"), user, "unit"
    )


def current_period(periods, *, today: datetime.date):
    """The year in progress: the period open for submission today (its grace days included),
    else the last one that has closed; a period opened ahead of its time changes nothing.
    `periods`: every period (newest first, as the pages cache them)."""
    open_now = [p for p in periods if p.opens_on <= today <= p.grace_until]
    if open_now:
        return max(open_now, key=lambda p: p.year)
    started = [p for p in periods if p.opens_on <= today]
    if started:
        return max(started, key=lambda p: p.year)
    return min(periods, key=lambda p: p.year, default=None)


def last_return(submission: Submission):
    """The board's last return (or the admin's reopen) of the submission, or None."""
    return (
        submission.events.filter(action__in=["returned", "reopened"])
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )


def changes_since(snapshot: dict, rows) -> list[dict]:
    """The values that differ from a return's snapshot: [{indicator, before, after}]."""
    from .numbers import input_text

    changes = []
    for row in rows:
        code = row.indicator.code
        if code not in snapshot or row.indicator.is_computed:
            continue
        now = row.text_value if row.indicator.value_type == "text" else input_text(row.value)
        if now != snapshot[code]:
            changes.append({"indicator": row.indicator, "before": snapshot[code], "after": now})
    return changes


def review_queue(*, user) -> QuerySet[Submission]:
    """Submitted reports in the user's scope, oldest first: the order the board reviews in."""
    from . import timeliness  # each row's timeliness state, in the same query

    return timeliness.with_timeliness(
        submissions_for(user=user).filter(status=SubmissionStatus.SUBMITTED),
        periods=all_periods(),
    ).order_by("submitted_at", "pk")


def next_in_queue(*, user, after: Submission | None = None) -> Submission | None:
    """The next report the user may decide on: not `after`, not one the user submitted."""
    last_by = (
        SubmissionEvent.objects.filter(
            submission=OuterRef("pk"), action=SubmissionEvent.Action.SUBMITTED
        )
        .order_by("-at", "-pk")
        .values("by")[:1]
    )
    queue = review_queue(user=user).annotate(last_by=Subquery(last_by)).exclude(last_by=user.pk)
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first()


def all_periods() -> list[ReportingPeriod]:
    """Every reporting period, newest first: read on most pages of results and on the home
    page, changed a few times a year, so kept in the cache until one changes."""
    from core import fragments

    return fragments.cached(
        "periods",
        lambda: list(ReportingPeriod.objects.select_related("indicator_set").order_by("-year")),
        kinds=("results",),
        key=(),
        shared=True,  # read on every page of results: one copy per process, never changed
    )
