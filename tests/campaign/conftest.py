import datetime

import pytest
import time_machine

from campaign import demo
from campaign.models import ReportingPeriod
from campaign.results import demo as results_demo


@pytest.fixture
def periods(cast):
    demo.seed_base()
    results_demo.seed_indicator_sets()
    return {p.year: p for p in ReportingPeriod.objects.all()}


@pytest.fixture
def november(periods):
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def draft(cast, periods, november):
    from campaign.results import services

    return services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
