"""The annual province report picks up the campaign's outcomes (issue #16, item 4): the
new-countryside and civilized-urban statuses and the model areas and gardens over their
denominators with their coverage, the direction group in its own section, and the rural-only
and urban-only indicators counted over the units they are asked of. Read back from the PDF."""

import datetime
import shutil
import subprocess

import pytest

from campaign.models import ModelKind, UnitStatus
from campaign.outcomes import services as outcome_services
from reporting.models import ReportKind, RunStatus
from residential_areas import services as unit_services
from tests.cast import NEW_START

D = datetime.date


@pytest.fixture
def poppler():
    if not shutil.which("pdftotext"):
        from tests.conftest import skip_or_fail

        skip_or_fail("poppler-utils (pdftotext) not installed")


def _flat(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


@pytest.fixture
def outcomes(cast):
    admin = cast["province_admin"]
    ward = unit_services.unit_create(
        code="18500",
        name="Phường Thành Sen",
        kind="phuong",
        level="commune",
        parent=cast.province,
        area_type="urban",
        valid_from=NEW_START,
    )

    def decide(unit, status, year, on, number):
        outcome_services.unit_status_record(
            unit=unit,
            status=status,
            year=year,
            decision_number=number,
            decision_date=on,
            issuer="UBND tỉnh Hà Tĩnh",
            by=admin,
        )

    decide(cast.old_commune, UnitStatus.NTM, 2024, D(2024, 11, 20), "10/QĐ-UBND")
    decide(cast.commune, UnitStatus.NTM, 2025, D(2025, 11, 20), "20/QĐ-UBND")
    decide(cast.commune, UnitStatus.NTM_ADVANCED, 2026, D(2026, 10, 1), "30/QĐ-UBND")
    decide(ward, UnitStatus.URBAN, 2026, D(2026, 10, 2), "31/QĐ-UBND")
    outcome_services.model_recognition_record(
        kind=ModelKind.MODEL_AREA,
        area=cast.area,
        year=2026,
        decision_number="40/QĐ-UBND",
        decision_date=D(2026, 10, 15),
        issuer="UBND xã Đức Thọ",
        by=admin,
    )
    for household in cast.households:
        outcome_services.model_recognition_record(
            kind=ModelKind.MODEL_GARDEN,
            area=cast.area,
            household=household,
            year=2026,
            decision_number=f"4{household.pk}/QĐ-UBND",
            decision_date=D(2026, 10, 15),
            issuer="UBND xã Đức Thọ",
            by=admin,
        )
    return ward


def test_annual_report_counts_outcomes_with_denominators_and_coverage(
    cast, results, outcomes, compile_run, poppler
):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    block = run.snapshot["years"][-1]
    lines = {line["name"]: line for line in block["outcomes"]["lines"]}
    ntm = lines["Xã đạt chuẩn nông thôn mới (kể cả nâng cao, kiểu mẫu)"]
    assert (ntm["value"], ntm["of"], ntm["previous"]) == (1, 2, 1)
    urban = lines["Phường, thị trấn đạt chuẩn đô thị văn minh"]
    assert (urban["value"], urban["of"], urban["previous"]) == (1, 1, 0)
    assert (block["outcomes"]["units_recorded"], block["outcomes"]["units_total"]) == (2, 3)
    # the reporting units of 2026: two xã and a ward
    assert block["outcomes"]["expected_by_type"] == {"rural": 2, "urban": 1}

    flat = _flat(run.pdf.path)
    assert "Kết quả xây dựng nông thôn mới, đô thị văn minh, khu dân cư kiểu mẫu" in flat
    assert "2/3 xã, phường, thị trấn đã có quyết định được ghi" in flat
    assert "Xã đạt chuẩn nông thôn mới (kể cả nâng cao, kiểu mẫu) 1 2 50 1" in flat
    assert "Xã đạt chuẩn nông thôn mới nâng cao (kể cả kiểu mẫu) 1 2 50 0" in flat
    assert "Phường, thị trấn đạt chuẩn đô thị văn minh 1 1 100 0" in flat
    assert "Khu dân cư kiểu mẫu (lũy kế, khu dân cư còn hiệu lực) 1 2 50 0" in flat
    assert "Vườn mẫu được công nhận trong năm 2 — — 0" in flat


def test_direction_group_prints_in_its_own_section_before_the_content_areas(
    cast, results, outcomes, compile_run, poppler
):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    flat = _flat(run.pdf.path)
    direction = flat.index("Kết quả công tác chỉ đạo, tổ chức thực hiện")
    results_part = flat.index("KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG CỦA CUỘC VẬN ĐỘNG")
    outreach = flat.index("Số buổi tuyên truyền về Cuộc vận động")
    supervision = flat.index("Số cuộc giám sát của Mặt trận")
    assert direction < outreach < results_part < supervision
    # no sixth content area is printed among the five
    assert "6. Công tác chỉ đạo" not in flat
    areas = [a for a in run.snapshot["years"][-1]["areas"] if a["kind"] == "noi_dung"]
    assert [a["number"] for a in areas] == [1, 2, 3, 4, 5]


def test_rural_only_rows_count_the_rural_units_only(cast, results, outcomes, compile_run):
    from reporting.render import printed_areas

    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    rows = {r["code"]: r for a in printed_areas(run.snapshot["years"][-1]) for r in a["rows"]}
    assert rows["households_total"]["covered"].endswith("/3 đơn vị")
    assert rows["ntm_communes"]["covered"].endswith("/2 đơn vị")
    assert rows["civilized_urban_units"]["covered"].endswith("/1 đơn vị")
