"""Every record of the fund and of poverty is checked against its unit's validity on its date
(issue 16, item 3): donations, disbursements, transfers, household surveys and supporter
assignments refuse a unit that did not exist that day, naming the rule, the unit and its dates.
Across the merger of 1/7/2025 a household belongs, on each day, to the units of that day."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaign.models import MemberOrganization
from poverty_fund import services
from poverty_fund.models import Disbursement, Donation, HouseholdStatus, StatusBasis, Transfer
from residential_areas import services as unit_services
from residential_areas.models import Household

from .helpers import disburse, donate

d = datetime.date
RULE = "Bút toán chỉ ghi vào quỹ của đơn vị có hiệu lực vào ngày ghi sổ"


def text(exc) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def test_a_2024_donation_to_a_commune_created_on_1_7_2025_is_refused(cast, funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["commune"], 500_000, date=d(2024, 11, 2))
    message = text(exc)
    assert RULE in message
    assert "Xã Đức Thọ có hiệu lực từ 01/07/2025" in message and "02/11/2024" in message
    assert not Donation.objects.exists()
    assert donate(funds["commune"], 500_000, date=d(2025, 7, 1))


def test_a_donation_after_30_6_2025_to_the_dissolved_districts_fund_is_refused(cast, funds):
    with pytest.raises(ValidationError) as exc:
        donate(funds["district"], 500_000, date=d(2025, 7, 1))
    message = text(exc)
    assert RULE in message
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in message and "01/07/2025" in message
    assert not Donation.objects.exists()
    assert donate(funds["district"], 500_000, date=d(2025, 6, 30))


def test_disbursements_and_transfers_refuse_a_day_the_unit_did_not_exist(cast, funds):
    donate(funds["district"], 1_000_000, date=d(2025, 3, 1))
    donate(funds["province"], 1_000_000, date=d(2024, 3, 1))
    with pytest.raises(ValidationError) as exc:
        disburse(funds["district"], 100_000, date=d(2025, 7, 2))
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)
    with pytest.raises(ValidationError) as exc:
        disburse(funds["commune"], 100_000, date=d(2024, 12, 1))
    assert "Xã Đức Thọ có hiệu lực từ 01/07/2025" in text(exc)
    # the province's money to the new commune, dated before the commune existed
    with pytest.raises(ValidationError) as exc:
        services.transfer_create(
            from_fund=funds["province"],
            to_fund=funds["commune"],
            amount=100_000,
            date=d(2025, 6, 1),
            decision_number="7/QĐ",
        )
    assert RULE in text(exc) and "Xã Đức Thọ có hiệu lực từ 01/07/2025" in text(exc)
    assert not Disbursement.objects.exists() and not Transfer.objects.exists()


def test_the_api_refuses_a_donation_dated_before_its_commune_existed(cast, funds, client_for):
    response = client_for("commune").post(
        "/api/donations/",
        {
            "fund": funds["commune"].pk,
            "amount": 1000,
            "date": "2024-11-02",
            "donor_name": "Công ty A",
            "donor_kind": "enterprise",
            "channel": "cash",
            "drive": "peak_month",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Xã Đức Thọ có hiệu lực từ 01/07/2025" in response.content.decode()


def test_an_old_communes_fund_pays_a_household_of_its_area_since_moved_by_the_merger(cast):
    old = services.fund_create(unit=cast.old_commune, as_of=d(2024, 1, 1))
    donate(old, 2_000_000, date=d(2024, 10, 20))
    # Nguyễn Văn An lives in Thôn Lạc Thiện, which was Xã Đức Lạc's until 30/6/2025
    paid = disburse(old, 500_000, date=d(2024, 11, 1), household=cast.households[0])
    assert paid.household == cast.households[0]
    # Lê Văn Cường's area was never Xã Đức Lạc's
    with pytest.raises(ValidationError) as exc:
        disburse(old, 500_000, date=d(2024, 11, 1), household=cast.other_household)
    assert str(services.HOUSEHOLD_OUTSIDE) in text(exc)


@pytest.fixture
def newcomer(cast):
    """A household of an area formed on 1/7/2025 out of nothing the tree records."""
    area = unit_services.unit_create(
        code="18101-002",
        name="Tổ dân phố Mới",
        kind="thon",
        level="area",
        parent=cast.commune,
        area_type="rural",
        valid_from=d(2025, 7, 1),
    )
    return unit_services.household_create(area=area, code="H900", head_name="Đặng Văn Mới")


def test_a_survey_dated_before_the_households_area_existed_is_refused(cast, standards, newcomer):
    with pytest.raises(ValidationError) as exc:
        services.household_status_record(
            household=newcomer,
            year=2024,
            basis=StatusBasis.SURVEY,
            income=900_000,
            deprivations=["viec_lam", "bhyt", "nha_tieu"],
            surveyed_on=d(2024, 10, 15),
        )
    message = text(exc)
    assert "Mỗi bản ghi chỉ gắn với đơn vị có hiệu lực vào ngày của nó" in message
    assert "Tổ dân phố Mới (có hiệu lực từ 01/07/2025)" in message and "15/10/2024" in message
    # a decision for the whole year 2024 too
    with pytest.raises(ValidationError):
        services.household_status_record(
            household=newcomer,
            year=2024,
            basis=StatusBasis.DECISION,
            status="poor",
            decision_number="1/QĐ-UBND",
        )
    assert not HouseholdStatus.objects.filter(household=newcomer).exists()
    # a household whose area came out of an old one has its 2024 under the old commune
    status = services.household_status_record(
        household=cast.households[0],
        year=2024,
        basis=StatusBasis.SURVEY,
        income=900_000,
        deprivations=["viec_lam"],
        surveyed_on=d(2024, 10, 15),
    )
    assert status.status == "near_poor"
    assert services.household_commune_on(household=cast.households[0], on=d(2024, 10, 15)) == (
        cast.old_commune
    )


def test_a_supporter_of_a_unit_that_did_not_exist_that_year_is_refused(cast, standards):
    district_org = MemberOrganization.objects.create(
        unit=cast.district, kind="hoi_nong_dan", name="Hội Nông dân huyện Đức Thọ"
    )
    household = cast.households[0]
    survey = {
        "household": household,
        "basis": StatusBasis.SURVEY,
        "income": 900_000,
        "deprivations": ["viec_lam", "bhyt", "nha_tieu"],
        "supporter_kind": "member_org",
        "supporter_org": district_org,
    }
    # 2024: the district held the household's commune; its farmers' union may support it
    status = services.household_status_record(year=2024, surveyed_on=d(2024, 10, 15), **survey)
    assert status.supporter_org == district_org
    # 2026: the district had been dissolved for a year
    with pytest.raises(ValidationError) as exc:
        services.household_status_record(year=2026, surveyed_on=d(2026, 10, 15), **survey)
    message = text(exc)
    assert "phải thuộc đơn vị có hiệu lực trong năm 2026" in message
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in message
    plain = {**survey, "supporter_kind": "", "supporter_org": None}
    later = services.household_status_record(year=2026, surveyed_on=d(2026, 10, 15), **plain)
    with pytest.raises(ValidationError) as exc:
        services.household_status_assign_supporter(
            status=later, kind="member_org", org=district_org
        )
    assert "Huyện Đức Thọ có hiệu lực đến 30/06/2025" in text(exc)
    later.refresh_from_db()
    assert later.supporter_org is None
    assert Household.objects.filter(pk=household.pk).exists()
