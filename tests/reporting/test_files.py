import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from reporting.models import ReportKind, RunStatus
from reporting.render import render_report_xlsx
from tests.reporting.conftest import DIFFICULTY


@pytest.fixture
def poppler():
    if not shutil.which("pdftotext") or not shutil.which("pdffonts"):
        from tests.conftest import skip_or_fail

        skip_or_fail("poppler-utils (pdftotext, pdffonts) not installed")


def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_reads_back_with_headings_and_names_in_vietnamese(cast, results, compile_run, poppler):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    text = _pdf_text(run.pdf.path)
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN MTTQ VIỆT NAM",
        "TỈNH HÀ TĨNH",
        "BAN THƯỜNG TRỰC",
        "/BC-MTTQ-BTT",
        "BÁO CÁO",
        "Kết quả thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn "
        "minh” năm 2026",
        "Đoàn kết tham gia bảo vệ môi trường",
        "Xã Đức Thọ",
        "Xã Cẩm Xuyên",
        DIFFICULTY,
        "Nơi nhận:",
        "TM. BAN THƯỜNG TRỰC",
        "CHỦ TỊCH",
        run.checksum,
    ):
        assert expected in flat, expected
    assert "Hà Tĩnh, ngày" in flat
    # 110 households this year beside 193 last year: with 1 of 2 returns in, no change is
    # printed as if real, and the coverage is said beside the total and on the first page
    assert "110 193 — 1/2 đơn vị" in flat
    assert "Báo cáo này lập khi mới có số liệu của 1/2 đơn vị" in flat


def test_pdf_fonts_are_embedded(cast, results, compile_run, poppler):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    out = subprocess.run(
        ["pdffonts", run.pdf.path], check=True, capture_output=True, text=True
    ).stdout
    fonts = out.splitlines()[2:]
    assert fonts, out
    assert any("Liberation-Serif" in line for line in fonts), out
    for line in fonts:
        assert line.split()[-5] == "yes", line  # the "emb" column


def test_review_pdf_follows_the_campaign_phase_and_says_which_years_have_no_data(
    cast, results, compile_run, poppler
):
    # the final review asked for 2025 covers the phase 2021 - 2025 (data: CampaignPhase)
    run = compile_run(kind=ReportKind.FINAL_REVIEW, unit=cast.province, year=2025)
    assert run.status == RunStatus.DONE, run.error
    assert (run.first_year, run.year) == (2021, 2025)
    flat = " ".join(_pdf_text(run.pdf.path).split())
    assert "Tổng kết 5 năm thực hiện Cuộc vận động" in flat
    assert "giai đoạn 2021 - 2025" in flat
    assert "So sánh đầu và cuối giai đoạn (2021 - 2025)" in flat
    for year in (2021, 2022, 2023, 2024):
        assert f"Năm {year} chưa có số liệu." in flat
    assert "Tổng số hộ gia đình" in flat
    assert run.snapshot["phase"] == {
        "name": "Giai đoạn 2021 - 2025",
        "start_year": 2021,
        "end_year": 2025,
    }
    compare = {r["code"]: r for r in run.snapshot["phase_compare"]}
    assert compare["households_total"]["first"] is None
    assert compare["households_total"]["last"] == 105 + 88
    # the interim review is the phase's first three years
    interim = compile_run(kind=ReportKind.INTERIM_REVIEW, unit=cast.province, year=2025)
    assert (interim.first_year, interim.year) == (2021, 2023)


def test_review_charts_are_svg_drawn_from_years_with_data(cast, results, compile_run):
    from campaign.models import CampaignPhase
    from reporting.render import pdf_context

    CampaignPhase.objects.all().delete()  # without phases: the three years up to the year
    run = compile_run(kind=ReportKind.INTERIM_REVIEW, unit=cast.province, year=2026)
    assert (run.first_year, run.year) == (2024, 2026)
    context = pdf_context(run=run, snapshot=run.snapshot, issued_on=run.finished_at.date())
    titles = [svg.split("</text>")[0].rsplit(">", 1)[1] for svg in context["charts"]]
    assert "Số hộ đạt danh hiệu “Gia đình văn hóa”" in titles
    chart = context["charts"][titles.index("Số hộ đạt danh hiệu “Gia đình văn hóa”")]
    assert chart.startswith("<svg") and chart.count("<circle") == 2  # 2025 and 2026 only


def test_xlsx_holds_the_same_numbers_one_sheet_per_section(cast, results, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    wb = load_workbook(run.xlsx.path)
    assert wb.sheetnames[:2] == ["Thông tin", "Tình hình báo cáo"]
    assert {f"Nội dung {n}" for n in range(1, 6)} <= set(wb.sheetnames)
    rows = {r[0]: r for r in wb["Nội dung 1"].iter_rows(min_row=2, values_only=True)}
    # 1 of 2 returns in: the change is withheld, the coverage stands beside the total
    assert rows["households_total"][3:7] == (110, 193, None, "1/2 đơn vị")
    assert wb["Thông tin"]["B6"].value == run.checksum


def test_xlsx_keeps_formula_like_text_as_text(cast, results, compile_run):
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2026)
    snapshot = dict(run.snapshot)
    snapshot["years"][0]["narratives"] = [
        {
            "reporter": '=HYPERLINK("http://x")',
            "difficulties": "+1",
            "proposals": "@SUM(A1)",
            "highlights": "",
        }
    ]
    wb = load_workbook(io.BytesIO(render_report_xlsx(run=run, snapshot=snapshot)))
    ws = wb["Khó khăn, đề xuất"]
    for cell in ws[2][:3]:
        assert cell.data_type == "s", cell.value
    assert ws["A2"].value == '=HYPERLINK("http://x")'
