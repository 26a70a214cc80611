import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import PersonalDataAccess
from poverty_fund import services
from poverty_fund.models import Disbursement, Donation, HouseholdStatus, HouseStatus

from .helpers import DAY, disburse, donate


def url(name, *args):
    return reverse(f"poverty_fund:{name}", args=args)


def donation_post(**kw):
    data = {
        "donor_name": "Trần Văn Tâm",
        "donor_kind": "person",
        "amount": "1.500.000",
        "date": "2026-10-20",
        "channel": "cash",
        "drive": "peak_month",
    }
    data.update(kw)
    return data


# -- permissions ---------------------------------------------------------------------------

PAGE_ACCESS = {
    # who: (sees the commune fund, may write on it)
    "commune": (True, True),
    "province_admin": (True, True),
    "movement_board": (True, True),
    "viewer": (True, False),
    "member_org": (True, False),
    "residential": (False, False),
    "other_commune": (False, False),
    "district": (False, False),  # the old district does not contain the new commune
    "nobody": (False, False),
}


@pytest.mark.parametrize("who", sorted(PAGE_ACCESS))
def test_commune_fund_pages_by_role(cast, funds, client_for, who):
    sees, writes = PAGE_ACCESS[who]
    client = client_for(who)
    fund = funds["commune"]
    assert client.get(url("fund_detail", fund.pk)).status_code == (200 if sees else 404)
    response = client.post(url("donation_create", fund.pk), donation_post())
    expected = 302 if writes else (403 if sees else 404)
    assert response.status_code == expected
    assert Donation.objects.filter(fund=fund).exists() == writes


def test_district_manages_the_fund_of_a_commune_inside_it_only(cast, funds, client_for):
    # the old communes' books, entered for a day they existed
    old_day = datetime.date(2025, 3, 1)
    inside = services.fund_create(unit=cast.old_commune, as_of=old_day)
    outside = services.fund_create(unit=cast.other_old_commune, as_of=old_day)
    client = client_for("district")
    old = donation_post(date="2025-03-01", drive="other")
    assert client.post(url("donation_create", inside.pk), old).status_code == 302
    assert client.post(url("donation_create", outside.pk), old).status_code == 404
    assert client.get(url("receipt_pdf", donate(outside, 5, date=old_day).pk)).status_code == 404


def test_fund_list_shows_only_funds_in_scope(cast, funds, client_for):
    body = client_for("commune").get(url("fund_list")).content.decode()
    assert funds["commune"].name in body
    assert funds["other_commune"].name not in body
    assert funds["province"].name not in body


def test_pages_need_login_except_the_public_page(client, funds):
    assert client.get(url("fund_detail", funds["commune"].pk)).status_code == 302
    assert client.get(url("public_fund", funds["commune"].pk)).status_code == 200
    assert client.get(url("public_index")).status_code == 200


# -- writes through the pages --------------------------------------------------------------


def test_commune_records_a_donation_and_downloads_its_receipt(cast, funds, client_for):
    client = client_for("commune")
    response = client.post(url("donation_create", funds["commune"].pk), donation_post())
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert (donation.amount, donation.receipt_number, donation.posted_by) == (
        1_500_000,
        1,
        cast["commune"],
    )
    pdf = client.get(url("receipt_pdf", donation.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_fractional_amount_is_a_clear_error_and_nothing_is_written(funds, client_for):
    response = client_for("commune").post(
        url("donation_create", funds["commune"].pk), donation_post(amount="1500,5")
    )
    assert response.status_code == 200
    assert str(services.AMOUNT_INVALID) in response.content.decode()
    assert not Donation.objects.exists()


def test_a_25_digit_amount_is_named_too_large_and_stays_in_its_box(funds, client_for):
    typed = "1" * 25
    response = client_for("commune").post(
        url("donation_create", funds["commune"].pk), donation_post(amount=typed)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "quá lớn (tối đa 999.999.999.999.999 đồng)" in page
    assert f'value="{typed}"' in page
    assert not Donation.objects.exists()


def test_disbursement_above_the_balance_is_refused_on_the_page(cast, funds, client_for):
    donate(funds["commune"], 100_000)
    response = client_for("commune").post(
        url("disbursement_create", funds["commune"].pk),
        {
            "purpose": "relief",
            "household": cast.households[0].pk,
            "amount": "200000",
            "date": "2026-10-21",
            "decision_number": "9/QĐ",
            "approved_by": "Chủ tịch",
        },
    )
    assert response.status_code == 200
    assert str(services.BALANCE_TOO_LOW) in response.content.decode()
    assert not Disbursement.objects.exists()


def test_reversal_through_the_page_and_viewer_cannot(funds, client_for):
    gift = donate(funds["commune"], 100_000)
    assert (
        client_for("viewer")
        .post(url("entry_reverse", "ung-ho", gift.pk), {"reason": "x"})
        .status_code
        == 403
    )
    client_for("commune").post(url("entry_reverse", "ung-ho", gift.pk), {"reason": "Nhập trùng"})
    assert Donation.objects.get(reverses=gift).reason == "Nhập trùng"


def batch_post(**extra) -> dict:
    return {
        "name": "Ngày hội 18/11 thôn Lạc Thiện",
        "date": "2026-11-18",
        "drive": "peak_month",
        "donor_kind": "person",
        "expected_count": "2",
        "expected_total": "300.000",
        "lines": "Nguyễn Văn A; 100.000\nLê Thị B; 100.000",
        **extra,
    }


def test_batch_page_refuses_totals_that_do_not_match(funds, client_for):
    data = batch_post()
    client = client_for("commune")
    response = client.post(url("batch_create", funds["commune"].pk), data)
    assert response.status_code == 200 and not Donation.objects.exists()
    data["expected_total"] = "200.000"
    assert client.post(url("batch_create", funds["commune"].pk), data).status_code == 302
    assert Donation.objects.count() == 2


def test_a_batch_line_too_large_is_named_by_its_line_and_nothing_is_written(funds, client_for):
    data = batch_post(lines="Nguyễn Văn A; 100.000\nLê Thị B; 2.000.000.000.000.000")
    response = client_for("commune").post(url("batch_create", funds["commune"].pk), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Donation.objects.exists()
    assert "Dòng 2: Số tiền 2.000.000.000.000.000 đồng quá lớn" in page
    assert "Lê Thị B; 2.000.000.000.000.000" in page  # the lines as typed


def test_status_page_records_a_survey_and_shows_it_on_the_household(cast, standard, client_for):
    h = cast.households[0]
    client = client_for("residential")
    response = client.post(
        url("status_edit", h.pk) + "?year=2026",
        {
            "year": "2026",
            "basis": "survey",
            "income": "1000000",
            "deprivations": ["viec_lam", "bhyt", "nha_tieu"],
        },
    )
    assert response.status_code == 302
    assert HouseholdStatus.objects.get(household=h).status == "poor"
    page = client.get(reverse("residential_areas:household_detail", args=[h.pk]))
    assert "Hộ nghèo" in page.content.decode()
    assert client_for("other_commune").get(url("status_edit", h.pk)).status_code == 404
    assert client_for("viewer").get(url("status_edit", h.pk)).status_code == 403


def test_house_goes_from_approved_to_handed_over(cast, funds, client_for):
    client = client_for("commune")
    h = cast.households[1]
    response = client.post(
        url("house_create", h.pk),
        {"kind": "new", "year": "2026", "approved_on": "2026-03-01", "decision_number": "1"},
    )
    house = h.unity_houses.get()
    assert response.status_code == 302
    for day in ("2026-04-01", "2026-08-01"):
        client.post(url("house_detail", house.pk), {"action": "advance", "advance-on": day})
    client.post(
        url("house_detail", house.pk),
        {"action": "support", "support-source": "family", "support-amount": "20.000.000"},
    )
    house.refresh_from_db()
    assert house.status == HouseStatus.HANDED_OVER
    assert str(house.handed_over_on) == "2026-08-01"
    assert house.supports.get().amount == 20_000_000
    assert client_for("other_commune").get(url("house_detail", house.pk)).status_code == 404


# -- the public page -------------------------------------------------------------------------


@pytest.fixture
def published(cast, funds):
    fund = funds["commune"]
    donate(fund, 5_000_000, donor_name="Công ty Sông Lam", donor_kind="enterprise")
    donate(fund, 2_000_000, donor_name="Phạm Thị Kín Đáo", is_anonymous=True)
    donate(fund, 300_000, donor_name="=HYPERLINK(1)", channel="bank", bank_reference="FT26X")
    disburse(fund, 1_000_000, household=cast.households[0], beneficiary="")
    return fund


def test_public_page_masks_beneficiaries_and_hides_anonymous_donors(client, published):
    body = client.get(url("public_fund", published.pk) + "?start=2026-01-01").content.decode()
    assert "Nguyễn V. A. - Thôn Lạc Thiện" in body
    assert "Nguyễn Văn An" not in body
    assert "Công ty Sông Lam" in body
    assert "Kín Đáo" not in body
    assert "5.000.000 đ" in body


def test_public_page_masks_names_in_a_free_text_spending_line(client, published):
    disburse(published, 500_000, beneficiary="Hỗ trợ bà Trần Thị Lan, Thôn Bình Minh, bị lũ")
    disburse(published, 200_000, beneficiary="Thăm hỏi hộ bị lũ")
    body = client.get(url("public_fund", published.pk) + "?start=2026-01-01").content.decode()
    assert "Hỗ trợ bà Trần T. L., Thôn Bình Minh, bị lũ" in body
    assert "Trần Thị Lan" not in body
    assert "Thăm hỏi hộ bị lũ" in body  # no name: unchanged


def test_public_search_by_name_amount_and_reference(client, published):
    base = url("public_fund", published.pk) + "?start=2026-01-01&q="
    assert "Sông Lam" in client.get(base + "song lam").content.decode()
    # an anonymous donor is not found by name
    assert (
        "2.000.000 đ" not in client.get(base + "Kín Đáo").content.decode().split("Các khoản thu")[1]
    )
    found = client.get(base + "2.000.000").content.decode().split("Các khoản thu")[1]
    assert "Nhà hảo tâm (ẩn danh)" in found and "Sông Lam" not in found
    assert "HYPERLINK" in client.get(base + "FT26X").content.decode()
    # a beneficiary's full name finds nothing: it would confirm who the masked line is
    spent = client.get(base + "Nguyễn Văn An").content.decode().split("Các khoản chi")[1]
    assert "Nguyễn V. A." not in spent


def test_public_xlsx_neutralizes_formulas_and_pdf_renders(client, published):
    response = client.get(url("public_fund", published.pk) + "?start=2026-01-01&format=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    # written as text with Excel's quote prefix: shown as typed, never run (core.xlsx)
    typed = [c for row in wb.worksheets[0].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert typed and all(c.data_type == "s" and c.quotePrefix for c in typed)
    assert "Phạm Thị Kín Đáo" not in values
    spent = [c.value for row in wb.worksheets[1].iter_rows() for c in row]
    assert "Nguyễn V. A. - Thôn Lạc Thiện" in spent
    pdf = client.get(url("public_fund", published.pk) + "?start=2026-01-01&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_unpublished_fund_has_no_public_page(client, published):
    published.is_published = False
    published.save(update_fields=["is_published"])
    assert client.get(url("public_fund", published.pk)).status_code == 404


def test_statement_pdf_and_xlsx(cast, published, client_for):
    client = client_for("commune")
    q = "?start=2026-01-01&end=2026-12-31"
    page = client.get(url("fund_statement", published.pk) + q).content.decode()
    assert "7.300.000 đ" in page  # receipts total
    xlsx = client.get(url("fund_statement", published.pk) + q + "&format=xlsx")
    values = [
        c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row
    ]
    assert 6_300_000 in values  # closing balance
    pdf = client.get(url("unit_statement", cast.commune.pk) + q + "&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert (
        client_for("other_commune").get(url("unit_statement", cast.commune.pk)).status_code == 404
    )
    assert DAY.year == 2026


def test_statements_name_no_household_and_are_not_logged(cast, published, client_for):
    # sums by drive, donor kind and purpose only: no personal data, so not in the access log
    client = client_for("commune")
    q = "?start=2026-01-01&end=2026-12-31"
    for path in (url("fund_statement", published.pk), url("unit_statement", cast.commune.pk)):
        page = client.get(path + q).content.decode()
        xlsx = client.get(path + q + "&format=xlsx").content
        cells = [
            str(c.value) for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row
        ]
        assert "7.300.000 đ" in page
        assert "Nguyễn Văn An" not in page and "Kín Đáo" not in page
        assert not any("Nguyễn Văn An" in c or "Kín Đáo" in c for c in cells)
    assert not PersonalDataAccess.objects.exists()


def test_the_cached_statement_follows_each_new_donation_and_spending(cast, published, client_for):
    client = client_for("commune")
    page = url("fund_statement", published.pk) + "?start=2026-01-01&end=2026-12-31"
    assert "7.300.000 đ" in client.get(page).content.decode()
    donate(published, 1_000_000)
    assert "8.300.000 đ" in client.get(page).content.decode()
    disburse(published, 300_000)
    after = client.get(page).content.decode()
    assert "1.300.000 đ" in after  # spending: 1M before, and 0.3M
    assert "7.000.000 đ" in after  # closing: 6.3M + 1M - 0.3M


def test_only_a_fund_role_of_the_unit_may_open_its_fund(cast, client_for):
    from poverty_fund.models import Fund

    data = {"unit": cast.commune.pk, "name": ""}
    assert client_for("viewer").post(url("fund_create"), data).status_code == 403
    client_for("other_commune").post(url("fund_create"), data)
    assert not Fund.objects.exists()
    assert client_for("commune").post(url("fund_create"), data).status_code == 302
    assert Fund.objects.get().unit == cast.commune
    # one fund per unit
    client_for("commune").post(url("fund_create"), data)
    assert Fund.objects.count() == 1


def test_member_org_sees_the_households_it_supports(cast, standard, client_for):
    from campaign.models import MemberOrganization
    from poverty_fund.models import StatusBasis

    org = MemberOrganization.objects.create(unit=cast.province, kind="hoi_nong_dan", name="HND")
    org.users.add(cast["member_org"])
    for h, supporter in ((cast.households[0], org), (cast.households[1], None)):
        services.household_status_record(
            household=h,
            year=2026,
            basis=StatusBasis.SURVEY,
            income=100,
            deprivations=["viec_lam", "bhyt", "nha_tieu"],
            supporter_kind="member_org" if supporter else "",
            supporter_org=supporter,
        )
    page = (
        client_for("member_org")
        .get(url("status_list", cast.province.pk) + "?year=2026&show=mine")
        .content.decode()
    )
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "Hỗ trợ bà Trần Thị Lan, Thôn Bình Minh, bị lũ",
            "Hỗ trợ bà Trần T. L., Thôn Bình Minh, bị lũ",
        ),
        ("Hỗ trợ Nguyễn Văn An bị ốm", "Hỗ trợ Nguyễn V. A. bị ốm"),
        ("thăm con Nguyễn Văn An", "thăm con Nguyễn V. A."),
        ("bà (Trần Thị Lan)", "bà (Trần T. L.)"),
        ("Hộ Lê Văn Tám bị cháy nhà", "Hộ Lê V. T. bị cháy nhà"),
        ("Hỗ trợ bà Lan", "Hỗ trợ bà L."),
        ("Công ty Sông Lam sửa cầu Thôn Bình Minh", "Công ty Sông Lam sửa cầu Thôn Bình Minh"),
        ("Quà Tết cho hộ nghèo", "Quà Tết cho hộ nghèo"),
    ],
)
def test_names_in_free_text_are_masked_and_places_are_not(typed, shown):
    from poverty_fund.selectors import mask_free_text

    assert mask_free_text(typed) == shown
