"""One journey per role through the real pages (the commune/board results journey and the
reports journey have their own files)."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from campaign import demo as campaign_demo
from campaign.models import ReportingPeriod
from campaign.results import demo as results_demo
from recognition import demo as recognition_demo
from recognition.models import EvaluationMeeting, TitleEvaluation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_province_admin_opens_the_year_and_adds_a_user(cast, live_server, page, login):
    campaign_demo.seed_base()
    results_demo.seed_indicator_sets()
    login("qt")
    page.goto(f"{live_server.url}/ket-qua/nam/")
    page.get_by_label("Năm báo cáo").fill("2027")
    page.get_by_label("Sao chép chỉ tiêu từ").select_option(
        label="Bộ chỉ tiêu Cuộc vận động năm 2026"
    )
    page.get_by_label("Cấp báo cáo").select_option("commune")
    page.get_by_label("Ngày mở").fill("2027-10-01")
    page.get_by_label("Hạn nộp").fill("2027-11-30")
    page.get_by_role("button", name="Mở năm báo cáo").click()
    expect(page.get_by_text("Đã mở năm báo cáo 2027")).to_be_visible()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Ban hành bộ chỉ tiêu").click()
    expect(page.get_by_text("Đã ban hành bộ chỉ tiêu")).to_be_visible()
    assert ReportingPeriod.objects.get(year=2027).indicator_set.status == "published"

    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("xa.camxuyen")
    page.get_by_label("Họ và tên").fill("Phan Thị Xuyên")
    page.get_by_label("Mật khẩu").fill("Mat-khau-moi-2027")
    page.get_by_label("Đơn vị").select_option(
        label="Xã Cẩm Xuyên (từ 01/07/2025) · Cấp xã · thuộc Tỉnh Hà Tĩnh · mã 18401"
    )
    page.get_by_label("Vai trò").select_option("commune_committee")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Đã tạo tài khoản xa.camxuyen.")).to_be_visible()


def test_residential_board_enters_an_evaluation_meeting(cast, live_server, page, login):
    recognition_demo.seed_rules()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=True):
        login("kdc1")
        page.get_by_role("link", name=re.compile("Danh hiệu")).first.click()
        page.goto(f"{live_server.url}/danh-hieu/don-vi/{cast.area.pk}/?year=2026")
        page.get_by_role("link", name="Ghi cuộc họp bình xét").first.click()
        page.get_by_label("Ngày họp bình xét").fill("2026-11-18")
        page.get_by_label("Số được mời (hộ / đại biểu)").fill("40")
        page.get_by_label("Số tham dự").fill("32")
        page.get_by_role("button", name=re.compile("Lưu|Ghi")).first.click()
        expect(page.get_by_text("Đã ghi cuộc họp bình xét.")).to_be_visible()
        page.get_by_role("link", name="Nhập kết quả bình xét").click()
        household = cast.households[0]
        for box in page.locator(f"input[type=checkbox][name^='r{household.pk}_g']").all():
            box.check()
        page.locator(f"input[name='r{household.pk}_votes']").fill("30")
        page.get_by_role("button", name=re.compile("Lưu")).first.click()
        page.wait_for_load_state()
    meeting = EvaluationMeeting.objects.get(unit=cast.area)
    assert meeting.attending == 32
    evaluation = TitleEvaluation.objects.get(meeting=meeting, household=household)
    assert evaluation.votes_for == 30


def test_commune_records_a_donation_prints_the_receipt_and_spends_and_the_public_finds_it(
    cast, live_server, page, login, browser
):
    from poverty_fund import services as fund_services
    from poverty_fund.models import Disbursement, Donation

    fund = fund_services.fund_create(unit=cast.commune)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=True):
        login("xa1")
        page.goto(f"{live_server.url}/quy/{fund.pk}/")
        page.get_by_role("link", name="Ghi nhận ủng hộ").click()
        page.get_by_label("Người/đơn vị ủng hộ").fill("Công ty TNHH Hồng Lam")
        page.locator("#id_donor_kind").select_option("enterprise")
        page.get_by_label("Số tiền (đồng)").fill("5.000.000")
        page.get_by_label("Hình thức").select_option("bank")
        page.get_by_label("Mã giao dịch chuyển khoản").fill("FT2611209999")
        page.get_by_label("Đợt vận động").select_option("other")  # 20/11: after the peak month
        page.get_by_role("button", name="Ghi", exact=True).click()
        expect(page.get_by_text(re.compile("Đã ghi phiếu thu số"))).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Phiếu thu (PDF)").first.click()
        assert download.value.suggested_filename.endswith(".pdf")

        page.goto(f"{live_server.url}/quy/{fund.pk}/")
        page.get_by_role("link", name="Chi hỗ trợ").click()
        page.get_by_label("Mục đích chi").select_option("livelihood")
        page.get_by_label("Hộ được hỗ trợ").select_option(str(cast.households[0].pk))
        page.get_by_label("Số tiền (đồng)").fill("2.000.000")
        page.get_by_label("Số quyết định").fill("15/QĐ-MTTQ")
        page.get_by_label("Người phê duyệt").fill("Chủ tịch Ủy ban MTTQ xã")
        page.once("dialog", lambda d: d.accept())  # spending asks for a confirmation
        page.get_by_role("button", name="Ghi", exact=True).click()
        expect(page.get_by_text("Đã ghi khoản chi.")).to_be_visible()

        public = browser.new_page()  # no login
        public.goto(f"{live_server.url}/quy/cong-khai/{fund.pk}/")
        expect(public.get_by_text(re.compile(r"Nguyễn V\. A\."))).to_be_visible()  # masked
        expect(public.get_by_text("Nguyễn Văn An")).to_have_count(0)
        public.get_by_label("Tìm theo tên, số tiền hoặc mã giao dịch").fill("hong lam")
        public.get_by_role("button", name="Tìm").click()
        expect(public.get_by_text("Công ty TNHH Hồng Lam")).to_be_visible()
    assert Donation.objects.get(fund=fund).amount == 5_000_000
    assert Disbursement.objects.get(fund=fund).amount == 2_000_000
