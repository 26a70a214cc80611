import contextlib
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # required with live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _needs_chromium(chromium_path):
    return chromium_path


@pytest.fixture
def login(page, live_server):
    from tests.cast import PASSWORD

    default_page = page

    def do(username, password=PASSWORD, on=None):
        page = on or default_page
        page.goto(f"{live_server.url}/tai-khoan/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if "/tai-khoan/2fa/" in page.url:
            # province staff: the second factor, typed as the phone app would show it
            from django.contrib.auth import get_user_model

            from tests.conftest import totp_now

            user = get_user_model().objects.get(username=username)
            page.get_by_label("Mã xác thực").fill(totp_now(user))
            page.get_by_role("button", name="Xác nhận").click()
            page.wait_for_load_state()
        return page

    return do


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, save a screenshot of the page under test-results/."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "page" in item.funcargs:
        os.makedirs("test-results", exist_ok=True)
        # the screenshot must never hide the real failure
        with contextlib.suppress(Exception):
            item.funcargs["page"].screenshot(path=f"test-results/{item.name}.png", full_page=True)


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list:
    """The WCAG 2 A/AA violations axe-core finds on the page: (rule, help, first targets)."""
    from tests.conftest import skip_or_fail

    if not AXE.exists():
        skip_or_fail("axe-core is not installed (npm ci)")
    # injected through the debugger, so the page's own CSP (no inline scripts) stays in force
    page.evaluate("() => { " + AXE.read_text() + "\n; window.axe = axe; }")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]


@pytest.fixture
def axe():
    return axe_violations
