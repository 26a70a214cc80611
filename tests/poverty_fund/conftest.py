import datetime

import pytest

from poverty_fund import services
from poverty_fund.models import PovertyStandard

from .helpers import ND07_INDICATORS

PERIODS = [
    # (first, last, name, legal basis, rural, urban, middle rural, middle urban): migration 0005
    (2022, 2025, "Chuẩn nghèo đa chiều giai đoạn 2022-2025", "Nghị định 07/2021/NĐ-CP",
     1_500_000, 2_000_000, 2_250_000, 3_000_000),
    (2026, 2026, "Chuẩn nghèo đa chiều năm 2026", "Nghị định 351/2025/NĐ-CP",
     1_500_000, 2_000_000, 2_250_000, 3_000_000),
    (2027, 2030, "Chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030", "Nghị định 351/2025/NĐ-CP",
     2_200_000, 2_800_000, None, None),
]  # fmt: skip


@pytest.fixture
def standards(db):
    """The standards by period as migration 0005 adds them (a transactional test's flush
    empties the table, so they are put back here), keyed by first year."""
    rows = {}
    for first, last, name, basis, rural, urban, mid_rural, mid_urban in PERIODS:
        rows[first], _ = PovertyStandard.objects.update_or_create(
            first_year=first,
            defaults={
                "name": name,
                "legal_basis": basis,
                "last_year": last,
                "income_line_rural": rural,
                "income_line_urban": urban,
                "middle_line_rural": mid_rural,
                "middle_line_urban": mid_urban,
                "poor_min_deprivations": 3,
                "indicators": ND07_INDICATORS,
            },
        )
    return rows


@pytest.fixture
def standard(standards):
    return standards[2022]


@pytest.fixture
def funds(cast):
    """Funds of the province, both new communes and the old district of the cast (its books
    loaded as of a day it existed: it closed on 30/6/2025)."""
    return {
        "province": services.fund_create(unit=cast.province),
        "commune": services.fund_create(unit=cast.commune),
        "other_commune": services.fund_create(unit=cast.other_commune),
        "district": services.fund_create(unit=cast.district, as_of=datetime.date(2025, 1, 1)),
    }
