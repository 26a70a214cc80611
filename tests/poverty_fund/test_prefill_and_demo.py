import datetime

from django.core.management import call_command

from campaign.models import MemberOrganization
from campaign.results.prefill import prefill_for
from core.navigation import NAV_EXTRA
from poverty_fund import demo, services
from poverty_fund.models import Donation, Fund, HouseholdStatus, StatusBasis, SupporterKind
from poverty_fund.panels import poverty_panel
from residential_areas.panels import _panels

from .helpers import DAY, disburse, donate

CODES = {
    "fund_raised",
    "fund_spent",
    "houses_built",
    "houses_repaired",
    "poor_households",
    "near_poor_households",
    "poor_households_with_supporter_pct",
}


def test_prefill_aggregates_the_subtree_for_the_year(cast, funds, standard):
    donate(funds["commune"], 3_000_000)
    donate(funds["other_commune"], 1_000_000)
    donate(funds["commune"], 9_000_000, date=datetime.date(2025, 12, 1))  # another year
    spent = disburse(funds["commune"], 500_000)
    services.disbursement_reverse(disbursement=disburse(funds["commune"], 100), reason="x")
    org = MemberOrganization.objects.create(unit=cast.province, kind="hoi_nong_dan", name="HND")
    a, b = cast.households
    for h, income, supporter in ((a, 100, org), (b, 100, None)):
        services.household_status_record(
            household=h,
            year=2026,
            basis=StatusBasis.SURVEY,
            income=income,
            deprivations=["viec_lam", "bhyt", "nha_tieu"],
            supporter_kind=SupporterKind.MEMBER_ORG if supporter else "",
            supporter_org=supporter,
        )
    services.household_status_record(
        household=cast.other_household,
        year=2026,
        basis=StatusBasis.SURVEY,
        income=100,
        deprivations=[],
    )
    for kind, on in (
        ("new", datetime.date(2026, 5, 1)),
        ("repair", datetime.date(2026, 6, 1)),
        ("new", None),
    ):
        house = services.house_create(household=a, kind=kind, year=2026, approved_on=DAY)
        services.house_advance(house=house, on=datetime.date(2026, 4, 1))
        if on:
            services.house_advance(house=house, on=on)
    values = {k: v.value for k, v in prefill_for(unit=cast.commune, year=2026).items()}
    assert set(values) >= CODES
    assert values["fund_raised"] == 3_000_000
    assert values["fund_spent"] == spent.amount
    assert (values["houses_built"], values["houses_repaired"]) == (1, 1)
    assert (values["poor_households"], values["near_poor_households"]) == (2, 0)
    assert values["poor_households_with_supporter_pct"] == 50.0
    province = {k: v.value for k, v in prefill_for(unit=cast.province, year=2026).items()}
    assert province["fund_raised"] == 4_000_000
    assert province["near_poor_households"] == 1
    assert all(prefill_for(unit=cast.commune, year=2026)[c].source for c in CODES)


def test_household_panel_shows_history_and_support(cast, funds, standard):
    h = cast.households[0]
    empty = poverty_panel(h, cast["commune"])["context"]
    assert empty["statuses"] == [] and empty["can_act_fund"] is True
    assert poverty_panel(h, cast["viewer"])["context"]["can_edit_status"] is False
    donate(funds["commune"], 1_000)
    disburse(funds["commune"], 700, household=h, beneficiary="")
    panel = poverty_panel(h, cast["commune"])
    assert panel["context"]["disbursements"][0].amount == 700
    assert poverty_panel in _panels
    assert poverty_panel(h, cast["other_commune"]) is None


def test_menu_entry_is_registered_once():
    assert [e for e in NAV_EXTRA if e[1] == "poverty_fund:fund_list"] != []
    assert len([e for e in NAV_EXTRA if e[1] == "poverty_fund:fund_list"]) == 1


def test_demo_seed_is_idempotent_and_its_books_are_consistent(cast, capsys):
    assert demo.seed() is True
    counts = (Fund.objects.count(), Donation.objects.count(), HouseholdStatus.objects.count())
    assert counts[0] >= 3 and counts[1] > 0
    assert demo.seed() is False
    assert (
        Fund.objects.count(),
        Donation.objects.count(),
        HouseholdStatus.objects.count(),
    ) == counts
    call_command("check_funds")
    assert "không có vi phạm" in capsys.readouterr().out


def test_festival_panel_shows_what_the_commune_fund_collected_that_day(cast, funds):
    from campaign.activities.selectors import _festival_panels
    from campaign.models import Festival
    from poverty_fund.panels import festival_panel

    day = datetime.date(2026, 11, 18)
    festival = Festival.objects.create(area=cast.area, year=2026, held_on=day)
    donate(funds["commune"], 300_000, date=day)
    donate(funds["commune"], 200_000, date=day)
    donate(funds["commune"], 999, date=datetime.date(2026, 11, 17))
    donate(funds["province"], 5_000, date=day)
    panel = festival_panel(festival, cast["residential"])
    assert festival_panel in _festival_panels
    assert panel["context"]["fund"] == funds["commune"]
    assert (panel["context"]["total"], panel["context"]["count"]) == (500_000, 2)
    assert panel["context"]["can_act"] is False
    assert festival_panel(festival, cast["other_commune"]) is None


def test_festival_page_renders_the_fund_panel(cast, funds, client_for):
    from django.urls import reverse

    from campaign.models import Festival

    day = datetime.date(2026, 11, 18)
    festival = Festival.objects.create(area=cast.area, year=2026, held_on=day)
    donate(funds["commune"], 1_234_567, date=day)
    page = client_for("commune").get(reverse("activities:festival_detail", args=[festival.pk]))
    assert page.status_code == 200
    assert "1.234.567 đ" in page.content.decode()
