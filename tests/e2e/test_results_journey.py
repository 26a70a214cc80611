import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from campaign import demo
from campaign.models import Submission
from campaign.results import demo as results_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period_2026(cast):
    demo.seed_base()
    results_demo.seed_indicator_sets()


def test_commune_submits_board_returns_commune_fixes_board_accepts(
    cast, period_2026, live_server, page, login, browser
):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=True):
        login("xa1")
        page.get_by_role("link", name="Kết quả năm").click()
        expect(page.get_by_label("Năm báo cáo")).to_have_value("2026")
        page.get_by_role("button", name="Lập báo cáo").click()
        expect(page.get_by_role("heading", name="Báo cáo kết quả năm 2026")).to_be_visible()
        expect(page.get_by_label("Tổng số hộ gia đình", exact=True)).to_have_value("110")
        page.get_by_label("Tổng số khu dân cư", exact=True).fill("1")
        page.get_by_role("tab", name="Nội dung 2").click()
        page.get_by_label("Số hộ đạt danh hiệu “Gia đình văn hóa”", exact=True).fill(
            "500"
        )  # more than households
        page.get_by_role("button", name="Lưu nháp").click()
        page.get_by_role("tab", name="Nội dung 2").click()
        expect(
            page.get_by_text(re.compile("Không được lớn hơn “Tổng số hộ gia đình”"))
        ).to_be_visible()
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Nộp báo cáo").click()
        expect(page.get_by_text(re.compile("Báo cáo còn lỗi, chưa nộp được"))).to_be_visible()
        page.get_by_role("tab", name="Nội dung 2").click()
        page.get_by_label("Số hộ đạt danh hiệu “Gia đình văn hóa”", exact=True).fill("95")
        page.get_by_role("button", name="Lưu nháp").click()  # saved in place, said on the line
        expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 chỉ tiêu.")
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Nộp báo cáo").click()
        expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()
        submission_url = page.url

        board = login("pt", on=browser.new_page())
        board.goto(f"{live_server.url}/ket-qua/cho-duyet/")
        board.get_by_role("link", name="Xã Đức Thọ").click()
        board.get_by_label("Lý do trả lại").fill("Đề nghị bổ sung số cây xanh đã trồng.")
        board.get_by_role("button", name="Trả lại").click()
        expect(board.get_by_text("Đã trả lại báo cáo cho đơn vị.")).to_be_visible()

        page.goto(submission_url)
        # the reason at the top of the form, not only at the bottom of the timeline
        expect(page.locator("#return-box")).to_contain_text("Đề nghị bổ sung số cây xanh đã trồng.")
        page.get_by_role("tab", name="Nội dung 3").click()
        page.get_by_label("Số cây xanh được trồng", exact=True).fill("1.250")
        page.get_by_role("button", name="Lưu nháp").click()
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Nộp lại báo cáo").click()
        expect(page.get_by_text("Đã nộp báo cáo.")).to_be_visible()

        board.goto(submission_url)
        board.once("dialog", lambda d: d.accept())  # accepting locks the data: asked first
        board.get_by_role("button", name="Tiếp nhận").click()
        expect(board.get_by_text("Đã tiếp nhận báo cáo; số liệu đã được khóa.")).to_be_visible()

        page.goto(submission_url)
        expect(
            page.get_by_text(re.compile("Báo cáo đã được tiếp nhận nên đã khóa"))
        ).to_be_visible()
        expect(page.get_by_label("Số cây xanh được trồng", exact=True)).to_have_count(
            0
        )  # read, not an input
        expect(page.locator("#row-trees_planted .review-value")).to_have_text("1.250")
        expect(page.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)
    sub = Submission.objects.get(unit=cast.commune)
    assert sub.status == "accepted"
    assert sub.values.get(indicator__code="trees_planted").value == 1250
