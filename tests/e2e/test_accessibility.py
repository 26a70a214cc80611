"""axe-core (WCAG 2 A and AA) on every main page, at desktop and phone width, with no CSP errors."""

import datetime

import pytest
import time_machine

from campaign import demo
from campaign.models import ReportingPeriod
from campaign.results import demo as results_demo
from campaign.results import services as campaign_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast):
    demo.seed_base()
    results_demo.seed_indicator_sets()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        draft = campaign_services.submission_open(
            period=ReportingPeriod.objects.get(year=2026), unit=cast.commune, by=cast["commune"]
        )
    return {"draft": draft}


def _pages(cast, world):
    return {
        "commune": [
            "/",
            f"/dia-ban/{cast.commune.pk}/",
            f"/dia-ban/{cast.area.pk}/households/",
            f"/ket-qua/{world['draft'].pk}/",
            "/ket-qua/",
            f"/danh-hieu/don-vi/{cast.area.pk}/",
            "/quy/",
            "/bao-cao/",
            "/hoat-dong/",
        ],
        "pt": [
            "/ket-qua/cho-duyet/",
            "/ket-qua/tien-do/?year=2026",
            "/ket-qua/tong-hop/?year=2026",
        ],
    }


def test_main_pages_have_no_axe_violations_and_no_csp_errors(
    cast, world, live_server, page, login, axe
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/tai-khoan/login/")
    found = {"login": axe(page)}
    page.goto(f"{live_server.url}/quy/cong-khai/")
    found["public"] = axe(page)
    pages = _pages(cast, world)
    for username, paths in (("xa1", pages["commune"]), ("pt", pages["pt"])):
        login(username)
        for path in paths:
            page.set_viewport_size({"width": 1280, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            found[path] = axe(page)
            page.set_viewport_size({"width": 360, "height": 740})
            page.reload()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 362, f"{path} is {width}px wide at 360px"
        page.context.clear_cookies()
    violations = {k: v for k, v in found.items() if v}
    assert violations == {}
    csp = [e for e in errors if "Content Security Policy" in e or "Refused to" in e]
    assert csp == []
