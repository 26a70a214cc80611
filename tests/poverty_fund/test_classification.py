import pytest
from django.core.exceptions import ValidationError

from poverty_fund import selectors, services
from poverty_fund.models import PovertyExit, PovertyStatus, StatusBasis, SupporterKind

from .helpers import ND07_INDICATORS

CODES = [i["code"] for i in ND07_INDICATORS]


@pytest.mark.parametrize(
    ("income", "deprivations", "area_type", "expected"),
    [
        (1_500_000, 3, "rural", PovertyStatus.POOR),  # at the line counts as below it
        (1_500_000, 2, "rural", PovertyStatus.NEAR_POOR),
        (1_500_001, 5, "rural", PovertyStatus.NOT_POOR),
        (1_800_000, 4, "urban", PovertyStatus.POOR),  # the urban line is 2,000,000
        (2_000_000, 0, "urban", PovertyStatus.NEAR_POOR),
        (2_000_001, 12, "urban", PovertyStatus.NOT_POOR),
    ],
)
def test_classification_by_the_standard(standard, income, deprivations, area_type, expected):
    got = services.poverty_classify(
        standard=standard, income=income, deprivations=deprivations, area_type=area_type
    )
    assert got == expected


def test_survey_is_classified_by_the_standard_in_force(cast, standard):
    h = cast.households[0]
    s = services.household_status_record(
        household=h,
        year=2025,
        basis=StatusBasis.SURVEY,
        income=1_200_000,
        deprivations=CODES[:3],
    )
    assert s.status == PovertyStatus.POOR and s.standard == standard
    later = services.household_status_record(
        household=h, year=2026, basis=StatusBasis.SURVEY, income=2_500_000, deprivations=[]
    )
    # leaving poverty is the change from the year before, not a band of its own
    assert later.status == PovertyStatus.NOT_POOR and later.exit == PovertyExit.LEFT_POVERTY


def test_no_standard_for_the_year_is_a_clear_error(cast, standard):
    with pytest.raises(ValidationError) as exc:
        services.household_status_record(
            household=cast.households[0], year=2031, basis=StatusBasis.SURVEY, income=1
        )
    assert "2031" in " ".join(exc.value.messages)


def test_unknown_deprivation_is_refused(cast, standard):
    with pytest.raises(ValidationError):
        services.household_status_record(
            household=cast.households[0],
            year=2026,
            basis=StatusBasis.SURVEY,
            income=1,
            deprivations=["khong_co"],
        )


def test_commune_decision_needs_its_number(cast, standard):
    with pytest.raises(ValidationError) as exc:
        services.household_status_record(
            household=cast.households[0],
            year=2026,
            basis=StatusBasis.DECISION,
            status=PovertyStatus.POOR,
        )
    assert str(services.DECISION_REQUIRED) in " ".join(exc.value.messages)


def test_coverage_lists_poor_households_with_and_without_supporter(cast, standard):
    a, b = cast.households
    for h in (a, b, cast.other_household):
        services.household_status_record(
            household=h,
            year=2026,
            basis=StatusBasis.SURVEY,
            income=900_000,
            deprivations=CODES[:4],
        )
    status = selectors.statuses_in(unit=cast.commune, year=2026).get(household=a)
    services.household_status_assign_supporter(
        status=status, kind=SupporterKind.ENTERPRISE, name="Công ty Formosa"
    )
    cov = selectors.coverage(unit=cast.commune, year=2026)
    assert (cov["poor"], cov["poor_supported"], cov["poor_unsupported"]) == (2, 1, 1)
    assert cov["supported_pct"] == 50.0
    assert status.history.count() == 2


def test_house_support_defaults_to_the_programme_norm_of_the_year(cast):
    import datetime

    from poverty_fund.models import SupportNorm

    SupportNorm.objects.create(year=2025, kind="new", amount=70_000_000)
    SupportNorm.objects.create(year=2025, kind="repair", amount=30_000_000)
    day = datetime.date(2026, 3, 1)
    h = cast.households[0]
    assert services.house_create(household=h, kind="new", year=2025, approved_on=day)
    houses = [
        services.house_create(household=h, kind=kind, year=year, approved_on=day)
        for kind, year in (("new", 2025), ("repair", 2026), ("new", 2024))
    ]
    assert [x.default_support for x in houses] == [70_000_000, 30_000_000, 0]
    with pytest.raises(ValidationError):
        services.house_support_add(house=houses[0], source="family", amount=0, labour_days=0)
