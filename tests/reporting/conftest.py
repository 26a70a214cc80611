import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from campaign.models import Indicator, Submission, SubmissionStatus, SubmissionValue

# the hand-computed fixture: values by year, unit and indicator code
VALUES = {
    2025: {
        "commune": {"households_total": 105, "cultural_families": 80, "fund_raised": 4_000_000},
        "other_commune": {"households_total": 88, "cultural_families": 60, "fund_raised": 0},
    },
    2026: {
        "commune": {"households_total": 110, "cultural_families": 90, "fund_raised": 5_000_000},
        "other_commune": {
            "households_total": 90,
            "cultural_families": 70,
            "fund_raised": 3_000_000,
        },
    },
}
DIFFICULTY = "Thiếu kinh phí làm đường ở Thôn Lạc Thiện"
PROPOSAL = "Đề nghị tỉnh hỗ trợ xi măng làm đường giao thông nông thôn"


def make_submission(*, period, unit, status, values, **narrative):
    at = timezone.make_aware(datetime.datetime(period.year, 11, 20, 9, 0))
    sub = Submission.objects.create(
        period=period,
        unit=unit,
        status=status,
        submitted_at=None if status == SubmissionStatus.DRAFT else at,
        accepted_at=at if status == SubmissionStatus.ACCEPTED else None,
        **narrative,
    )
    indicators = {i.code: i for i in Indicator.objects.filter(indicator_set=period.indicator_set)}
    for code, value in values.items():
        SubmissionValue.objects.create(
            submission=sub, indicator=indicators[code], value=Decimal(value)
        )
    return sub


@pytest.fixture
def periods(cast):
    """The campaign's demo periods 2023-2026 (as tests/campaign/conftest.py builds them)."""
    from campaign import demo
    from campaign.models import ReportingPeriod
    from campaign.results import demo as results_demo

    demo.seed_base()
    results_demo.seed_indicator_sets()
    return {p.year: p for p in ReportingPeriod.objects.all()}


@pytest.fixture
def results(cast, periods):
    """2025: both communes accepted. 2026: Xã Đức Thọ accepted (with its difficulties and
    proposals), Xã Cẩm Xuyên submitted but not yet accepted."""
    for year, by_unit in VALUES.items():
        for name, values in by_unit.items():
            unit = getattr(cast, name)
            accepted = year == 2025 or name == "commune"
            narrative = (
                {"difficulties": DIFFICULTY, "proposals": PROPOSAL}
                if (year, name) == (2026, "commune")
                else {}
            )
            make_submission(
                period=periods[year],
                unit=unit,
                status=SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.SUBMITTED,
                values=values,
                **narrative,
            )
    return VALUES


@pytest.fixture
def compile_run(django_capture_on_commit_callbacks):
    """Create a run and compile it (eagerly, as the on-commit hook queues it)."""
    from reporting import services

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            created = services.report_run_create(**kwargs)
        created.refresh_from_db()
        return created

    return run


@pytest.fixture
def activities(cast):
    """2026: an outreach in each commune (3 sessions, 120 people; 2 sessions, 80 people) and a
    festival of 300 people in Xã Đức Thọ's residential area."""
    import datetime

    from campaign.activities.models import Activity, Festival

    for unit, sessions, participants, title in (
        (cast.commune, 3, 120, "Tuyên truyền Cuộc vận động"),
        (cast.other_commune, 2, 80, "Tuyên truyền"),
    ):
        Activity.objects.create(
            unit=unit,
            date=datetime.date(2026, 5, 4),
            kind="outreach",
            title=title,
            sessions=sessions,
            participants=participants,
        )
    Festival.objects.create(
        area=cast.area, year=2026, held_on=datetime.date(2026, 11, 18), participants=300
    )
