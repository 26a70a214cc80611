"""What the fund's API shows of people (issue 20, item 11, and issue 22's fund part): an
anonymous donor's name only to the fund's keepers, every read of donors logged as the pages'
reads are, and optional text fields that accept the empty string their schema defaults to."""

import pytest
from django.urls import reverse

from accounts.models import PersonalDataAccess
from poverty_fund.models import Disbursement, Donation

from .helpers import DAY, donate

HIDDEN = "Nhà hảo tâm (ẩn danh)"


@pytest.fixture
def gifts(funds):
    donate(funds["commune"], 2_000_000, donor_name="Phạm Thị Kín Đáo", is_anonymous=True)
    donate(funds["commune"], 5_000_000, donor_name="Công ty Sông Lam", donor_kind="enterprise")
    return funds["commune"]


def names(client, url="/api/donations/") -> list[str]:
    data = client.get(url).json()
    rows = data.get("results", [data])
    return sorted(r["donor_name"] for r in rows)


@pytest.mark.parametrize("who", ["viewer", "member_org"])
def test_readers_who_keep_no_books_see_an_anonymous_donor_as_the_public_does(
    gifts, client_for, who
):
    client = client_for(who)
    assert names(client) == ["Công ty Sông Lam", HIDDEN]
    hidden = Donation.objects.get(is_anonymous=True)
    assert names(client, f"/api/donations/{hidden.pk}/") == [HIDDEN]
    assert "Kín Đáo" not in client.get("/api/donations/").content.decode()


@pytest.mark.parametrize("who", ["commune", "province_admin"])
def test_the_funds_keepers_see_the_name(gifts, client_for, who):
    assert names(client_for(who)) == ["Công ty Sông Lam", "Phạm Thị Kín Đáo"]


def test_the_fund_page_hides_the_name_from_a_viewer_too(gifts, client_for):
    url = reverse("poverty_fund:fund_detail", args=[gifts.pk])
    assert "Kín Đáo" not in client_for("viewer").get(url).content.decode()
    assert "Kín Đáo" in client_for("commune").get(url).content.decode()


def test_reading_donors_and_payments_through_the_api_is_logged(cast, gifts, client_for):
    client = client_for("viewer")
    listed = client.get("/api/donations/")
    one = client.get(f"/api/donations/{Donation.objects.first().pk}/")
    client.get("/api/disbursements/")
    assert listed["Cache-Control"] == "no-store" and one["Cache-Control"] == "no-store"
    logged = list(PersonalDataAccess.objects.order_by("pk").values_list("user", "view_name"))
    assert logged == [
        (cast["viewer"].pk, "api:donation-list"),
        (cast["viewer"].pk, "api:donation-detail"),
        (cast["viewer"].pk, "api:disbursement-list"),
    ]
    assert not PersonalDataAccess.objects.filter(object_ids__contains="Kín").exists()


def test_optional_text_fields_accept_the_empty_string(funds, client_for):
    client = client_for("commune")
    donate(funds["commune"], 1_000_000)
    base = {"fund": funds["commune"].pk, "amount": 1000, "date": DAY.isoformat(), "note": ""}
    gift = client.post(
        "/api/donations/",
        {
            **base,
            "donor_name": "X",
            "donor_kind": "person",
            "channel": "cash",
            "drive": "other",
            "donor_address": "",
            "bank_reference": "",
            "in_kind_description": "",
        },
        content_type="application/json",
    )
    assert gift.status_code == 201, gift.json()
    spend = client.post(
        "/api/disbursements/",
        {
            **base,
            "purpose": "relief",
            "household": cast_household(funds),
            "beneficiary": "",
            "decision_number": "1",
            "approved_by": "Chủ tịch",
        },
        content_type="application/json",
    )
    assert spend.status_code == 201, spend.json()
    assert Disbursement.objects.get().beneficiary == ""


def cast_household(funds) -> int:
    from residential_areas.models import Household

    return Household.objects.filter(area__parent=funds["commune"].unit).order_by("pk").first().pk


def test_the_schema_allows_the_defaults_it_documents(client_for):
    schemas = client_for("commune").get("/api/schema/?format=json").json()["components"]["schemas"]
    for name, fields in {
        "DonationInputRequest": ["donor_address", "bank_reference", "in_kind_description", "note"],
        "DisbursementInputRequest": ["beneficiary", "note"],
        "TransferInputRequest": ["note"],
    }.items():
        for field in fields:
            spec = schemas[name]["properties"][field]
            assert spec.get("default") == "", (name, field)
            assert spec.get("minLength", 0) == 0, (name, field)
