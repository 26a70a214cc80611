"""Phones at 390 px (issue 19, item 5), in Chromium with DEBUG=False.

Every main page of every role of the cast (the pages its menu links to, and the detail pages
behind them), the public fund page and the login and second-factor pages: none scrolls
sideways at 390 px, and a failure names the page and its widest element. The wide tables
turn into cards, with the amount in view; the yearly form's controls are 44 px tall."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from campaign import demo
from campaign.activities.services import activities as activity_services
from campaign.models import ReportingPeriod
from campaign.results import demo as results_demo
from campaign.results import services as campaign_services
from poverty_fund import services as fund_services
from recognition import demo as recognition_demo
from recognition.models import TitleKind
from recognition.services import meetings
from tests.cast import PASSWORD
from tests.conftest import totp_now
from tests.poverty_fund.helpers import disburse, donate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The widest element that sticks out of the page, skipping what sits inside its own
# scrolling box (that box scrolls, the page does not): "tag#id.class (left-right px)".
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") {
        return p.getBoundingClientRect().right <= width + 1;
      }
    }
    return false;
  };
  let worst = null;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || scrolls(el)) continue;
    if (!worst || box.right > worst.right + 1) worst = {el, right: box.right, left: box.left};
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map((c) => "." + c).join("");
  return {
    scroll: document.documentElement.scrollWidth,
    widest: worst ? `${name(worst.el)} (${Math.round(worst.left)}-${Math.round(worst.right)} px)` : "?",
  };
}"""

# Tables that scroll inside their box hide columns on a phone: each is named, with its width.
HIDDEN_COLUMNS = """() => [...document.querySelectorAll("table")]
  .filter((t) => t.offsetParent !== null && !t.closest("details:not([open])"))
  .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1)
  .map((t) => `table.${[...t.classList].join(".")} ${Math.round(t.getBoundingClientRect().width)} px`)"""

# Every visible control a thumb must hit, with its height when under 44 px.
SMALL_TARGETS = """(root) => {
  const scope = root ? document.querySelector(root) : document;
  const out = [];
  for (const el of scope.querySelectorAll("button, input, select, textarea, a.btn")) {
    if (el.type === "hidden" || el.offsetParent === null) continue;
    const box = el.getBoundingClientRect();
    // a checkbox counts with its label: the label is what the thumb hits
    let target = box.height;
    if ((el.type === "checkbox" || el.type === "radio") && el.labels && el.labels.length) {
      target = Math.max(target, ...[...el.labels].map((l) => l.getBoundingClientRect().height),
        el.closest(".form-check") ? el.closest(".form-check").getBoundingClientRect().height : 0);
    }
    if (target < 43.5) out.push(`${el.tagName.toLowerCase()}[name=${el.name || el.textContent.trim().slice(0, 30)}] ${Math.round(target)} px`);
  }
  return out;
}"""


@pytest.fixture
def world(cast):
    """Enough of everything that each page shows its tables: a draft yearly form, a meeting
    with its results, funds with receipts and spending, a house, an activity."""
    demo.seed_base()
    results_demo.seed_indicator_sets()
    recognition_demo.seed_rules()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        draft = campaign_services.submission_open(
            period=ReportingPeriod.objects.get(year=2026), unit=cast.commune, by=cast["commune"]
        )
        meeting = meetings.meeting_create(
            kind=TitleKind.FAMILY,
            unit=cast.area,
            year=2026,
            held_on=datetime.date(2026, 11, 5),
            invited=10,
            attending=8,
        )
        for household in cast.households:
            meetings.evaluation_record(
                meeting=meeting,
                household=household,
                results={
                    g.number: g.kind == "condition" for g in meeting.criteria_set.groups.all()
                },
                votes_for=7,
            )
        fund = fund_services.fund_create(unit=cast.commune)
        province_fund = fund_services.fund_create(unit=cast.province)
        for day in range(1, 9):
            donate(
                fund,
                1_250_000 * day,
                date=datetime.date(2026, 10, 19 + day),
                donor_name="Công ty Cổ phần Đầu tư Xây dựng và Thương mại Hồng Lĩnh Hà Tĩnh",
            )
        donate(province_fund, 12_000_000, date=datetime.date(2026, 10, 20))
        disburse(fund, 2_000_000, date=datetime.date(2026, 11, 2))
        house = fund_services.house_create(
            household=cast.households[0],
            kind="new",
            year=2026,
            approved_on=datetime.date(2026, 3, 1),
            decision_number="15/QĐ-UBND",
        )
        activity = activity_services.activity_create(
            by=cast["commune"],
            unit=cast.commune,
            date=datetime.date(2026, 11, 10),
            kind="outreach",
            title="Tuyên truyền Ngày hội Đại đoàn kết toàn dân tộc tại các khu dân cư",
            participants=120,
        )
    return {"draft": draft, "meeting": meeting, "fund": fund, "house": house, "activity": activity}


def _details(cast, world):
    """The pages behind the menus, by role: what a phone user opens after the menu."""
    year = "?year=2026"
    commune = [
        reverse("residential_areas:unit_detail", args=[cast.commune.pk]),
        reverse("residential_areas:household_list", args=[cast.area.pk]),
        reverse("residential_areas:household_detail", args=[cast.households[0].pk]),
        reverse("campaign:submission_detail", args=[world["draft"].pk]),
        reverse("recognition:unit", args=[cast.commune.pk]) + year,
        reverse("recognition:unit", args=[cast.area.pk]) + year,
        reverse("recognition:meeting", args=[world["meeting"].pk]),
        reverse("poverty_fund:fund_detail", args=[world["fund"].pk]),
        reverse("poverty_fund:fund_statement", args=[world["fund"].pk]),
        reverse("poverty_fund:house_list", args=[cast.commune.pk]),
        reverse("poverty_fund:house_detail", args=[world["house"].pk]),
        reverse("activities:activity_detail", args=[world["activity"].pk]),
    ]
    province = [
        reverse("campaign:review_queue"),
        reverse("campaign:completeness") + year,
        reverse("campaign:aggregate") + year,
        reverse("recognition:unit", args=[cast.province.pk]) + year,
        reverse("poverty_fund:fund_detail", args=[world["fund"].pk]),
    ]
    return {
        "qt": province + [reverse("accounts:user_list"), reverse("campaign:years")],
        "pt": province,
        "xem": province,
        "huyen1": [reverse("recognition:unit", args=[cast.district.pk]) + "?year=2024"],
        "xa1": commune,
        "kdc1": [
            reverse("recognition:unit", args=[cast.area.pk]) + year,
            reverse("recognition:meeting_results", args=[world["meeting"].pk]),
            reverse("residential_areas:household_list", args=[cast.area.pk]),
        ],
        "hnd": [],
    }


def _check(page, url, problems, hidden, who="khách"):
    response = page.goto(url)
    path = "/" + url.split("/", 3)[-1]
    if response is None or response.status != 200:
        problems.append(f"{path} ({who}): HTTP {response.status if response else '?'}")
        return
    found = page.evaluate(OVERFLOW)
    if found:
        problems.append(f"{path} ({who}) is {found['scroll']} px wide: {found['widest']}")
    for table in page.evaluate(HIDDEN_COLUMNS):
        hidden.append(f"{path} ({who}): {table}")


def test_no_page_scrolls_sideways_at_390_px(cast, world, live_server, browser):
    problems, hidden = [], []
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in (
        reverse("accounts:login"),
        reverse("poverty_fund:public_index"),
        reverse("poverty_fund:public_fund", args=[world["fund"].pk]),
    ):
        _check(page, live_server.url + path, problems, hidden)
    context.close()
    for username in _details(cast, world):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(live_server.url + reverse("accounts:login"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if "/tai-khoan/2fa/" in page.url:
            # the second-factor page itself, as a phone shows it
            _check(page, page.url, problems, hidden, username)
            user = next(u for u in cast.users.values() if u.username == username)
            page.get_by_label("Mã xác thực").fill(totp_now(user))
            page.get_by_role("button", name="Xác nhận").click()
            page.wait_for_load_state()
        page.goto(live_server.url + "/")
        menu = page.evaluate(
            """() => [...document.querySelectorAll("#nav .navbar-nav a.nav-link")]
                .map((a) => a.getAttribute("href")).filter((h) => h && h.startsWith("/"))"""
        )
        assert menu, f"{username} has no menu"
        seen = []
        for path in ["/", *menu, *_details(cast, world)[username]]:
            if path not in seen:
                seen.append(path)
                _check(page, live_server.url + path, problems, hidden, username)
        context.close()
    report = "\n".join(problems + ["columns hidden in a scrolling box:"] + hidden)
    assert (problems, hidden) == ([], []), report


def test_the_yearly_form_has_44_px_tap_targets_at_390_px(cast, world, live_server, page, login):
    page.set_viewport_size(PHONE)
    # before the deadline (30/11/2026), while the commune may still type its figures
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=True):
        login("xa1")
        page.goto(live_server.url + reverse("campaign:submission_detail", args=[world["draft"].pk]))
        page.wait_for_load_state()
        controls = page.evaluate(
            "() => [...document.querySelectorAll('main button, main input:not([type=hidden]), "
            "main select, main textarea, main a.btn')].filter((e) => e.offsetParent).length"
        )
        assert controls > 20  # the form is there, with its inputs
        assert page.evaluate(SMALL_TARGETS, "main") == []
        # every tab of the form, not only the first
        for tab in page.locator("main .nav-tabs .nav-link").all():
            tab.click()
            assert page.evaluate(SMALL_TARGETS, "main") == []
        assert page.evaluate(OVERFLOW) is None


def test_the_fund_ledger_shows_each_amount_on_a_phone(cast, world, live_server, page, login):
    page.set_viewport_size(PHONE)
    login("xa1")
    page.goto(live_server.url + reverse("poverty_fund:fund_detail", args=[world["fund"].pk]))
    amounts = page.locator("table.ledger td[data-label='Số tiền']")
    expect(amounts).to_have_count(8)
    for cell in amounts.all():
        cell.scroll_into_view_if_needed()
        expect(cell).to_be_in_viewport()  # not cut off at the right
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(amounts.first).to_contain_text("đ")
    assert page.evaluate(OVERFLOW) is None
