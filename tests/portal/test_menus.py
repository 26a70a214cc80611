"""Menus and homes per role (issue 19, item 2): each role sees the sections it uses, the
leadership viewer no user management; homes show the role's tasks and its own unit's figures;
a closed unit's home says when it closed and links to its history and successors."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALL = [
    "Trang chủ",
    "Địa bàn",
    "Kết quả năm",
    "Hoạt động",
    "Nông thôn mới, đô thị văn minh",
    "Danh hiệu, khen thưởng",
    "Quỹ Vì người nghèo",
    "Báo cáo",
]
MENUS = {
    "province_admin": [*ALL, "Người dùng"],
    "movement_board": ALL,
    "viewer": ALL,
    "district": ALL,
    "commune": ALL,
    "residential": ["Trang chủ", "Địa bàn", "Hoạt động", "Danh hiệu, khen thưởng"],
    "member_org": ["Trang chủ", "Kết quả năm", "Hoạt động", "Quỹ Vì người nghèo"],
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _menu(page: str) -> list[str]:
    nav = page[page.index('<ul class="navbar-nav me-auto">') :]
    nav = nav[: nav.index("</ul>")]
    return re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("role", MENUS)
def test_each_role_sees_the_sections_it_uses(cast, client_for, role):
    page = client_for(role).get(reverse("home")).content.decode()
    assert _menu(page) == MENUS[role]


def test_the_leadership_viewer_has_no_user_management(cast, client_for):
    client = client_for("viewer")
    page = client.get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") not in page
    assert client.get(reverse("accounts:user_list")).status_code in (403, 404)


def test_a_closed_districts_home_says_when_it_closed_and_links_its_history(cast, client_for):
    page = client_for("district").get(reverse("home")).content.decode()
    assert "Huyện Đức Thọ đã kết thúc hoạt động từ ngày 30/06/2025" in page
    history = reverse("residential_areas:unit_detail", args=[cast.district.pk]) + "?year=2025"
    assert f'href="{history}"' in page
    closed = page[page.index('data-testid="closed-unit"') :]
    closed = closed[: closed.index("</section>")]
    successor = reverse("residential_areas:unit_detail", args=[cast.commune.pk])
    assert f'href="{successor}">Xã Đức Thọ</a>' in closed
    assert "Xã Cẩm Xuyên" not in closed  # the other district's successor
    # no cards of zeros for a unit that has no subtree today
    assert "Xã, phường, thị trấn" not in page
    assert 'data-testid="dashboard"' not in page


def test_a_residential_boards_home_shows_its_households_titles_and_tasks(cast, client_for):
    page = client_for("residential").get(reverse("home")).content.decode()
    area = page[page.index('data-testid="area-home"') :]
    assert re.search(r'data-figure="households">2<', area)
    assert re.search(r'data-figure="families">0<', area)
    assert reverse("residential_areas:household_list", args=[cast.area.pk]) in area
    assert reverse("recognition:unit", args=[cast.area.pk]) in area
    assert "Chưa ghi nhận Ngày hội Đại đoàn kết toàn dân tộc (18/11) năm nay." in area
    assert 'data-testid="dashboard"' not in page
    assert "Xã, phường, thị trấn" not in page


def test_a_commune_home_shows_its_own_figures(cast, client_for):
    page = client_for("commune").get(reverse("home")).content.decode()
    assert "Đơn vị của bạn: <strong>Xã Đức Thọ</strong>" in page
    assert ">Thôn Lạc Thiện</a>" in page
    assert "Thôn Bình Minh" not in page


def test_a_member_organization_has_no_dashboard(cast, client_for):
    page = client_for("member_org").get(reverse("home")).content.decode()
    assert 'data-testid="dashboard"' not in page
