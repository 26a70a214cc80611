"""One receipt per submitted form (issue 20, item 10): a double click or a client's retry finds
the donation it already made; a bank reference already in the fund is confirmed first; batches
are capped and written in one INSERT."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from poverty_fund import services
from poverty_fund.models import Donation

from .helpers import DAY, donate


def form_url(fund):
    return reverse("poverty_fund:donation_create", args=[fund.pk])


def shown_form(client, fund) -> dict:
    """The fields of the donation form as the browser got them (its one-time token too)."""
    body = client.get(form_url(fund)).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    return {
        **{k: v for k, v in hidden.items() if k != "csrfmiddlewaretoken"},
        "donor_name": "Trần Văn Tâm",
        "donor_kind": "person",
        "amount": "1.500.000",
        "date": "2026-10-20",
        "channel": "cash",
        "drive": "peak_month",
    }


def test_a_double_click_posts_one_donation(funds, client_for):
    client = client_for("commune")
    data = shown_form(client, funds["commune"])
    assert data.get("form_token")
    first = client.post(form_url(funds["commune"]), data, follow=True)
    second = client.post(form_url(funds["commune"]), data, follow=True)
    assert Donation.objects.count() == 1
    label = Donation.objects.get().receipt_label
    assert f"Đã ghi phiếu thu số {label}" in first.content.decode()
    assert f"Biểu mẫu này đã được ghi: phiếu thu số {label}" in second.content.decode()
    # a new form is a new donation
    assert client.post(form_url(funds["commune"]), shown_form(client, funds["commune"]))
    assert Donation.objects.count() == 2


def test_the_same_form_sent_back_with_another_gift_is_refused(funds, client_for):
    client = client_for("commune")
    data = shown_form(client, funds["commune"])
    client.post(form_url(funds["commune"]), data)
    again = client.post(form_url(funds["commune"]), {**data, "amount": "2.000.000"})
    assert again.status_code == 200
    assert "hãy mở biểu mẫu mới" in again.content.decode()
    assert Donation.objects.count() == 1


API = "/api/donations/"


@pytest.fixture
def gift(funds):
    return {
        "fund": funds["commune"].pk,
        "amount": 500000,
        "date": "2026-10-20",
        "donor_name": "Công ty Hồng Lam",
        "donor_kind": "enterprise",
        "channel": "cash",
        "drive": "peak_month",
    }


def post(client, data, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(API, data, content_type="application/json", headers=headers)


def test_api_retry_with_the_same_idempotency_key_returns_the_same_donation(gift, client_for):
    client = client_for("commune")
    first = post(client, gift, key="8c1f-lan-1")
    retry = post(client, gift, key="8c1f-lan-1")
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json()["id"] == first.json()["id"]
    assert retry.json()["receipt"] == first.json()["receipt"]
    assert Donation.objects.count() == 1
    # without a key, or with a new one, each post is a new donation
    assert post(client, gift).status_code == 201
    assert post(client, gift, key="8c1f-lan-2").status_code == 201
    assert Donation.objects.count() == 3


def test_the_key_is_per_user(cast, gift, client_for):
    post(client_for("commune"), gift, key="k-1")
    other = post(client_for("province_admin"), gift, key="k-1")
    assert other.status_code == 201
    assert Donation.objects.count() == 2


def test_a_key_reused_for_another_gift_or_out_of_bounds_is_400(gift, client_for):
    client = client_for("commune")
    post(client, gift, key="k-1")
    reused = post(client, {**gift, "amount": 1}, key="k-1")
    assert reused.status_code == 400 and "Idempotency-Key mới" in str(reused.json())
    for bad in ("", "x" * 101):
        r = post(client, gift, key=bad)
        assert r.status_code == 400 and "Idempotency-Key" in r.json(), bad
    assert Donation.objects.count() == 1


def test_the_schema_documents_the_idempotency_key(client_for):
    schema = client_for("commune").get("/api/schema/?format=json").json()
    create = schema["paths"]["/api/donations/"]["post"]
    header = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["schema"]["maxLength"] == 100
    assert "không ghi thêm" in header["description"]
    assert "200" in create["responses"] and "201" in create["responses"]


# -- a bank reference already in the fund ------------------------------------------------


def test_a_repeated_bank_reference_is_confirmed_on_the_page(funds, client_for):
    donate(funds["commune"], 100_000, channel="bank", bank_reference="FT2610")
    client = client_for("commune")
    data = {**shown_form(client, funds["commune"]), "channel": "bank", "bank_reference": "ft2610"}
    warned = client.post(form_url(funds["commune"]), data)
    body = warned.content.decode()
    assert warned.status_code == 200
    assert "Mã giao dịch ft2610 đã có trong quỹ này (phiếu thu số 00001/2026/PT" in body
    assert 'type="checkbox" name="confirm_duplicate_reference"' in body
    assert Donation.objects.count() == 1
    confirmed = client.post(
        form_url(funds["commune"]), {**data, "confirm_duplicate_reference": "on"}
    )
    assert confirmed.status_code == 302
    assert Donation.objects.count() == 2


def test_a_repeated_bank_reference_is_refused_by_the_api_unless_confirmed(gift, client_for):
    client = client_for("commune")
    bank = {**gift, "channel": "bank", "bank_reference": "FT2610"}
    assert post(client, bank).status_code == 201
    again = post(client, bank)
    assert again.status_code == 400 and "FT2610 đã có trong quỹ" in str(again.json())
    assert post(client, {**bank, "confirm_duplicate_reference": True}).status_code == 201
    assert Donation.objects.count() == 2


def test_a_reversed_donation_does_not_block_its_reference(funds):
    wrong = donate(funds["commune"], 100_000, channel="bank", bank_reference="FT9")
    services.donation_reverse(donation=wrong, reason="nhập sai số tiền")
    assert donate(funds["commune"], 10_000, channel="bank", bank_reference="FT9").pk


# -- batches -------------------------------------------------------------------------------


def rows(n, amount=1_000):
    return [
        {"donor_name": f"Người {i}", "amount": amount, "donor_kind": "person", "drive": "other"}
        for i in range(n)
    ]


def test_a_batch_is_capped(funds):
    with pytest.raises(ValidationError) as exc:
        services.donation_batch_post(
            fund=funds["commune"],
            name="Ngày hội",
            date=DAY,
            expected_count=501,
            expected_total=501_000,
            rows=rows(501),
        )
    assert "tối đa 500 dòng, lần này có 501 dòng" in " ".join(exc.value.messages)
    assert not Donation.objects.exists()


def test_the_batch_page_refuses_too_many_lines_before_reading_them(funds, client_for):
    lines = "\n".join(f"Người {i}; 1.000" for i in range(600))
    response = client_for("commune").post(
        reverse("poverty_fund:batch_create", args=[funds["commune"].pk]),
        {
            "name": "Ngày hội",
            "date": "2026-10-20",
            "drive": "tet",
            "donor_kind": "person",
            "expected_count": "600",
            "expected_total": "600.000",
            "lines": lines,
        },
    )
    assert response.status_code == 200
    assert "tối đa 500 dòng, lần này có 600 dòng" in response.content.decode()
    assert not Donation.objects.exists()


def test_a_full_batch_goes_in_with_one_insert_and_gapless_receipts(funds):
    donate(funds["commune"], 5)
    with CaptureQueriesContext(connection) as queries:
        batch = services.donation_batch_post(
            fund=funds["commune"],
            name="Ngày hội",
            date=DAY,
            expected_count=500,
            expected_total=500_000,
            rows=rows(500),
        )
    inserts = [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "poverty_fund_donation"')
    ]
    # one statement on PostgreSQL; SQLite caps the parameters of one statement at 999
    assert len(inserts) == 1 if connection.vendor == "postgresql" else len(inserts) < 50
    numbers = sorted(batch.donations.values_list("receipt_number", flat=True))
    assert numbers == list(range(2, 502))
