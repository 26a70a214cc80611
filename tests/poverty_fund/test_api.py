import pytest

from poverty_fund import services
from poverty_fund.models import Donation, StatusBasis

from .helpers import DAY, disburse, donate


def test_funds_are_scoped_with_balances_as_integers(cast, funds, client_for):
    donate(funds["commune"], 1_234_567)
    rows = client_for("commune").get("/api/funds/").json()["results"]
    assert [(r["id"], r["balance"]) for r in rows] == [(funds["commune"].pk, 1_234_567)]
    assert client_for("other_commune").get(f"/api/funds/{funds['commune'].pk}/").status_code == 404


def test_donation_post_gets_the_next_receipt_and_bad_input_is_400(funds, client_for):
    client = client_for("commune")
    data = {
        "fund": funds["commune"].pk,
        "amount": 500000,
        "date": "2026-10-20",
        "donor_name": "Hội đồng hương Hà Tĩnh tại TP HCM",
        "donor_kind": "expatriate",
        "channel": "bank",
        "bank_reference": "FT2610",
        "drive": "peak_month",
    }
    response = client.post("/api/donations/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["receipt_number"] == 1 and response.json()["amount"] == 500000
    for bad in ({"amount": 10.5}, {"amount": -1}, {"bank_reference": ""}):
        r = client.post("/api/donations/", {**data, **bad}, content_type="application/json")
        assert r.status_code == 400, bad
    # beyond any fund: the service's limit and message, as on the page
    r = client.post("/api/donations/", {**data, "amount": 10**20}, content_type="application/json")
    assert r.status_code == 400
    assert "quá lớn (tối đa 999.999.999.999.999 đồng)" in str(r.json())
    assert Donation.objects.count() == 1


@pytest.mark.parametrize(("who", "expected"), [("viewer", 403), ("other_commune", 404)])
def test_donation_post_is_refused_outside_write_scope(funds, client_for, who, expected):
    data = {
        "fund": funds["commune"].pk,
        "amount": 1,
        "date": "2026-10-20",
        "donor_name": "X",
        "donor_kind": "person",
        "channel": "cash",
        "drive": "other",
    }
    response = client_for(who).post("/api/donations/", data, content_type="application/json")
    assert response.status_code == expected
    assert not Donation.objects.exists()


def test_entries_cannot_be_updated_or_deleted_and_reverse_posts_a_reversal(funds, client_for):
    client = client_for("commune")
    gift = donate(funds["commune"], 100)
    assert client.patch(f"/api/donations/{gift.pk}/", {"amount": 1}).status_code == 405
    assert client.delete(f"/api/donations/{gift.pk}/").status_code == 405
    r = client.post(
        f"/api/donations/{gift.pk}/reverse/", {"reason": "trùng"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["reverses"] == gift.pk
    again = client.post(
        f"/api/donations/{gift.pk}/reverse/", {"reason": "x"}, content_type="application/json"
    )
    assert again.status_code == 400


def test_disbursement_above_balance_is_400(funds, client_for):
    donate(funds["commune"], 100)
    r = client_for("commune").post(
        "/api/disbursements/",
        {
            "fund": funds["commune"].pk,
            "amount": 101,
            "date": "2026-10-20",
            "purpose": "relief",
            "beneficiary": "Hộ bị lũ",
            "decision_number": "1",
            "approved_by": "Chủ tịch",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert str(services.BALANCE_TOO_LOW) in str(r.json())


def test_transfers_show_to_both_sides_only(funds, client_for):
    donate(funds["province"], 1000)
    services.transfer_create(
        from_fund=funds["province"],
        to_fund=funds["commune"],
        amount=600,
        date=DAY,
        decision_number="1",
    )
    assert len(client_for("commune").get("/api/transfers/").json()["results"]) == 1
    assert client_for("other_commune").get("/api/transfers/").json()["results"] == []


def test_household_status_houses_and_standards(cast, standard, funds, client_for):
    services.household_status_record(
        household=cast.households[0],
        year=2026,
        basis=StatusBasis.SURVEY,
        income=100,
        deprivations=["viec_lam", "bhyt", "nha_tieu"],
    )
    house = services.house_create(
        household=cast.households[0], kind="new", year=2026, approved_on=DAY
    )
    services.house_support_add(house=house, source="family", amount=5_000_000)
    donate(funds["commune"], 10_000)
    disburse(funds["commune"], 10_000, house=house, beneficiary="")
    client = client_for("commune")
    statuses = client.get("/api/household-status/?without_supporter=true").json()["results"]
    assert [s["status"] for s in statuses] == ["poor"]
    # the 2027 survey: the household left poverty, and hardship is a flag beside its band
    services.household_status_record(
        household=cast.households[0],
        year=2027,
        basis=StatusBasis.SURVEY,
        income=10_000_000,
        deprivations=[],
        is_hardship=True,
    )
    later = client.get("/api/household-status/?year=2027&exit=left_poverty").json()["results"]
    assert [(s["status"], s["exit"], s["is_hardship"]) for s in later] == [
        ("not_poor", "left_poverty", True)
    ]
    assert later[0]["area_line"] in ("rural", "urban")
    assert client.get("/api/household-status/?is_hardship=false&year=2027").json()["results"] == []
    houses = client.get("/api/houses/").json()["results"]
    assert houses[0]["support_total"] == 5_000_000
    assert client_for("other_commune").get("/api/houses/").json()["results"] == []
    assert client_for("other_commune").get("/api/household-status/").json()["results"] == []
    assert client.get("/api/poverty-standards/").json()["results"][0]["income_line_rural"] == (
        1_500_000
    )
    assert client.get("/api/schema/").status_code == 200
