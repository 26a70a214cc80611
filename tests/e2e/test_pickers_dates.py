"""In an English Chromium (--lang=en-US): dates are typed and shown as dd/mm/yyyy, the browser's
own messages are Vietnamese, and a unit is found by typing "tran phu" without accents."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role, UnitRole
from poverty_fund import services as fund_services
from poverty_fund.models import Donation
from residential_areas import services as unit_services
from tests.cast import NEW_START, OLD_END, PASSWORD
from tests.conftest import totp_now
from tests.e2e.conftest import axe_violations as _axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def english_browser(browser_type, browser_type_launch_args):
    """A browser of its own, in English: the shared one may already run in another language."""
    args = [*browser_type_launch_args.get("args", []), "--lang=en-US"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _short_lists_are_searched_too(settings):
    """The cast's lists are short (plain selects): make them long enough to search."""
    settings.PICKER_MAX_OPTIONS = 1


@pytest.fixture
def en_page(english_browser):
    context = english_browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/tai-khoan/2fa/" in page.url:
        user = get_user_model().objects.get(username=username)
        page.get_by_label("Mã xác thực").fill(totp_now(user))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()


def test_a_date_is_typed_and_shown_as_dd_mm_yyyy_in_an_english_browser(cast, live_server, en_page):
    page = en_page
    assert page.evaluate("navigator.language") == "en-US"
    fund = fund_services.fund_create(unit=cast.commune)
    _login(page, live_server, "xa1")
    page.goto(live_server.url + reverse("poverty_fund:donation_create", args=[fund.pk]))
    date = page.get_by_label("Ngày nhận")
    assert date.get_attribute("type") == "text"
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", date.input_value())

    page.get_by_label("Người/đơn vị ủng hộ").fill("Trần Văn Tâm")
    page.get_by_label("Số tiền (đồng)").fill("1.500.000")
    date.fill("")
    date.press_sequentially("31022026")  # the slashes come by themselves
    expect(date).to_have_value("31/02/2026")
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(
        page.get_by_text("Ngày không hợp lệ: 31/02/2026, nhập theo dạng ngày/tháng/năm")
    ).to_be_visible()
    expect(page.get_by_label("Ngày nhận")).to_have_value("31/02/2026")
    assert not Donation.objects.exists()

    page.get_by_label("Ngày nhận").fill("20/10/2026")
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.get_by_text("Đã ghi phiếu thu số")).to_be_visible()
    assert Donation.objects.get().date == datetime.date(2026, 10, 20)


def test_a_date_typed_with_its_own_slashes_keeps_one_of_each(cast, live_server, en_page):
    """Typed key by key as written, "20/11/2026": the slash added after the day and the one
    typed are one slash (it was "20//11/202" and refused)."""
    page = en_page
    fund = fund_services.fund_create(unit=cast.commune)
    _login(page, live_server, "xa1")
    page.goto(live_server.url + reverse("poverty_fund:donation_create", args=[fund.pk]))
    date = page.get_by_label("Ngày nhận")
    date.fill("")
    date.press_sequentially("20/11/2026")
    expect(date).to_have_value("20/11/2026")
    date.fill("")
    date.press_sequentially("5/1/2026")  # a one-digit day and month are left as typed
    expect(date).to_have_value("5/1/2026")


def test_browser_messages_are_vietnamese_and_a_unit_is_picked_by_typing(cast, live_server, en_page):
    page = en_page
    old_ward = unit_services.unit_create(
        code="28234",
        name="Phường Trần Phú",
        kind="phuong",
        level="commune",
        parent=cast.district,
        area_type="urban",
        valid_to=OLD_END,
    )
    new_ward = unit_services.unit_create(
        code="28235",
        name="Phường Trần Phú",
        kind="phuong",
        level="commune",
        parent=cast.province,
        area_type="urban",
        valid_from=NEW_START,
    )
    assert old_ward.pk != new_ward.pk
    _login(page, live_server, "qt")
    page.goto(live_server.url + reverse("accounts:user_create"))

    # nothing typed: the browser stops the form with Vietnamese words, not "Please fill out..."
    page.get_by_role("button", name="Tạo tài khoản").click()
    username = page.get_by_label("Tên đăng nhập")
    assert username.evaluate("el => el.validationMessage") == "Vui lòng điền vào ô này."
    assert page.url.endswith(reverse("accounts:user_create"))  # not sent

    username.fill("xa.tranphu")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Kế Toán")
    page.get_by_label("Mật khẩu").fill("Mot-mat-khau-dai-2026")
    page.get_by_label("Vai trò").select_option(Role.COMMUNE_COMMITTEE)
    unit = page.get_by_role("combobox", name="Đơn vị")
    page.get_by_role("button", name="Tạo tài khoản").click()
    assert "danh sách gợi ý" in unit.evaluate("el => el.validationMessage")

    unit.press_sequentially("tran phu")
    options = page.get_by_role("listbox", name="Đơn vị").get_by_role("option")
    # a role goes on a unit that exists today: the ward closed on 30/06/2025 is not offered
    expect(options).to_have_count(1)
    expect(options.nth(0)).to_contain_text("Phường Trần Phú (từ 01/07/2025)")
    expect(options.nth(0)).to_contain_text("Cấp xã · thuộc Tỉnh Hà Tĩnh")
    assert _axe(page) == []
    unit.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    unit.press("Enter")
    expect(unit).to_have_value("Phường Trần Phú (từ 01/07/2025)")
    expect(options).to_have_count(0)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", name=re.compile("Nguyễn Thị Kế Toán"))).to_be_visible()
    role = UnitRole.objects.get(user__username="xa.tranphu")
    assert role.unit == new_ward and role.role == Role.COMMUNE_COMMITTEE


def test_household_picker_on_the_disbursement_form(cast, live_server, en_page):
    page = en_page
    fund = fund_services.fund_create(unit=cast.commune)
    _login(page, live_server, "xa1")
    page.goto(live_server.url + reverse("poverty_fund:disbursement_create", args=[fund.pk]))
    household = page.get_by_role("combobox", name="Hộ được hỗ trợ")
    options = page.get_by_role("listbox", name="Hộ được hỗ trợ").get_by_role("option")
    household.press_sequentially("van")
    # "Lê Văn Cường" lives in the other commune: never offered
    expect(options).to_have_count(1)
    options.first.click()
    expect(household).to_have_value("Nguyễn Văn An")
    chosen = page.locator("select[name=household]").input_value()
    assert chosen == str(cast.households[0].pk)


def test_report_form_tells_the_old_and_new_ward_apart(cast, live_server, en_page):
    page = en_page
    for code, parent, life in (
        ("28234", cast.district, {"valid_to": OLD_END}),
        ("28235", cast.province, {"valid_from": NEW_START}),
    ):
        unit_services.unit_create(
            code=code,
            name="Phường Trần Phú",
            kind="phuong",
            level="commune",
            parent=parent,
            area_type="urban",
            **life,
        )
    _login(page, live_server, "pt")
    page.goto(live_server.url + reverse("reporting:index"))
    unit = page.get_by_role("combobox", name="Đơn vị")
    unit.press_sequentially("TRAN phu")
    options = page.get_by_role("listbox", name="Đơn vị").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Phường Trần Phú (từ 01/07/2025)")
    expect(options.nth(1)).to_contain_text("Phường Trần Phú (đến 30/06/2025)")
    expect(options.nth(1)).to_contain_text("thuộc Huyện Đức Thọ")
    assert _axe(page) == []
    options.nth(1).click()
    expect(unit).to_have_value("Phường Trần Phú (đến 30/06/2025)")
