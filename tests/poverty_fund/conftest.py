import datetime

import pytest

from poverty_fund import services
from poverty_fund.models import PovertyStandard

from .helpers import ND07_INDICATORS


@pytest.fixture
def standard(db):
    return PovertyStandard.objects.create(
        name="Chuẩn nghèo đa chiều giai đoạn 2022-2025",
        legal_basis="Nghị định 07/2021/NĐ-CP",
        first_year=2022,
        last_year=2026,
        income_line_rural=1_500_000,
        income_line_urban=2_000_000,
        poor_min_deprivations=3,
        indicators=ND07_INDICATORS,
    )


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
