import io

from django.core.management import call_command

from campaign.models import ReportingPeriod, Submission
from campaign.results import selectors


def test_demo_periods_expect_13_districts_in_2024_and_69_communes_in_2026(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert selectors.expected_units(period=ReportingPeriod.objects.get(year=2024)).count() == 13
    assert selectors.expected_units(period=ReportingPeriod.objects.get(year=2026)).count() == 69
    statuses = set(Submission.objects.filter(period__year=2026).values_list("status", flat=True))
    assert statuses == {"accepted", "submitted", "returned", "draft"}
    assert Submission.objects.filter(period__year=2026).count() < 69  # some are missing
