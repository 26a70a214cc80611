"""generate_scale: tiny sizes only (the province preset itself runs in `make bench`, not here)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Max

from bench import generate

TINY = {"preset": "province", "scale": 0.001, "last_year": 2026, "stdout": StringIO()}


def run(**options):
    call_command("generate_scale", **{**TINY, **options})


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_and_another_seed_does_not():
    run(seed=7, years=3)
    first = generate.checksums()
    run(seed=7, years=3)
    assert generate.checksums() == first
    run(seed=8, years=3)
    other = generate.checksums()
    assert other["households"] != first["households"]
    assert other["evaluations"] != first["evaluations"]


@pytest.mark.django_db
def test_refuses_a_database_with_real_data_unless_forced(cast):
    with pytest.raises(CommandError, match="--force"):
        run(seed=1, years=1)
    # nothing was touched
    assert cast.households[0].__class__.objects.filter(pk=cast.households[0].pk).exists()
    run(seed=1, years=1, force=True)
    from residential_areas.models import Household

    assert not Household.objects.filter(pk=cast.households[0].pk, code="H001").exists()
    assert Household.objects.exists()


@pytest.mark.django_db
def test_unknown_preset_is_a_clear_error():
    with pytest.raises(CommandError, match="Không có bộ dữ liệu “huyen”.*province.*national"):
        run(preset="huyen")


@pytest.mark.django_db
def test_scale_out_of_range_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        run(scale=2)


@pytest.mark.django_db
def test_national_preset_needs_postgresql():
    if connection.vendor == "postgresql":
        run(preset="national", scale=0.0001, seed=3)
        from residential_areas.models import AdministrativeUnit, Household

        # the tree keeps at least two units a level at this scale
        assert AdministrativeUnit.objects.filter(level="commune").count() == 2
        assert AdministrativeUnit.objects.filter(level="area").count() == 7
        assert Household.objects.count() == 2700
        return
    with pytest.raises(CommandError, match="PostgreSQL"):
        run(preset="national")


@pytest.mark.django_db
def test_generated_data_keeps_the_services_invariants():
    from campaign.models import Submission, SubmissionValue
    from poverty_fund.models import Disbursement, Donation, Fund, HouseholdStatus
    from poverty_fund.selectors import funds_with_balance
    from recognition.models import EvaluationMeeting, Recognition, TitleEvaluation

    run(seed=2, years=10)

    # receipts: 1..n per fund and year, no gap, no duplicate
    per_year = Donation.objects.values("fund", "receipt_year").annotate(
        n=Count("pk"), top=Max("receipt_number")
    )
    assert per_year and all(r["n"] == r["top"] for r in per_year)
    # no fund below zero today, nor at the end of any day in its history
    assert all(f.balance >= 0 for f in funds_with_balance(Fund.objects.all()))
    for fund in Fund.objects.all():
        moves = {}
        for day, amount in Donation.objects.filter(fund=fund).values_list("date", "amount"):
            moves[day] = moves.get(day, 0) + amount
        for day, amount in Disbursement.objects.filter(fund=fund).values_list("date", "amount"):
            moves[day] = moves.get(day, 0) - amount
        balance = 0
        for day in sorted(moves):
            balance += moves[day]
            assert balance >= 0, (fund, day)
    assert Disbursement.objects.count() >= 18  # 20 asked at this scale
    # disbursements to a household stay within the fund's subtree
    for d in Disbursement.objects.filter(household__isnull=False).select_related(
        "fund__unit", "household__area"
    ):
        assert d.household.area.path.startswith(d.fund.unit.path)

    # titles: a household is evaluated at its own area; a recognition per passed evaluation
    assert (
        not TitleEvaluation.objects.filter(household__isnull=False)
        .exclude(meeting__unit=models_f("household__area"))
        .exists()
    )
    passed = TitleEvaluation.objects.filter(outcome="passed", meeting__decision__isnull=False)
    assert Recognition.objects.count() == passed.count()
    assert TitleEvaluation.objects.filter(meets_criteria=False, outcome="passed").count() == 0
    years = set(EvaluationMeeting.objects.values_list("year", flat=True))
    assert years == set(range(2017, 2027))
    for meeting in EvaluationMeeting.objects.select_related("decision", "criteria_set")[:200]:
        assert meeting.is_valid
        assert meeting.held_on <= datetime.date(meeting.year, 11, 25)
        assert meeting.decision.signed_on >= meeting.posted_until
    # scores follow the criteria set's pass mark (85, or 60 for poor households)
    for ev in TitleEvaluation.objects.filter(score__isnull=False).select_related(
        "meeting__criteria_set"
    )[:2000]:
        cs = ev.meeting.criteria_set
        mark = cs.pass_mark_disadvantaged if ev.is_poor else cs.pass_mark
        assert ev.meets_criteria == (ev.score >= mark)

    # poverty: statuses every year; a member organization supports most poor households
    assert set(HouseholdStatus.objects.values_list("year", flat=True)) == set(range(2017, 2027))
    poor = HouseholdStatus.objects.filter(status="poor")
    assert poor.exclude(supporter_kind="").count() > poor.count() * 0.8

    # yearly results: every expected unit has an accepted submission, every year
    from campaign.models import ReportingPeriod
    from campaign.results.selectors import expected_units

    for period in ReportingPeriod.objects.all():
        expected = expected_units(period=period).count()
        accepted = Submission.objects.filter(period=period, status="accepted").count()
        assert expected == accepted > 0
    assert SubmissionValue.objects.filter(value__isnull=False).exists()

    if "check_funds" in get_commands():
        call_command("check_funds", stdout=StringIO())


def models_f(name):
    from django.db.models import F

    return F(name)


@pytest.mark.django_db
def test_the_indexes_dropped_for_the_load_are_all_built_again(postgres):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename NOT LIKE 'bench%%'"  # the generator's own marker table
            )
            return set(cursor.fetchall())

    before = indexes()
    run(seed=3, years=1)
    assert indexes() == before
    assert generate.DEFERRED_TABLE not in connection.introspection.table_names()


@pytest.mark.django_db
def test_a_run_stopped_halfway_leaves_its_indexes_to_the_next(postgres):
    def count():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename NOT LIKE 'bench%%'"
            )
            return cursor.fetchone()[0]

    before = count()
    assert generate._defer_indexes(generate._table_names()) > 10  # as a killed run leaves it
    assert count() < before
    run(seed=3, years=1)
    assert count() == before
