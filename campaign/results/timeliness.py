"""When a unit reported, as the movement board means it: one state per submission, in SQL.

The day that counts is the first submission's (a resubmission after a return does not move
it: the unit corrected what the board asked, inside the window the return gave, which the
submit service enforces). A report returned and not yet resubmitted is neither on time nor
late: it is its own state until the unit sends it again. The states, in the order of the
period's calendar:

    Đúng hạn                         first sent on or before the due date
    Trong thời gian gia hạn nộp      after it, within the period's grace days
    Theo gia hạn được duyệt          after those, within the extension granted to the unit
    Nộp muộn                         after all of them
    Bị trả lại, chưa nộp lại         returned (or reopened) and not sent again yet
    Chưa nộp                         no submission, or one still being drafted

Lives beside the submissions (layer 2) so that the results' own pages can use it; reporting
reads it through `reporting/timeliness.py`.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from .models import (
    PeriodExtension,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)


class Timeliness:
    """The states (a code for the data, the Vietnamese label for people)."""

    ON_TIME = "on_time"
    GRACE = "grace"
    EXTENSION = "extension"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"

    LABELS = {
        ON_TIME: _("Đúng hạn"),
        GRACE: _("Trong thời gian gia hạn nộp"),
        EXTENSION: _("Theo gia hạn được duyệt"),
        LATE: _("Nộp muộn"),
        RETURNED: _("Bị trả lại, chưa nộp lại"),
        MISSING: _("Chưa nộp"),
    }
    # one colour per state, each with its own words
    BADGES = {
        ON_TIME: "text-bg-success",
        GRACE: "text-bg-info",
        EXTENSION: "text-bg-primary",
        LATE: "text-bg-warning",
        RETURNED: "text-bg-danger",
        MISSING: "text-bg-dark",
    }
    ORDER = (ON_TIME, GRACE, EXTENSION, LATE, RETURNED, MISSING)
    # sent (at least once) and not waiting for a resubmission
    SENT = (ON_TIME, GRACE, EXTENSION, LATE)


def label(state: str) -> str:
    return str(Timeliness.LABELS[state])


def first_submitted_on():
    """The local day of the first submission: its event, else (rows written without events,
    e.g. by an import) the submission's own date."""
    first = (
        SubmissionEvent.objects.filter(
            submission=OuterRef("pk"), action=SubmissionEvent.Action.SUBMITTED
        )
        .order_by("at", "pk")
        .values(day=TruncDate("at"))[:1]
    )
    return Coalesce(
        Subquery(first, output_field=DateField()),
        TruncDate("submitted_at"),
        output_field=DateField(),
    )


def state_expression(*, periods):
    """A CASE over Submission rows giving their state (needs `first_on` and
    `extension_until` annotated: see `with_timeliness`). The periods' dates are constants
    in the SQL: a handful of years, each with its own due date and grace days."""
    periods = list(periods)
    whens = [
        When(status=SubmissionStatus.RETURNED, then=Value(Timeliness.RETURNED)),
        When(
            Q(status=SubmissionStatus.DRAFT) | Q(first_on__isnull=True),
            then=Value(Timeliness.MISSING),
        ),
    ]
    whens += [
        When(period_id=p.pk, first_on__lte=p.due_on, then=Value(Timeliness.ON_TIME))
        for p in periods
    ]
    whens += [
        When(period_id=p.pk, first_on__lte=p.grace_until, then=Value(Timeliness.GRACE))
        for p in periods
    ]
    whens.append(When(first_on__lte=F("extension_until"), then=Value(Timeliness.EXTENSION)))
    return Case(*whens, default=Value(Timeliness.LATE), output_field=CharField())


def with_timeliness(
    qs: QuerySet,
    *,
    period: ReportingPeriod | None = None,
    periods: list[ReportingPeriod] | None = None,
) -> QuerySet:
    """Submission rows of one period (or of `periods`), each with `first_on`,
    `extension_until` and `timeliness` (the state's code), computed by the database."""
    periods = [period] if period is not None else list(periods or [])
    extension = PeriodExtension.objects.filter(
        period=OuterRef("period"), unit=OuterRef("unit")
    ).values("until")[:1]
    return qs.annotate(
        first_on=first_submitted_on(),
        extension_until=Subquery(extension, output_field=DateField()),
    ).annotate(timeliness=state_expression(periods=periods))


def submission_states(*, period: ReportingPeriod) -> QuerySet:
    """The period's submissions (units and member organizations) with their state."""
    return with_timeliness(Submission.objects.filter(period=period), period=period)


def state_of_unit_subquery(*, period: ReportingPeriod):
    """For an AdministrativeUnit queryset: the state of the unit's own submission (not a
    member organization's), "missing" when it has none."""
    subs = with_timeliness(
        Submission.objects.filter(period=period, unit=OuterRef("pk"), organization__isnull=True),
        period=period,
    )
    return Coalesce(
        Subquery(subs.values("timeliness")[:1], output_field=CharField()),
        Value(Timeliness.MISSING),
        output_field=CharField(),
    )


def state_counts(qs: QuerySet) -> dict[str, int]:
    """Counts per state over a queryset annotated with `timeliness`, in one query."""
    return qs.aggregate(
        **{state: Count("pk", filter=Q(timeliness=state)) for state in Timeliness.ORDER}
    )


def submission_timeliness(submission: Submission) -> str:
    """One submission's state (one query)."""
    return (
        with_timeliness(Submission.objects.filter(pk=submission.pk), period=submission.period)
        .values_list("timeliness", flat=True)
        .get()
    )
