"""Hà Tĩnh's real map through both reforms (issue #16), as the demo builds it from
`residential_areas/data/ha_tinh_units.json`, and the rule that residential areas take their
commune's kind and type.

Official counts: until 31/12/2024 13 district-level units and 216 communes (182 xã, 21 phường,
13 thị trấn); from 1/1/2025 (Nghị quyết 1283/NQ-UBTVQH15) 12 and 209 (170 xã, 25 phường, 14 thị
trấn); from 1/7/2025 (Nghị quyết 1665/NQ-UBTVQH15) 69 (60 xã, 9 phường) under the province.
"""

import datetime
import importlib
import io
from collections import Counter
from contextlib import redirect_stdout

import pytest
from django.apps import apps
from django.db import transaction

from residential_areas import demo, services
from residential_areas.models import AdministrativeUnit, UnitStatistic

END_2024 = datetime.date(2024, 12, 31)
MARCH_2025 = datetime.date(2025, 3, 1)
LAST_OLD = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)
RURAL_AREAS = {"thon", "xom"}


@pytest.fixture(scope="class")
def tree(django_db_setup, django_db_blocker):
    """The demo tree, built once for the class and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert demo.seed_tree() is True
        yield AdministrativeUnit.objects.get(code="42", parent__isnull=True)
        transaction.set_rollback(True)


@pytest.fixture
def province(tree):
    return tree


def _on(day):
    return AdministrativeUnit.objects.as_of(day)


def _kinds(qs):
    return dict(Counter(qs.values_list("kind", flat=True)))


def _commune(name, day):
    return _on(day).get(name=name, level="commune")


@pytest.mark.django_db
class TestRealMap:
    """The demo tree, built once for these tests."""

    def test_on_31_12_2024_the_province_has_13_district_level_units_and_216_communes(
        self, province
    ):
        districts = _on(END_2024).filter(level="district", parent=province)
        assert districts.count() == 13
        assert districts.filter(name="Huyện Lộc Hà").exists()
        assert _kinds(_on(END_2024).filter(level="commune")) == {
            "xa": 182,
            "phuong": 21,
            "thi_tran": 13,
        }

    def test_from_1_1_2025_lo_ha_is_part_of_thach_ha_12_districts_209_communes(self, province):
        districts = _on(MARCH_2025).filter(level="district", parent=province)
        assert districts.count() == 12
        assert _kinds(districts) == {"huyen": 9, "thi_xa": 2, "thanh_pho": 1}
        assert _kinds(_on(MARCH_2025).filter(level="commune")) == {
            "xa": 170,
            "phuong": 25,
            "thi_tran": 14,
        }
        loc_ha = AdministrativeUnit.objects.get(name="Huyện Lộc Hà")
        assert loc_ha.valid_to == END_2024 and loc_ha.successor.name == "Huyện Thạch Hà"
        # Lộc Hà's town is the same commune, now in Thạch Hà: a new row from 1/1/2025
        before, after = (
            _commune("Thị trấn Lộc Hà", END_2024),
            _commune("Thị trấn Lộc Hà", MARCH_2025),
        )
        assert before.parent == loc_ha and after.parent.name == "Huyện Thạch Hà"
        assert before.successor == after and after.valid_from == datetime.date(2025, 1, 1)
        # communes merged and made phường on 1/1/2025
        assert _commune("Xã Hàm Trường", MARCH_2025).predecessors.count() == 2
        assert _commune("Phường Thạch Hạ", MARCH_2025).parent.name == "Thành phố Hà Tĩnh"
        assert not _on(MARCH_2025).filter(name="Xã Sơn Hàm").exists()

    def test_from_1_7_2025_69_communes_60_xa_9_phuong_directly_under_the_province(self, province):
        assert not _on(REFORM).filter(level="district").exists()
        communes = _on(REFORM).filter(level="commune")
        assert communes.count() == 69 and communes.filter(parent=province).count() == 69
        assert _kinds(communes) == {"xa": 60, "phuong": 9}
        assert _on(datetime.date(2026, 11, 30)).filter(level="commune").count() == 69

    def test_the_2025_units_have_their_official_names_and_codes(self, province):
        codes = dict(_on(REFORM).filter(level="commune").values_list("name", "code"))
        assert codes["Xã Sơn Hồng"] == "18160"
        assert codes["Xã Sơn Tiến"] == "18163"
        assert codes["Xã Sơn Kim 1"] == "18196"
        assert codes["Xã Kim Hoa"] == "18223"
        assert codes["Xã Đức Thọ"] == "18229"
        assert codes["Phường Thành Sen"] == "18073"
        for real in ("Xã Kỳ Hoa", "Xã Hương Xuân", "Xã Yên Hòa", "Phường Hoành Sơn"):
            assert real in codes
        for invented in ("Xã Xuân Hội", "Xã Hương Minh", "Xã Hộ Độ", "Xã Thạch Kim"):
            assert invented not in codes
        assert len(set(codes.values())) == 69

    def test_cam_binh_is_formed_from_its_four_communes_across_an_old_district_line(self, province):
        cam_binh = _commune("Xã Cẩm Bình", REFORM)
        formed_from = cam_binh.predecessors.select_related("parent")
        assert {u.name for u in formed_from} == {
            "Xã Cẩm Vịnh",
            "Xã Thạch Bình",
            "Xã Cẩm Thành",
            "Xã Cẩm Bình",
        }
        assert all(u.valid_to == LAST_OLD for u in formed_from)
        # on 30/6/2025 they sat in two district-level units
        assert {u.parent.name for u in formed_from} == {"Thành phố Hà Tĩnh", "Huyện Cẩm Xuyên"}

    def test_a_2025_ward_takes_in_a_commune_of_the_dissolved_loc_ha(self, province):
        tran_phu = _commune("Phường Trần Phú", REFORM)
        names = set(tran_phu.predecessors.values_list("name", flat=True))
        assert names == {"Phường Thạch Trung", "Phường Đồng Môn", "Phường Thạch Hạ", "Xã Hộ Độ"}
        ho_do = _commune("Xã Hộ Độ", END_2024)
        assert ho_do.parent.name == "Huyện Lộc Hà"
        assert ho_do.successor.parent.name == "Thành phố Hà Tĩnh"
        assert ho_do.successor.successor == tran_phu

    def test_every_commune_of_2024_leads_to_one_of_the_69(self, province):
        current = set(_on(REFORM).filter(level="commune").values_list("pk", flat=True))
        for unit in _on(END_2024).filter(level="commune"):
            steps = 0
            while unit.pk not in current:
                assert unit.successor_id, f"{unit.name} has no successor"
                unit, steps = unit.successor, steps + 1
            assert 1 <= steps <= 2

    def test_a_split_commune_shares_its_areas_and_has_the_lowest_code_as_successor(self, province):
        ky_loi = _commune("Xã Kỳ Lợi", LAST_OLD)
        assert ky_loi.successor.name == "Phường Sông Trí"  # 18754, the lowest of the three
        landed = {a.successor.parent.name for a in ky_loi.children.all()}
        assert landed == {"Phường Sông Trí", "Phường Vũng Áng", "Phường Hoành Sơn"}
        dai_nai = _commune("Phường Đại Nài", LAST_OLD)
        assert dai_nai.successor.name == "Phường Thành Sen"
        assert {a.successor.parent.name for a in dai_nai.children.all()} == {
            "Phường Thành Sen",
            "Phường Hà Huy Tập",
        }

    @pytest.mark.parametrize("day", [END_2024, MARCH_2025, REFORM])
    def test_areas_in_a_xa_are_rural_thon_and_in_a_phuong_or_town_urban_to_dan_pho(
        self, province, day
    ):
        areas = _on(day).filter(level="area").select_related("parent")
        assert areas.count() > 1500
        for area in areas:
            if area.parent.kind == "xa":
                assert area.kind in RURAL_AREAS and area.area_type == "rural", area.name
            else:
                assert area.kind == "to_dan_pho" and area.area_type == "urban", area.name

    def test_areas_change_kind_with_the_commune_they_move_into(self, province):
        town = _commune("Thị trấn Đức Thọ", LAST_OLD)
        quarter = town.children.order_by("code").first()
        assert quarter.kind == "to_dan_pho" and quarter.area_type == "urban"
        village = quarter.successor
        assert village.parent.name == "Xã Đức Thọ" and village.valid_from == REFORM
        assert village.kind == "thon" and village.area_type == "rural"
        assert village.name.startswith("Thôn ")
        # a xã made a phường on 1/1/2025: its thôn became tổ dân phố
        thach_ha = _commune("Xã Thạch Hạ", END_2024)
        area = thach_ha.children.order_by("code").first()
        assert area.kind in RURAL_AREAS and area.successor.kind == "to_dan_pho"
        assert area.successor.parent.name == "Phường Thạch Hạ"

    def test_population_is_not_an_exact_multiple_of_households(self, province):
        for year in (2024, 2026):
            totals = UnitStatistic.objects.filter(year=year)
            households = sum(totals.values_list("households", flat=True))
            people = sum(totals.values_list("population", flat=True))
            assert 300_000 <= households <= 360_000 and 1_200_000 <= people <= 1_450_000
            assert people % households != 0
            assert all(s.population % s.households for s in totals)
            ratios = {round(s.population / s.households, 2) for s in totals}
            assert len(ratios) > 50  # households differ in size from area to area


# -- the rule in the services, for real data too -------------------------------------------------


def test_an_area_carried_into_a_ward_becomes_an_urban_to_dan_pho(cast):
    ward = services.unit_create(
        code="18073",
        name="Phường Thành Sen",
        kind="phuong",
        level="commune",
        parent=cast.province,
        valid_from=REFORM,
    )
    assert ward.area_type == "urban"
    new = services.area_carry_over(area=cast.old_area, commune=ward, on=REFORM, code="18073-001")
    assert (new.kind, new.area_type, new.valid_from) == ("to_dan_pho", "urban", REFORM)
    cast.old_area.refresh_from_db()
    assert cast.old_area.valid_to == LAST_OLD and cast.old_area.successor == new
    assert (cast.old_area.kind, cast.old_area.area_type) == ("thon", "rural")  # as it was


def test_an_area_created_or_moved_takes_its_commune_kind_and_type(cast):
    quarter = services.unit_create(
        code="18101-009",
        name="Tổ dân phố 9",
        kind="to_dan_pho",
        level="area",
        parent=cast.commune,
        area_type="urban",
        valid_from=REFORM,
    )
    assert (quarter.kind, quarter.area_type) == ("thon", "rural")
    ward = services.unit_create(
        code="18074", name="Phường Mới", kind="phuong", level="commune", parent=cast.province
    )
    services.unit_update(unit=quarter, parent=ward)
    quarter.refresh_from_db()
    assert (quarter.kind, quarter.area_type) == ("to_dan_pho", "urban")


def test_a_commune_made_a_ward_takes_its_areas_along(cast):
    services.unit_update(unit=cast.commune, kind="phuong", name="Phường Đức Thọ")
    cast.area.refresh_from_db()
    cast.commune.refresh_from_db()
    assert cast.commune.area_type == "urban"
    assert (cast.area.kind, cast.area.area_type) == ("to_dan_pho", "urban")


def test_migration_0003_corrects_areas_records_history_and_says_so(cast):
    migration = importlib.import_module("residential_areas.migrations.0003_areas_follow_commune")
    AdministrativeUnit.objects.filter(pk=cast.area.pk).update(kind="to_dan_pho", area_type="urban")
    AdministrativeUnit.objects.filter(pk=cast.commune.pk).update(area_type="urban")
    before = cast.area.history.count()
    out = io.StringIO()
    with redirect_stdout(out):
        migration.forwards(apps, None)
    cast.area.refresh_from_db()
    cast.commune.refresh_from_db()
    assert (cast.area.kind, cast.area.area_type, cast.commune.area_type) == (
        "thon",
        "rural",
        "rural",
    )
    assert "1 xã/phường/thị trấn và 1 khu dân cư" in out.getvalue()
    assert cast.area.history.count() == before + 1
    assert cast.area.history.first().history_change_reason.startswith("Khu dân cư theo loại")
    again = io.StringIO()
    with redirect_stdout(again):
        migration.forwards(apps, None)
    assert again.getvalue() == ""
