import pytest
from django.contrib.auth import get_user_model

from campaign.activities import demo as demo_activities
from campaign.models import (
    Activity,
    Assignment,
    BudgetPlan,
    ConventionRevision,
    Festival,
    PilotModel,
    VillageConvention,
    YearlyPlan,
)
from campaign.results.prefill import prefill_for

MODELS = [
    Activity,
    Assignment,
    BudgetPlan,
    ConventionRevision,
    Festival,
    PilotModel,
    VillageConvention,
    YearlyPlan,
]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("tinh.quantri", password="x")


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def test_demo_seeds_once_and_a_second_run_changes_nothing(cast, areas, superuser):
    assert demo_activities.seed() is True
    before = counts()
    assert all(n for n, _h in before.values())
    assert demo_activities.seed() is False
    assert counts() == before
    values = prefill_for(unit=cast.commune, year=2026)
    assert values["festivals_held"].value == 1
    assert values["areas_with_convention"].value == 1
    assert values["budget_spent"].value == 12_400_000 + 18_000_000 + 9_500_000 + 43_000_000


def test_demo_does_nothing_without_content_areas(cast, superuser):
    assert demo_activities.seed() is False
    assert not Activity.objects.exists()
