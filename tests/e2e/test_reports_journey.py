import re

import pytest
from playwright.sync_api import expect

from reporting import filenames, services
from reporting.models import ReportKind, ReportRun, RunStatus
from tests.reporting.conftest import periods, results  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("results"),
]


def test_progress_bar_reaches_100_and_the_pdf_downloads(cast, live_server, page, login, tmp_path):
    login("pt")
    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.get_by_role("heading", name="Báo cáo tổng hợp")).to_be_visible()

    # a run waiting in the queue: the page polls it until the compile finishes
    run = ReportRun.objects.create(
        kind=ReportKind.ANNUAL_PROVINCE,
        unit=cast.province,
        first_year=2026,
        year=2026,
        requested_by=cast["movement_board"],
    )
    page.goto(f"{live_server.url}/bao-cao/{run.pk}/")
    bar = page.get_by_role("progressbar", name="Tiến độ lập báo cáo")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    services.report_run_compile(run_id=run.pk)
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=15_000)
    expect(bar).to_contain_text("100%")
    width = page.locator(".progress-bar").evaluate("el => el.style.width")
    assert width == "100%"
    link = page.get_by_role("link", name="Tải tệp PDF")
    with page.expect_download() as info:
        link.click()
    download = info.value
    # the browser takes the Vietnamese words (filename*), never the kind's internal code
    assert download.suggested_filename == filenames.run_filename(run, ext="pdf")
    assert download.suggested_filename.startswith("Báo-cáo-kết-quả-năm-2026-tỉnh-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    # starting one from the form (tasks run eagerly here) lands on its finished page
    page.goto(f"{live_server.url}/bao-cao/")
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo kết quả năm của đơn vị")
    # the option says the unit's validity, level and parent beside its name
    unit = page.get_by_label("Đơn vị")
    expect(unit.locator(f'option[value="{cast.commune.pk}"]')).to_contain_text("Xã Đức Thọ")
    unit.select_option(value=str(cast.commune.pk))
    page.get_by_label(re.compile("^Năm")).fill("2026")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(
        page.get_by_role("heading", name=re.compile("Báo cáo kết quả năm của đơn vị"))
    ).to_be_visible()
    expect(page.get_by_role("progressbar", name="Tiến độ lập báo cáo")).to_contain_text("100%")
    newest = ReportRun.objects.order_by("-pk").first()
    assert newest.status == RunStatus.DONE and newest.unit == cast.commune
    expect(page.get_by_role("link", name="Tải tệp Excel")).to_be_visible()
