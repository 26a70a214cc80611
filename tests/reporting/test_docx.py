"""The report as a Word file: the PDF's content in the official layout, read back with
python-docx; Vietnamese file names; the PDF's scope rule."""

import io
import shutil
import subprocess
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse

from reporting.filenames import ascii_folded, content_disposition, report_filename
from reporting.models import ReportDraft, ReportKind, RunStatus
from reporting.render import vn_number

DIRECTION = (
    "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh ban hành Kế hoạch số 15/KH-MTTQ-BTT "
    "triển khai Cuộc vận động năm 2025."
)


def _docx(response) -> docx.Document:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _indicator_rows(document, names) -> dict[str, list[list[str]]]:
    """Every table row whose "Chỉ tiêu" cell names one of the indicators."""
    found: dict[str, list[list[str]]] = {name: [] for name in names}
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) > 3 and cells[1] in found:
                found[cells[1]].append(cells)
    return found


@pytest.fixture
def report_2025(cast, results, compile_run):
    """The province's 2025 report: both communes' returns accepted (complete coverage)."""
    run = compile_run(kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2025)
    assert run.status == RunStatus.DONE, run.error
    # the board wrote its account of how the campaign was run in its draft of the report
    assert ReportDraft.objects.filter(run=run).update(direction=DIRECTION) == 1
    return run


def test_the_word_file_holds_the_official_layout_and_the_reports_figures(
    cast, report_2025, client_for, tmp_path
):
    response = client_for("movement_board").get(
        reverse("reporting:download_docx", args=[report_2025.pk])
    )
    document = _docx(response)
    text = _text(document)

    # header block: issuing body, national name and motto (bold, underlined), place and date
    header = document.tables[0].rows[0].cells
    assert "ỦY BAN MTTQ VIỆT NAM" in header[0].text and "TỈNH HÀ TĨNH" in header[0].text
    assert "Số:" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    motto = [r for p in header[1].paragraphs for r in p.runs if "Độc lập" in r.text]
    assert motto[0].text == "Độc lập - Tự do - Hạnh phúc"
    assert motto[0].bold and motto[0].underline
    assert "Hà Tĩnh, ngày" in header[1].text

    # title, the board's text with its diacritics intact, recipients, signer
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert any(
        p.startswith("Kết quả thực hiện Cuộc vận động") and "năm 2025" in p for p in paragraphs
    )
    assert DIRECTION in paragraphs
    assert "Mặt trận Tổ quốc Việt Nam" in text
    assert "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN" in paragraphs
    assert "Nơi nhận:" in text and "TM. BAN THƯỜNG TRỰC" in text

    # Times New Roman throughout, A4
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert round(document.sections[0].page_width.mm) == 210
    # appendix 1 (a row per unit, a column per main indicator) on a landscape page, as in the PDF
    assert any(round(section.page_width.mm) == 297 for section in document.sections[1:])
    grid = [t for t in document.tables if t.rows and "Đơn vị" in t.rows[0].cells[1].text]
    assert grid and grid[0].columns[1].width > grid[0].columns[0].width  # name wider than STT

    # the province's totals are the snapshot's, each indicator printed once with one value
    rows = {r["name"]: r for a in report_2025.snapshot["years"][0]["areas"] for r in a["rows"]}
    printed = _indicator_rows(document, rows)
    assert printed["Tổng số hộ gia đình"][0][3] == vn_number(rows["Tổng số hộ gia đình"]["value"])
    assert printed["Tổng số hộ gia đình"][0][3] == "193"  # 105 + 88
    for name, found in printed.items():
        assert len({tuple(cells[2:4]) for cells in found}) <= 1, (name, found)
    assert all(len(found) == 1 for found in printed.values())

    # the same words as the PDF: every heading of the PDF's text is in the Word file
    if shutil.which("pdftotext"):
        pdf_path = tmp_path / "report.pdf"
        with report_2025.pdf.open("rb") as handle:
            pdf_path.write_bytes(handle.read())
        pdf_text = " ".join(
            subprocess.run(
                ["pdftotext", "-raw", str(pdf_path), "-"], capture_output=True, text=True
            ).stdout.split()
        )
        for heading in ("CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", "ĐÁNH GIÁ CHUNG"):
            assert heading in pdf_text and heading in text

    # LibreOffice, where installed, opens it and prints the same words
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        path = tmp_path / "bao-cao.docx"
        path.write_bytes(response.content)
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
            capture_output=True,
            timeout=180,
            check=True,
        )
        converted = subprocess.run(
            ["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert "Mặt trận Tổ quốc Việt Nam" in " ".join(converted.split())


def test_the_download_is_named_in_vietnamese_words(cast, report_2025, client_for):
    response = client_for("movement_board").get(
        reverse("reporting:download_docx", args=[report_2025.pk])
    )
    disposition = response["Content-Disposition"]
    assert 'filename="Bao-cao-ket-qua-nam-2025-tinh-Ha-Tinh-du-thao.docx"' in disposition
    vietnamese = "Báo-cáo-kết-quả-năm-2025-tỉnh-Hà-Tĩnh-dự-thảo.docx"
    assert f"filename*=UTF-8''{quote(vietnamese, safe='')}" in disposition
    assert "annual_province" not in disposition


def test_another_units_user_gets_404_for_the_word_file(cast, results, compile_run, client_for):
    run = compile_run(kind=ReportKind.ANNUAL_UNIT, unit=cast.commune, year=2025)
    assert run.status == RunStatus.DONE, run.error
    url = reverse("reporting:download_docx", args=[run.pk])
    assert client_for("other_commune").get(url).status_code == 404
    assert client_for("other_district").get(url).status_code == 404
    document = _docx(client_for("commune").get(url))
    assert "XÃ ĐỨC THỌ" in document.tables[0].rows[0].cells[0].text
    assert client_for("movement_board").get(url).status_code == 200
    # the PDF answers the same
    pdf = reverse("reporting:download", args=[run.pk, "pdf"])
    assert client_for("other_commune").get(pdf).status_code == 404


def test_a_run_not_finished_has_no_word_file(cast, results, client_for):
    from reporting import services

    run = services.report_run_create(
        kind=ReportKind.ANNUAL_PROVINCE, unit=cast.province, year=2025, enqueue=False
    )
    url = reverse("reporting:download_docx", args=[run.pk])
    assert client_for("movement_board").get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "unit", "first", "year", "draft", "name"),
    [
        (
            "annual_province",
            "Tỉnh Hà Tĩnh",
            2025,
            2025,
            False,
            "Báo-cáo-kết-quả-năm-2025-tỉnh-Hà-Tĩnh.docx",
        ),
        (
            "annual_unit",
            "Xã Đức Thọ",
            2026,
            2026,
            True,
            "Báo-cáo-kết-quả-năm-2026-xã-Đức-Thọ-dự-thảo.docx",
        ),
        (
            "final_review",
            "Tỉnh Hà Tĩnh",
            2021,
            2025,
            False,
            "Báo-cáo-tổng-kết-giai-đoạn-2021-2025-tỉnh-Hà-Tĩnh.docx",
        ),
        (
            "fund_statement",
            "Thị xã Hồng Lĩnh",
            2024,
            2024,
            False,
            "Báo-cáo-Quỹ-Vì-người-nghèo-năm-2024-thị-xã-Hồng-Lĩnh.docx",
        ),
    ],
)
def test_file_names_are_vietnamese_words(kind, unit, first, year, draft, name):
    assert (
        report_filename(
            kind=kind, unit_name=unit, first_year=first, year=year, ext="docx", draft=draft
        )
        == name
    )


def test_the_header_carries_an_ascii_name_and_the_vietnamese_one():
    name = "Báo-cáo-kết-quả-năm-2025-tỉnh-Hà-Tĩnh.pdf"
    assert ascii_folded(name) == "Bao-cao-ket-qua-nam-2025-tinh-Ha-Tinh.pdf"
    assert ascii_folded("Đoàn-Thanh-niên-Đức-Thọ.xlsx") == "Doan-Thanh-nien-Duc-Tho.xlsx"
    assert content_disposition(name) == (
        'attachment; filename="Bao-cao-ket-qua-nam-2025-tinh-Ha-Tinh.pdf"; '
        "filename*=UTF-8''B%C3%A1o-c%C3%A1o-k%E1%BA%BFt-qu%E1%BA%A3-n%C4%83m-2025-t%E1%BB%89nh-"
        "H%C3%A0-T%C4%A9nh.pdf"
    )
