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
    # 110 households this year against 193 last year
    assert "110 193 -83" in flat


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


def test_review_pdf_draws_trend_charts_and_a_table_per_year(cast, results, compile_run, poppler):
    run = compile_run(kind=ReportKind.INTERIM_REVIEW, unit=cast.province, year=2026)
    assert run.status == RunStatus.DONE, run.error
    flat = " ".join(_pdf_text(run.pdf.path).split())
    assert "Sơ kết 3 năm thực hiện Cuộc vận động" in flat
    assert "giai đoạn 2024 - 2026" in flat
    for year in (2024, 2025, 2026):
        assert f"Năm {year}" in flat
    assert "Tổng số hộ gia đình" in flat


def test_review_charts_are_svg_drawn_from_years_with_data(cast, results, compile_run):
    from reporting.render import pdf_context

    run = compile_run(kind=ReportKind.INTERIM_REVIEW, unit=cast.province, year=2026)
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
    assert rows["households_total"][3:6] == (110, 193, -83)
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
