"""The yearly form and its review in Chromium, DEBUG off as in production: autosave that never
loses an edit nor lies about it, a returned report fixed by the commune alone after the due
date, the board reviewing beside last year's values, and a year opened early."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from campaign import demo
from campaign.models import ReportingPeriod, Submission, SubmissionValue
from campaign.results import demo as results_demo
from campaign.results import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _at(day, month=11, year=2026):
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC))


@pytest.fixture
def periods(cast, settings):
    assert settings.DEBUG is False  # the production mode
    demo.seed_base()
    results_demo.seed_indicator_sets()
    return {p.year: p for p in ReportingPeriod.objects.all()}


def _value(sub, code):
    return SubmissionValue.objects.get(submission=sub, indicator__code=code)


def _field(page, name):
    return page.get_by_label(name, exact=True)


def test_a_wrong_value_then_a_right_one_survive_a_reload_as_typed(
    cast, periods, live_server, page, login
):
    with _at(20):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        login("xa1")
        page.goto(f"{live_server.url}/ket-qua/{sub.pk}/")
        status = page.locator("#save-status")
        tab_1 = page.get_by_role("tab", name="Nội dung 1")
        expect(tab_1).to_contain_text("1 lỗi")  # "Tổng số khu dân cư" is required
        houses = _field(page, "Số nhà Đại đoàn kết xây mới")
        houses.fill("ba nhà")
        houses.press("Tab")  # the field is left: checked and sent at once
        expect(page.locator("#fb_houses_built")).to_contain_text("“ba nhà” không phải là số.")
        expect(houses).to_have_class(re.compile("is-invalid"))
        expect(status).to_contain_text(
            "1 chỉ tiêu chưa lưu: Số nhà Đại đoàn kết xây mới (Nội dung 1): “ba nhà” không phải là số."
        )
        expect(tab_1).to_contain_text("2 lỗi")  # the badge follows at once
        expect(page.locator("#check-summary")).to_contain_text("Số nhà Đại đoàn kết xây mới")

        page.get_by_role("tab", name="Nội dung 3").click()
        trees = _field(page, "Số cây xanh được trồng")
        trees.fill("-5")
        trees.press("Tab")
        # saved, and not announced as fine: the blocking rule is said at the field and the line
        expect(page.locator("#fb_trees_planted")).to_contain_text("Giá trị không được âm.")
        expect(status).to_contain_text("Có chỉ tiêu vừa lưu còn lỗi, phải sửa trước khi nộp.")
        expect(page.get_by_role("tab", name="Nội dung 3")).to_contain_text("1 lỗi")
        trees.fill("1.250")
        trees.press("Tab")
        expect(status).to_contain_text("Đã lưu 1 chỉ tiêu.")
        expect(page.locator("#fb_trees_planted")).to_be_empty()
        expect(page.get_by_role("tab", name="Nội dung 3")).not_to_contain_text("lỗi")

        page.reload()
        expect(_field(page, "Số nhà Đại đoàn kết xây mới")).to_have_value("ba nhà")
        expect(_field(page, "Số nhà Đại đoàn kết xây mới")).to_have_class(re.compile("is-invalid"))
        expect(page.locator("#fb_houses_built")).to_contain_text("Giá trị này chưa được lưu")
        page.get_by_role("tab", name="Nội dung 3").click()
        expect(_field(page, "Số cây xanh được trồng")).to_have_value("1250")
    assert _value(sub, "trees_planted").value == 1250
    assert _value(sub, "houses_built").invalid_input == "ba nhà"


def test_a_failed_save_is_said_and_retried_and_leaving_warns(
    cast, periods, live_server, page, login
):
    with _at(20):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        login("xa1")
        page.goto(f"{live_server.url}/ket-qua/{sub.pk}/")
        status = page.locator("#save-status")
        failures = iter(["network", "server"])

        def flaky(route):
            kind = next(failures, None)
            if kind == "network":
                route.abort()
            elif kind == "server":
                # what a proxy or DEBUG=True shows: an HTML page, not the form's JSON
                route.fulfill(status=500, content_type="text/html", body="<h1>Server Error</h1>")
            else:
                route.continue_()

        page.route("**/tu-luu/", flaky)
        page.get_by_role("tab", name="Nội dung 3").click()
        trees = _field(page, "Số cây xanh được trồng")
        trees.fill("300")
        trees.press("Tab")
        expect(status).to_contain_text("Chưa lưu được 1 thay đổi: mất kết nối tới máy chủ.")
        expect(status).to_contain_text("Những gì bạn nhập vẫn còn trên trang")
        expect(status).to_contain_text("máy chủ gặp lỗi (mã 500)", timeout=15_000)
        page.get_by_role("button", name="Thử lại ngay").click()
        expect(status).to_contain_text("Đã lưu 1 chỉ tiêu.", timeout=15_000)
        assert _value(sub, "trees_planted").value == 300

        # typed and not yet left: leaving the page asks first
        trees.fill("301")
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
        page.close(run_before_unload=True)
        expect(page.locator("body")).to_be_visible()  # dismissed: the page stays
        assert dialogs == ["beforeunload"]


def test_two_editors_the_second_sees_the_others_values(
    cast, periods, live_server, page, login, browser
):
    with _at(20):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        login("xa1")
        other = login("xa1", on=browser.new_page())
        for p in (page, other):
            p.goto(f"{live_server.url}/ket-qua/{sub.pk}/")
            p.get_by_role("tab", name="Nội dung 3").click()
        _field(page, "Số cây xanh được trồng").fill("100")
        _field(page, "Số cây xanh được trồng").press("Tab")
        expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 chỉ tiêu.")
        _field(other, "Số cây xanh được trồng").fill("250")
        _field(other, "Số cây xanh được trồng").press("Tab")
        panel = other.locator("#conflict-panel")
        expect(panel).to_contain_text("Có người khác vừa lưu báo cáo này")
        expect(panel.get_by_role("row", name=re.compile("Số cây xanh được trồng"))).to_contain_text(
            "250"
        )
        expect(panel.get_by_role("row", name=re.compile("Số cây xanh được trồng"))).to_contain_text(
            "100"
        )
        assert _value(sub, "trees_planted").value == 100  # nothing overwritten
        other.get_by_role("button", name="Lưu giá trị của tôi đè lên").click()
        expect(other.locator("#save-status")).to_contain_text("Đã lưu 1 chỉ tiêu.")
    assert _value(sub, "trees_planted").value == 250


def _accepted_2025(cast, periods):
    with _at(20, 11, 2025):
        last = services.submission_open(period=periods[2025], unit=cast.commune, by=cast["commune"])
        services.submission_save(
            submission=last,
            by=cast["commune"],
            values={
                "households_total": 100,
                "population_total": 400,
                "residential_areas_total": 1,
                "trees_planted": 1000,
            },
        )
        services.submission_submit(submission=last, by=cast["commune"])
        services.submission_accept(submission=last, by=cast["province_admin"])


def test_a_return_after_the_due_date_is_fixed_and_resubmitted_by_the_commune_alone(
    cast, periods, live_server, page, login, browser
):
    _accepted_2025(cast, periods)
    with _at(25):
        sub = services.submission_open(period=periods[2026], unit=cast.commune, by=cast["commune"])
        services.submission_save(
            submission=sub,
            by=cast["commune"],
            values={"residential_areas_total": 1, "trees_planted": 900},
        )
        services.submission_submit(submission=sub, by=cast["commune"])
    url = f"{live_server.url}/ket-qua/{sub.pk}/"

    with _at(8, 12):  # past the due date (30/11) and the grace days (5/12)
        board = login("pt", on=browser.new_page())
        board.goto(f"{live_server.url}/ket-qua/cho-duyet/")
        board.get_by_role("link", name="Xã Đức Thọ").click()
        board.get_by_role("tab", name="Nội dung 3").click()
        row = board.locator("#row-trees_planted")
        expect(row.locator(".review-value")).to_have_text("900")
        expect(row).to_contain_text("1.000")  # last year's accepted value
        expect(row).to_contain_text("-100 (-10%)")
        board.get_by_label("Ý kiến về: Số cây xanh được trồng").fill(
            "Chưa tính số cây trồng dịp Tết; đề nghị bổ sung."
        )
        board.get_by_label("Lý do trả lại").fill("Bổ sung số cây xanh đã trồng.")
        expect(board.get_by_label("Số ngày để đơn vị sửa và nộp lại")).to_have_value("7")
        board.get_by_role("button", name="Trả lại").click()
        expect(
            board.get_by_text("Đã trả lại báo cáo cho đơn vị. Hạn sửa và nộp lại: 15/12/2026.")
        ).to_be_visible()

    with _at(10, 12):
        login("xa1")
        # the return, and the acceptance of 2025 before it
        expect(page.get_by_text("Bạn có 2 thông báo chưa đọc")).to_be_visible()
        expect(
            page.get_by_text("Bị trả lại, sửa và nộp lại trước hết ngày 15/12/2026 (còn 5 ngày).")
        ).to_be_visible()
        page.get_by_role("link", name="Sửa báo cáo").click()
        box = page.locator("#return-box")
        expect(box).to_contain_text("Bổ sung số cây xanh đã trồng.")
        expect(box).to_contain_text("Sửa và nộp lại trước hết ngày 15/12/2026.")
        box.get_by_role("link", name="Số cây xanh được trồng (Nội dung 3)").click()
        trees = _field(page, "Số cây xanh được trồng")
        expect(trees).to_be_focused()  # the link opened its tab
        expect(page.locator("#row-trees_planted")).to_contain_text("Chưa tính số cây trồng dịp Tết")
        trees.fill("1.250")
        trees.press("Tab")
        expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 chỉ tiêu.")
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Nộp lại báo cáo").click()
        expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()

        board = login("pt", on=browser.new_page())
        board.goto(f"{live_server.url}/ket-qua/cho-duyet/")
        queue_row = board.get_by_role("row", name=re.compile("Xã Đức Thọ"))
        expect(queue_row).to_contain_text("Nộp lại")
        expect(queue_row).to_contain_text("Số cây xanh được trồng: 900 → 1250")
        board.goto(url)
        expect(
            board.get_by_text("Báo cáo nộp lại sau khi bị trả lại ngày 08/12/2026")
        ).to_be_visible()
        dialogs = []
        board.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
        board.get_by_role("button", name="Tiếp nhận").click()
        expect(board.get_by_text("Đã tiếp nhận báo cáo; số liệu đã được khóa.")).to_be_visible()
        assert "Số liệu sẽ bị khóa" in dialogs[0]
    sub.refresh_from_db()
    assert sub.status == "accepted" and not sub.is_late
    assert _value(sub, "trees_planted").value == 1250
    assert not sub.period.extensions.exists()  # nobody granted an extension


def test_the_2027_period_opened_early_changes_nobodys_default(
    cast, periods, live_server, page, login, browser
):
    with _at(1, 12):
        period = services.year_open(
            by=cast["province_admin"],
            year=2027,
            copy_from=periods[2026].indicator_set,
            reporting_level="commune",
            opens_on=datetime.date(2027, 10, 1),
            due_on=datetime.date(2027, 11, 30),
        )
        services.indicator_set_publish(
            indicator_set=period.indicator_set, by=cast["province_admin"]
        )
    with _at(2, 12):
        login("xa1")
        page.get_by_role("link", name="Kết quả năm").click()
        # the chooser submits on change once the page's script has run: wait for it, or a
        # choice made before that is only a changed <select> (seen on a loaded machine)
        page.wait_for_url(f"{live_server.url}/ket-qua/**", wait_until="load")
        chooser = page.get_by_label("Năm báo cáo")
        expect(chooser).to_have_value("2026")
        expect(page.get_by_role("button", name="Lập báo cáo")).to_be_visible()
        chooser.select_option("2027")  # chosen: kept for the session, the page comes back
        expect(page.get_by_text("Kỳ báo cáo năm 2027 chưa mở")).to_be_visible(timeout=20_000)
        expect(page.get_by_role("button", name="Lập báo cáo")).to_have_count(0)
        page.goto(f"{live_server.url}/ket-qua/")
        expect(page.get_by_label("Năm báo cáo")).to_have_value("2027")
        page.goto(f"{live_server.url}/")
        expect(page.get_by_text("Báo cáo kết quả năm 2026")).to_be_visible()

        board = login("pt", on=browser.new_page())
        board.goto(f"{live_server.url}/ket-qua/")
        expect(board.get_by_label("Năm báo cáo")).to_have_value("2026")
    assert not Submission.objects.filter(period__year=2027).exists()
