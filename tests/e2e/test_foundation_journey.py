import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_district_user_drills_down_and_is_refused_another_district(cast, live_server, page, login):
    login("huyen1")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    page.get_by_role("link", name="Địa bàn").first.click()
    expect(page.get_by_role("heading", name="Huyện Đức Thọ")).to_be_visible()
    # the district stopped existing in 7/2025: look at the tree of 2024
    page.get_by_label("Cây đơn vị năm").select_option("2024")
    page.get_by_role("link", name="Xã Đức Lạc").click()
    expect(page.get_by_role("heading", name="Xã Đức Lạc")).to_be_visible()
    page.get_by_role("link", name="Thôn Lạc Thiện").click()
    expect(page.get_by_role("heading", name="Thôn Lạc Thiện")).to_be_visible()
    expect(page.get_by_role("navigation", name="Vị trí")).to_contain_text("Huyện Đức Thọ")

    response = page.goto(f"{live_server.url}/dia-ban/{cast.other_district.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Không tìm thấy trang hoặc dữ liệu")).to_be_visible()


def test_search_works_without_accents_on_a_phone(cast, live_server, page, login):
    page.set_viewport_size({"width": 360, "height": 740})
    login("qt")
    page.goto(f"{live_server.url}/dia-ban/{cast.province.pk}/?year=2024")
    page.get_by_label("Tìm đơn vị").fill("cam binh")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Xã Cẩm Bình")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
