import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import UnitRole
from residential_areas import selectors, services
from residential_areas.models import AdministrativeUnit, Household, UnitStatistic


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return AdministrativeUnit.objects.get(code="42", parent__isnull=True)


def test_tree_of_mid_2024_has_13_district_level_units(demo):
    units = selectors.units_as_of(on=datetime.date(2024, 6, 30))
    districts = units.filter(parent=demo, level="district")
    assert districts.count() == 13
    assert set(districts.values_list("kind", flat=True)) == {"thanh_pho", "thi_xa", "huyen"}
    communes = units.filter(level="commune")
    assert communes.count() == 216
    kinds = dict((k, communes.filter(kind=k).count()) for k in ("xa", "phuong", "thi_tran"))
    assert kinds == {"xa": 182, "phuong": 21, "thi_tran": 13}


def test_tree_of_2026_has_69_communes_directly_under_the_province(demo):
    units = selectors.units_as_of(on=datetime.date(2026, 1, 1))
    assert units.filter(level="district").count() == 0
    direct = units.filter(parent=demo, level="commune")
    assert direct.count() == 69
    assert direct.filter(kind="phuong").count() == 9
    assert direct.filter(kind="xa").count() == 60
    areas = units.filter(level="area").count()
    assert 1500 <= areas <= 2000


def test_every_old_commune_leads_to_a_current_one(demo):
    today = datetime.date(2026, 11, 29)
    old = AdministrativeUnit.objects.filter(level="commune", valid_to=datetime.date(2025, 6, 30))
    assert old.count() == 209  # the communes of 1/1/2025 (issue #16); the 216 of 2024 lead there
    assert not old.filter(successor__isnull=True).exists()
    for unit in old.select_related("successor"):
        assert unit.successor.is_valid_on(today)
        assert unit.successor.parent_id == demo.pk


def test_demo_figures_add_up_to_about_330000_households(demo):
    for year in (2024, 2026):
        totals = selectors.with_statistics(
            AdministrativeUnit.objects.filter(pk=demo.pk), year=year
        ).get()
        assert 300_000 <= totals.households_total <= 360_000
        assert 1_200_000 <= totals.population_total <= 1_450_000


def test_seed_demo_twice_changes_nothing(demo):
    def snapshot():
        return (
            AdministrativeUnit.objects.count(),
            AdministrativeUnit.history.count(),
            UnitStatistic.objects.count(),
            Household.objects.count(),
            UnitRole.objects.count(),
            list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "path", "name")[:50]),
        )

    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.parametrize("query", ["ha tinh", "HÀ TĨNH", "Hà Tĩnh", "hà tinh"])
def test_search_is_accent_and_case_insensitive(cast, query):
    found = selectors.units_search(qs=AdministrativeUnit.objects.all(), q=query)
    assert list(found) == [cast.province]


def test_search_d_finds_d_with_stroke(cast):
    found = selectors.units_search(qs=AdministrativeUnit.objects.all(), q="duc tho")
    assert set(found) == {cast.district, cast.commune}


def test_unit_cannot_become_its_own_ancestor(cast):
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=cast.district, parent=cast.old_area)
    assert services.OWN_ANCESTOR in str(exc.value)
    with pytest.raises(ValidationError):
        services.unit_update(unit=cast.district, parent=cast.district)
    cast.district.refresh_from_db()
    assert cast.district.parent == cast.province


def test_moving_a_unit_moves_its_subtree(cast):
    services.unit_update(unit=cast.old_commune, parent=cast.other_district)
    cast.old_area.refresh_from_db()
    assert cast.old_area.path.startswith(cast.other_district.path)
    assert cast.old_area in AdministrativeUnit.objects.under(cast.other_district)


def test_overlapping_validity_for_the_same_code_is_rejected(cast):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            code="440",
            name="Huyện Đức Thọ (trùng)",
            kind="huyen",
            level="district",
            parent=cast.province,
            valid_from=datetime.date(2025, 1, 1),
        )
    assert "440" in str(exc.value)
    # the same code after the old unit closed is fine
    reused = services.unit_create(
        code="440",
        name="Đức Thọ mới",
        kind="xa",
        level="commune",
        parent=cast.province,
        valid_from=datetime.date(2025, 7, 1),
    )
    assert reused.pk


def test_unit_with_children_or_data_cannot_be_deleted(cast):
    with pytest.raises(ValidationError) as exc:
        services.unit_delete(unit=cast.district)
    assert "đơn vị trực thuộc" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.unit_delete(unit=cast.area)  # it has households
    assert "hộ gia đình" in str(exc.value)
    empty = services.unit_create(
        code="X1", name="Thôn Mới", kind="thon", level="area", parent=cast.commune
    )
    services.unit_delete(unit=empty)
    assert not AdministrativeUnit.objects.filter(code="X1").exists()


def test_unit_changes_keep_history(cast):
    services.unit_close(unit=cast.other_area, valid_to=datetime.date(2026, 12, 31))
    history = cast.other_area.history.order_by("history_date")
    assert history.count() == 3  # created, path set, closed
    assert history.last().valid_to == datetime.date(2026, 12, 31)


def test_household_must_live_in_a_residential_area(cast):
    with pytest.raises(ValidationError):
        services.household_create(area=cast.commune, code="H9", head_name="Phan Văn Dũng")
